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
