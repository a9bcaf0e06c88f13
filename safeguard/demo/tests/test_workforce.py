"""The demo's workforce record (issue 17) on the demo tests' shared authority (scale 0.01,
seed 5, as of 14 November 2025, see conftest): every post the staffing stage filled, who held
it, the posts left vacant, each social worker's census details and absence, in keeping with the
workforce record's own rules; over the five census years vacancies and sickness fall as in
the improvement journey; and writing it changes nothing else the demo wrote."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.db.models import Model, Sum

from safeguard.demo.generator.workforce import JOURNEY, census_days, give_workforce
from safeguard.organisation.models import Worker
from safeguard.workforce import figures, rules
from safeguard.workforce.models import Absence, Post, PostHolding, WorkerDetails

from .conftest import AS_OF, SEED

pytestmark = pytest.mark.django_db

SCALE = 0.01
WORKFORCE_MODELS = (Absence, WorkerDetails, PostHolding, Post)


@pytest.fixture
def workforce(northbridge: None) -> None:
    """The workforce record, written now unless `generate_demo` already wrote it."""
    if not Post.objects.exists():
        give_workforce(SEED, SCALE, AS_OF)


def _social_workers() -> list[Worker]:
    return list(Worker.objects.exclude(registration_number="").order_by("pk"))


def _on(start: date, end: date | None, day: date) -> bool:
    return start <= day and (end is None or day <= end)


def _in_post(day: date) -> tuple[Decimal, Decimal, Decimal]:
    """Funded, permanent and agency FTE on `day`, added up from the rows."""
    funded = sum(
        (p.funded_fte for p in Post.objects.all() if _on(p.start_date, p.end_date, day)),
        Decimal(0),
    )
    held: dict[str, Decimal] = defaultdict(Decimal)
    for h in PostHolding.objects.all():
        if _on(h.start_date, h.end_date, day):
            held[h.basis] += h.fte
    return funded, held[PostHolding.Basis.PERMANENT], held[PostHolding.Basis.AGENCY]


def _vacancy_rate(day: date) -> Decimal:
    funded, permanent, _ = _in_post(day)
    rate = figures.vacancy_rate(vacancy_fte=funded - permanent, in_post_fte=permanent)
    assert rate is not None
    return rate


def _sickness_days_per_fte(day: date) -> Decimal:
    lost = Absence.objects.filter(
        reason="SIC", start_date__gte=date(day.year - 1, 10, 1), end_date__lte=day
    ).aggregate(days=Sum("working_days_lost"))["days"]
    _, permanent, _ = _in_post(day)
    rate = figures.sickness_days_per_fte(days_lost=lost or Decimal(0), in_post_fte=permanent)
    assert rate is not None
    return rate


def test_the_census_days_are_the_five_30_septembers_up_to_the_demo_day() -> None:
    assert census_days(date(2025, 11, 14)) == [date(y, 9, 30) for y in range(2021, 2026)]
    assert census_days(date(2025, 9, 30))[-1] == date(2025, 9, 30)
    assert census_days(date(2025, 9, 29))[-1] == date(2024, 9, 30)


def test_every_social_worker_in_a_team_holds_a_post_as_they_were_employed(
    workforce: None,
) -> None:
    workers = {w.pk: w for w in _social_workers()}
    held = set()
    for h in PostHolding.objects.select_related("post"):
        w = workers[h.worker_id]
        held.add(w.pk)
        assert h.basis == ("agency" if w.is_agency else "permanent")
        assert h.fte == w.full_time_equivalent
        assert (h.post.team_id, h.post.role) == (w.team_id, w.role)
        assert h.start_date == w.started_on
        if w.left_on is None:
            assert h.end_date is None
        else:
            assert h.end_date is not None and h.end_date <= w.left_on
    assert held == {w.pk for w in workers.values() if w.team_id is not None}
    assert PostHolding.objects.filter(basis="agency").exists()


def test_holdings_keep_to_their_post_s_dates_and_funded_fte(workforce: None) -> None:
    for post in Post.objects.prefetch_related("holdings"):
        spells = [rules.Spell(h.start_date, h.end_date, h.fte) for h in post.holdings.all()]
        for i, new in enumerate(spells):
            assert not rules.holding_within_post(post.start_date, post.end_date, new.start, new.end)
            others = spells[:i] + spells[i + 1 :]
            assert not rules.holding_within_funded_fte(post.funded_fte, others, new)
        if post.end_date is not None:
            assert not rules.post_end_fits(post.start_date, post.end_date, spells)


def test_some_funded_posts_are_left_vacant_for_a_stretch(workforce: None) -> None:
    vacant = Post.objects.filter(holdings__isnull=True)
    assert vacant.exists()
    assert vacant.filter(end_date__isnull=False).exists()
    assert not Post.objects.filter(start_date__gt=AS_OF).exists()
    assert not Post.objects.filter(end_date__gt=AS_OF).exists()


def test_vacancies_fall_over_the_five_years_as_in_the_improvement_journey(
    workforce: None,
) -> None:
    rates = [_vacancy_rate(day) for day in census_days(AS_OF)]
    assert rates[0] >= rates[-1] + 5
    # Year one's vacancies are the journey's (to the nearest whole post at this scale).
    assert abs(rates[0] - Decimal(str(JOURNEY.vacancy_rate[0]))) < 5


def test_sickness_falls_over_the_five_years_as_in_the_improvement_journey(
    workforce: None,
) -> None:
    rates = [_sickness_days_per_fte(day) for day in census_days(AS_OF)]
    assert rates[0] >= rates[-1] + 4
    for rate, target in zip(rates, JOURNEY.sickness_days_per_fte, strict=True):
        # At least the year's days, and at most one long spell beyond them.
        assert Decimal(str(target)) <= rate < Decimal(str(target)) + 8


def test_absence_keeps_to_the_workforce_record_s_rules(workforce: None) -> None:
    workers = {w.pk: w for w in _social_workers()}
    spells: dict[int, list[tuple[date, date]]] = defaultdict(list)
    reasons = set()
    for a in Absence.objects.order_by("start_date", "pk"):
        w = workers[a.worker_id]
        assert not w.is_agency
        assert a.end_date <= AS_OF
        assert not rules.absence_dates_fit(a.start_date, a.end_date)
        assert not rules.absence_while_employed(w.started_on, w.left_on, a.start_date, a.end_date)
        assert not rules.absence_not_overlapping(spells[w.pk], a.start_date, a.end_date)
        most = rules.working_days_in(a.start_date, a.end_date) * w.full_time_equivalent
        assert not rules.absence_days_fit(a.working_days_lost, most)
        assert a.working_days_lost > 0
        spells[w.pk].append((a.start_date, a.end_date))
        reasons.add(a.reason)
    assert {"SIC", "TRN"} <= reasons


def test_every_social_worker_has_their_census_details(workforce: None) -> None:
    details = {d.worker_id: d for d in WorkerDetails.objects.all()}
    for w in _social_workers():
        d = details[w.pk]
        assert d.birth_date is not None and d.qualified_on is not None
        assert d.gender and d.ethnicity and d.qualification_institution
        assert d.qualification_level
        last_day = w.left_on if w.left_on is not None and w.left_on <= AS_OF else AS_OF
        assert (d.qualified_on - d.birth_date).days // 365 >= 21
        assert (last_day - d.birth_date).days // 365 <= 67
        assert d.qualified_on <= w.started_on
        if w.is_agency:
            assert d.start_origin == d.leaver_destination == d.reason_for_leaving == ""
        else:
            assert d.start_origin
            left = w.left_on is not None and w.left_on <= AS_OF
            assert bool(d.leaver_destination) == bool(d.reason_for_leaving) == left
    assert set(details) == {w.pk for w in _social_workers()}


def test_every_social_worker_s_registration_number_is_in_the_register_s_format(
    workforce: None,
) -> None:
    for w in _social_workers():
        assert not rules.registration_number_format(w.registration_number), w.registration_number


def _digest(models: list[type[Model]]) -> dict[str, str]:
    out = {}
    for model in models:
        h = hashlib.blake2b(digest_size=16)
        for row in model._default_manager.order_by("pk").values_list().iterator():
            h.update(repr(row).encode())
        out[model._meta.label] = h.hexdigest()
    return out


def _workforce_rows() -> list[tuple[object, ...]]:
    posts = {p.pk: p.reference for p in Post.objects.all()}
    return [
        *Post.objects.order_by("reference").values_list(
            "team_id", "reference", "role", "funded_fte", "start_date", "end_date"
        ),
        *sorted(
            (posts[post_id], *rest)
            for post_id, *rest in PostHolding.objects.values_list(
                "post_id", "worker_id", "basis", "fte", "start_date", "end_date"
            )
        ),
        *WorkerDetails.objects.order_by("worker_id").values_list(),
        *Absence.objects.order_by("worker_id", "start_date").values_list(
            "worker_id", "reason", "start_date", "end_date", "working_days_lost"
        ),
    ]


def test_writing_the_workforce_changes_nothing_else_and_is_the_same_each_time(
    workforce: None,
) -> None:
    first = _workforce_rows()
    for model in WORKFORCE_MODELS:
        model.objects.all().delete()
    others = [
        m
        for m in apps.get_models()
        if m._meta.app_label != "workforce" and m._meta.managed and not m._meta.proxy
    ]
    before = _digest(others)
    rows = give_workforce(SEED, SCALE, AS_OF)
    assert _digest(others) == before
    assert _workforce_rows() == first
    assert rows == {
        "workforce.post": Post.objects.count(),
        "workforce.postholding": PostHolding.objects.count(),
        "workforce.workerdetails": WorkerDetails.objects.count(),
        "workforce.absence": Absence.objects.count(),
    }
