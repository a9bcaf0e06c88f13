"""What the indicator tests share: an authority of 50,000 children and two of its teams."""

import pytest

from safeguard.organisation.tests.factories import AuthorityFactory, TeamFactory


@pytest.fixture
def authority(calendar):
    return AuthorityFactory(child_population=50_000)


@pytest.fixture
def team_a(authority):
    return TeamFactory(authority=authority, name="Team A")


@pytest.fixture
def team_b(authority):
    return TeamFactory(authority=authority, name="Team B")


@pytest.fixture(autouse=True)
def _england_rows(request):
    # A flushed test database has lost the national rows benchmarks' migration 0002 wrote.
    from safeguard.benchmarks.shipped import england_rows_ensure

    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if not transactional and (marker is not None or "db" in request.fixturenames):
        request.getfixturevalue("db")
        england_rows_ensure()
