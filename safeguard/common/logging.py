"""Keep case content and names out of the application logs.

Logs are copied to places with far wider access than the case record (log shippers, support
tickets, e-mails to administrators), so nothing a log line carries may identify a child or
describe their case. The filter is wired in `LOGGING` on the console handler and on the
loggers Django itself writes request data to:

- `django.request` / `django.security.*` attach the request (body, query string, cookies) to
  each record, and e-mail handlers print it: the request is removed from the record;
- `django.server` logs the request line, query string included (a search's terms): the query
  string is cut off;
- `django.db.backends` logs every SQL statement with its parameters when the debug cursor is
  on: the statement and parameters are withheld, the duration kept;
- an exception's message can quote the data that caused it (a database constraint's DETAIL
  names the duplicate value): the traceback is kept, the message withheld;
- a record carrying a known sensitive attribute (`extra={"child": ...}` and the like) is
  dropped whole.
"""

from __future__ import annotations

import logging
import re
import traceback

# Attributes that only ever hold case content or names: a record carrying one is dropped.
SENSITIVE_ATTRIBUTES = frozenset(
    {
        "child",
        "person",
        "people",
        "relative",
        "case_note",
        "case_notes",
        "visit",
        "contact",
        "referral",
        "assessment",
        "concerns",
        "notes",
        "summary",
        "analysis",
        "developmental_needs",
        "parenting_capacity",
        "family_and_environment",
        "childs_voice",
        "wishes_and_feelings",
        "observations",
        "attendees",
        "plan_outline",
        "rationale",
        "body",
        "post",
        "post_data",
        "first_name",
        "last_name",
        "full_name",
        "date_of_birth",
        "nhs_number",
        "upn",
        "address",
        "postcode",
        "search_terms",
    }
)
# Attributes Django attaches that carry the request or the query: removed, record kept.
STRIPPED_ATTRIBUTES = ("request", "sql", "params", "args_repr")
REQUEST_LINE_QUERY = re.compile(r"\?[^\s\"]*")
WITHHELD = "(message withheld from the log: it may quote case content)"


class NoCaseContentFilter(logging.Filter):
    """Drop or clean records that could carry case content or names (see module docstring)."""

    def filter(self, record: logging.LogRecord) -> bool:
        attributes = vars(record)
        if SENSITIVE_ATTRIBUTES.intersection(attributes):
            return False
        if record.name.startswith("django.db.backends") and (
            "sql" in attributes or "params" in attributes
        ):
            duration = attributes.get("duration")
            alias = attributes.get("alias", "")
            record.msg = "(%.3f) query on %s: statement and parameters withheld from the log"
            record.args = (duration or 0.0, alias)
        elif record.name == "django.server" and isinstance(record.args, tuple) and record.args:
            record.args = tuple(
                REQUEST_LINE_QUERY.sub("", a) if isinstance(a, str) else a for a in record.args
            )
        for name in STRIPPED_ATTRIBUTES:
            attributes.pop(name, None)
        if record.exc_info and record.exc_info[1] is not None:
            kind, _, tb = record.exc_info
            frames = "".join(traceback.format_tb(tb))
            name = kind.__qualname__ if kind is not None else "Exception"
            record.exc_text = f"Traceback (most recent call last):\n{frames}{name}: {WITHHELD}"
            record.exc_info = None
        return True
