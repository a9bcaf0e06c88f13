"""The demo's front door: every contact's route, and the queue waiting on the as-of date.

One small authority (scale 0.01) is generated once for the module, as of Tuesday 22 April 2025,
the first working day after Easter, inside a transaction rolled back at the end. Good Friday
(18 April) and Easter Monday (21 April) are bank holidays, so the queue's clocks only come out
right if the generator reads the working-day calendar: the working day before the as-of date
is Thursday 17 April, not the Monday a weekday count would give.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from safeguard.agencies.linkage.models import MatchReview
from safeguard.agencies.models import PartnerOrganisation
from safeguard.audit.models import AuditEntry
from safeguard.cases.models import Contact
from safeguard.common import codes
from safeguard.demo import names
from safeguard.demo.generator import calibration as cal
from safeguard.demo.generator.front_door import PARTNER_ROUTES
from safeguard.demo.generator.run import Options, build
from safeguard.demo.partners import PARTNER_LOGIN
from safeguard.front_door.models import ContactRating, InformationRequest, ReferrerFeedback
from safeguard.organisation.models import Team, Worker
from safeguard.people.models import Address, Residence
from safeguard.timescales.clocks import CLOCKS, ClockStatus, clock_status
from safeguard.timescales.working_days import add_working_days, working_days_between

from .conftest import generated_authority

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 4, 22)
THURSDAY_BEFORE_EASTER = date(2025, 4, 17)
PARTNERS = (
    names.PARTNER_SCHOOL,
    names.PARTNER_GP_PRACTICE,
    names.PARTNER_EMERGENCY_DEPARTMENT,
    names.PARTNER_POLICE,
)


@pytest.fixture(scope="module")
def northbridge(django_db_setup: None, django_db_blocker: object) -> Iterator[None]:
    with generated_authority(django_db_blocker, seed=11, as_of=AS_OF):
        yield


def _front_door_team() -> Team:
    worker = Worker.objects.select_related("team").get(user__username="mash.demo")
    assert worker.team is not None
    return worker.team


def _waiting() -> list[Contact]:
    return list(
        Contact.objects.filter(decided_at__isnull=True, team=_front_door_team()).order_by("pk")
    )


def _received_on(contact: Contact) -> date:
    return timezone.localtime(contact.received_at).date()


def _clock(contact: Contact) -> ClockStatus:
    due = CLOCKS["contact_decision"].due_from(_received_on(contact))
    return clock_status(due=due, met=None, today=AS_OF, due_soon_working_days=0)


# --- the queue ------------------------------------------------------------------------------


def test_contacts_from_every_route_wait_at_mash_demos_front_door_team(northbridge: None) -> None:
    team = _front_door_team()
    assert team.kind == Team.Kind.FRONT_DOOR
    assert team == Team.objects.filter(kind=Team.Kind.FRONT_DOOR).order_by("pk").first()
    assert {c.route for c in _waiting()} == set(codes.ContactRoute.values)


def test_at_least_fifteen_contacts_wait_even_in_a_small_authority(northbridge: None) -> None:
    assert len(_waiting()) >= 15


def test_about_one_to_two_percent_of_a_years_contacts_wait_in_a_tenth_of_the_city() -> None:
    built = build(Options(seed=1, scale=0.1, as_of=AS_OF, demo_password="-", show_progress=False))
    year_ago = AS_OF - timedelta(days=365)
    in_year = sum(c.received_at.date() > year_ago for h in built.children for c in h.contacts)
    share = len(built.front_door.waiting) / in_year
    assert 0.01 <= share <= 0.02
    assert abs(share - cal.WAITING_SHARE_OF_YEAR) < 0.002


def test_some_contacts_arrived_today_some_are_due_today_and_some_are_overdue(
    northbridge: None,
) -> None:
    waiting = _waiting()
    today = [c for c in waiting if _received_on(c) == AS_OF]
    due_today = [c for c in waiting if _clock(c) == ClockStatus.DUE_SOON]
    overdue = [
        c
        for c in waiting
        if _clock(c) == ClockStatus.OVERDUE
        and working_days_between(_received_on(c), AS_OF) in (2, 3)
    ]
    assert len(today) >= 3 and len(due_today) >= 3 and len(overdue) >= 3


def test_nothing_the_front_door_did_today_is_later_than_the_morning(northbridge: None) -> None:
    # A demo built this morning must not show work done this afternoon.
    done_today = [
        *ContactRating.objects.values_list("rated_at", flat=True),
        *InformationRequest.objects.values_list("requested_at", flat=True),
        *InformationRequest.objects.exclude(answered_at=None).values_list("answered_at", flat=True),
    ]
    today = [timezone.localtime(at) for at in done_today if timezone.localtime(at).date() == AS_OF]
    assert today
    assert all(at.time() <= time(9, 45) for at in today)


def test_contacts_due_today_arrived_on_the_afternoon_of_the_working_day_before_easter(
    northbridge: None,
) -> None:
    due_today = [c for c in _waiting() if _clock(c) == ClockStatus.DUE_SOON]
    assert due_today
    for contact in due_today:
        received = timezone.localtime(contact.received_at)
        assert received.date() == THURSDAY_BEFORE_EASTER
        assert CLOCKS["contact_decision"].due_from(received.date()) == AS_OF
    assert any(timezone.localtime(c.received_at).hour >= 13 for c in due_today)


def test_the_front_door_manager_rates_contacts_and_a_revision_keeps_the_history(
    northbridge: None,
) -> None:
    team = _front_door_team()
    rated = [c for c in _waiting() if c.rag]
    assert len(rated) >= 8
    revised = 0
    for contact in rated:
        ratings = list(contact.ratings.order_by("rated_at", "pk"))
        assert ratings and ratings[-1].rating == contact.rag
        assert all(r.rated_by_id == team.manager_id and r.reason for r in ratings)
        assert all(r.rated_at >= contact.received_at for r in ratings)
        revised += len(ratings) > 1 and ratings[-1].rating != ratings[-2].rating
    assert revised >= 1
    assert {c.rag for c in rated} == set(codes.RagRating.values)


def test_some_waiting_contacts_are_not_rated_yet(northbridge: None) -> None:
    unrated = [c for c in _waiting() if not c.rag]
    assert len(unrated) >= 3
    assert not ContactRating.objects.filter(contact__in=unrated).exists()


def test_urgency_and_consent_take_every_value_on_the_queue(northbridge: None) -> None:
    waiting = _waiting()
    assert {c.urgency for c in waiting} == set(codes.ContactUrgency.values)
    assert {c.consent for c in waiting} == set(codes.ContactConsent.values)


def test_consent_is_refused_on_one_contact_and_overridden_with_a_reason_on_another(
    northbridge: None,
) -> None:
    refused = [c for c in _waiting() if c.consent == codes.ContactConsent.REFUSED]
    overridden = [c for c in refused if c.consent_overridden_at is not None]
    assert overridden and len(refused) > len(overridden)
    for contact in overridden:
        assert contact.consent_override_reason and contact.consent_reason
        assert contact.consent_overridden_by_id == _front_door_team().manager_id
        assert contact.consent_overridden_at >= contact.received_at
    for contact in refused:
        assert contact.consent_reason


def test_checks_with_the_demo_partners_are_answered_and_outstanding(northbridge: None) -> None:
    requests = InformationRequest.objects.filter(contact__in=_waiting())
    answered = requests.filter(answered_at__isnull=False)
    outstanding = requests.filter(answered_at__isnull=True)
    assert answered.count() >= 2 and outstanding.count() >= 2
    organisations = dict(PartnerOrganisation.objects.values_list("name", "pk"))
    for request in requests:
        assert request.agency in PARTNERS
        assert request.partner_organisation_id == organisations[request.agency]
        assert request.requested_at >= request.contact.received_at
    for request in answered:
        assert request.answer and request.answered_by and request.recorded_by_id
        assert request.answered_at is not None and request.answered_at > request.requested_at
    assert not outstanding.exclude(answer="").exists()


def test_some_contacts_wait_unmatched_with_what_the_sender_said(northbridge: None) -> None:
    unmatched = [c for c in _waiting() if c.child_id is None]
    assert len(unmatched) >= 3
    boy = next(c for c in unmatched if c.route == codes.ContactRoute.PUBLIC_FORM)
    assert boy.child_as_described["age"] == 6 and boy.child_as_described["sex"] == "M"
    assert boy.child_as_described["address_line"].startswith("Flats above the shops, ")
    assert boy.referrer_relationship == "neighbour"
    assert boy.source == codes.ReferralSource.INDIVIDUAL_ACQUAINTANCE
    unborn = next(c for c in unmatched if c.child_as_described.get("unborn"))
    assert date.fromisoformat(unborn.child_as_described["expected_date_of_birth"]) > AS_OF
    assert unborn.household_as_described[0]["relationship"] == "mother"
    assert all(not c.decision for c in unmatched)


def test_the_partners_record_of_a_child_waits_for_a_linkage_review(northbridge: None) -> None:
    contact = Contact.objects.get(child__isnull=True, route=codes.ContactRoute.PARTNER_API)
    assert contact.match_review_id is not None
    review = MatchReview.objects.get(pk=contact.match_review_id)
    assert review.status == MatchReview.Status.PENDING
    described = contact.child_as_described
    assert review.candidate.date_of_birth == date.fromisoformat(described["date_of_birth"])
    assert review.candidate.first_name != described["first_name"]
    assert (
        contact.partner_organisation_id
        == PartnerOrganisation.objects.get(name=names.PARTNER_SCHOOL).pk
    )


def test_a_police_notification_names_only_an_address_where_children_live(
    northbridge: None,
) -> None:
    notification = Contact.objects.get(child__isnull=True, route=codes.ContactRoute.PARTNER_FILE)
    assert notification.address_line and notification.postcode
    assert notification.child_as_described == {}
    address = Address.objects.get(
        line_1=notification.address_line.split(", ")[0], postcode=notification.postcode
    )
    assert Residence.objects.filter(
        address=address, person__is_child=True, end_date__isnull=True
    ).exists()


def test_senders_of_contacts_decided_in_the_last_working_days_were_told_the_outcome(
    northbridge: None,
) -> None:
    since = add_working_days(AS_OF, -5)
    # Decisions made later today than the morning the demo shows are not fed back yet.
    morning = datetime.combine(AS_OF, time(9, 45), tzinfo=timezone.get_current_timezone())
    decided = Contact.objects.filter(
        decided_at__date__gt=since, decided_at__lt=morning, referrer_anonymous=False
    ).exclude(source="10")
    assert decided.count() >= 3
    words = {
        codes.ContactDecision.NO_FURTHER_ACTION: ReferrerFeedback.Outcome.NO_FURTHER_ACTION,
        codes.ContactDecision.ADVICE_AND_INFORMATION: ReferrerFeedback.Outcome.ADVICE,
        codes.ContactDecision.EARLY_HELP: ReferrerFeedback.Outcome.EARLY_HELP,
        codes.ContactDecision.REFERRAL: ReferrerFeedback.Outcome.REFERRAL,
    }
    for contact in decided:
        feedback = contact.feedback.get()
        assert feedback.outcome == words[contact.decision]
        assert contact.decided_at is not None and feedback.given_at >= contact.decided_at
    assert not ReferrerFeedback.objects.filter(contact__referrer_anonymous=True).exists()


def test_the_partner_school_sees_the_outcome_of_what_it_sent_through_the_form(
    northbridge: None,
) -> None:
    sent = Contact.objects.filter(submitted_by__username=PARTNER_LOGIN)
    assert {c.route for c in sent} == {codes.ContactRoute.PROFESSIONAL_FORM}
    assert sent.filter(decided_at__isnull=True).exists()
    told = ReferrerFeedback.objects.get(contact__in=sent.filter(decided_at__isnull=False))
    assert told.method == ReferrerFeedback.Method.PARTNER_SYSTEM
    assert told.outcome == ReferrerFeedback.Outcome.EARLY_HELP


# --- routes on every contact -----------------------------------------------------------------


def test_contacts_came_by_many_routes_and_partner_routes_name_a_demo_partner(
    northbridge: None,
) -> None:
    decided = Contact.objects.filter(decided_at__isnull=False)
    routes = Counter(decided.values_list("route", flat=True))
    assert set(routes) == set(codes.ContactRoute.values)
    assert routes.most_common(1)[0][0] in ("phone", "professional_form")
    through_partners = decided.filter(route__in=PARTNER_ROUTES)
    assert not through_partners.exclude(referrer_organisation__in=PARTNERS).exists()
    assert not through_partners.filter(partner_organisation_id__isnull=True).exists()
    professionals = decided.filter(source="2A").exclude(route__in=PARTNER_ROUTES)
    assert not professionals.filter(referrer_organisation="").exists()
    assert not decided.filter(source="9", referrer_anonymous=False).exists()


def test_every_senders_name_comes_from_the_generators_name_lists(northbridge: None) -> None:
    first_names = {
        n
        for table in (names.FIRST_NAMES_FEMALE, names.FIRST_NAMES_MALE)
        for group in table.values()
        for n in group
    }
    surnames = {n for group in names.SURNAMES.values() for n in group}
    named = [c for c in _waiting() if c.referrer_phone]
    assert len(named) >= 10
    for contact in named:
        first, last = contact.referrer.split(" ", 1)
        assert first in first_names and last in surnames, contact.referrer
        assert re.fullmatch(r"01632 960\d{3}|07700 900\d{3}", contact.referrer_phone)
        assert contact.referrer_email == "" or contact.referrer_email.endswith(".example")


def test_the_audit_trail_records_the_front_doors_work(northbridge: None) -> None:
    ratings = ContactRating.objects.count()
    logged = AuditEntry.objects.filter(object_type="front_door.contactrating")
    assert logged.count() == ratings
    first = ContactRating.objects.order_by("rated_at", "pk").first()
    assert first is not None
    entry = logged.get(object_id=str(first.pk))
    assert entry.at == first.rated_at
    assert isinstance(entry.at, datetime)
