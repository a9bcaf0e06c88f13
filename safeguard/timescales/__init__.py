"""Working-day calendar and statutory timescales.

The names re-exported here are plain Python (no Django models), so that rules code
and the demo generator can import them without loading the ORM.
"""

from .working_days import add_months, add_working_days, is_working_day, working_days_between

__all__ = ["add_months", "add_working_days", "is_working_day", "working_days_between"]
