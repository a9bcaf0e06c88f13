"""Check every generated child against the statutory rules before anything is written.

The generator writes in bulk rather than through `cases.services` (one service call per row
would take hours at full scale), so it calls the same pure rules from `cases.workflow.rules`
on the in-memory facts, at the moment each piece of work would have been recorded. What the
services guarantee by the way they write (a plan ends at a review, placements follow on) is
checked with the named rules for it too, and each strategy discussion is asked of
`cases.workflow.next_steps`, as the child record asks it before offering one. Any violation
stops the generator: a demo that breaks the rules would hide bugs elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from safeguard.cases.workflow import rules
from safeguard.cases.workflow.next_steps import (
    AssessmentState,
    CaseState,
    ReferralState,
    Step,
    next_steps,
)
from safeguard.cases.workflow.rules import (
    ChildFacts,
    ConferenceFacts,
    OpenWork,
    ReferralFacts,
    RuleViolation,
    Violation,
)
from safeguard.common import codes
from safeguard.timescales.working_days import add_months

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
from .timeline import ONE_DAY

FACTOR_CODES = frozenset(codes.AssessmentFactor.values)


class GeneratedChildBrokeRules(RuleViolation):
    """The generator produced a history that the statutory rules refuse."""

    def __init__(self, index: int, violations: Iterable[Violation]) -> None:
        super().__init__(violations)
        self.message = f"Generated child #{index} breaks the rules: {self.message}"

    def __str__(self) -> str:
        return self.message


class GeneratedStepNotOffered(ValueError):
    """The generator recorded a step the workflow would not have offered that day."""


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
        v += rules.contact_decision_has_date(c.decision, c.decided_at)
        if c.decided_at is not None:
            work[f"decided_at[{i}]"] = c.decided_at.date()
            v += rules.contact_decided_after_received(c.received_at, c.decided_at)
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

    _strategy_discussions_offered(h)
    _referrals(h, v, work)
    _protection(h, v, work)
    _children_in_need(h, v, work)
    _care(h, v, care, work)
    _allocations(h, v)

    v += rules.dates_not_in_future(as_of, work)
    v += rules.dates_not_in_future(as_of, care)
    v += rules.dates_not_before_birth(facts, work, pre_birth_work=True)
    v += rules.dates_not_before_birth(facts, care, pre_birth_work=False)
    if v:
        raise GeneratedChildBrokeRules(h.index, v)


def _known_by(d: date | None, on: date) -> date | None:
    return d if d is not None and d <= on else None


def _strategy_discussions_offered(h: ChildHistory) -> None:
    """Each strategy discussion is a step the workflow offers on its day, asked of the case
    as it stood that morning (`workflow.next_steps`, what the child record offers): the
    generator follows the workflow's sequence rather than writing its own."""
    for s in h.strategy_discussions:
        on, referral = s.discussion_date, s.referral
        assessments = tuple(
            AssessmentState(
                id=i,
                start_date=a.start_date,
                submitted_date=_known_by(a.submitted_date, on - ONE_DAY),
                authorised_date=_known_by(a.authorised_date, on - ONE_DAY),
                outcome=a.outcome if _known_by(a.authorised_date, on - ONE_DAY) else "",
            )
            for i, a in enumerate(h.assessments)
            if a.referral is referral and a.start_date <= on
        )
        state = CaseState(
            today=on,
            referral=ReferralState(0, referral.referral_date, _known_by(referral.closure_date, on)),
            assessments=assessments,
        )
        if Step.STRATEGY_DISCUSSION not in {step.step for step in next_steps(state)}:
            raise GeneratedStepNotOffered(
                f"Generated child #{h.index}: a strategy discussion on {on} that the workflow "
                "would not offer that day."
            )


def _referrals(h: ChildHistory, v: list[Violation], work: dict[str, date | None]) -> None:
    by_referral: dict[ReferralRow, list[AssessmentRow]] = {r: [] for r in h.referrals}
    for a in h.assessments:
        by_referral[a.referral].append(a)
    previous: ReferralRow | None = None
    for i, r in enumerate(sorted(h.referrals, key=lambda r: r.referral_date)):
        work[f"referral_date[{i}]"] = r.referral_date
        work[f"closure_date[{i}]"] = r.closure_date
        if previous is not None:
            # Stricter than the service, which allows a new referral on the day the last
            # closed: the generator never opens one the same day.
            v += rules.one_open_referral(
                previous.referral_date
                if previous.closure_date is None or previous.closure_date >= r.referral_date
                else None
            )
        if r.contact is not None:
            v += rules.referral_from_contact(same_child=True, contact_decision=r.contact.decision)
        facts = ReferralFacts(r.referral_date, r.closure_date)
        for j, a in enumerate(by_referral[r]):
            v += rules.within_open_referral(facts, "start_date", a.start_date)
            v += rules.assessment_authorised_not_before_start(a.start_date, a.authorised_date)
            v += rules.assessment_completed_not_before_start(a.start_date, a.submitted_date)
            v += rules.assessment_authorised_after_completed(a.submitted_date, a.authorised_date)
            if a.submitted_date is not None:
                v += rules.assessment_factors_valid(a.factors, FACTOR_CODES)
                v += rules.assessment_factors_given(a.factors)
                v += rules.assessment_sections_written(
                    a.sections, child_seen=a.child_seen_date is not None
                )
            v += rules.one_open_assessment(
                any(
                    other.authorised_date is None or other.authorised_date > a.start_date
                    for other in by_referral[r][:j]
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
        v += rules.referral_closure_has_date(r.closure_date, r.closure_reason)
        previous = r


def _open_work(h: ChildHistory, r: ReferralRow, on: date) -> OpenWork:
    """What was open inside referral `r` when it closed on `on`: the facts the service reads
    from the database for `rules.referral_can_close`, read from the rows in memory."""
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
        v += rules.section47_starts_at_strategy(e.strategy_discussion.discussion_date, e.start_date)
        v += rules.section47_completed_not_before_start(e.start_date, e.completed_date)
        v += rules.one_open_section47(
            any(
                other.referral is e.referral
                and _open_on(other.start_date, other.completed_date, e.start_date)
                for other in enquiries[:i]
            )
        )

    plan_of: dict[ConferenceRow, PlanRow] = {p.initial_conference: p for p in h.plans}
    reviews: dict[PlanRow, list[ConferenceRow]] = {p: [] for p in h.plans}
    for i, c in enumerate(h.conferences):
        work[f"conference_date[{i}]"] = c.conference_date
        referral = c.referral
        facts = ReferralFacts(referral.referral_date, referral.closure_date)
        misfit = rules.conference_outcome_fits_kind(
            c.kind, c.outcome, has_enquiry=c.enquiry is not None, has_plan=c.plan is not None
        )
        if misfit:
            v += misfit
            continue
        v += _conference_record(c)
        if c.kind == "initial":
            assert c.enquiry is not None  # conference_outcome_fits_kind
            v += rules.conference_not_before_section47(c.enquiry.start_date, c.conference_date)
            v += rules.within_open_referral(facts, "conference_date", c.conference_date)
            plan = plan_of.get(c)
            v += rules.initial_conference_started_a_plan(c.outcome, plan is not None)
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
            assert c.plan is not None  # conference_outcome_fits_kind
            reviews[c.plan].append(c)
    for plan, plan_reviews in reviews.items():
        previous = plan.start_date
        for j, c in enumerate(sorted(plan_reviews, key=lambda c: c.conference_date)):
            # The plan as it stood when the review met: ended only if it ended before then.
            ended_before = (
                plan.end_date if plan.end_date and plan.end_date < c.conference_date else None
            )
            v += rules.review_needs_open_plan(ended_before)
            v += rules.review_after_previous_conference(previous, c.conference_date)
            last = j == len(plan_reviews) - 1
            v += rules.plan_ends_at_review(
                ends_here=c.outcome == "end_plan",
                plan_ends_on_this_date=last and plan.end_date == c.conference_date,
            )
            previous = c.conference_date
        if plan.end_date is not None and not plan_reviews:
            v += rules.plan_ends_at_review(ends_here=False, plan_ends_on_this_date=True)
    for i, g in enumerate(h.core_groups):
        work[f"meeting_date[{i}]"] = g.meeting_date
        v += rules.core_group_within_plan(g.plan.start_date, g.meeting_date)


def _conference_record(c: ConferenceRow) -> list[Violation]:
    """Who took part and the plan and dates it set, as the conference services check them
    (`conferences.record_conferences` invented them)."""
    return (
        rules.conference_agencies_present(c.agencies_present)
        + rules.conference_attendees_given(c.attendees)
        + rules.conference_participation_given(c.parents_participation, c.child_participation)
        + rules.conference_plan_given(
            kind=c.kind,
            outcome=c.outcome,
            plan_outline=c.plan_outline,
            next_core_group_date=c.next_core_group_date,
            next_review_date=c.next_review_date,
        )
        + rules.conference_planned_dates(
            kind=c.kind,
            conference_date=c.conference_date,
            next_core_group_date=c.next_core_group_date,
            next_review_date=c.next_review_date,
        )
    )


def _children_in_need(h: ChildHistory, v: list[Violation], work: dict[str, date | None]) -> None:
    cin_plans: list[CinPlanRow] = h.cin_plans
    for i, p in enumerate(cin_plans):
        work[f"start_date[cin {i}]"] = p.start_date
        work[f"end_date[cin {i}]"] = p.end_date
        facts = ReferralFacts(p.referral.referral_date, p.referral.closure_date)
        v += rules.within_open_referral(facts, "start_date", p.start_date)
        v += rules.cin_plan_end_not_before_start(p.start_date, p.end_date)
        v += rules.cin_plan_not_during_protection_plan(
            any(_open_on(cp.start_date, cp.end_date, p.start_date) for cp in h.plans)
        )
        v += rules.one_open_cin_plan(
            any(
                _open_on(o.start_date, o.end_date, p.start_date)
                for o in cin_plans[:i]
                if o is not p
            )
        )
    for i, review in enumerate(h.cin_reviews):
        work[f"review_date[cin {i}]"] = review.review_date
        v += rules.cin_review_within_plan(review.plan.start_date, review.review_date)


def _care(
    h: ChildHistory,
    v: list[Violation],
    care: dict[str, date | None],
    work: dict[str, date | None],
) -> None:
    periods = h.care_periods
    born = h.child.date_of_birth
    fourth = add_months(born, 48) if born else None
    tenth = add_months(born, 120) if born else None
    for i, p in enumerate(periods):
        care[f"start_date[care {i}]"] = p.start_date
        care[f"end_date[care {i}]"] = p.end_date
        # A care plan may be agreed before the placement, even before a baby's birth.
        work[f"care_plan_date[care {i}]"] = p.care_plan_date
        v += rules.care_plan_before_care_ended(p.end_date, p.care_plan_date)
        v += rules.care_end_needs_reason(p.end_date, p.reason_ceased)
        v += rules.one_open_care_period(
            any(_open_on(o.start_date, o.end_date, p.start_date) for o in periods[:i])
        )
        placements = sorted(
            (pl for pl in h.placements if pl.period is p), key=lambda pl: pl.start_date
        )
        v += rules.care_starts_with_placement(
            p.start_date, placements[0].start_date if placements else None
        )
        for j, pl in enumerate(placements):
            care[f"start_date[placement {i}.{j}]"] = pl.start_date
            v += rules.placement_end_not_before_start(pl.start_date, pl.end_date)
            v += rules.placement_urn_format(pl.urn)
            v += rules.placement_urn_fits_type(pl.placement_type, pl.urn)
            v += rules.placement_urn_required(
                pl.placement_type, pl.urn, new_placement=pl.reason_new_episode != "L"
            )
            v += rules.placement_fits_legal_status(pl.placement_type, pl.legal_status)
            following = placements[j + 1] if j + 1 < len(placements) else None
            v += rules.placements_follow_on(
                pl.end_date, following.start_date if following else p.end_date
            )
            if following is not None:
                # What ended this episode is the next one's reason (SSDA903 RNE).
                temporary = {pl.placement_type, following.placement_type}
                v += rules.placement_move_reason(
                    following.reason_new_episode,
                    pl.reason_place_change,
                    temporary=bool(temporary & codes.TEMPORARY_PLACEMENT_TYPES),
                    tenth_birthday=tenth,
                    change_date=following.start_date,
                )
                v += rules.placement_move_planned(following.reason_new_episode, pl.move_planned)
        if p.end_date is not None and placements:
            v += rules.care_ends_after_last_placement(placements[-1].start_date, p.end_date)
    for i, review in enumerate(h.care_reviews):
        care[f"review_date[care {i}]"] = review.review_date
        v += rules.care_review_within_period(review.period.start_date, review.review_date)
        v += rules.care_review_before_care_ended(review.period.end_date, review.review_date)
        v += rules.care_review_participation_fits_age(
            fourth, review.review_date, review.participation
        )


def _allocations(h: ChildHistory, v: list[Violation]) -> None:
    previous_end: date | None = None
    for i, a in enumerate(h.allocations):
        if i:
            v += rules.allocation_one_open(previous_end, a.start_date)
        v += rules.allocation_end_not_before_start(a.start_date, a.end_date)
        if a.worker is not None:
            v += rules.allocation_worker_in_team(
                in_team=a.worker.team is a.team, worker="The worker", team="the team"
            )
            v += rules.allocation_worker_employed(
                started_on=a.worker.started_on,
                left_on=a.worker.left_on,
                start_date=a.start_date,
                end_date=a.end_date,
            )
        previous_end = a.end_date
