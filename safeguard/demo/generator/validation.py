"""Check every generated child against the statutory rules before anything is written.

The generator writes in bulk rather than through `cases.services` (one service call per row
would take hours at full scale), so it calls the same pure rules from `cases.workflow.rules`
on the in-memory facts, at the moment each piece of work would have been recorded. The few
checks that live in the services rather than in `rules` (one open referral, one open plan of
each kind, one open period of care) are repeated here with the services' rule names.
Any violation stops the generator: a demo that breaks the rules would hide bugs elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from safeguard.cases.workflow import rules
from safeguard.cases.workflow.rules import (
    ChildFacts,
    ConferenceFacts,
    OpenWork,
    ReferralFacts,
    RuleViolation,
    Violation,
)
from safeguard.common import codes

from .records import (
    AssessmentRow,
    ChildHistory,
    CinPlanRow,
    ConferenceRow,
    EnquiryRow,
    PlanRow,
    ReferralRow,
    StrategyDiscussionRow,
)

FACTOR_CODES = frozenset(codes.AssessmentFactor.values)


class GeneratedChildBrokeRules(RuleViolation):
    """The generator produced a history that the statutory rules refuse."""

    def __init__(self, index: int, violations: Iterable[Violation]) -> None:
        super().__init__(violations)
        self.message = f"Generated child #{index} breaks the rules: {self.message}"

    def __str__(self) -> str:
        return self.message


def _violation(rule: str, message: str, field: str) -> Violation:
    return Violation(rule, message, (field,))


def _open_on(start: date, end: date | None, on: date) -> bool:
    """Open on `on` for a new record made that day: started by then and not yet ended."""
    return start <= on and (end is None or end > on)


def validate_child(h: ChildHistory, as_of: date) -> None:
    """Raise GeneratedChildBrokeRules if any generated record breaks a rule."""
    v: list[Violation] = []
    child = h.child
    facts = ChildFacts(child.date_of_birth, child.expected_date_of_birth, None)

    work: dict[str, date | None] = {}
    care: dict[str, date | None] = {}
    for i, c in enumerate(h.contacts):
        work[f"received_at[{i}]"] = c.received_at.date()
        if (c.decided_at is None) != (c.decision == ""):
            v.append(_violation("contact_decision_has_date", "Decision without date.", "decision"))
        if c.decided_at is not None:
            work[f"decided_at[{i}]"] = c.decided_at.date()
            if c.decided_at < c.received_at:
                v.append(
                    _violation(
                        "contact_decided_after_received",
                        "The decision cannot be made before the contact was received.",
                        "decided_at",
                    )
                )
    for i, visit in enumerate(h.visits):
        target = care if visit.kind == codes.VisitKind.LAC_VISIT else work
        target[f"visit_date[{i}]"] = visit.visit_date
        born = child.date_of_birth
        v += rules.visit_seen_consistent(
            child_seen=visit.child_seen,
            seen_alone=visit.seen_alone,
            not_seen_reason=visit.not_seen_reason,
            child_born=born is not None and born <= visit.visit_date,
        )
    for i, note in enumerate(h.case_notes):
        work[f"event_date[{i}]"] = note.event_date
    for i, a in enumerate(h.allocations):
        work[f"start_date[allocation {i}]"] = a.start_date

    _referrals(h, v, work)
    _protection(h, v, work)
    _children_in_need(h, v, work)
    _care(h, v, care)
    _allocations(h, v)

    v += rules.dates_not_in_future(as_of, work)
    v += rules.dates_not_in_future(as_of, care)
    v += rules.dates_not_before_birth(facts, work, pre_birth_work=True)
    v += rules.dates_not_before_birth(facts, care, pre_birth_work=False)
    if v:
        raise GeneratedChildBrokeRules(h.index, v)


def _referrals(h: ChildHistory, v: list[Violation], work: dict[str, date | None]) -> None:
    by_referral: dict[ReferralRow, list[AssessmentRow]] = {r: [] for r in h.referrals}
    for a in h.assessments:
        by_referral[a.referral].append(a)
    previous: ReferralRow | None = None
    for i, r in enumerate(sorted(h.referrals, key=lambda r: r.referral_date)):
        work[f"referral_date[{i}]"] = r.referral_date
        work[f"closure_date[{i}]"] = r.closure_date
        if previous is not None and (
            previous.closure_date is None or previous.closure_date >= r.referral_date
        ):
            v.append(
                _violation(
                    "one_open_referral",
                    "The child already has an open referral (census rule 8820).",
                    "referral_date",
                )
            )
        if r.contact is not None and r.contact.decision != codes.ContactDecision.REFERRAL:
            v.append(
                _violation(
                    "referral_needs_referral_decision",
                    "A referral opens from a contact only when it was decided as a referral.",
                    "contact",
                )
            )
        facts = ReferralFacts(r.referral_date, r.closure_date)
        for j, a in enumerate(by_referral[r]):
            v += rules.within_open_referral(facts, "start_date", a.start_date)
            v += rules.assessment_authorised_not_before_start(a.start_date, a.authorised_date)
            v += rules.not_before(
                earlier=("start_date", a.start_date),
                later=("submitted_date", a.submitted_date),
                rule="assessment_completed_not_before_start",
            )
            v += rules.not_before(
                earlier=("submitted_date", a.submitted_date),
                later=("authorised_date", a.authorised_date),
                rule="assessment_authorised_after_completed",
            )
            if a.authorised_date is not None and a.submitted_date is None:
                v.append(
                    _violation(
                        "assessment_authorised_after_completed",
                        "An assessment is authorised only once completed.",
                        "authorised_date",
                    )
                )
            if a.submitted_date is not None:
                v += rules.assessment_factors_valid(a.factors, FACTOR_CODES)
                if not a.factors:
                    v.append(_violation("assessment_factors_required", "No factors.", "factors"))
            for other in by_referral[r][:j]:
                if other.authorised_date is None or other.authorised_date > a.start_date:
                    v.append(
                        _violation(
                            "one_open_assessment",
                            "An assessment is already in progress in this referral.",
                            "start_date",
                        )
                    )
            work[f"start_date[assessment {i}.{j}]"] = a.start_date
            work[f"submitted_date[{i}.{j}]"] = a.submitted_date
            work[f"authorised_date[{i}.{j}]"] = a.authorised_date
            work[f"child_seen_date[{i}.{j}]"] = a.child_seen_date
        if r.closure_date is not None:
            v += rules.referral_can_close(
                ReferralFacts(r.referral_date, None),
                r.closure_date,
                r.closure_reason,
                _open_work(h, r, r.closure_date),
            )
        elif r.closure_reason:
            v.append(_violation("referral_closure_needs_date", "Reason without date.", "closure"))
        previous = r


def _open_work(h: ChildHistory, r: ReferralRow, on: date) -> OpenWork:
    """What was open inside referral `r` when it closed on `on` (as `services._open_work`)."""
    assessments = [a for a in h.assessments if a.referral is r]
    enquiries = [e for e in h.enquiries if e.referral is r]
    conferences = [c for c in h.conferences if c.referral is r]
    plans = [p for p in h.plans if p.referral is r]
    cin_plans = [p for p in h.cin_plans if p.referral is r]
    latest = [
        *(a.authorised_date for a in assessments),
        *(a.start_date for a in assessments),
        *(e.completed_date for e in enquiries),
        *(c.conference_date for c in conferences),
        *(p.end_date for p in plans),
        *(p.end_date for p in cin_plans),
    ]

    def still_open(end: date | None) -> bool:
        return end is None or end > on

    return OpenWork(
        assessments_unauthorised=sum(1 for a in assessments if still_open(a.authorised_date)),
        section47_enquiries_open=sum(1 for e in enquiries if still_open(e.completed_date)),
        protection_plans_open=sum(1 for p in plans if still_open(p.end_date)),
        cin_plans_open=sum(1 for p in cin_plans if still_open(p.end_date)),
        latest_activity=max((d for d in latest if d is not None), default=None),
    )


def _protection(h: ChildHistory, v: list[Violation], work: dict[str, date | None]) -> None:
    discussions: list[StrategyDiscussionRow] = h.strategy_discussions
    for i, s in enumerate(discussions):
        work[f"discussion_date[{i}]"] = s.discussion_date
        facts = ReferralFacts(s.referral.referral_date, s.referral.closure_date)
        if s.section47_started:
            v += rules.section47_requires_open_referral(facts, s.discussion_date)
        else:
            v += rules.within_open_referral(facts, "discussion_date", s.discussion_date)
    enquiries: list[EnquiryRow] = h.enquiries
    for i, e in enumerate(enquiries):
        work[f"completed_date[{i}]"] = e.completed_date
        if e.start_date != e.strategy_discussion.discussion_date:
            v.append(_violation("section47_starts_at_strategy", "Start date.", "start_date"))
        v += rules.not_before(
            earlier=("start_date", e.start_date),
            later=("completed_date", e.completed_date),
            rule="section47_completed_not_before_start",
        )
        for other in enquiries[:i]:
            if other.referral is e.referral and _open_on(
                other.start_date, other.completed_date, e.start_date
            ):
                v.append(_violation("one_open_section47", "Concurrent enquiries.", "start_date"))

    plan_of: dict[ConferenceRow, PlanRow] = {p.initial_conference: p for p in h.plans}
    reviews: dict[PlanRow, list[ConferenceRow]] = {p: [] for p in h.plans}
    for i, c in enumerate(h.conferences):
        work[f"conference_date[{i}]"] = c.conference_date
        referral = c.referral
        facts = ReferralFacts(referral.referral_date, referral.closure_date)
        if c.kind == "initial":
            if c.outcome not in ("plan", "no_plan") or c.enquiry is None:
                v.append(_violation("conference_outcome_fits_kind", "Initial.", "outcome"))
                continue
            v += rules.not_before(
                earlier=("start_date", c.enquiry.start_date),
                later=("conference_date", c.conference_date),
                rule="conference_not_before_section47",
            )
            v += rules.within_open_referral(facts, "conference_date", c.conference_date)
            plan = plan_of.get(c)
            if (plan is None) != (c.outcome != "plan"):
                v.append(_violation("plan_starts_at_initial_conference", "No plan.", "outcome"))
            if plan is not None:
                v += rules.plan_starts_at_initial_conference(
                    ConferenceFacts("initial", c.conference_date, c.outcome), plan.start_date
                )
                others = [
                    p
                    for p in h.plans
                    if p is not plan and _open_on(p.start_date, p.end_date, plan.start_date)
                ]
                v += rules.one_open_protection_plan(others[0].start_date if others else None)
        else:
            if c.plan is None or c.outcome not in ("continue_plan", "end_plan"):
                v.append(_violation("conference_review_has_plan", "Review.", "plan"))
                continue
            reviews[c.plan].append(c)
    for plan, plan_reviews in reviews.items():
        previous = plan.start_date
        for j, c in enumerate(sorted(plan_reviews, key=lambda c: c.conference_date)):
            if plan.end_date is not None and c.conference_date > plan.end_date:
                v.append(_violation("review_needs_open_plan", "Plan ended.", "plan"))
            v += rules.not_before(
                earlier=("start_date", previous),
                later=("conference_date", c.conference_date),
                rule="review_after_previous_conference",
            )
            last = j == len(plan_reviews) - 1
            ends = c.outcome == "end_plan"
            if ends != (last and plan.end_date == c.conference_date):
                v.append(_violation("plan_ends_at_review", "Plan end.", "end_date"))
            previous = c.conference_date
        if plan.end_date is not None and not plan_reviews:
            v.append(_violation("plan_ends_at_review", "Plan ended without review.", "end_date"))
    for i, g in enumerate(h.core_groups):
        work[f"meeting_date[{i}]"] = g.meeting_date
        v += rules.not_before(
            earlier=("start_date", g.plan.start_date),
            later=("meeting_date", g.meeting_date),
            rule="core_group_within_plan",
        )


def _children_in_need(h: ChildHistory, v: list[Violation], work: dict[str, date | None]) -> None:
    cin_plans: list[CinPlanRow] = h.cin_plans
    for i, p in enumerate(cin_plans):
        work[f"start_date[cin {i}]"] = p.start_date
        work[f"end_date[cin {i}]"] = p.end_date
        facts = ReferralFacts(p.referral.referral_date, p.referral.closure_date)
        v += rules.within_open_referral(facts, "start_date", p.start_date)
        v += rules.not_before(
            earlier=("start_date", p.start_date),
            later=("end_date", p.end_date),
            rule="cin_plan_end_not_before_start",
        )
        if any(_open_on(cp.start_date, cp.end_date, p.start_date) for cp in h.plans):
            v.append(
                _violation(
                    "cin_plan_not_during_protection_plan",
                    "The child is on a child protection plan (census rule 4003).",
                    "start_date",
                )
            )
        if any(
            _open_on(o.start_date, o.end_date, p.start_date) for o in cin_plans[:i] if o is not p
        ):
            v.append(_violation("one_open_cin_plan", "Already an open plan.", "start_date"))
    for i, review in enumerate(h.cin_reviews):
        work[f"review_date[cin {i}]"] = review.review_date
        v += rules.not_before(
            earlier=("start_date", review.plan.start_date),
            later=("review_date", review.review_date),
            rule="cin_review_within_plan",
        )


def _care(h: ChildHistory, v: list[Violation], care: dict[str, date | None]) -> None:
    periods = h.care_periods
    for i, p in enumerate(periods):
        care[f"start_date[care {i}]"] = p.start_date
        care[f"end_date[care {i}]"] = p.end_date
        if (p.end_date is None) != (p.reason_ceased == ""):
            v.append(_violation("care_end_needs_reason", "End and reason.", "reason_ceased"))
        if any(_open_on(o.start_date, o.end_date, p.start_date) for o in periods[:i]):
            v.append(_violation("one_open_care_period", "Already looked after.", "start_date"))
        placements = sorted(
            (pl for pl in h.placements if pl.period is p), key=lambda pl: pl.start_date
        )
        if not placements or placements[0].start_date != p.start_date:
            v.append(_violation("care_starts_with_placement", "First placement.", "start_date"))
        for j, pl in enumerate(placements):
            care[f"start_date[placement {i}.{j}]"] = pl.start_date
            v += rules.not_before(
                earlier=("start_date", pl.start_date),
                later=("end_date", pl.end_date),
                rule="placement_end_not_before_start",
            )
            following = placements[j + 1] if j + 1 < len(placements) else None
            expected_end = following.start_date if following else p.end_date
            if pl.end_date != expected_end:
                v.append(_violation("placement_after_previous", "Placements overlap.", "end_date"))
        if p.end_date is not None and placements:
            v += rules.not_before(
                earlier=("start_date", placements[-1].start_date),
                later=("end_date", p.end_date),
                rule="care_ends_after_last_placement",
            )
    for i, review in enumerate(h.care_reviews):
        care[f"review_date[care {i}]"] = review.review_date
        v += rules.not_before(
            earlier=("start_date", review.period.start_date),
            later=("review_date", review.review_date),
            rule="care_review_within_period",
        )


def _allocations(h: ChildHistory, v: list[Violation]) -> None:
    previous_end: date | None = None
    for i, a in enumerate(h.allocations):
        if i and (previous_end is None or previous_end > a.start_date):
            v.append(_violation("allocation_one_open", "Overlapping allocations.", "start_date"))
        v += rules.not_before(
            earlier=("start_date", a.start_date),
            later=("end_date", a.end_date),
            rule="allocation_end_not_before_start",
        )
        if a.worker is not None and a.worker.team is not a.team:
            v.append(_violation("allocation_worker_in_team", "Worker not in team.", "worker"))
        if a.worker is not None and (
            a.worker.started_on > a.start_date
            or (
                a.worker.left_on is not None
                and (a.end_date is None or a.end_date > a.worker.left_on)
            )
        ):
            v.append(_violation("allocation_worker_employed", "Worker not employed.", "worker"))
        previous_end = a.end_date
