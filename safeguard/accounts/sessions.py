"""Django's database sessions, read with a statement compiled once.

Every signed-in request reads its session row first. Django's own store asks the ORM for it
(`Session.objects.get(session_key=..., expire_date__gt=now)`), building and compiling the
query each time: more Python than the database takes to answer. This store reads the same row
with the same conditions through `common.compiled` (the key a parameter, the time taken
afresh at each run); saving, creating and deleting sessions are Django's, unchanged.

Configured as settings.SESSION_ENGINE = "safeguard.accounts.sessions".
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import models
from django.db.models import QuerySet

from safeguard.common.compiled import RunParam, RunTime, values_rows

__all__ = ["SessionStore"]


def _session_row() -> QuerySet[Any]:
    return Session.objects.filter(
        session_key=RunParam("key", models.CharField(max_length=40)),
        expire_date__gt=RunTime(),
    ).values("session_data", "expire_date")


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Session | None:
        """The session's row if it exists and has not expired, as Django's store reads it;
        otherwise no session (and no key, so that a new one is made if the session is
        written)."""
        key = self.session_key
        rows = values_rows(("session",), _session_row, params={"key": key}) if key else []
        if not key or not rows:
            self._session_key = None
            return None
        return Session(session_key=key, **rows[0])
