"""The queue checked before it is written, as the database and the services would check it."""

from __future__ import annotations

from datetime import date, datetime

from safeguard.cases.workflow import rules
from safeguard.cases.workflow.rules import RuleViolation, Violation

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

    def before(rule: str, earlier: datetime, later: datetime | None, message: str) -> None:
        if later is not None and later < earlier:
            v.append(Violation(rule, message, ()))

    for c in rows.unmatched:
        if c.decision:
            v.append(Violation("contact_decided_about_a_child", "Decided unmatched.", ()))
    for c in rows.waiting:
        when("received_at", c.received_at)
        if c.decision or c.decided_at is not None:
            v.append(Violation("contact_waiting", "A waiting contact is decided.", ()))
        if bool(c.consent_override_reason) != (c.consent_overridden_at is not None) or (
            c.consent_overridden_at is not None and c.consent_overridden_by is None
        ):
            v.append(Violation("consent_override_reason", "Override without reason.", ()))
        before("consent_overridden_after_received", c.received_at, c.consent_overridden_at,
               "Consent overridden before the contact arrived.")  # fmt: skip
    latest: dict[int, ContactRatingRow] = {}
    for r in rows.ratings:
        when("rated_at", r.rated_at)
        before("rated_after_received", r.contact.received_at, r.rated_at, "Rated too early.")
        previous = latest.get(id(r.contact))
        if previous is None or r.rated_at >= previous.rated_at:
            latest[id(r.contact)] = r
    for r in latest.values():
        if r.contact.rag != r.rating:
            v.append(Violation("rag_is_latest_rating", "Contact's RAG is not the latest.", ()))
    for q in rows.requests:
        when("requested_at", q.requested_at)
        when("answered_at", q.answered_at)
        before("information_request_after_received", q.contact.received_at, q.requested_at,
               "Asked before the contact arrived.")  # fmt: skip
        before("information_request_answered_after_asked", q.requested_at, q.answered_at,
               "Answered before it was asked.")  # fmt: skip
        if (q.answered_at is None) != (q.answer == ""):
            v.append(Violation("information_request_answer", "Answer without a time.", ()))
    for f in rows.feedback:
        when("given_at", f.given_at)
        before("feedback_after_decision", f.contact.decided_at or f.contact.received_at,
               f.given_at, "Feedback before the decision.")  # fmt: skip
        if f.outcome != feedback_outcome(f.contact):
            v.append(Violation("feedback_matches_decision", "Feedback unlike the decision.", ()))
        if f.contact.referrer_anonymous:
            v.append(Violation("referrer_anonymous", "Feedback to an anonymous sender.", ()))
    v += rules.dates_not_in_future(as_of, dates)
    if v:
        raise RuleViolation(v)
