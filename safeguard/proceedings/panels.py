"""What the proceedings app adds to the child's record through the seam (`cases.extensions`):
a panel with the child's family group conferences and pre-proceedings, and each step in the
chronology. Both read `proceedings.selectors.proceedings_of_child`, within need to know and
kept on the child for the request: one query for a child with none of it, at most six
whatever the child's history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.urls import reverse

from safeguard.access.permissions import allowed
from safeguard.cases.extensions import ChronologyEvent, Panel
from safeguard.common.forms import day_text
from safeguard.common.types import AnyUser
from safeguard.people.models import Person

from . import selectors
from .models import FamilyGroupConference, PreProceedings

__all__ = ["ANCHOR", "proceedings_chronology", "proceedings_record_panel"]

TEMPLATE = "proceedings/record_panel.html"
ANCHOR = "proceedings"
TITLE = "Family group conferences and pre-proceedings"
# Conferences are the family's plan for the child; the legal planning meeting and what
# follows it are the council's decisions under the Public Law Outline.
CONFERENCE_KIND = "plan"
PROCEEDINGS_KIND = "decision"


def _offered_by(conference: FamilyGroupConference) -> str:
    if conference.offered_by is not None:
        return conference.offered_by.full_name
    partner = conference.offered_by_partner
    return partner.organisation.name if partner is not None else "Not known"


def _conference_rows(conference: FamilyGroupConference) -> list[tuple[str, str]]:
    rows = [("Offered", f"{day_text(conference.offered_on)} by {_offered_by(conference)}")]
    if conference.family_help is not None:
        rows.append(("For the family in", f"family help {conference.family_help.reference}"))
    if conference.answered_on is not None:
        rows.append(
            (
                "The family's answer",
                f"{conference.get_answer_display()} ({day_text(conference.answered_on)})",
            )
        )
    if conference.held_on is not None:
        coordinator = ", ".join(
            part
            for part in (conference.coordinator_name, conference.coordinator_organisation)
            if part
        )
        rows.append(("Held", f"{day_text(conference.held_on)}, coordinated by {coordinator}"))
        came = "; ".join(f"{a.name} ({a.relationship})" for a in conference.attendees.all())
        rows.append(("Family network who came", came))
    if conference.plan_agreed_on is not None:
        rows.append(("Family's plan agreed", day_text(conference.plan_agreed_on)))
        rows.append(("The plan", conference.family_plan))
        if conference.plan_review_on is not None:
            rows.append(("Plan to be reviewed", day_text(conference.plan_review_on)))
    return rows


def _pre_proceedings_rows(period: PreProceedings) -> list[tuple[str, str]]:
    rows = [
        ("Decided to start", f"{day_text(period.started_on)} (legal planning meeting)"),
        ("Family reference", period.plo_family_reference),
        (
            "Letter before proceedings",
            day_text(period.letter_sent_on) if period.letter_sent_on else "Not sent yet",
        ),
    ]
    if period.family_group_conference_offered is not None:
        offered = "Yes" if period.family_group_conference_offered else "No"
        rows.append(("Family group conference offered in the letter", offered))
    for meeting in period.meetings.all():
        rows.append((meeting.get_kind_display(), day_text(meeting.held_on)))
    if period.outcome_decided_on is not None:
        rows.append(
            ("Outcome", f"{period.get_outcome_display()} ({day_text(period.outcome_decided_on)})")
        )
    else:
        rows.append(("Outcome", "Still in pre-proceedings"))
    if period.court_application_on is not None:
        rows.append(("Court application", day_text(period.court_application_on)))
    if period.court_reference:
        rows.append(("Court reference", period.court_reference))
    return rows


# The case holder records these steps, as the child protection steps (`proceedings.views`).
RECORD = "child.manage_episodes"


def _url(name: str, *args: int) -> str:
    return reverse(f"proceedings:{name}", args=args)


def _conference_links(child: Person, conference: FamilyGroupConference) -> list[tuple[str, str]]:
    """The conference's next step, if any: answer, held, the plan."""
    ids = (child.pk, conference.pk)
    if conference.answered_on is None:
        return [(_url("conference_answer", *ids), "Record the family's answer")]
    if conference.answer == FamilyGroupConference.Answer.ACCEPTED and conference.held_on is None:
        return [(_url("conference_hold", *ids), "Record the conference")]
    if conference.held_on is not None and conference.plan_agreed_on is None:
        return [(_url("family_plan_agree", *ids), "Record the family's plan")]
    return []


def _period_links(child: Person, period: PreProceedings) -> list[tuple[str, str]]:
    """What may follow in an open period: the letter, then meetings; the outcome at any time."""
    if period.outcome:
        return []
    ids = (child.pk, period.pk)
    links = []
    if period.letter_sent_on is None:
        links.append((_url("letter_send", *ids), "Record the letter before proceedings"))
    else:
        links.append((_url("meeting_record", *ids), "Record a pre-proceedings meeting"))
    links.append((_url("pre_proceedings_end", *ids), "Record the end of pre-proceedings"))
    return links


def proceedings_record_panel(user: AnyUser, child: Person, today: date) -> Panel | None:
    """Shown when the child has a conference, a legal planning meeting or pre-proceedings,
    and to those who may record them (with the pages to record each step). The role is asked
    without the child: the shared read has already applied need to know."""
    record = selectors.proceedings_of_child(user=user, child=child)
    may_record = record.visible and allowed(user, RECORD)
    if not record and not may_record:
        return None
    conferences = record.conferences
    meetings = record.legal_planning_meetings
    periods = record.pre_proceedings
    return Panel(
        TEMPLATE,
        TITLE,
        ANCHOR,
        {
            "anchor": ANCHOR,
            "title": TITLE,
            "conferences": [
                (_conference_rows(c), _conference_links(child, c) if may_record else [])
                for c in conferences
            ],
            "legal_planning_meetings": [
                (day_text(m.held_on), m.get_outcome_display(), m.chaired_by.full_name)
                for m in meetings
            ],
            "pre_proceedings": [
                (_pre_proceedings_rows(p), _period_links(child, p) if may_record else [])
                for p in periods
            ],
            "links": (
                [
                    (
                        _url("legal_planning_meeting_record", child.pk),
                        "Record a legal planning meeting",
                    ),
                    (_url("conference_offer", child.pk), "Offer a family group conference"),
                ]
                if may_record
                else []
            ),
        },
    )


def _conference_events(conference: FamilyGroupConference) -> list[ChronologyEvent]:
    def event(on: date, title: str, detail: str = "", step: int = 0) -> ChronologyEvent:
        return ChronologyEvent(on=on, kind=CONFERENCE_KIND, title=title, detail=detail, step=step)

    events = [event(conference.offered_on, "Family group conference offered", step=70)]
    if conference.answered_on is not None:
        events.append(
            event(
                conference.answered_on,
                f"Family group conference {conference.get_answer_display().lower()} by the family",
                step=71,
            )
        )
    if conference.held_on is not None:
        events.append(
            event(
                conference.held_on,
                "Family group conference held",
                f"Coordinator: {conference.coordinator_name}",
                step=72,
            )
        )
    if conference.plan_agreed_on is not None:
        events.append(
            event(conference.plan_agreed_on, "Family's plan agreed", conference.family_plan, 73)
        )
    return events


def _pre_proceedings_events(period: PreProceedings) -> list[ChronologyEvent]:
    def event(on: date, title: str, detail: str = "", step: int = 0) -> ChronologyEvent:
        return ChronologyEvent(on=on, kind=PROCEEDINGS_KIND, title=title, detail=detail, step=step)

    events = []
    if period.letter_sent_on is not None:
        events.append(event(period.letter_sent_on, "Letter before proceedings sent", step=81))
    for meeting in period.meetings.all():
        events.append(event(meeting.held_on, meeting.get_kind_display(), meeting.summary, 82))
    if period.outcome_decided_on is not None:
        events.append(
            event(
                period.outcome_decided_on,
                f"Pre-proceedings ended: {period.get_outcome_display()}",
                step=83,
            )
        )
    if period.court_application_on is not None:
        events.append(event(period.court_application_on, "Care proceedings applied for", step=84))
    return events


def proceedings_chronology(user: AnyUser, child: Person) -> Sequence[ChronologyEvent]:
    """The conferences' steps and the legal planning meetings and pre-proceedings' steps on
    their days; the caller has applied need to know, and the reads apply it again."""
    record = selectors.proceedings_of_child(user=user, child=child)
    events = [
        ChronologyEvent(
            on=m.held_on,
            kind=PROCEEDINGS_KIND,
            title=f"Legal planning meeting: {m.get_outcome_display().lower()}",
            rationale=m.rationale,
            who=m.chaired_by.full_name,
            step=80,
            significant=True,
        )
        for m in record.legal_planning_meetings
    ]
    for period in record.pre_proceedings:
        events += _pre_proceedings_events(period)
    for conference in record.conferences:
        events += _conference_events(conference)
    return events
