"""The MASH's services: the RAG rating and its history, the consent override, information
requests, the decision, feedback to the referrer and a new child from a contact.

Time is frozen at noon on Friday 14 March 2025.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from safeguard.agencies.models import PartnerOrganisation
from safeguard.audit.models import AuditEntry
from safeguard.cases.models import Contact, ManagementDecision, Referral
from safeguard.cases.tests.factories import ReferralFactory
from safeguard.cases.workflow.rules import CONTACT_NOT_MATCHED, RuleViolation
from safeguard.common import codes
from safeguard.front_door import services
from safeguard.front_door.models import ContactRating, InformationRequest, ReferrerFeedback
from safeguard.front_door.tests.mash_support import (
    CONSENT_REFUSED,
    front_door_manager,
    information_request_about,
    unmatched_contact,
    waiting_contact,
)
from safeguard.organisation.models import Authority

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2025, 3, 14, 12, 0, tzinfo=LONDON)
RECEIVED = datetime(2025, 3, 14, 9, 0, tzinfo=LONDON)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def manager(personas, django_user_model):
    return front_door_manager(personas, django_user_model).worker


@pytest.fixture
def contact(personas) -> Contact:
    return waiting_contact(personas, received_at=RECEIVED)


@pytest.fixture
def worker(personas):
    return personas.front_door_worker.worker


def refused(rule: str):
    class _Refused:
        def __enter__(self):
            self.raises = pytest.raises(RuleViolation)
            self.caught = self.raises.__enter__()
            return self.caught

        def __exit__(self, *exc):
            handled = self.raises.__exit__(*exc)
            assert rule in self.caught.value.rules, self.caught.value.rules
            return handled

    return _Refused()


# --- The RAG rating ----------------------------------------------------------------------------


def test_a_revised_rating_keeps_the_history_and_the_contact_shows_the_latest(contact, manager):
    services.contact_rate(
        contact=contact, rating="green", reason="School has no worries.", rated_by=manager
    )
    with time_machine.travel(NOW + timedelta(minutes=30), tick=False):
        services.contact_rate(
            contact=contact,
            rating="red",
            reason="Police report of violence at home.",
            rated_by=manager,
        )

    contact.refresh_from_db()
    assert contact.rag == "red"
    history = list(ContactRating.objects.order_by("rated_at").values_list("rating", "reason"))
    assert history == [
        ("green", "School has no worries."),
        ("red", "Police report of violence at home."),
    ]


def test_revising_a_rating_needs_a_reason(contact, manager):
    services.contact_rate(contact=contact, rating="amber", reason="Needs checks.", rated_by=manager)

    with refused("required") as caught:
        services.contact_rate(contact=contact, rating="red", reason="  ", rated_by=manager)

    assert caught.value.fields == ("reason",)
    assert "Enter why you are changing the rating" in caught.value.message
    contact.refresh_from_db()
    assert contact.rag == "amber" and ContactRating.objects.count() == 1


def test_a_rating_must_change_to_be_a_revision(contact, manager):
    services.contact_rate(contact=contact, rating="amber", reason="Needs checks.", rated_by=manager)

    with refused("rating_unchanged"):
        services.contact_rate(
            contact=contact, rating="amber", reason="Still amber.", rated_by=manager
        )


def test_only_a_manager_of_the_front_door_team_rates(contact, personas, worker):
    with refused("rater_manages_front_door"):
        services.contact_rate(contact=contact, rating="red", reason="Worried.", rated_by=worker)
    # A team manager of another team is a manager, but not of this front door.
    with refused("rater_manages_front_door"):
        services.contact_rate(
            contact=contact, rating="red", reason="Worried.", rated_by=personas.team_manager.worker
        )
    assert not ContactRating.objects.exists()


def test_a_head_of_service_over_the_front_door_rates(contact, personas):
    personas.front_door.service = personas.team.service
    personas.front_door.save()

    services.contact_rate(
        contact=contact,
        rating="amber",
        reason="Checks needed.",
        rated_by=personas.head_of_service.worker,
    )

    contact.refresh_from_db()
    assert contact.rag == "amber"


def test_a_decided_contact_is_not_rated(personas, manager, worker):
    contact = waiting_contact(personas, received_at=RECEIVED)
    services.contact_decision_record(
        contact=contact, decision="early_help", rationale="Family support.", decided_by=worker
    )

    with refused("contact_decided_once"):
        services.contact_rate(contact=contact, rating="red", reason="Late.", rated_by=manager)


def test_rating_is_audited_with_the_child(contact, manager):
    services.contact_rate(contact=contact, rating="red", reason="Injury seen.", rated_by=manager)

    entries = AuditEntry.objects.filter(
        object_type__in=["front_door.contactrating", "cases.contact"]
    )
    assert {(e.action, e.object_type, e.child_id) for e in entries} == {
        ("create", "front_door.contactrating", contact.child_id),
        ("update", "cases.contact", contact.child_id),
    }


# --- Consent -----------------------------------------------------------------------------------


def test_a_consent_override_needs_a_reason(personas, worker):
    contact = waiting_contact(personas, received_at=RECEIVED, **CONSENT_REFUSED)

    with refused("required"):
        services.contact_consent_override(contact=contact, reason=" ", overridden_by=worker)

    services.contact_consent_override(
        contact=contact, reason="Asking would put the child at risk.", overridden_by=worker
    )
    contact.refresh_from_db()
    assert contact.consent_override_reason == "Asking would put the child at risk."
    assert (contact.consent_overridden_at, contact.consent_overridden_by) == (NOW, worker)
    assert AuditEntry.objects.filter(action="update", object_type="cases.contact").exists()


@pytest.mark.parametrize("consent", [codes.ContactConsent.GIVEN, codes.ContactConsent.UNKNOWN])
def test_consent_is_overridden_only_when_refused_or_not_sought(personas, worker, consent):
    contact = waiting_contact(personas, received_at=RECEIVED, consent=consent)

    with refused("consent_not_overridable"):
        services.contact_consent_override(contact=contact, reason="Risk.", overridden_by=worker)


def test_consent_not_sought_can_be_overridden_once(personas, worker):
    contact = waiting_contact(
        personas, received_at=RECEIVED, consent=codes.ContactConsent.NOT_SOUGHT
    )
    services.contact_consent_override(contact=contact, reason="Risk of harm.", overridden_by=worker)

    with refused("consent_overridden_once"):
        services.contact_consent_override(contact=contact, reason="Again.", overridden_by=worker)


# --- Information requests ---------------------------------------------------------------------


def test_an_information_request_to_a_partner_agency_takes_its_name(personas, contact, worker):
    school = PartnerOrganisation.objects.create(
        authority=personas.authority, name="Example Academy", kind="school"
    )

    request = services.information_request_make(
        contact=contact,
        partner_organisation_id=school.pk,
        asked_of="Head of year",
        question="Fictional: any injuries seen this term?",
        requested_by=worker,
    )

    assert (request.agency, request.partner_organisation_id, request.requested_at) == (
        "Example Academy",
        school.pk,
        NOW,
    )
    assert request.answered_at is None


def test_an_agency_of_another_authority_or_no_agency_is_refused(personas, contact, worker):
    elsewhere = PartnerOrganisation.objects.create(
        authority=Authority.objects.create(name="Elsewhere", la_code="998", child_population=1),
        name="Faraway School",
        kind="school",
    )

    with refused("unknown_partner"):
        services.information_request_make(
            contact=contact,
            partner_organisation_id=elsewhere.pk,
            question="Anything known?",
            requested_by=worker,
        )
    with refused("agency_required"):
        services.information_request_make(
            contact=contact, question="Anything?", requested_by=worker
        )
    assert not InformationRequest.objects.exists()


def test_an_agency_typed_by_name_is_asked(contact, worker):
    request = services.information_request_make(
        contact=contact,
        agency="Example GP practice",
        question="Any missed appointments?",
        requested_by=worker,
    )

    assert (request.agency, request.partner_organisation_id) == ("Example GP practice", None)


def test_an_answer_cannot_come_before_the_question(contact, worker):
    request = information_request_about(contact)  # asked at 9:30

    with refused("answered_after_asked") as caught:
        services.information_request_answer(
            information_request=request,
            answer="Attendance 92%.",
            answered_by="Sam Example, school office",
            answered_at=datetime(2025, 3, 14, 9, 29, tzinfo=LONDON),
            recorded_by=worker,
        )

    assert "asked at 09:30 on 14 March 2025" in caught.value.message
    request.refresh_from_db()
    assert request.answered_at is None


def test_an_answer_is_recorded_once_and_not_in_the_future(contact, worker):
    request = information_request_about(contact)
    with refused("date_not_in_future"):
        services.information_request_answer(
            information_request=request,
            answer="Attendance 92%.",
            answered_by="School office",
            answered_at=NOW + timedelta(hours=1),
            recorded_by=worker,
        )

    services.information_request_answer(
        information_request=request,
        answer="Attendance 92%.",
        answered_by="School office",
        answered_at=datetime(2025, 3, 14, 11, 0, tzinfo=LONDON),
        recorded_by=worker,
    )

    request.refresh_from_db()
    assert (request.answer, request.answered_by, request.recorded_by) == (
        "Attendance 92%.",
        "School office",
        worker,
    )
    with refused("answered_once"):
        services.information_request_answer(
            information_request=request,
            answer="Again.",
            answered_by="School office",
            answered_at=NOW,
            recorded_by=worker,
        )


# --- The decision ------------------------------------------------------------------------------


def test_a_decision_needs_a_matched_child(personas, worker):
    contact = unmatched_contact(personas, received_at=RECEIVED)

    with refused("contact_not_matched") as caught:
        services.contact_decision_record(
            contact=contact,
            decision="no_further_action",
            rationale="No concerns.",
            decided_by=worker,
        )

    assert CONTACT_NOT_MATCHED in caught.value.message
    contact.refresh_from_db()
    assert contact.decision == ""


def test_a_referral_decision_opens_the_referral_from_the_contact(personas, contact, worker):
    decided = services.contact_decision_record(
        contact=contact,
        decision="referral",
        rationale="Bruising seen at school.",
        primary_need="N1",
        decided_by=worker,
    )

    referral = Referral.objects.get()
    assert decided.referral == referral
    assert (referral.contact, referral.source, referral.team, referral.primary_need) == (
        contact,
        contact.source,
        personas.front_door,
        "N1",
    )
    assert referral.referral_date == date(2025, 3, 14)
    assert ManagementDecision.objects.get().kind == "threshold"


def test_a_strategy_discussion_decision_opens_the_referral_too(personas, contact, worker):
    decided = services.contact_decision_record(
        contact=contact,
        decision="strategy_discussion",
        rationale="Disclosure of sexual abuse.",
        primary_need="N1",
        decided_by=worker,
    )

    contact.refresh_from_db()
    assert contact.decision == "strategy_discussion"
    assert decided.referral is not None and decided.referral.contact == contact


def test_advice_opens_no_referral(contact, worker):
    decided = services.contact_decision_record(
        contact=contact,
        decision="advice_and_information",
        rationale="Signposted to a parenting group.",
        decided_by=worker,
    )

    assert decided.referral is None and not Referral.objects.exists()


def test_a_referral_refused_by_the_record_undoes_the_decision(personas, contact, worker):
    ReferralFactory(child=personas.own_child, team=personas.team)

    with refused("one_open_referral"):
        services.contact_decision_record(
            contact=contact, decision="referral", rationale="Meets threshold.", decided_by=worker
        )

    contact.refresh_from_db()
    assert contact.decision == "" and Referral.objects.count() == 1


# --- Feedback to the referrer ------------------------------------------------------------------


def test_feedback_after_the_decision_uses_the_decisions_words_and_calls_the_hooks(contact, worker):
    services.contact_decision_record(
        contact=contact, decision="early_help", rationale="Family support.", decided_by=worker
    )
    told: list[ReferrerFeedback] = []
    services.register_feedback_given(told.append)
    try:
        feedback = services.referrer_feedback_give(
            contact=contact, outcome="early_help", method="phone", given_by=worker
        )
    finally:
        services.FEEDBACK_GIVEN_HOOKS.remove(told.append)

    assert told == [feedback]
    assert feedback.get_outcome_display().startswith("Your concern has been passed to early help")
    assert AuditEntry.objects.filter(
        action="create", object_type="front_door.referrerfeedback"
    ).exists()


def test_feedback_must_match_the_decision(contact, worker):
    with refused("feedback_matches_decision"):
        services.referrer_feedback_give(
            contact=contact, outcome="referral", method="phone", given_by=worker
        )

    # Before the decision, the referrer may be told it is still being considered.
    services.referrer_feedback_give(
        contact=contact, outcome="more_information", method="email", given_by=worker
    )
    services.contact_decision_record(
        contact=contact, decision="no_further_action", rationale="No concerns.", decided_by=worker
    )
    with refused("feedback_matches_decision"):
        services.referrer_feedback_give(
            contact=contact, outcome="more_information", method="phone", given_by=worker
        )
    contact.refresh_from_db()
    assert services.feedback_outcome_for(contact) == "no_further_action"


def test_an_anonymous_referrer_cannot_be_told(personas, worker):
    contact = waiting_contact(personas, received_at=RECEIVED, referrer="", referrer_anonymous=True)

    with refused("referrer_anonymous"):
        services.referrer_feedback_give(
            contact=contact, outcome="more_information", method="phone", given_by=worker
        )


def test_feedback_is_not_before_the_contact(contact, worker):
    with refused("feedback_after_contact"):
        services.referrer_feedback_give(
            contact=contact,
            outcome="more_information",
            method="phone",
            given_at=RECEIVED - timedelta(minutes=1),
            given_by=worker,
        )


# --- A new child from a contact ---------------------------------------------------------------


def test_a_child_with_no_known_surname_is_recorded_as_unknown_and_matched(personas):
    contact = unmatched_contact(personas, received_at=RECEIVED)

    child = services.contact_child_record(
        contact=contact, first_name="Tobi", last_name=" ", date_of_birth=date(2019, 2, 1), sex="M"
    )

    contact.refresh_from_db()
    assert contact.child == child
    assert (child.first_name, child.last_name, child.date_of_birth, child.sex) == (
        "Tobi",
        services.UNKNOWN_SURNAME,
        date(2019, 2, 1),
        "M",
    )
    assert AuditEntry.objects.filter(
        action="create", object_type="people.person", child_id=child.pk
    ).exists()


def test_an_unborn_child_has_an_expected_date_and_sex_unknown(personas):
    contact = unmatched_contact(personas, received_at=RECEIVED)

    child = services.contact_child_record(
        contact=contact,
        first_name="",
        last_name="Example",
        expected_date_of_birth=date(2025, 7, 1),
        sex="F",
    )

    assert child.is_unborn and child.sex == codes.Sex.UNKNOWN
    contact.refresh_from_db()
    assert contact.child == child


def test_a_new_child_cannot_be_born_in_the_future(personas):
    contact = unmatched_contact(personas, received_at=RECEIVED)

    with refused("date_not_in_future"):
        services.contact_child_record(
            contact=contact, first_name="Tobi", last_name="Example", date_of_birth=date(2025, 4, 1)
        )

    contact.refresh_from_db()
    assert contact.child is None
