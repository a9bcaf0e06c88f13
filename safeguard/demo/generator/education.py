"""The demo's looked-after children's education and the rest of what SSDA903 asks of them:
a personal education plan for each period of care of a child of 3 or over (most in place
within 20 working days, some late) with its termly reviews; some unaccompanied
asylum-seeking children (boys and a few girls of 14 to 17 when care began); a few girls who
are mothers; and convictions and substance misuse at about the national rates.

Drawn from a random stream of its own after the rest of the demo is built, so the rest is as
it was; every row is checked with the rules the services ask (`care.rules`). The rows are
written after the rest of the authority (`write_education`).

Rates (DfE, "Children looked after in England including adoptions", year ending 31 March
2025; docs/decisions/0003-demo-generator.md): about 8% of children looked after are
unaccompanied asylum-seeking children (6,540 of 81,770), most of them boys of 16 or 17;
of children looked after for 12 months, about 2% of those of 10 or over were convicted in
the year and about 3% were identified as having a substance misuse problem, about half of
whom received an intervention and a quarter refused one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random
from typing import Any

from django.db import transaction

from safeguard.care import models as care_models
from safeguard.care import rules
from safeguard.cases.workflow.rules import Violation
from safeguard.people.ages import age_on
from safeguard.timescales.clocks import CLOCKS
from safeguard.timescales.working_days import add_months, add_working_days

from .records import CarePeriodRow, ChildHistory
from .streams import substream

PEP_ON_TIME = 0.85
PEP_REVIEW_ON_TIME = 0.85
VIRTUAL_SCHOOL_AT_INITIAL = 0.6
VIRTUAL_SCHOOL_AT_REVIEW = 0.3
UASC_SHARE = 0.08
UASC_GIRLS = 0.08
MOTHER_SHARE = 0.02
# A year's chance, by age band, for a child looked after.
CONVICTED_A_YEAR = {range(10, 14): 0.008, range(14, 18): 0.035}
MISUSE_A_YEAR = {range(10, 13): 0.005, range(13, 18): 0.05}
INTERVENTIONS = (("received", 0.55), ("refused", 0.25), ("none", 0.20))
# Where a PEP names the school or setting: fictional, like every place in Northbridge.
_NURSERIES = ("Little Acorns Nursery", "Northbridge Children's Centre nursery")
_PRIMARIES = (
    "Riverside Primary School",
    "St Aldhelm's CE Primary School",
    "Castle Hill Primary School",
    "Brookfield Infant and Junior School",
)
_SECONDARIES = (
    "Northbridge Academy",
    "Castlegate High School",
    "St Cuthbert's Catholic High School",
    "Northbridge Pupil Referral Unit",
)
_COLLEGES = ("Northbridge College", "Northbridge Sixth Form College")
_PEP_NOTES = (
    "Targets: reading age, attendance above 95%. Pupil premium plus for one-to-one tutoring.",
    "Settled at school; designated teacher to meet the carer half-termly. Maths catch-up "
    "sessions agreed.",
    "Transition support to the new school agreed; mentor in place.",
    "EHCP review due next term; speech and language support continues.",
)
_CONVICTION_NOTES = (
    "Youth court: referral order, 6 months.",
    "Youth court: youth rehabilitation order with supervision.",
    "Youth court: conditional discharge.",
)
_MISUSE_NOTES = (
    "Cannabis use identified by the carer; referred to the young people's substance misuse "
    "service.",
    "Alcohol use discussed at the health assessment; advice and a referral offered.",
)


@dataclass(slots=True, eq=False)
class EducationRows:
    """What `give_education` draws, keyed to the generator's own rows until written."""

    plans: list[tuple[ChildHistory, CarePeriodRow, dict[str, Any]]] = field(default_factory=list)
    uasc: list[tuple[ChildHistory, CarePeriodRow, date | None]] = field(default_factory=list)
    mothers: list[tuple[ChildHistory, CarePeriodRow, date]] = field(default_factory=list)
    convictions: list[tuple[ChildHistory, CarePeriodRow, date, str]] = field(default_factory=list)
    misuse: list[tuple[ChildHistory, CarePeriodRow, date, str, str]] = field(default_factory=list)


def _check(found: list[Violation], what: str) -> None:
    if found:
        raise AssertionError(f"demo {what} breaks {[v.rule for v in found]}")


def _school(age: int | None, rng: Random) -> str:
    if age is None or age < 5:
        return rng.choice(_NURSERIES)
    if age < 11:
        return rng.choice(_PRIMARIES)
    if age < 16:
        return rng.choice(_SECONDARIES)
    return rng.choice(_COLLEGES)


def _plans(
    h: ChildHistory, period: CarePeriodRow, rng: Random, as_of: date, out: EducationRows
) -> None:
    born = h.child.date_of_birth
    last = min(period.end_date or as_of, as_of)
    starts = period.start_date
    if born is not None:
        starts = max(starts, add_months(born, 12 * rules.PEP_YOUNGEST))
    due = CLOCKS["lac_pep"].due_from(starts)
    if rng.random() < PEP_ON_TIME:
        meeting = add_working_days(starts, rng.randint(5, 20))
    else:
        meeting = add_working_days(due, rng.randint(1, 30))
    kind = care_models.PersonalEducationPlan.Kind.INITIAL.value
    initial: date | None = None
    while meeting <= last:
        _check(
            rules.care_record_date_within_period(
                period.start_date, period.end_date, "meeting_date", meeting
            )
            + rules.pep_from_age_3(born, meeting)
            + rules.pep_review_after_initial(initial, kind, meeting),
            "personal education plan",
        )
        involved = VIRTUAL_SCHOOL_AT_INITIAL if initial is None else VIRTUAL_SCHOOL_AT_REVIEW
        out.plans.append(
            (
                h,
                period,
                {
                    "kind": kind,
                    "meeting_date": meeting,
                    "school": _school(age_on(born, meeting), rng),
                    "virtual_school_involved": rng.random() < involved,
                    "notes": rng.choice(_PEP_NOTES),
                },
            )
        )
        initial = initial or meeting
        kind = care_models.PersonalEducationPlan.Kind.REVIEW.value
        review_due = add_months(meeting, 4)
        if rng.random() < PEP_REVIEW_ON_TIME:
            meeting = review_due - timedelta(days=rng.randint(0, 45))
        else:
            meeting = review_due + timedelta(days=rng.randint(1, 50))


def _uasc_candidates(children: list[ChildHistory]) -> list[tuple[ChildHistory, CarePeriodRow]]:
    """Periods a UASC's could plausibly be: begun at 14 to 17, never placed with parents, and
    not of a child of White British or Irish heritage."""
    found = []
    for h in children:
        born = h.child.date_of_birth
        if born is None or h.child.ethnicity in {"WBRI", "WIRI", "WIRT"}:
            continue
        for period in h.care_periods:
            age = age_on(born, period.start_date)
            with_parents = any(
                p.period is period and p.placement_type == "P1" for p in h.placements
            )
            if age is not None and 14 <= age <= 17 and not with_parents:
                found.append((h, period))
    return found


def _give_uasc(children: list[ChildHistory], seed: int, as_of: date, out: EducationRows) -> None:
    rng = substream(seed, "care-uasc")
    periods = sum(len(h.care_periods) for h in children)
    candidates = _uasc_candidates(children)
    boys = [c for c in candidates if c[0].child.sex == "M"]
    girls = [c for c in candidates if c[0].child.sex == "F"]
    wanted = round(UASC_SHARE * periods)
    chosen = rng.sample(boys, min(len(boys), round(wanted * (1 - UASC_GIRLS))))
    chosen += rng.sample(girls, min(len(girls), round(wanted * UASC_GIRLS)))
    for h, period in chosen:
        born = h.child.date_of_birth
        assert born is not None
        eighteenth = add_months(born, 12 * rules.UASC_UNTIL)
        ceased = eighteenth if eighteenth <= as_of else None
        _check(rules.uasc_ceased_fits(period.start_date, born, ceased), "UASC status")
        # An unaccompanied child had no home in England when care began (HOME_POST is blank,
        # so the validator computes no distance: its rule 406).
        period.home_postcode = ""
        out.uasc.append((h, period, ceased))


def _give_mothers(children: list[ChildHistory], seed: int, as_of: date, out: EducationRows) -> None:
    """A few girls whose first child was born while they were looked after, at 15 or over,
    on or before the day their latest placement in that period began (so the birth is never
    after an episode the return ends: the validator's rule 625)."""
    rng = substream(seed, "care-mothers")
    candidates = []
    for h in children:
        born = h.child.date_of_birth
        if h.child.sex != "F" or born is None:
            continue
        for period in h.care_periods:
            own = [p for p in h.placements if p.period is period]
            earliest = max(period.start_date, add_months(born, 12 * 15))
            latest = min(period.end_date or as_of, as_of)
            if len(own) > 1:
                latest = min(latest, max(p.start_date for p in own))
            if earliest < latest:
                candidates.append((h, period, earliest, latest))
                break
    girls_in_care = sum(1 for h in children if h.child.sex == "F" and h.care_periods)
    wanted = max(1, round(MOTHER_SHARE * girls_in_care)) if candidates else 0
    for h, period, earliest, latest in rng.sample(candidates, min(wanted, len(candidates))):
        first_born = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
        _check(
            rules.mother_is_female(h.child.sex)
            + rules.mother_old_enough(h.child.date_of_birth, first_born),
            "motherhood",
        )
        out.mothers.append((h, period, first_born))


def _chance(table: dict[range, float], age: int | None) -> float:
    return next((p for ages, p in table.items() if age is not None and age in ages), 0.0)


def _give_offending_and_misuse(
    children: list[ChildHistory], seed: int, as_of: date, out: EducationRows
) -> None:
    """Year by year of each period of care: a conviction and a substance misuse problem
    identified at the year's rates for the child's age."""
    for h in children:
        born = h.child.date_of_birth
        if born is None or not h.care_periods:
            continue
        rng = substream(seed, "care-oc2", h.index)
        for period in h.care_periods:
            last = min(period.end_date or as_of, as_of)
            year_start = period.start_date
            while year_start <= last:
                year_end = min(add_months(year_start, 12) - timedelta(days=1), last)
                on = year_start + timedelta(days=rng.randint(0, (year_end - year_start).days))
                age = age_on(born, on)
                if rng.random() < _chance(CONVICTED_A_YEAR, age):
                    _check(
                        rules.care_record_date_within_period(
                            period.start_date, period.end_date, "convicted_on", on
                        )
                        + rules.conviction_age_10_or_over(born, on),
                        "conviction",
                    )
                    out.convictions.append((h, period, on, rng.choice(_CONVICTION_NOTES)))
                if rng.random() < _chance(MISUSE_A_YEAR, age):
                    draw, intervention = rng.random(), "none"
                    for name, share in INTERVENTIONS:
                        if draw < share:
                            intervention = name
                            break
                        draw -= share
                    out.misuse.append((h, period, on, intervention, rng.choice(_MISUSE_NOTES)))
                year_start = add_months(year_start, 12)


def give_education(children: list[ChildHistory], seed: int, as_of: date) -> EducationRows:
    """Everything above, up to `as_of`, checked; call before the authority is written (a
    UASC's period of care has no home postcode)."""
    out = EducationRows()
    for h in children:
        if not h.care_periods:
            continue
        rng = substream(seed, "care-education", h.index)
        for period in h.care_periods:
            _plans(h, period, rng, as_of, out)
    _give_uasc(children, seed, as_of, out)
    _give_mothers(children, seed, as_of, out)
    _give_offending_and_misuse(children, seed, as_of, out)
    return out


def _bulk(model: type[Any], rows: Iterable[dict[str, Any]]) -> int:
    made = [model(**row) for row in rows]
    model.objects.bulk_create(made, batch_size=2000)
    return len(made)


def write_education(rows: EducationRows) -> dict[str, int]:
    """Write the rows, once the children and periods have their ids; rows per model."""
    with transaction.atomic():
        return {
            "care.PersonalEducationPlan": _bulk(
                care_models.PersonalEducationPlan,
                ({"child_id": h.child.id, "period_id": p.id, **plan} for h, p, plan in rows.plans),
            ),
            "care.UascStatus": _bulk(
                care_models.UascStatus,
                (
                    {"child_id": h.child.id, "period_id": p.id, "ceased_on": ceased}
                    for h, p, ceased in rows.uasc
                ),
            ),
            "care.Motherhood": _bulk(
                care_models.Motherhood,
                (
                    {"child_id": h.child.id, "period_id": p.id, "first_child_born_on": born}
                    for h, p, born in rows.mothers
                ),
            ),
            "care.Conviction": _bulk(
                care_models.Conviction,
                (
                    {"child_id": h.child.id, "period_id": p.id, "convicted_on": on, "notes": notes}
                    for h, p, on, notes in rows.convictions
                ),
            ),
            "care.SubstanceMisuse": _bulk(
                care_models.SubstanceMisuse,
                (
                    {
                        "child_id": h.child.id,
                        "period_id": p.id,
                        "identified_on": on,
                        "intervention": intervention,
                        "notes": notes,
                    }
                    for h, p, on, intervention, notes in rows.misuse
                ),
            ),
        }
