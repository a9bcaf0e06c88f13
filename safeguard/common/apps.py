from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "safeguard.common"
    label = "common"
    verbose_name = "Common"

    def ready(self) -> None:
        _keep_long_statements_parsed()


# The longest statement a page runs again and again: the team dashboard's union of statutory
# clocks is 15-21 kB with 70-120 parameters, compiled once (`common.compiled`).
LONG_STATEMENT_CHARACTERS = 32_768
LONG_STATEMENT_PARAMETERS = 256


def _keep_long_statements_parsed() -> None:
    """Let psycopg remember how it parsed the clocks' long unions. It converts a statement's
    %s placeholders to PostgreSQL's $n on every execute and keeps the answer only for
    statements under 4 kB with at most 50 parameters (its guard against an ORM's ever-new
    bulk INSERTs filling the cache); the unions are over that, so each request re-parsed
    20 kB of SQL, about 0.3 ms of Python. Its cache still holds at most 128 statements."""
    try:
        from psycopg import _queries
    except ImportError:  # SQLite only
        return
    if not hasattr(_queries, "MAX_CACHED_STATEMENT_LENGTH"):  # a psycopg that caches otherwise
        return
    _queries.MAX_CACHED_STATEMENT_LENGTH = max(
        _queries.MAX_CACHED_STATEMENT_LENGTH, LONG_STATEMENT_CHARACTERS
    )
    _queries.MAX_CACHED_STATEMENT_PARAMS = max(
        _queries.MAX_CACHED_STATEMENT_PARAMS, LONG_STATEMENT_PARAMETERS
    )
