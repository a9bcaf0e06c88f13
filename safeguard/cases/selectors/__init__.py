"""Reads of the case record, split by the page or clock family they serve. Everything is
re-exported here, so callers import from `safeguard.cases.selectors`."""

from .actions import *  # noqa: F403
from .record import *  # noqa: F403
from .team import *  # noqa: F403
from .timescales import *  # noqa: F403
from .timescales import _clock_querysets  # noqa: F401  (tests hold the SQL to the timeline)
