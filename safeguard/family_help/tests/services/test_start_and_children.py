"""Starting family help, children joining and leaving, and the lead practitioner: each rule
refuses with nothing written; every write is audited for each child in the family."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.cases.workflow.rules.names import Rule
from safeguard.family_help import services
from safeguard.family_help.models import EarlyHelpEpisode, FamilyHelpEpisode, LeadPractitioner
from safeguard.family_help.services import ChildJoining
from safeguard.family_help.tests.factories import (
    EarlyHelpEpisodeFactory,
    LeadPractitionerFactory,
    PartnerUserFactory,
)
from safeguard.organisation.tests.factories import TeamFactory, WorkerFactory
from safeguard.people.tests.factories import ChildFactory

from .support import audited, refused

pytestmark = pytest.mark.django_db
STARTED = date(2025, 2, 3)


def _start(**changes):
    team = changes.pop("team", None) or TeamFactory(name="Family help east")
    arguments = {
        "team": team,
        "started_on": STARTED,
        "start_route": "council",
        "consent_given_on": date(2025, 1, 31),
        "consent_given_by": " Mother ",
        "children": [
            ChildJoining(ChildFactory(first_name="Ada"), "parenting"),
            ChildJoining(ChildFactory(first_name="Ben"), "wellbeing"),
        ],
    }
    arguments.update(changes)
    return services.family_help_start(**arguments)


def test_family_help_starts_with_each_childs_episode_and_is_audited_for_each():
    family_help = _start()
    children = list(family_help.children.order_by("pk"))
    assert [c.child.first_name for c in children] == ["Ada", "Ben"]
    assert {(c.start_date, c.end_date) for c in children} == {(STARTED, None)}
    assert family_help.reference.startswith("FH-")
    assert family_help.consent_given_by == "Mother"
    assert family_help.lead_user is None  # awaiting a lead
    child_ids = sorted(c.child_id for c in children)
    assert audited("family_help.familyhelpepisode") == [("create", i) for i in child_ids]
    assert audited("family_help.earlyhelpepisode") == [("create", i) for i in child_ids]


def test_a_start_with_a_lead_sets_the_current_lead():
    worker = WorkerFactory()
    family_help = _start(team=worker.team, worker=worker)
    (lead,) = family_help.leads.all()
    assert (lead.worker, lead.start_date, lead.end_date) == (worker, STARTED, None)
    assert lead.organisation_name == f"{worker.authority.name}, {worker.team.name}"
    assert family_help.lead_user_id == worker.user_id


def test_a_start_without_consent_writes_nothing():
    assert refused(lambda: _start(consent_given_on=None)) == (
        (Rule.FAMILY_HELP_CONSENT_BEFORE_START,),
        ("consent_given_on",),
    )
    assert not FamilyHelpEpisode.objects.exists()
    assert not EarlyHelpEpisode.objects.exists()


def test_a_start_in_the_future_or_without_a_child_is_refused():
    rules, fields = refused(
        lambda: _start(started_on=date(2025, 3, 15), consent_given_on=date(2025, 3, 15))
    )
    assert Rule.DATE_NOT_IN_FUTURE in rules
    assert set(fields) == {"started_on", "consent_given_on"}
    assert refused(lambda: _start(children=[])) == (
        (Rule.FAMILY_HELP_KEEPS_A_CHILD,),
        ("children",),
    )
    assert not FamilyHelpEpisode.objects.exists()


def test_a_child_already_in_family_help_stops_the_whole_start():
    elsewhere = EarlyHelpEpisodeFactory()
    joining = [ChildJoining(ChildFactory(), "parenting"), ChildJoining(elsewhere.child, "other")]
    assert refused(lambda: _start(children=joining)) == (
        (Rule.EARLY_HELP_ONE_OPEN_PER_CHILD,),
        ("child",),
    )
    assert FamilyHelpEpisode.objects.count() == 1  # the other family's only
    assert EarlyHelpEpisode.objects.count() == 1


def test_a_child_joins_and_leaves_while_the_family_goes_on():
    family_help = _start()
    baby = ChildFactory(date_of_birth=date(2025, 2, 20))
    joined = services.family_help_child_add(
        family_help=family_help,
        joining=ChildJoining(baby, "wellbeing"),
        start_date=date(2025, 2, 21),
    )
    assert audited("family_help.earlyhelpepisode", child_id=baby.pk) == [("create", baby.pk)]
    left = services.family_help_child_leave(
        child_episode=joined, end_date=date(2025, 3, 1), end_reason="child_left_household"
    )
    assert (left.end_date, left.end_reason) == (date(2025, 3, 1), "child_left_household")
    assert audited("family_help.earlyhelpepisode", child_id=baby.pk) == [
        ("create", baby.pk),
        ("update", baby.pk),
    ]


def test_a_child_cannot_join_before_birth_or_before_family_help_started():
    family_help = _start()
    baby = ChildFactory(date_of_birth=date(2025, 2, 20))
    rules, fields = refused(
        lambda: services.family_help_child_add(
            family_help=family_help,
            joining=ChildJoining(baby, "wellbeing"),
            start_date=date(2025, 2, 10),
        )
    )
    assert (rules, fields) == ((Rule.DATE_NOT_BEFORE_BIRTH,), ("start_date",))
    rules, fields = refused(
        lambda: services.family_help_child_add(
            family_help=family_help,
            joining=ChildJoining(ChildFactory(), "wellbeing"),
            start_date=date(2025, 2, 1),
        )
    )
    assert (rules, fields) == ((Rule.FAMILY_HELP_DATE_WITHIN_EPISODE,), ("start_date",))
    assert family_help.children.count() == 2


def test_the_last_child_does_not_leave():
    family_help = _start(children=[ChildJoining(ChildFactory(), "parenting")])
    (only,) = family_help.children.all()
    assert refused(
        lambda: services.family_help_child_leave(
            child_episode=only, end_date=date(2025, 3, 1), end_reason="moved_away"
        )
    ) == ((Rule.FAMILY_HELP_KEEPS_A_CHILD,), ("children",))
    only.refresh_from_db()
    assert only.end_date is None


def test_a_partners_practitioner_takes_over_and_the_history_is_kept():
    worker = WorkerFactory()
    family_help = _start(team=worker.team, worker=worker)
    partner = PartnerUserFactory(organisation__name="Northgate Primary")
    lead = services.lead_practitioner_assign(
        family_help=family_help, start_date=date(2025, 3, 3), partner_user=partner
    )
    assert (lead.partner_user, lead.organisation_name) == (partner, "Northgate Primary")
    history = list(family_help.leads.order_by("start_date").values_list("start_date", "end_date"))
    assert history == [(STARTED, date(2025, 3, 2)), (date(2025, 3, 3), None)]
    family_help.refresh_from_db()
    assert family_help.lead_user_id == partner.user_id
    child_ids = sorted(family_help.children.values_list("child_id", flat=True))
    assert audited("family_help.leadpractitioner", action="create") == [
        ("create", i) for i in child_ids for _ in range(2)
    ]


def test_a_lead_from_a_partner_that_stopped_sharing_or_before_the_current_is_refused():
    lead = LeadPractitionerFactory(start_date=date(2025, 2, 10))
    EarlyHelpEpisodeFactory(family_help=lead.family_help)
    stopped = PartnerUserFactory(organisation__is_active=False)
    assert refused(
        lambda: services.lead_practitioner_assign(
            family_help=lead.family_help, start_date=date(2025, 3, 3), partner_user=stopped
        )
    ) == ((Rule.LEAD_PRACTITIONER_FITS,), ("lead",))
    assert refused(
        lambda: services.lead_practitioner_assign(
            family_help=lead.family_help,
            start_date=date(2025, 2, 9),
            partner_user=PartnerUserFactory(),
        )
    ) == ((Rule.LEAD_PRACTITIONER_NOT_BEFORE_CURRENT,), ("start_date",))
    left = WorkerFactory(left_on=date(2025, 3, 1))
    assert refused(
        lambda: services.lead_practitioner_assign(
            family_help=lead.family_help, start_date=date(2025, 3, 3), worker=left
        )
    ) == ((Rule.LEAD_PRACTITIONER_FITS,), ("lead",))
    assert LeadPractitioner.objects.get().end_date is None
