"""Which of our functions had the ORM compile SQL while a block ran.

A main page builds its queries once and runs them compiled on every later request
(`common.compiled`): an ORM query built afresh on each view costs more in Python than the
database takes to answer it (the record's panels did, 30 ms a view against 13). The page tests
ask this of a second view, so that a new panel or chronology source registered through
`cases.extensions` cannot quietly bring the cost back.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.db.models.sql.compiler import SQLCompiler

_OURS = "/safeguard/"

# The audit entry's append takes the ORM's way where it cannot write its one statement
# (SQLite; PostgreSQL when another thread moved the chain): the page's write, not its reads.
AUDIT_APPEND = frozenset({"audit/services.py:_chain_head_locked", "audit/services.py:audit_append"})


def _caller() -> str:
    """The innermost frame of our own code (not a test's, not `common.compiled`'s)."""
    for frame in reversed(traceback.extract_stack()):
        name = frame.filename
        if _OURS in name and "/tests/" not in name and not name.endswith("compiled.py"):
            return f"{name.split(_OURS, 1)[1]}:{frame.name}"
    return "django"


@contextmanager
def sql_compiled() -> Iterator[list[str]]:
    """Yield a list that gets the caller of every SQL compilation made inside the block."""
    callers: list[str] = []
    original = SQLCompiler.as_sql

    def counting(self: SQLCompiler, *args: object, **kwargs: object) -> object:
        callers.append(_caller())
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    with mock.patch.object(SQLCompiler, "as_sql", counting):
        yield callers
