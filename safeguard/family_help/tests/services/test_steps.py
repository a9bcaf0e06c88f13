"""Moving between the front door, children's social care and family help: family help starts
from an early help decision only when the family agrees; a step up makes a contact for each
child carrying the family's help; the front door's decision ends it or leaves it going on; a
step down starts family help holding a frozen summary of social care's work. Refusals write
nothing; every write is audited with the child."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from safeguard.audit.models import AuditEntry
from safeguard.cases.models import Contact, Referral
from safeguard.cases.tests.factories import (
    AssessmentFactory,
    CaseNoteFactory,
    ChildInNeedPlanFactory,
    ContactFactory,
    ReferralFactory,
)
from safeguard.cases.workflow.rules.names import Rule
from safeguard.common import codes
from safeguard.family_help import services
from safeguard.family_help.models import FamilyHelpEpisode, StepUp
from safeguard.family_help.services import (
    ChildJoining,
    ChildSteppingDown,
)
from safeguard.family_help.tests.factories import EarlyHelpEpisodeFactory, PartnerUserFactory
from safeguard.front_door import services as front_door
from safeguard.people.tests.factories import ChildFactory

from ..steps_support import family_help_team, family_in_help
from .support import audited, refused

pytestmark = pytest.mark.django_db
STARTED = date(2025, 1, 6)
CONSENT = codes.ContactConsent.GIVEN


def _episodes(family_help):
    return list(family_help.children.order_by("pk"))


def _step_up(family_help, episodes, **changes):
    arguments = {
        "family_help": family_help,
        "child_episodes": episodes,
        "reason": " Father moved back in; mother has a black eye. ",
        "consent": CONSENT,
    }
    arguments.update(changes)
    return services.family_help_step_up(**arguments)


def _decide(contact, decision, personas):
    return front_door.contact_decision_record(
        contact=contact,
        decision=decision,
        rationale="Fictional rationale.",
        decided_by=personas.front_door_worker.worker,
        primary_need="N1",
    )


# Starting from the front door's early help decision ----------------------------------------


def _early_help_contact(personas, decided=True):
    contact = ContactFactory(
        team=personas.front_door,
        child=personas.own_child,
        received_at=datetime(2025, 3, 10, 9, 0, tzinfo=UTC),
    )
    if decided:
        _decide(contact, codes.ContactDecision.EARLY_HELP, personas)
    return contact


def test_an_early_help_decision_starts_nothing_until_the_family_agrees(personas):
    contact = _early_help_contact(personas)
    assert not FamilyHelpEpisode.objects.exists()

    sister = ChildFactory(first_name="Cleo")
    family_help = services.family_help_start_from_contact(
        contact=contact,
        team=family_help_team(personas),
        started_on=date(2025, 3, 14),
        consent_given_on=date(2025, 3, 13),
        consent_given_by="Mother",
        reason="parenting",
        also_joining=[ChildJoining(sister, "wellbeing")],
    )

    assert family_help.start_route == "front_door"
    assert {(e.child, e.reason, e.source_contact) for e in family_help.children.all()} == {
        (personas.own_child, "parenting", contact),
        (sister, "wellbeing", None),
    }
    assert audited("family_help.familyhelpepisode") == sorted(
        [("create", personas.own_child.pk), ("create", sister.pk)]
    )


def test_family_help_does_not_start_from_another_decision_twice_or_before_it(personas):
    def start(contact, started_on=date(2025, 3, 14)):
        return lambda: services.family_help_start_from_contact(
            contact=contact,
            team=family_help_team(personas),
            started_on=started_on,
            consent_given_on=date(2025, 3, 10),
            consent_given_by="Mother",
            reason="parenting",
        )

    waiting = _early_help_contact(personas, decided=False)
    assert refused(start(waiting)) == ((Rule.FAMILY_HELP_FROM_EARLY_HELP_DECISION,), ("contact",))
    decided = _early_help_contact(personas)
    assert refused(start(decided, date(2025, 3, 13))) == (
        (Rule.FAMILY_HELP_FROM_EARLY_HELP_DECISION,),
        ("started_on",),
    )
    assert not FamilyHelpEpisode.objects.exists()
    start(decided)()
    services.family_help_close(
        family_help=FamilyHelpEpisode.objects.get(),
        ended_on=date(2025, 3, 14),
        end_reason="family_declined",
    )
    assert refused(start(decided)) == ((Rule.FAMILY_HELP_FROM_EARLY_HELP_DECISION,), ("contact",))
    assert FamilyHelpEpisode.objects.count() == 1


# Stepping up ---------------------------------------------------------------------------------


def test_a_step_up_makes_a_contact_for_each_child_with_the_family_help_history(personas):
    family_help = family_in_help(personas)
    first, second = _episodes(family_help)

    step_ups = _step_up(family_help, [first, second], urgency=codes.ContactUrgency.TODAY)

    assert [s.child_episode for s in step_ups] == [first, second]
    contacts = [s.contact for s in step_ups]
    for contact, episode in zip(contacts, (first, second), strict=True):
        assert (contact.child, contact.team, contact.decision) == (
            episode.child,
            personas.front_door,
            "",
        )
        assert (contact.source, contact.route) == ("5D", "professional_form")
        assert contact.concerns == "Father moved back in; mother has a black eye."
        assert (contact.referrer, contact.referrer_organisation) == (
            "Lena Marsh",
            family_help.leads.get().organisation_name,
        )
        assert (contact.consent, contact.urgency) == ("given", "today")
        assert family_help.reference in contact.actions_taken
    history = step_ups[0].history
    assert history["reference"] == family_help.reference
    assert (history["started_on"], history["reason"]) == (
        "2025-01-06",
        "Parenting or family dynamics",
    )
    assert history["assessment"]["needs"] == [
        {
            "area": "Safe from domestic abuse",
            "description": "Arguments between the parents in front of Ben",
        }
    ]
    assert history["assessment"]["analysis"] == "Mother wants help; father does not engage."
    (outcome,) = history["plan"]["outcomes"]
    assert (outcome["progress"], outcome["actions_done"], outcome["actions"]) == (
        "Not started",
        1,
        2,
    )
    assert history["plan"]["reviews"] == {
        "count": 1,
        "last_on": "2025-03-03",
        "next_due": "2025-06-03",
    }
    assert history["meetings"] == [
        {"held_on": "2025-02-03", "kind": "Initial", "asked": 2, "attended": 1}
    ]
    # Family help goes on until the front door decides.
    assert all(e.end_date is None for e in _episodes(family_help))
    assert audited("family_help.stepup") == sorted(
        [("create", first.child_id), ("create", second.child_id)]
    )
    assert audited("cases.contact", object_id=str(contacts[0].pk)) == [("create", first.child_id)]


def test_a_partner_lead_steps_up_for_their_organisation(personas):
    family_help = family_in_help(personas)
    partner = PartnerUserFactory(
        organisation__authority=personas.authority, organisation__name="Northgate Primary"
    )
    partner.user.first_name, partner.user.last_name = "Dee", "Esslie"
    partner.user.save()
    services.lead_practitioner_assign(
        family_help=family_help, start_date=date(2025, 3, 10), partner_user=partner
    )

    (step_up,) = _step_up(family_help, _episodes(family_help)[:1])

    contact = step_up.contact
    assert (contact.referrer, contact.referrer_organisation) == ("Dee Esslie", "Northgate Primary")
    assert (contact.partner_organisation_id, contact.submitted_by) == (
        partner.organisation_id,
        partner.user,
    )
    assert step_up.history["lead"] == {"organisation": "Northgate Primary", "since": "2025-03-10"}


def test_a_step_up_without_a_lead_a_reason_or_a_child_of_this_family_writes_nothing(personas):
    family_help = family_in_help(personas, lead=False)
    assert refused(lambda: _step_up(family_help, [], reason=" ")) == (
        (Rule.FAMILY_HELP_STEP_UP_FITS,) * 3,
        ("children", "lead", "reason"),
    )
    stranger = EarlyHelpEpisodeFactory()
    assert refused(lambda: _step_up(family_help, [stranger])) == (
        (Rule.FAMILY_HELP_STEP_UP_FITS,) * 2,
        ("children", "lead"),
    )
    assert not StepUp.objects.exists()
    assert not Contact.objects.exists()


def test_a_child_waits_for_the_front_doors_decision_before_another_step_up(personas):
    family_help = family_in_help(personas)
    first, second = _episodes(family_help)
    (step_up,) = _step_up(family_help, [first])

    assert refused(lambda: _step_up(family_help, [first, second])) == (
        (Rule.FAMILY_HELP_STEP_UP_FITS,),
        ("children",),
    )
    _decide(step_up.contact, codes.ContactDecision.EARLY_HELP, personas)
    assert len(_step_up(family_help, [first])) == 1


def test_a_step_up_decided_a_referral_ends_the_childs_help_and_the_last_child_the_familys(
    personas,
):
    family_help = family_in_help(personas)
    first, second = _episodes(family_help)
    up_first, up_second = _step_up(family_help, [first, second])

    decided = _decide(up_first.contact, codes.ContactDecision.REFERRAL, personas)

    assert decided.referral is not None
    first.refresh_from_db()
    assert (first.end_date, first.end_reason) == (date(2025, 3, 14), "stepped_up")
    family_help.refresh_from_db()
    assert family_help.ended_on is None
    _decide(up_second.contact, codes.ContactDecision.STRATEGY_DISCUSSION, personas)
    family_help.refresh_from_db()
    assert (family_help.ended_on, family_help.end_reason) == (date(2025, 3, 14), "stepped_up")
    assert {(e.end_date, e.end_reason) for e in _episodes(family_help)} == {
        (date(2025, 3, 14), "stepped_up")
    }
    assert family_help.lead_user is None


def test_a_step_up_decided_anything_but_a_referral_leaves_family_help_going_on(personas):
    family_help = family_in_help(personas)
    (step_up,) = _step_up(family_help, _episodes(family_help)[:1])

    decided = _decide(step_up.contact, codes.ContactDecision.EARLY_HELP, personas)

    assert decided.referral is None
    assert all(e.end_date is None for e in _episodes(family_help))
    family_help.refresh_from_db()
    assert family_help.ended_on is None


# Stepping down -------------------------------------------------------------------------------


def _closed_referral(child, reason="RC9", **changes):
    referral = ReferralFactory(
        child=child,
        referral_date=date(2024, 11, 4),
        primary_need="N4",
        closure_date=date(2025, 3, 10),
        closure_reason=reason,
        **changes,
    )
    AssessmentFactory(
        referral=referral,
        start_date=date(2024, 11, 5),
        authorised=True,
        authorised_date=date(2024, 12, 20),
        factors=["3A", "16A"],
        outcome=codes.AssessmentOutcome.EARLY_HELP,
    )
    CaseNoteFactory(child=child, body="Fictional case note that must not travel.")
    return referral


def _step_down(personas, children, started_on=date(2025, 3, 12)):
    return services.family_help_step_down(
        team=family_help_team(personas),
        started_on=started_on,
        consent_given_on=date(2025, 3, 11),
        consent_given_by="Father",
        children=children,
    )


def test_a_step_down_holds_social_cares_history_frozen_without_its_notes(personas):
    child = personas.own_child
    referral = _closed_referral(child)

    family_help = _step_down(personas, [ChildSteppingDown(child, referral, "domestic_abuse")])

    assert family_help.start_route == "step_down"
    (episode,) = family_help.children.all()
    assert episode.stepped_down_from == referral
    summary = episode.social_care_summary
    assert summary["frozen_on"] == "2025-03-14"
    assert summary["referral"] == {
        "referral_date": "2024-11-04",
        "source": "School",
        "primary_need": "Family in acute stress",
        "team": referral.team.name,
        "closure_date": "2025-03-10",
        "closure_reason": "Closed after assessment, referred to early help",
    }
    assert summary["assessments"] == [
        {
            "start_date": "2024-11-05",
            "authorised_date": "2024-12-20",
            "factors": ["Domestic violence: child", "Neglect"],
            "outcome": "Early help",
        }
    ]
    assert summary["decision"] == "Closed after assessment, referred to early help"
    text = str(summary)
    assert "Fictional case note" not in text
    assert "Fictional:" not in text  # no assessment narrative
    # Frozen: a later change to the social care record does not reach it.
    Referral.objects.filter(pk=referral.pk).update(primary_need="N1")
    episode.refresh_from_db()
    assert episode.social_care_summary["referral"]["primary_need"] == "Family in acute stress"
    assert audited("family_help.earlyhelpepisode") == [("create", child.pk)]


def test_a_child_in_need_plan_that_ended_steps_down_with_its_dates(personas):
    child = personas.own_child
    referral = _closed_referral(child, reason="RC7")
    ChildInNeedPlanFactory(
        referral=referral, child=child, start_date=date(2025, 1, 6), end_date=date(2025, 3, 10)
    )

    family_help = _step_down(personas, [ChildSteppingDown(child, referral, "parenting")])

    (episode,) = family_help.children.all()
    assert episode.social_care_summary["child_in_need_plans"] == [
        {"start_date": "2025-01-06", "end_date": "2025-03-10", "reviews": 0}
    ]


def test_a_step_down_needs_a_closed_referral_of_the_child_that_stepped_down(personas):
    child = personas.own_child
    open_referral = ReferralFactory(child=child)
    no_action = _closed_referral(ChildFactory(), reason="RC8")
    rc7_without_plan = _closed_referral(ChildFactory(), reason="RC7")
    stepped = _closed_referral(ChildFactory())

    def step_down(stepping, started_on=date(2025, 3, 12)):
        return lambda: _step_down(personas, [stepping], started_on)

    for stepping in (
        ChildSteppingDown(child, open_referral, "parenting"),
        ChildSteppingDown(child, stepped, "parenting"),
        ChildSteppingDown(no_action.child, no_action, "parenting"),
        ChildSteppingDown(rc7_without_plan.child, rc7_without_plan, "parenting"),
    ):
        assert refused(step_down(stepping)) == ((Rule.FAMILY_HELP_STEP_DOWN_FITS,), ("referral",))
    assert refused(
        step_down(ChildSteppingDown(stepped.child, stepped, "parenting"), date(2025, 3, 7))
    ) == (
        (Rule.FAMILY_HELP_STEP_DOWN_FITS,),
        ("started_on",),
    )
    assert not FamilyHelpEpisode.objects.exists()
    assert not AuditEntry.objects.filter(object_type__startswith="family_help").exists()
