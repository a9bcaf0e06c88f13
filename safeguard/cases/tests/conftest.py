import pytest

from safeguard.cases import extensions


@pytest.fixture
def social_care_only(monkeypatch):
    """The case record's pages without what the multi-agency hub adds to them
    (cases.extensions), for counting social care's own queries; the hub's panels count theirs
    in their own tests."""
    for registry in (
        "_chronology_sources",
        "_record_panels",
        "_caseload_panels",
        "_team_panels",
        "_clock_sources",
    ):
        monkeypatch.setattr(extensions, registry, [])
