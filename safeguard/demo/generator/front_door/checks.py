"""The queue checked before it is written, as the database and the services would check it."""

from __future__ import annotations

from datetime import date, datetime

from safeguard.cases.workflow import rules
from safeguard.cases.workflow.rules import Rule, RuleViolation, Violation
from safeguard.front_door.models import ReferrerFeedback

from ..records import ContactRatingRow
from .waiting import LONDON, FrontDoorRows, feedback_outcome


def validate_front_door(rows: FrontDoorRows, as_of: date) -> None:
    """The database's constraints and the services' checks on the queue, before writing:
    an unmatched contact is undecided, nothing happens before the contact arrived or after
    the as-of date, an answer comes after its question, the latest rating is the contact's,
    and consent is overridden only with a reason."""
    v: list[Violation] = []
    dates: dict[str, date | None] = {}

    def when(label: str, at: datetime | None) -> None:
        if at is not None:
            dates[f"{label}[{len(dates)}]"] = at.astimezone(LONDON).date()

    def before(rule: Rule, earlier: datetime, later: datetime | None, message: str) -> None:
        if later is not None and later < earlier:
            v.append(Violation(rule, message, ()))

    for c in rows.unmatched:
        if c.decision:
            v += rules.contact_matched_before_decision(False)
    for c in rows.waiting:
        when("received_at", c.received_at)
        v += rules.contact_undecided(bool(c.decision) or c.decided_at is not None, "decision")
        if bool(c.consent_override_reason) != (c.consent_overridden_at is not None) or (
            c.consent_overridden_at is not None and c.consent_overridden_by is None
        ):
            v.append(Violation(Rule.CONSENT_OVERRIDE_RECORDED, "Override without reason.", ()))
        before(Rule.CONSENT_OVERRIDDEN_AFTER_RECEIVED, c.received_at, c.consent_overridden_at,
               "Consent overridden before the contact arrived.")  # fmt: skip
    latest: dict[int, ContactRatingRow] = {}
    for r in rows.ratings:
        when("rated_at", r.rated_at)
        before(Rule.RATED_AFTER_RECEIVED, r.contact.received_at, r.rated_at, "Rated too early.")
        previous = latest.get(id(r.contact))
        if previous is None or r.rated_at >= previous.rated_at:
            latest[id(r.contact)] = r
    for r in latest.values():
        if r.contact.rag != r.rating:
            v.append(Violation(Rule.RAG_IS_LATEST_RATING, "Contact's RAG is not the latest.", ()))
    for q in rows.requests:
        when("requested_at", q.requested_at)
        when("answered_at", q.answered_at)
        before(Rule.INFORMATION_REQUEST_AFTER_RECEIVED, q.contact.received_at, q.requested_at,
               "Asked before the contact arrived.")  # fmt: skip
        if q.answered_at is not None:
            v += rules.information_request_answered_after_asked(q.requested_at, q.answered_at)
        if (q.answered_at is None) != (q.answer == ""):
            v.append(Violation(Rule.INFORMATION_REQUEST_ANSWER, "Answer without a time.", ()))
    for f in rows.feedback:
        when("given_at", f.given_at)
        before(Rule.FEEDBACK_AFTER_DECISION, f.contact.decided_at or f.contact.received_at,
               f.given_at, "Feedback before the decision.")  # fmt: skip
        v += rules.referrer_feedback_allowed(
            anonymous=f.contact.referrer_anonymous,
            outcome=f.outcome,
            outcome_for_decision=feedback_outcome(f.contact),
            method_known=f.method in ReferrerFeedback.Method.values,
            received_at=f.contact.received_at,
            given_at=f.given_at,
        )
    v += rules.dates_not_in_future(as_of, dates)
    if v:
        raise RuleViolation(v)
