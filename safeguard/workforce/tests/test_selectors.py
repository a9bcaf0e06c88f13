"""The workforce selectors: whose workforce each person sees (docs/decisions/0013), and the
establishment as a manager reads it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404

from safeguard.organisation.models import Team, Worker
from safeguard.organisation.tests.factories import AuthorityFactory
from safeguard.workforce import selectors
from safeguard.workforce.models import PostHolding

from .factories import holding, post_in

pytestmark = pytest.mark.django_db

ON = date(2025, 9, 1)


def test_a_head_of_service_sees_their_services_teams_and_an_analyst_every_team(personas):
    names = lambda user: [t.name for t in selectors.workforce_teams(user=user)]  # noqa: E731
    assert names(personas.head_of_service) == ["Team A"]
    assert names(personas.team_manager) == ["Team A"]
    assert names(personas.analyst) == ["Family help", "Front door", "Team A", "Team B"]
    assert names(personas.social_worker) == []
    assert names(personas.auditor) == []


def test_an_analyst_sees_no_team_of_another_authority(personas):
    elsewhere = Team.objects.create(
        authority=AuthorityFactory(), name="Elsewhere", kind=Team.Kind.ASSESSMENT
    )
    with pytest.raises(Http404):
        selectors.establishment_get(user=personas.analyst, team_id=elsewhere.pk, on=ON)


def test_a_worker_with_no_team_is_seen_only_authority_wide(personas):
    head = personas.head_of_service.worker
    assert selectors.worker_record_get(user=personas.analyst, worker_id=head.pk, on=ON)
    with pytest.raises(Http404):
        selectors.worker_record_get(user=personas.team_manager, worker_id=head.pk, on=ON)


def test_only_the_teams_managers_may_record_its_workforce(personas):
    team_id = personas.team.pk
    assert selectors.team_get_for_managing(user=personas.head_of_service, team_id=team_id)
    for user in (personas.analyst, personas.other_worker):
        with pytest.raises(Http404):
            selectors.team_get_for_managing(user=user, team_id=team_id)


def test_the_establishment_counts_a_post_as_of_the_day(personas):
    sw = personas.social_worker.worker
    post = post_in(personas.team, reference="A-1", funded_fte="1.00")
    holding(post, sw, fte="0.6", end_date=date(2025, 8, 31))
    holding(post, personas.team_manager.worker, fte="0.4", basis=PostHolding.Basis.AGENCY)
    post_in(
        personas.team, reference="A-OLD", start_date=date(2019, 1, 1), end_date=date(2024, 3, 31)
    )
    post_in(personas.team, reference="A-NEW", start_date=date(2025, 10, 1))

    before = selectors.establishment_get(
        user=personas.team_manager, team_id=personas.team.pk, on=date(2025, 8, 31)
    )
    assert [r.post.reference for r in before.rows] == ["A-1"]
    assert (before.rows[0].permanent_fte, before.rows[0].agency_fte) == (
        Decimal("0.6"),
        Decimal("0.4"),
    )
    assert before.rows[0].status == "Covered by agency"

    after = selectors.establishment_get(user=personas.team_manager, team_id=personas.team.pk, on=ON)
    row = after.rows[0]
    # The permanent holder's 0.6 ended on 31 August: 0.4 agency, the whole post vacant.
    assert (row.permanent_fte, row.agency_fte, row.vacant_fte) == (
        Decimal(0),
        Decimal("0.40"),
        Decimal("1.00"),
    )
    assert after.vacant_fte == Decimal("1.00")


def test_a_workers_caseload_per_fte_is_for_case_holders(personas):
    sw = personas.social_worker.worker
    Worker.objects.filter(pk=sw.pk).update(full_time_equivalent=Decimal("0.5"))
    record = selectors.worker_record_get(user=personas.team_manager, worker_id=sw.pk, on=ON)
    assert (record.caseload, record.caseload_per_fte) == (2, Decimal("4.0"))
    manager = personas.team_manager.worker
    record = selectors.worker_record_get(user=personas.team_manager, worker_id=manager.pk, on=ON)
    assert (record.caseload, record.caseload_per_fte) == (0, None)
