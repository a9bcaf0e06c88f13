"""The demo's permanence plans and IRO contacts (issue 15): every period of care has a plan
that fits where the journey went, some changed once; most reviews have an IRO contact
before them, by the review's IRO, some have none; nothing is dated after the as-of day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Count

from safeguard.care.models import IroContact
from safeguard.cases.models import LookedAfterPeriod, LookedAfterReview
from safeguard.permanence.models import AdoptionDecision, PermanencePlan

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def _latest_plans() -> dict[int, str]:
    latest: dict[int, str] = {}
    for period_id, plan in PermanencePlan.objects.order_by("agreed_on", "pk").values_list(
        "period_id", "plan"
    ):
        latest[period_id] = plan
    return latest


def test_every_period_of_care_has_a_plan_agreed_within_it(northbridge):
    periods = LookedAfterPeriod.objects.all()
    assert set(PermanencePlan.objects.values_list("period_id", flat=True)) == set(
        periods.values_list("pk", flat=True)
    )
    for plan in PermanencePlan.objects.select_related("period"):
        assert plan.period.start_date <= plan.agreed_on <= AS_OF
        assert plan.period.end_date is None or plan.agreed_on <= plan.period.end_date


def test_the_plan_fits_where_the_journey_went(northbridge):
    latest = _latest_plans()
    by_reason = dict(LookedAfterPeriod.objects.values_list("pk", "reason_ceased"))
    adopted = [pk for pk, reason in by_reason.items() if reason in ("E11", "E12")]
    home = [pk for pk, reason in by_reason.items() if reason in ("E4A", "E4B", "E13")]
    assert adopted and home
    assert {latest[pk] for pk in adopted} == {"ADOPTION"}
    assert {latest[pk] for pk in home} <= {"RETURN1M", "RETURN6M"}
    standing = AdoptionDecision.objects.filter(order_date__isnull=True, no_longer_date__isnull=True)
    assert {latest[d.period_id] for d in standing} <= {"ADOPTION"}
    for pk, reason in by_reason.items():
        if reason in ("E45", "E47", "E41"):
            assert latest[pk] == "LTRELFR"
        if reason in ("E5", "E6", "E17"):
            assert latest[pk] == "SUPPLIV"


def test_some_plans_changed_once_and_a_change_is_a_different_plan(northbridge):
    changed = PermanencePlan.objects.values("period").annotate(n=Count("pk")).filter(n__gt=1)
    assert changed.exists()
    assert not changed.filter(n__gt=2).exists()
    for row in changed:
        first, then = PermanencePlan.objects.filter(period=row["period"]).order_by("agreed_on")
        assert first.plan != then.plan and first.agreed_on < then.agreed_on


def test_most_reviews_have_an_iro_contact_before_them_some_do_not(northbridge):
    reviews = list(LookedAfterReview.objects.filter(iro__isnull=False))
    contacts = {(c.period_id, c.iro_id): c for c in IroContact.objects.all()}
    assert reviews and contacts
    before = 0
    for review in reviews:
        window = IroContact.objects.filter(
            period_id=review.period_id,
            iro_id=review.iro_id,
            contact_date__lte=review.review_date,
            contact_date__gte=review.review_date - timedelta(days=14),
        )
        before += window.exists()
    assert 0.7 * len(reviews) <= before < len(reviews)


def test_iro_contacts_fit_the_rules(northbridge):
    for contact in IroContact.objects.select_related("period", "iro"):
        period = contact.period
        assert period.start_date <= contact.contact_date <= AS_OF
        assert period.end_date is None or contact.contact_date <= period.end_date
        assert contact.iro.role == "conference_chair"
        assert (contact.method == "visit") == (contact.seen_alone is not None)
