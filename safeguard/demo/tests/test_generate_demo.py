"""generate_demo: deterministic, calibrated, within the rules, and only in demo mode.

One authority at scale 0.05 (13,000 children) is generated once for the module, inside a
transaction that is rolled back at the end, so the other test modules still see an empty
database. The determinism tests generate three small authorities (scale 0.005), each in a
savepoint rolled back before the next.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Q

from safeguard.cases.models import (
    Allocation,
    Assessment,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    Contact,
    LookedAfterPeriod,
    Referral,
    Section47Enquiry,
    Visit,
)
from safeguard.demo.generator import calibration as cal
from safeguard.demo.logins import DEMO_LOGINS
from safeguard.demo.management.commands.generate_demo import (
    ALREADY_GENERATED,
    BAD_SCALE,
    DATA_EXISTS,
    DEMO_MODE_OFF,
)
from safeguard.front_door.models import ContactRating, InformationRequest, ReferrerFeedback
from safeguard.organisation.models import Authority, Worker
from safeguard.people.models import Person
from safeguard.timescales.working_days import add_months, add_working_days, working_days_between

from .conftest import check_constraints_once

# Every test may read the database (pytest-django creates test databases only for marked
# tests); each runs in a savepoint inside the module's transaction.
pytestmark = pytest.mark.django_db

AS_OF = date(2025, 3, 31)
SCALE = 0.05
SEED = 7
POPULATION = round(cal.CHILD_POPULATION_AT_SCALE_1 * SCALE)
YEAR_START = add_months(AS_OF, -12)
# Small enough to generate three times in a few seconds.
DETERMINISM_SCALE = 0.005


def _generate(scale: float, seed: int) -> None:
    call_command(
        "generate_demo", scale=str(scale), seed=seed, as_of=AS_OF.isoformat(),
        demo_password="a-long-demo-password", verbosity=0,
    )  # fmt: skip


@pytest.fixture(scope="module")
def northbridge(django_db_setup: None, django_db_blocker: object) -> Iterator[None]:
    """The scale-0.05 authority, shared by the module and rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        _generate(SCALE, SEED)
        check_constraints_once()
        yield
        transaction.set_rollback(True)


def _per_10k(count: int) -> float:
    return count * 10_000 / POPULATION


def _digest() -> str:
    """A digest of the key columns of the main tables, in primary-key order."""
    h = hashlib.sha256()
    tables = [
        Worker.objects.values_list(
            "id", "first_name", "last_name", "role", "team_id", "started_on", "left_on"
        ),
        Person.objects.values_list(
            "id", "first_name", "last_name", "date_of_birth", "expected_date_of_birth", "sex",
            "ethnicity", "nhs_number", "upn", "la_child_id",
        ),
        Contact.objects.filter(partner_submission_id__isnull=True).values_list(
            "id", "reference", "child_id", "received_at", "source", "route", "referrer",
            "referrer_organisation", "consent", "urgency", "rag", "child_as_described",
            "decision",
        ),
        # The demo partners' concerns go through the live partner API services, which draw a
        # random reference and stamp the time of receipt: the rest must repeat.
        Contact.objects.filter(partner_submission_id__isnull=False).values_list(
            "child_id", "source", "route", "referrer", "child_as_described", "decision",
        ),
        ContactRating.objects.values_list("contact_id", "rating", "rated_by_id", "rated_at"),
        # The agency by name: partner organisations are made through the hub's services, and
        # PostgreSQL does not roll a sequence back, so their ids differ from run to run here.
        InformationRequest.objects.values_list(
            "contact_id", "agency", "requested_at", "answered_at"
        ),
        ReferrerFeedback.objects.values_list("contact_id", "outcome", "method", "given_at"),
        Referral.objects.values_list(
            "id", "child_id", "referral_date", "source", "closure_date", "closure_reason"
        ),
        Assessment.objects.values_list("id", "start_date", "authorised_date", "factors"),
        ChildProtectionPlan.objects.values_list("id", "child_id", "start_date", "end_date"),
        LookedAfterPeriod.objects.values_list("id", "child_id", "start_date", "end_date"),
        Visit.objects.values_list("child_id", "visit_date", "child_seen", "visited_by_id"),
        Allocation.objects.values_list("child_id", "team_id", "worker_id", "start_date"),
    ]  # fmt: skip
    # Rows without an "id" column above get their keys from the database: ordered, not read.
    for rows in tables:
        for row in rows.order_by("pk"):
            h.update(repr(row).encode())
    return h.hexdigest()


def _digest_of_fresh_run(scale: float, seed: int) -> str:
    savepoint = transaction.savepoint()
    try:
        _generate(scale, seed)
        return _digest()
    finally:
        transaction.savepoint_rollback(savepoint)


@pytest.fixture(scope="module")
def digests(django_db_setup: None, django_db_blocker: object) -> dict[str, str]:
    """Digests of three small authorities, each generated into an empty database: seed 3
    twice and seed 4 once. Runs before the shared authority exists (module order)."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        result = {
            "seed 3": _digest_of_fresh_run(DETERMINISM_SCALE, 3),
            "seed 3 again": _digest_of_fresh_run(DETERMINISM_SCALE, 3),
            "seed 4": _digest_of_fresh_run(DETERMINISM_SCALE, 4),
        }
        transaction.set_rollback(True)
    return result


# --- determinism ---------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_authority(digests: dict[str, str]) -> None:
    assert digests["seed 3"] == digests["seed 3 again"]


def test_a_different_seed_gives_a_different_authority(digests: dict[str, str]) -> None:
    assert digests["seed 3"] != digests["seed 4"]


# --- calibration at scale 0.05 (tolerances: about three standard errors at this size) --------


def test_referrals_a_year_are_near_the_national_rate(northbridge: None) -> None:
    referrals = Referral.objects.filter(referral_date__gt=YEAR_START, referral_date__lte=AS_OF)
    rate = _per_10k(referrals.count())
    # National 527 per 10,000; the demo city aims a little higher (560). Tolerance 20%.
    assert abs(rate - cal.NATIONAL_REFERRALS_PER_10K) <= 0.2 * cal.NATIONAL_REFERRALS_PER_10K


def test_children_on_protection_plans_are_near_the_national_rate(northbridge: None) -> None:
    rate = _per_10k(ChildProtectionPlan.objects.filter(end_date__isnull=True).count())
    # National 41 per 10,000. About 60 plans at this size: tolerance 35%.
    assert abs(rate - cal.NATIONAL_CP_PLANS_PER_10K) <= 0.35 * cal.NATIONAL_CP_PLANS_PER_10K


def test_children_looked_after_are_near_the_national_rate(northbridge: None) -> None:
    rate = _per_10k(LookedAfterPeriod.objects.filter(end_date__isnull=True).count())
    # National 67 per 10,000 (a large city runs higher). About 95 children: tolerance 35%.
    assert abs(rate - cal.NATIONAL_LOOKED_AFTER_PER_10K) <= 0.35 * cal.NATIONAL_LOOKED_AFTER_PER_10K


def test_re_referrals_within_a_year_are_near_the_national_rate(northbridge: None) -> None:
    in_year = re_referred = 0
    dates_by_child: dict[int, list[date]] = {}
    for child_id, referral_date in Referral.objects.values_list("child_id", "referral_date"):
        dates_by_child.setdefault(child_id, []).append(referral_date)
    for dates in dates_by_child.values():
        dates.sort()
        for i, d in enumerate(dates):
            if YEAR_START < d <= AS_OF:
                in_year += 1
                re_referred += bool(i) and dates[i - 1] >= add_months(d, -12)
    # National 22.6%; about 800 referrals: tolerance 5 percentage points.
    assert abs(re_referred / in_year - cal.NATIONAL_RE_REFERRAL_RATE) <= 0.05


def test_most_assessments_are_authorised_within_45_working_days(northbridge: None) -> None:
    assessed = Assessment.objects.filter(
        authorised_date__gt=YEAR_START, authorised_date__lte=AS_OF
    ).values_list("referral__referral_date", "authorised_date")
    durations = [working_days_between(referral, authorised) for referral, authorised in assessed]
    share = sum(d <= 45 for d in durations) / len(durations)
    # National 85.7%; about 750 assessments: tolerance 5 percentage points.
    assert abs(share - cal.NATIONAL_ASSESSMENTS_WITHIN_45_DAYS) <= 0.05


def test_referrals_closed_with_no_further_action_are_near_the_national_rate(
    northbridge: None,
) -> None:
    referrals = Referral.objects.filter(referral_date__gt=YEAR_START, referral_date__lte=AS_OF)
    share = referrals.filter(no_further_action=True).count() / referrals.count()
    # National 6.5%: tolerance 3 percentage points.
    assert abs(share - cal.NATIONAL_REFERRAL_NFA_RATE) <= 0.03


def test_about_a_third_of_referrals_lead_to_a_section_47_enquiry(northbridge: None) -> None:
    referrals = Referral.objects.filter(referral_date__gt=YEAR_START, referral_date__lte=AS_OF)
    enquiries = Section47Enquiry.objects.filter(start_date__gt=YEAR_START, start_date__lte=AS_OF)
    assert 0.25 <= enquiries.count() / referrals.count() <= 0.42


# --- the rules hold in what was written ---------------------------------------------------------


def test_no_child_has_two_open_referrals_plans_or_periods_of_care(northbridge: None) -> None:
    for model in (Referral, ChildProtectionPlan, ChildInNeedPlan, LookedAfterPeriod, Allocation):
        end = "closure_date" if model is Referral else "end_date"
        doubled = (
            model.objects.filter(**{f"{end}__isnull": True})
            .values("child")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
        )
        assert not doubled.exists(), model.__name__


def test_every_open_plan_started_at_its_initial_conference_within_an_open_referral(
    northbridge: None,
) -> None:
    open_plans = ChildProtectionPlan.objects.filter(end_date__isnull=True).select_related(
        "initial_conference", "referral"
    )
    assert open_plans.exists()
    for plan in open_plans:
        assert plan.start_date == plan.initial_conference.conference_date
        assert plan.initial_conference.outcome == ChildProtectionConference.Outcome.PLAN
        assert plan.referral.closure_date is None


def test_referrals_for_a_child_never_overlap(northbridge: None) -> None:
    previous: dict[int, tuple[date, date | None]] = {}
    for child_id, opened, closed in Referral.objects.order_by(
        "child_id", "referral_date"
    ).values_list("child_id", "referral_date", "closure_date"):
        if child_id in previous:
            earlier_closed = previous[child_id][1]
            assert earlier_closed is not None and earlier_closed < opened
        previous[child_id] = (opened, closed)


def test_nothing_is_recorded_after_the_as_of_date(northbridge: None) -> None:
    assert not Referral.objects.filter(Q(referral_date__gt=AS_OF) | Q(closure_date__gt=AS_OF))
    assert not Visit.objects.filter(visit_date__gt=AS_OF).exists()
    assert not Contact.objects.filter(received_at__date__gt=AS_OF).exists()


def test_the_demo_audit_trail_verifies(northbridge: None) -> None:
    # The generator writes its history through the audit chain too: verify_audit must pass on
    # a fresh demo (it raises on any break in the chain).
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert out.getvalue().startswith("audit trail intact")


# --- the demo sign-ins -------------------------------------------------------------------------


def test_every_demo_login_is_linked_to_a_worker_in_its_role(northbridge: None) -> None:
    roles = {
        "sw.demo": Worker.Role.SOCIAL_WORKER,
        "tm.demo": Worker.Role.TEAM_MANAGER,
        "hos.demo": Worker.Role.HEAD_OF_SERVICE,
        "mash.demo": Worker.Role.FRONT_DOOR_WORKER,
        "chair.demo": Worker.Role.CONFERENCE_CHAIR,
        "auditor.demo": Worker.Role.AUDITOR,
        "analyst.demo": Worker.Role.PERFORMANCE_ANALYST,
        "admin.demo": Worker.Role.SYSTEM_ADMINISTRATOR,
    }
    for login in DEMO_LOGINS:
        if login.partner:
            continue
        worker = Worker.objects.select_related("user").get(user__username=login.username)
        assert worker.role == roles[login.username]
        assert worker.user is not None and worker.user.check_password("a-long-demo-password")
    admin = Worker.objects.get(user__username="admin.demo").user
    assert admin is not None and admin.is_superuser and admin.is_staff
    social_worker = Worker.objects.get(user__username="sw.demo")
    manager = Worker.objects.get(user__username="tm.demo")
    assert social_worker.team is not None and social_worker.team.manager == manager


def test_the_demo_social_worker_holds_children_with_overdue_protection_visits(
    northbridge: None,
) -> None:
    worker = Worker.objects.get(user__username="sw.demo")
    children = list(
        Allocation.objects.filter(worker=worker, end_date__isnull=True).values_list(
            "child_id", flat=True
        )
    )
    assert 12 <= len(children) <= 30
    overdue = 0
    for plan in ChildProtectionPlan.objects.filter(child_id__in=children, end_date__isnull=True):
        last_seen = (
            Visit.objects.filter(child_id=plan.child_id, kind="cp_visit", child_seen=True)
            .order_by("-visit_date")
            .values_list("visit_date", flat=True)
            .first()
        )
        due = add_working_days(max(plan.start_date, last_seen or plan.start_date), 10)
        overdue += due < AS_OF
    assert overdue >= 1


# --- refusals and messages ---------------------------------------------------------------------


def test_it_refuses_outside_demo_mode(settings: object) -> None:
    settings.SAFEGUARD_DEMO_MODE = False  # type: ignore[attr-defined]
    with pytest.raises(CommandError) as refused:
        call_command("generate_demo", scale="0.01", verbosity=0)
    assert str(refused.value) == DEMO_MODE_OFF


def test_a_scale_of_zero_is_refused_with_a_clear_message() -> None:
    with pytest.raises(CommandError) as refused:
        call_command("generate_demo", scale="0", verbosity=0)
    assert str(refused.value) == BAD_SCALE.format(value="0")


def test_a_scale_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(CommandError) as refused:
        call_command("generate_demo", scale="large", verbosity=0)
    assert str(refused.value) == BAD_SCALE.format(value="large")


def test_it_refuses_to_add_a_second_authority_and_says_to_flush(northbridge: None) -> None:
    with pytest.raises(CommandError) as refused:
        _generate(0.01, 1)
    assert str(refused.value) == DATA_EXISTS
    assert "manage.py flush" in DATA_EXISTS


def test_if_empty_leaves_an_existing_authority_alone_and_says_so(northbridge: None) -> None:
    out = io.StringIO()
    call_command("generate_demo", scale="0.01", if_empty=True, stdout=out, verbosity=0)
    assert out.getvalue().strip() == ALREADY_GENERATED.format(name="Northbridge City Council")
    assert Authority.objects.count() == 1


def test_demo_logins_prints_the_url_and_every_sign_in(northbridge: None) -> None:
    out = io.StringIO()
    call_command("demo_logins", demo_password="pw-shown", url="http://127.0.0.1:8000/", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text
    for login in DEMO_LOGINS:
        assert login.username in text
    assert text.count("pw-shown") == len(DEMO_LOGINS)


def test_production_code_never_imports_the_demo_generator() -> None:
    root = Path(__file__).resolve().parents[2]
    importing = re.compile(r"^\s*(from|import)\s+safeguard(\.demo\b|\s+import\s+demo\b)", re.M)
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        # Tests may borrow the demo's name lists to build data; production code may not.
        if path.relative_to(root).parts[0] != "demo"
        and "tests" not in path.relative_to(root).parts
        and importing.search(path.read_text())
    ]
    assert offenders == []


def test_the_demo_has_partners_a_partner_login_and_their_submissions_linked(
    northbridge: None,
) -> None:
    from safeguard.agencies.linkage.models import LinkageModel
    from safeguard.agencies.models import PartnerEvent, PartnerUser
    from safeguard.agencies.signals.models import Signal

    membership = PartnerUser.objects.select_related("user", "organisation").get(
        user__username="school.demo"
    )
    assert membership.may_check and membership.organisation.kind == "school"
    assert membership.user.check_password("a-long-demo-password")
    assert not Worker.objects.filter(user=membership.user).exists()
    assert LinkageModel.objects.exists()
    # The school's removals from roll were linked to sw.demo's children on plans despite the
    # misspelt first names, and raised signals for sw.demo.
    removals = PartnerEvent.objects.filter(event_type="removed_from_roll")
    assert removals.exists() and not removals.filter(child__isnull=True).exists()
    assert Signal.objects.filter(
        rule_id="SG01", recipient_worker__user__username="sw.demo"
    ).exists()
