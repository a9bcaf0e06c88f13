"""Children's journeys through the statutory steps, generated as in-memory rows.

Each child is simulated on their own random stream, forward in time from their first contact:
front door, referral, assessment, strategy discussion and section 47 enquiry, conferences,
plans, care, closure, and perhaps a later referral. Dates are planned in full and every row
is recorded as it stood on the as-of date: work planned after it is not written, and ends
that fall after it are left open. A journey planned consistently is therefore consistent at
any cut-off, which is what lets the rules in `cases.workflow.rules` hold for every child.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from safeguard.common import codes
from safeguard.timescales.working_days import add_months, add_working_days, working_days_between

from . import assessment_texts, care, children_in_need, protection, texts
from . import calibration as cal
from .records import (
    AssessmentRow,
    CaseNoteRow,
    CaseRun,
    ChildHistory,
    ConferenceRow,
    ContactRow,
    EnquiryRow,
    PersonRow,
    ReferralRow,
    Segment,
    StrategyDiscussionRow,
    VisitRow,
)
from .streams import (
    Quantiles,
    Weighted,
    between,
    chance,
    exponential_days,
    pick,
    poisson,
)
from .timeline import (
    ONE_DAY,
    next_working_day,
    previous_working_day,
    years_between,
)

LONDON = ZoneInfo("Europe/London")

_SCHOOL_SOURCES = frozenset({"2A", "2B", "3C"})
# Police and hospitals report at any hour, weekends included; others on working days.
ANY_HOUR_SOURCES = frozenset({"6", "3E"})
_ANY_HOURS = (*range(0, 24), *range(9, 23), *range(14, 22))

SOURCES = Weighted(cal.CONTACT_SOURCE_WEIGHTS)
# Schools are shut for most of August, so fewer contacts come from them then.
SOURCES_AUGUST = Weighted(
    {k: (w * 0.2 if k in _SCHOOL_SOURCES else w) for k, w in cal.CONTACT_SOURCE_WEIGHTS.items()}
)
SOURCES_UNBORN = Weighted({"3F": 30, "3D": 20, "3B": 8, "6": 20, "5A": 10, "8": 7, "3A": 5})
DECISION_DELAYS = Weighted(cal.DECISION_DELAY_WORKING_DAYS)
NON_REFERRAL_DECISIONS = Weighted(cal.NON_REFERRAL_DECISIONS)
AGES = Weighted(cal.AGE_AT_FIRST_CONTACT_WEIGHTS)
ETHNICITIES = Weighted(cal.ETHNICITY_WEIGHTS)
PRIMARY_NEEDS = Weighted(cal.PRIMARY_NEED_WEIGHTS)
ASSESSMENT_DURATION = Quantiles(cal.ASSESSMENT_DURATION_KNOTS)
ASSESSMENT_OUTCOMES = Weighted(cal.ASSESSMENT_OUTCOME_WEIGHTS)
SECTION47_OUTCOMES = Weighted(cal.SECTION47_OUTCOME_WEIGHTS)
# What an assessment concludes after an enquiry that did not lead to a plan.
AFTER_ENQUIRY = {
    "substantiated_at_risk": Weighted(
        {"child_in_need_plan": 6, "no_further_action": 2, "early_help": 2}
    ),
    "substantiated_not_at_risk": Weighted({"child_in_need_plan": 7, "early_help": 3}),
    "not_substantiated": Weighted(
        {"no_further_action": 6, "early_help": 2.5, "child_in_need_plan": 1.5}
    ),
}

_RATIONALE: dict[str, str] = {
    codes.ContactDecision.NO_FURTHER_ACTION: "No role for children's social care.",
    codes.ContactDecision.ADVICE_AND_INFORMATION: "Below threshold: advice given to the referrer.",
    codes.ContactDecision.EARLY_HELP: "Family agreed to support from the early help service.",
    codes.ContactDecision.REFERRAL: "Threshold for a social work assessment met.",
}
_OPEN_CASE_RATIONALE = "Open case: information passed to the allocated social worker."

# Assessment factors, by what the assessment found (census N00181 codes).
_HARM_FACTORS = Weighted(
    {"3B": 30, "4B": 28, "17A": 22, "16A": 20, "2B": 15, "1B": 13, "18C": 9, "3A": 8, "19C": 4,
     "5B": 4, "6B": 3, "23A": 1, "22A": 1, "20": 6}
)  # fmt: skip
_NEED_FACTORS = Weighted(
    {"4B": 20, "3B": 15, "6B": 8, "5B": 6, "7A": 4, "4A": 8, "16A": 6, "2B": 6, "1B": 5,
     "20": 12, "14A": 4}
)  # fmt: skip
_ADOLESCENT_FACTORS = Weighted(
    {"10A": 20, "11A": 10, "13A": 8, "14A": 14, "15A": 12, "24A": 12, "2A": 8, "4A": 14,
     "18B": 4, "19B": 3}
)  # fmt: skip
_DISABILITY_FACTORS = ("5A", "6A")

_LABEL_SOURCE = dict(codes.ReferralSource.choices)
_LABEL_NEED = dict(codes.PrimaryNeed.choices)
_LABEL_OUTCOME = {value: label.lower() for value, label in codes.AssessmentOutcome.choices}


def new_child(index: int, rng: random.Random, first_contact: date, as_of: date) -> Journey:
    """A child first known to the front door on `first_contact` (perhaps not yet born)."""
    age = AGES.pick(rng)
    expected: date | None = None
    if isinstance(age, int):
        born = first_contact - timedelta(days=age * 365 + between(rng, 0, 364))
    else:  # unborn: known to the front door before birth
        expected = first_contact + timedelta(weeks=between(rng, 4, 30))
        born = expected + timedelta(days=between(rng, -21, 14))
    return _journey(index, rng, born, expected, as_of)


def child_born(index: int, rng: random.Random, born: date, as_of: date) -> Journey:
    return _journey(index, rng, born, None, as_of)


def _journey(
    index: int, rng: random.Random, born: date, expected: date | None, as_of: date
) -> Journey:
    is_born = born <= as_of
    child = PersonRow(
        first_name="",
        last_name="",
        date_of_birth=born if is_born else None,
        sex=pick(rng, ("M", "F")) if is_born else codes.Sex.UNKNOWN,
        ethnicity=ETHNICITIES.pick(rng),
        is_child=True,
        expected_date_of_birth=None if is_born else expected,
    )
    history = ChildHistory(index=index, child=child)
    history.disabled = is_born and chance(rng, cal.DISABILITY_RATE)
    return Journey(history, rng, as_of, born)


class Journey:
    """Builds one child's history, step by step; rows after the as-of date are never made."""

    def __init__(self, history: ChildHistory, rng: random.Random, as_of: date, born: date) -> None:
        self.h = history
        self.rng = rng
        self.as_of = as_of
        self.born = born
        self.eighteenth = add_months(born, 18 * 12)
        self.last_day = previous_working_day(self.eighteenth - ONE_DAY)
        self.previous_plans = 0
        # One independent chair follows the child through a plan's conferences.
        self.chair_key = between(rng, 0, 999_999)
        # The episode being built.
        self.referral: ReferralRow | None = None
        self.segments: list[Segment] = []
        self.latest = born
        self.base_kind = "assessment"
        self.care_leaver_from: date | None = None
        # The enquiry whose initial conference is being planned.
        self.enquiry: EnquiryRow | None = None
        # For a child already in care when the simulation starts: how that care ends.
        self.care_exit: care.CareExit | None = None

    # --- small helpers ------------------------------------------------------------------------

    def upto(self, d: date | None) -> date | None:
        """The date if it has happened by the as-of date, else None (still open)."""
        return d if d is not None and d <= self.as_of else None

    def born_by(self, d: date) -> bool:
        return self.born <= d

    def age_on(self, d: date) -> int:
        return years_between(self.born, d) if self.born <= d else -1

    def touch(self, d: date) -> None:
        """Note work inside the episode on `d`: the referral cannot close before it."""
        if d > self.latest:
            self.latest = d

    def note(self, d: date, subject: str, body: str) -> None:
        if d <= self.as_of:
            self.h.case_notes.append(CaseNoteRow(d, subject, body))

    def segment(self, start: date, kind: str, needs_worker: bool, reason: str) -> None:
        if self.base_kind == "disabled_children" and kind != "care_leavers":
            kind = "disabled_children"
        self.segments.append(Segment(start, kind, needs_worker, reason))

    def visit(self, kind: str, d: date, *, seen_rate: float, notes: tuple[str, ...]) -> None:
        rng = self.rng
        if not self.born_by(d):
            self.h.visits.append(VisitRow(kind, d, False, False, texts.PRE_BIRTH_VISIT, ""))
        elif chance(rng, seen_rate):
            alone = self.age_on(d) >= 4 and chance(rng, cal.SEEN_ALONE_RATE)
            self.h.visits.append(VisitRow(kind, d, True, alone, "", pick(rng, notes)))
        else:
            reason = pick(rng, texts.NOT_SEEN_REASONS)
            self.h.visits.append(
                VisitRow(kind, d, False, False, reason, pick(rng, texts.UNSEEN_VISIT_NOTES))
            )

    # --- front door --------------------------------------------------------------------------

    def pick_source(self, d: date) -> str:
        if not self.born_by(d):
            return SOURCES_UNBORN.pick(self.rng)
        return (SOURCES_AUGUST if d.month == 8 else SOURCES).pick(self.rng)

    def contact(self, day: date, source: str, decision: str, rationale: str) -> ContactRow | None:
        """A contact received on `day` (moved to a working day unless police or A&E)."""
        rng = self.rng
        if source in ANY_HOUR_SOURCES:
            hour = pick(rng, _ANY_HOURS)
        else:
            day = next_working_day(day)
            hour = between(rng, 8, 17)
        if day > self.as_of:
            return None
        minute = between(rng, 0, 59)
        received = datetime.combine(day, time(hour, minute), tzinfo=LONDON)
        delay = DECISION_DELAYS.pick(rng)
        decided_day = add_working_days(day, delay) if delay else next_working_day(day)
        if decided_day == day:
            minutes = min(hour * 60 + minute + between(rng, 20, 240), 23 * 60 + 59)
            decided = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=LONDON)
        else:
            at = time(between(rng, 9, 17), between(rng, 0, 59))
            decided = datetime.combine(decided_day, at, tzinfo=LONDON)
        referrer = texts.referrer_for(rng, source)
        row = ContactRow(
            received_at=received,
            source=source,
            referrer=referrer.text,
            concerns=texts.concerns_for(rng, unborn=not self.born_by(day)),
            referrer_role=referrer.role,
            referrer_organisation=referrer.organisation,
            referrer_relationship=referrer.relationship,
            referrer_anonymous=referrer.anonymous,
        )
        if decided_day <= self.as_of:
            row.decision = decision
            row.decided_at = decided
            row.decision_rationale = rationale
        self.h.contacts.append(row)
        return row

    def contacts_going_nowhere(self, after: date, before: date, count: int) -> None:
        """Contacts between two dates that the front door did not refer."""
        earliest = max(after + ONE_DAY, self.born - timedelta(weeks=38))
        span = (before - earliest).days
        if span <= 1 or count <= 0:
            return
        days = sorted(between(self.rng, 0, span - 1) for _ in range(count))
        for offset in days:
            d = earliest + timedelta(days=offset)
            if d > self.last_day:
                return
            decision = NON_REFERRAL_DECISIONS.pick(self.rng)
            self.contact(d, self.pick_source(d), decision, _RATIONALE[decision])

    def open_case_contacts(self, start: date, end: date) -> None:
        """Partners keep reporting while the case is open; the front door passes it on."""
        end = min(end, self.as_of, self.last_day)
        span = (end - start).days
        if span <= 7:
            return
        for _ in range(poisson(self.rng, cal.OPEN_CASE_CONTACTS_PER_YEAR * span / 365.25)):
            d = start + timedelta(days=between(self.rng, 1, span - 1))
            self.contact(
                d, self.pick_source(d), codes.ContactDecision.ADVICE_AND_INFORMATION,
                _OPEN_CASE_RATIONALE,
            )  # fmt: skip

    # --- the whole journey -------------------------------------------------------------------

    def run_front_door_only(self, first_contact: date) -> None:
        """A child every contact about whom goes nowhere."""
        d = first_contact
        for _ in range(1 + poisson(self.rng, 0.4)):
            if d > self.as_of or d > self.last_day:
                return
            decision = NON_REFERRAL_DECISIONS.pick(self.rng)
            self.contact(d, self.pick_source(d), decision, _RATIONALE[decision])
            d += timedelta(days=30 + exponential_days(self.rng, 240))

    def run(self, first_contact: date, *, care_start: date | None = None) -> None:
        """Referrals, one after another, until the child stops coming back, turns 18 or the
        as-of date is reached. `care_start` makes the first episode a child coming into care
        on that date (used for children looked after since before the simulated years)."""
        rng = self.rng
        t = first_contact
        previous_end = first_contact - timedelta(days=400)
        while True:
            # Too close to 18 for a children's social care referral: advice and signposting.
            if t > self.as_of or t > self.last_day - timedelta(days=120):
                if t <= self.last_day:
                    self.contacts_going_nowhere(t - ONE_DAY, t + timedelta(days=2), 1)
                return
            earlier = poisson(rng, cal.EARLIER_CONTACTS_PER_REFERRAL)
            self.contacts_going_nowhere(max(previous_end, t - timedelta(days=365)), t, earlier)
            source = self.pick_source(t)
            decision = codes.ContactDecision.REFERRAL
            contact = self.contact(t, source, decision, _RATIONALE[decision])
            if contact is None or contact.decided_at is None:
                return
            referral_date = contact.decided_at.astimezone(LONDON).date()
            closure, reason = self.episode(contact, referral_date, source, care_start)
            care_start = None
            if closure > self.as_of:
                return
            previous_end = closure
            comes_back = cal.RETURN_RATE_BY_CLOSURE[reason]
            if self.previous_plans and reason == "RC7":
                comes_back = cal.RETURN_RATE_AFTER_PLAN
            if not chance(rng, comes_back):
                return
            if chance(rng, cal.QUICK_RETURN_SHARE):
                gap = between(rng, 10, 300)
            else:
                gap = 340 + exponential_days(rng, cal.SLOW_RETURN_MEAN_MONTHS * 30.4)
            t = closure + timedelta(days=gap)

    # --- one episode (referral to closure) ---------------------------------------------------

    def primary_need(self) -> str:
        if self.h.disabled and chance(self.rng, 0.45):
            return codes.PrimaryNeed.N2
        need = PRIMARY_NEEDS.pick(self.rng)
        return codes.PrimaryNeed.N1 if need == codes.PrimaryNeed.N2 else need

    def episode(
        self, contact: ContactRow, r: date, source: str, care_start: date | None
    ) -> tuple[date, str]:
        """Plan one referral through to its closure; return the closure date and reason."""
        rng = self.rng
        need = self.primary_need()
        referral = ReferralRow(contact, r, source, need)
        self.h.referrals.append(referral)
        self.referral = referral
        self.segments = []
        self.latest = r
        self.care_leaver_from = None
        self.base_kind = "disabled_children" if need == codes.PrimaryNeed.N2 else "assessment"
        self.note(
            r, "Referral accepted",
            f"Referral from {_LABEL_SOURCE[source].lower()}; primary need: "
            f"{_LABEL_NEED[need].lower()}.",
        )  # fmt: skip

        if care_start is None and chance(rng, cal.REFERRAL_NFA_RATE):
            self.segment(r, "assessment", False, "Referral screened by the duty team")
            self.note(r, "Referral closed", "No further action: information and advice given.")
            # Decided within one working day of the referral (Working Together 2023, ch. 2;
            # census rule 8569 holds an authority to it across the start of the year).
            return self.close(add_working_days(r, between(rng, 0, 1)), "RC8", nfa=True)

        if chance(rng, 0.35):
            self.segment(r, "assessment", False, "Awaiting allocation")
            allocated = add_working_days(r, between(rng, 1, 8))
        else:
            allocated = r
        self.segment(allocated, "assessment", True, "Allocated for single assessment")

        # The assessment runs from the referral; its length is drawn from national spread.
        duration = max(1, round(ASSESSMENT_DURATION.sample(rng)))
        if r + timedelta(days=duration * 7 // 5 + 10) > self.last_day:
            duration = max(1, working_days_between(r, self.last_day) - 5)
        start = add_working_days(r, min(pick(rng, (0, 0, 0, 1, 2)), duration))
        authorised = add_working_days(r, duration)
        sent_before_authorised = between(rng, 0, 3)
        submitted = max(start, add_working_days(authorised, -sent_before_authorised))
        seen: date | None = None
        if chance(rng, cal.ASSESSMENT_CHILD_SEEN_RATE):
            span = working_days_between(start, submitted)
            candidate = add_working_days(start, between(rng, 1, span)) if span > 1 else submitted
            seen = candidate if self.born_by(candidate) else None
        self.touch(authorised)

        # Strategy discussion and section 47 enquiry, when harm is suspected.
        enquiry_outcome = ""
        conference: date | None = None
        plan = False
        s47_done = r
        # The day the assessment can conclude: after the referral's protection steps.
        concludes_from = r
        if care_start is None and chance(rng, self.section47_rate(need, r)):
            discussion = add_working_days(r, pick(rng, (0, 0, 1, 1, 2, 3, 5)))
            enquiry_outcome = SECTION47_OUTCOMES.pick(rng)
            again = self.previous_plans and chance(rng, cal.SECTION47_AT_RISK_AFTER_PLAN)
            if again and enquiry_outcome != "substantiated_at_risk":
                enquiry_outcome = "substantiated_at_risk"
            if enquiry_outcome == "substantiated_at_risk":
                days = (
                    between(rng, 6, 15)
                    if chance(rng, cal.ICPC_IN_TIME_RATE)
                    else between(rng, 16, 35)
                )
                conference = add_working_days(discussion, days)
                completed = add_working_days(discussion, between(rng, 3, days))
                plan_rate = cal.ICPC_PLAN_RATE_AFTER_PLAN if self.previous_plans else (
                    cal.ICPC_PLAN_RATE
                )  # fmt: skip
                plan = chance(rng, plan_rate) and conference < self.last_day - timedelta(days=30)
            else:
                completed = add_working_days(discussion, between(rng, 3, 20))
            s47_done = concludes_from = conference or completed
            self.strategy_and_enquiry(discussion, completed, enquiry_outcome, conference, plan=plan)
        elif care_start is None and chance(rng, cal.STRATEGY_WITHOUT_SECTION47_RATE):
            discussion = add_working_days(r, between(rng, 1, 10))
            self.strategy_discussion(discussion, started=False)
            concludes_from = add_working_days(discussion, 1)
        # The workflow's order (`cases.workflow.what_follows`): an enquiry or an initial
        # conference without a plan leaves the assessment to decide what support follows,
        # so the assessment concludes after them, never before (a "no further action" the
        # day before a strategy discussion). A conference that starts a plan takes over.
        if not plan and authorised < concludes_from:
            authorised = concludes_from
            submitted = max(start, add_working_days(authorised, -sent_before_authorised))
            self.touch(authorised)

        # What the assessment concluded, and so what happens next.
        if care_start is not None:
            outcome = "looked_after"
        elif plan:
            outcome = codes.AssessmentOutcome.STRATEGY_DISCUSSION
        elif enquiry_outcome:
            outcome = AFTER_ENQUIRY[enquiry_outcome].pick(rng)
        else:
            outcome = ASSESSMENT_OUTCOMES.pick(rng)
            if outcome == "looked_after" and not chance(rng, self.care_from_assessment_rate(r)):
                outcome = "child_in_need_plan"
        care_date: date | None = care_start
        if outcome == "looked_after" and care_date is None:
            care_date = r + timedelta(days=between(rng, 1, max(1, (authorised - r).days)))
            if not self.born_by(care_date):
                outcome, care_date = "child_in_need_plan", None
        self.assessment(referral, start, seen, submitted, authorised, outcome, enquiry_outcome)

        after = max(authorised, s47_done)
        if care_date is not None:
            return self.close(*care.care_period(self, care_date, route="assessment"))
        if plan:
            assert conference is not None
            return self.close(*self.protection_plan(conference))
        if outcome == "child_in_need_plan":
            cin_start = add_working_days(after, between(rng, 0, 10))
            return self.close(*self.cin_plan(cin_start, escalate=True))
        closing = add_working_days(after, between(rng, 0, 10))
        # Census rule 2990: RC8 and RC9 say the case closed after the assessment alone; once
        # there was a section 47 enquiry, services ended for another reason (RC7).
        after_assessment_alone = not enquiry_outcome
        if outcome == "early_help":
            self.note(closing, "Case closed", "Stepped down to early help with consent.")
            return self.close(closing, "RC9" if after_assessment_alone else "RC7")
        if outcome == "services_ended":
            return self.close(closing, "RC7")
        self.note(closing, "Case closed", "Assessment complete: no further action.")
        return self.close(closing, "RC8" if after_assessment_alone else "RC7")

    def section47_rate(self, need: str, r: date) -> float:
        if not self.born_by(r):
            return cal.SECTION47_RATE_UNBORN
        if self.previous_plans:
            return cal.SECTION47_RATE_AFTER_PLAN
        if need == codes.PrimaryNeed.N1:
            return cal.SECTION47_RATE_ABUSE_OR_NEGLECT
        return cal.SECTION47_RATE

    def care_from_assessment_rate(self, r: date) -> float:
        # Children coming into care straight from an assessment are mostly adolescents.
        age = self.age_on(r)
        return 1.0 if age >= 12 else 0.6 if age <= 1 else 0.35

    def close(self, closure: date, reason: str, *, nfa: bool = False) -> tuple[date, str]:
        """Close the episode once its work is done (never before its last piece of work)."""
        closure = max(closure, self.latest)
        closure = min(closure, max(self.eighteenth, self.latest))
        moved_away = reason in ("RC7", "RC8", "RC9") and chance(
            self.rng, cal.CLOSURE_MOVED_AWAY_RATE
        )
        # Census rule 8873: a case closed after an assessment that found nothing stays RC8
        # (no further action leaves nothing to transfer to another authority).
        if moved_away and reason != "RC8":
            reason = "RC5"
        referral = self.referral
        assert referral is not None
        if closure <= self.as_of:
            referral.closure_date = closure
            referral.closure_reason = reason
            referral.no_further_action = nfa
        self.h.runs.append(CaseRun(self.segments, self.upto(closure)))
        if self.care_leaver_from is not None:
            leaver = Segment(
                self.care_leaver_from, "care_leavers", True, "Care leaver: personal adviser"
            )
            self.h.runs.append(CaseRun([leaver], self.upto(add_months(self.care_leaver_from, 36))))
        self.open_case_contacts(referral.referral_date, closure)
        return closure, reason

    # --- records inside an episode ----------------------------------------------------------

    def assessment(
        self,
        referral: ReferralRow,
        start: date,
        seen: date | None,
        submitted: date,
        authorised: date,
        outcome: str,
        enquiry_outcome: str,
    ) -> None:
        if start > self.as_of:
            return
        row = AssessmentRow(referral, start, child_seen_date=self.upto(seen))
        if submitted <= self.as_of:
            row.submitted_date = submitted
            row.factors = self.factors(outcome, enquiry_outcome, start)
            row.outcome = outcome if outcome in codes.AssessmentOutcome.values else (
                codes.AssessmentOutcome.NO_FURTHER_ACTION
            )  # fmt: skip
            row.sections = assessment_texts.assessment_write_up(
                child=self.h.index,
                start=start,
                age=self.age_on(start),
                seen=row.child_seen_date,
                factors=row.factors,
                outcome=row.outcome,
            )
        row.authorised_date = self.upto(authorised)
        self.h.assessments.append(row)
        if seen is not None and seen <= self.as_of:
            self.h.visits.append(
                VisitRow(
                    codes.VisitKind.ASSESSMENT_VISIT, seen, True, self.age_on(seen) >= 4,
                    "", "Assessment visit: child seen; wishes and feelings recorded",
                )
            )  # fmt: skip
        if row.authorised_date is not None:
            outcome_words = _LABEL_OUTCOME[row.outcome]
            self.note(authorised, "Assessment authorised", f"Outcome: {outcome_words}.")

    def factors(self, outcome: str, enquiry_outcome: str, d: date) -> list[str]:
        rng = self.rng
        if outcome == "no_further_action" and not enquiry_outcome and chance(rng, 0.45):
            return ["21"]
        if enquiry_outcome.startswith("substantiated") or outcome in (
            "strategy_discussion",
            "looked_after",
        ):
            table, count = _HARM_FACTORS, between(rng, 2, 4)
        else:
            table, count = _NEED_FACTORS, between(rng, 1, 3)
        chosen: list[str] = []
        if self.base_kind == "disabled_children":
            chosen.append(pick(rng, _DISABILITY_FACTORS))
        if self.age_on(d) >= 11 and chance(rng, 0.5):
            chosen.append(_ADOLESCENT_FACTORS.pick(rng))
        for _ in range(count * 3):
            if len(chosen) >= count:
                break
            factor = table.pick(rng)
            if factor not in chosen:
                chosen.append(factor)
        return chosen

    def strategy_discussion(self, d: date, *, started: bool) -> StrategyDiscussionRow | None:
        referral = self.referral
        assert referral is not None
        self.touch(d)
        if d > self.as_of:
            return None
        row = StrategyDiscussionRow(
            referral=referral,
            discussion_date=d,
            section47_started=started,
            agencies_present=pick(self.rng, texts.STRATEGY_AGENCIES),
            rationale="Reasonable cause to suspect significant harm."
            if started
            else "Threshold for a section 47 enquiry not met; continue the assessment.",
        )
        self.h.strategy_discussions.append(row)
        self.note(d, "Strategy discussion", row.rationale)
        return row

    def strategy_and_enquiry(
        self,
        discussion: date,
        completed: date,
        outcome: str,
        conference: date | None,
        *,
        plan: bool,
    ) -> None:
        """A strategy discussion starting a section 47 enquiry, and the initial conference if
        one is needed (a conference deciding on a plan is recorded with the plan)."""
        self.enquiry = None
        row = self.strategy_discussion(discussion, started=True)
        self.touch(completed)
        if row is None:
            return
        enquiry = EnquiryRow(row.referral, row, discussion)
        if completed <= self.as_of:
            enquiry.completed_date = completed
            enquiry.outcome = outcome
            enquiry.conference_required = outcome == "substantiated_at_risk"
        self.h.enquiries.append(enquiry)
        self.enquiry = enquiry
        if conference is not None and not plan:
            self.touch(conference)
            if conference <= self.as_of:
                self.h.conferences.append(
                    ConferenceRow(
                        "initial", row.referral, conference, "no_plan",
                        enquiry=enquiry, chair_key=self.chair_key,
                    )
                )  # fmt: skip
                self.note(conference, "Initial child protection conference", "No plan needed.")

    # --- later steps, in their own modules -------------------------------------------------

    def protection_plan(self, icpc: date) -> tuple[date, str]:
        return protection.protection_plan(self, icpc)

    def cin_plan(self, start: date, *, escalate: bool) -> tuple[date, str]:
        return children_in_need.cin_plan(self, start, escalate=escalate)
