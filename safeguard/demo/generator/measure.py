"""The calibration figures of a generated authority, read from the in-memory histories.

The same definitions as the DfE's (year to the as-of date; stocks on the as-of date), so the
figures compare with the national ones in `calibration`. The tests recompute the main ones
from the database.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from statistics import median

from safeguard.timescales.working_days import add_months, working_days_between

from .organisation import Workforce
from .records import ChildHistory
from .timeline import Timeline


@dataclass(frozen=True)
class Figures:
    children_written: int
    contacts_in_year: int
    referrals_in_year: int
    referrals_per_10k: float
    re_referral_rate: float
    referral_nfa_rate: float
    assessments_within_45_days: float
    assessment_median_working_days: float
    section47_per_referral: float
    initial_conferences_per_section47: float
    plans_per_initial_conference: float
    plans_open: int
    plans_per_10k: float
    second_or_subsequent_plans: float
    plan_durations: dict[str, float]
    looked_after_open: int
    looked_after_per_10k: float
    looked_after_starts_per_10k: float
    children_in_need_per_10k: float
    caseload_per_fte: float
    agency_share_of_posts: float

    def as_lines(self) -> list[str]:
        lines = []
        for name, value in asdict(self).items():
            if isinstance(value, dict):
                lines += [f"{name}.{k}={v:.3f}" for k, v in value.items()]
            elif isinstance(value, float):
                lines.append(f"{name}={value:.3f}")
            else:
                lines.append(f"{name}={value}")
        return lines


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def duration_bucket(start: date, end: date) -> str:
    if end < add_months(start, 3):
        return "under_3_months"
    if end < add_months(start, 6):
        return "3_to_6_months"
    if end < add_months(start, 12):
        return "6_to_12_months"
    if end < add_months(start, 24):
        return "1_to_2_years"
    return "2_years_and_over"


def measure(
    children: list[ChildHistory], t: Timeline, population: int, workforce: Workforce
) -> Figures:
    as_of = t.as_of
    year_start = add_months(as_of, -12)
    per_10k = 10_000 / population

    def in_year(d: date | None) -> bool:
        return d is not None and year_start < d <= as_of

    contacts = referrals = re_referrals = nfa = 0
    assessed = in_time = 0
    durations: list[int] = []
    enquiries = conferences = plans_from_conference = 0
    plans_open = looked_after_open = care_starts = open_referrals = 0
    plan_starts = repeat_plans = 0
    ended: dict[str, int] = dict.fromkeys(
        ("under_3_months", "3_to_6_months", "6_to_12_months", "1_to_2_years", "2_years_and_over"),
        0,
    )
    for h in children:
        contacts += sum(1 for c in h.contacts if in_year(c.received_at.date()))
        dates = sorted(r.referral_date for r in h.referrals)
        for i, r in enumerate(dates):
            if in_year(r):
                referrals += 1
                if i and dates[i - 1] >= add_months(r, -12):
                    re_referrals += 1
        nfa += sum(1 for r in h.referrals if in_year(r.referral_date) and r.no_further_action)
        open_referrals += sum(1 for r in h.referrals if r.closure_date is None)
        for a in h.assessments:
            if in_year(a.authorised_date):
                assert a.authorised_date is not None
                days = working_days_between(a.referral.referral_date, a.authorised_date)
                assessed += 1
                in_time += days <= 45
                durations.append(days)
        enquiries += sum(1 for e in h.enquiries if in_year(e.start_date))
        for c in h.conferences:
            if c.kind == "initial" and in_year(c.conference_date):
                conferences += 1
                plans_from_conference += c.outcome == "plan"
        starts = sorted(p.start_date for p in h.plans)
        for i, s in enumerate(starts):
            if in_year(s):
                plan_starts += 1
                repeat_plans += i > 0
        for p in h.plans:
            if p.end_date is None:
                plans_open += 1
            elif in_year(p.end_date):
                ended[duration_bucket(p.start_date, p.end_date)] += 1
        for period in h.care_periods:
            looked_after_open += period.end_date is None
            care_starts += in_year(period.start_date)
    total_ended = sum(ended.values())
    # Cases per case-holding FTE (DfE workforce definition) and agency share, at the as-of date.
    in_post = [
        w
        for w in workforce.workers
        if w.role in ("social_worker", "senior_practitioner")
        and w.started_on <= as_of
        and (w.left_on is None or w.left_on > as_of)
    ]
    held = sum(
        1 for h in children for a in h.allocations if a.end_date is None and a.worker is not None
    )
    fte = sum(w.full_time_equivalent for w in in_post)
    return Figures(
        children_written=len(children),
        contacts_in_year=contacts,
        referrals_in_year=referrals,
        referrals_per_10k=referrals * per_10k,
        re_referral_rate=_share(re_referrals, referrals),
        referral_nfa_rate=_share(nfa, referrals),
        assessments_within_45_days=_share(in_time, assessed),
        assessment_median_working_days=float(median(durations)) if durations else 0.0,
        section47_per_referral=_share(enquiries, referrals),
        initial_conferences_per_section47=_share(conferences, enquiries),
        plans_per_initial_conference=_share(plans_from_conference, conferences),
        plans_open=plans_open,
        plans_per_10k=plans_open * per_10k,
        second_or_subsequent_plans=_share(repeat_plans, plan_starts),
        plan_durations={k: _share(v, total_ended) for k, v in ended.items()},
        looked_after_open=looked_after_open,
        looked_after_per_10k=looked_after_open * per_10k,
        looked_after_starts_per_10k=care_starts * per_10k,
        children_in_need_per_10k=open_referrals * per_10k,
        caseload_per_fte=held / fte if fte else 0.0,
        agency_share_of_posts=_share(sum(w.is_agency for w in in_post), len(in_post)),
    )
