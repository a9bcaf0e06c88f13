"""Reads of a child's family group conferences and pre-proceedings, each within need to know:
the rows come only for a child the user may see (`access.queries.visible_children_q`, the one
filter), so a read of another child answers nothing rather than their record.

A conference held for a family in family help is on the record of each child in the family.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, Prefetch, Q

from safeguard.access.queries import can_see_child, visible_children_q
from safeguard.cases.selectors.record import Table
from safeguard.cases.selectors.record_tables import record_rows, register_record_tables
from safeguard.common.types import AnyUser
from safeguard.family_help.models import EarlyHelpEpisode
from safeguard.people.models import Person

from .models import (
    FamilyGroupConference,
    LegalPlanningMeeting,
    PreProceedings,
    PreProceedingsMeeting,
)

__all__ = [
    "CensusPreProceedings",
    "ProceedingsOfChild",
    "family_group_conferences_list",
    "legal_planning_meetings_list",
    "pre_proceedings_census_items",
    "pre_proceedings_list",
    "proceedings_of_child",
]


def _may_see(user: AnyUser, child: Person) -> Exists:
    # Asked inside each read, so a child outside need to know costs no second query.
    return Exists(Person.objects.filter(visible_children_q(user), pk=child.pk))


def family_group_conferences_list(*, user: AnyUser, child: Person) -> list[FamilyGroupConference]:
    """The conferences about the child (their own, and their family's in family help), newest
    offer first; none for a child this user may not see. One query, and one for attendees."""
    return list(
        FamilyGroupConference.objects.filter(
            Q(child=child) | Q(family_help__children__child=child), _may_see(user, child)
        )
        .distinct()
        .select_related("offered_by", "offered_by_partner__organisation", "family_help")
        .prefetch_related("attendees")
        .order_by("-offered_on", "-pk")
    )


def legal_planning_meetings_list(*, user: AnyUser, child: Person) -> list[LegalPlanningMeeting]:
    """The legal planning meetings about the child, newest first; none if not visible."""
    return list(
        LegalPlanningMeeting.objects.filter(_may_see(user, child), child=child)
        .select_related("chaired_by")
        .order_by("-held_on", "-pk")
    )


def pre_proceedings_list(*, user: AnyUser, child: Person) -> list[PreProceedings]:
    """The child's periods of pre-proceedings with their meetings, newest first; none if not
    visible. Two queries."""
    return list(
        PreProceedings.objects.filter(_may_see(user, child), child=child)
        .select_related("decision")
        .prefetch_related(
            Prefetch("meetings", queryset=PreProceedingsMeeting.objects.order_by("held_on", "pk"))
        )
        .order_by("-started_on", "-pk")
    )


@dataclass(frozen=True)
class ProceedingsOfChild:
    """What the record shows of a child's conferences and pre-proceedings."""

    conferences: list[FamilyGroupConference] = field(default_factory=list)
    legal_planning_meetings: list[LegalPlanningMeeting] = field(default_factory=list)
    pre_proceedings: list[PreProceedings] = field(default_factory=list)
    # Whether the user may see the child at all: the panel offers the recording pages only
    # then, without asking need to know a second time.
    visible: bool = False

    def __bool__(self) -> bool:
        return bool(self.conferences or self.legal_planning_meetings or self.pre_proceedings)


_CACHE = "_proceedings_of"


# Whether the child has conferences (their own, or their family's in family help) and legal
# planning meetings: read with the record's own tables in its one statement
# (`cases.selectors.record_tables`), as most children have neither.
_CONFERENCES, _MEETINGS = "proceedings_conferences", "proceedings_meetings"
_CONFERENCE_TABLE = FamilyGroupConference._meta.db_table
register_record_tables(
    Table(
        _CONFERENCES,
        FamilyGroupConference,
        (),
        ids_from=(
            f"SELECT id FROM {_CONFERENCE_TABLE} WHERE child_id = %(child)s"  # noqa: S608
            f" UNION SELECT c.id FROM {_CONFERENCE_TABLE} c"
            f" JOIN {EarlyHelpEpisode._meta.db_table} e ON e.family_help_id = c.family_help_id"
            " WHERE e.child_id = %(child)s"
        ),
    ),
    Table(_MEETINGS, LegalPlanningMeeting, ()),
)


def proceedings_of_child(*, user: AnyUser, child: Person) -> ProceedingsOfChild:
    """The record's read, shared by its panel and its chronology: kept on the child for the
    request (per user). One query for a child with none of it (which of the three are there,
    within need to know), and only the reads that find something after it."""
    cached: tuple[object, ProceedingsOfChild] | None = getattr(child, _CACHE, None)
    if cached is not None and cached[0] == user.pk:
        return cached[1]
    found = None
    # Need to know as the record asked it (free on the record, which has just opened the
    # child), then which of the three are there from the tables read with the record's.
    if can_see_child(user, child):
        found = (bool(record_rows(child, _CONFERENCES)), bool(record_rows(child, _MEETINGS)))
    record = ProceedingsOfChild()
    if found is not None:
        has_conference, has_meeting = found
        record = ProceedingsOfChild(
            conferences=(
                family_group_conferences_list(user=user, child=child) if has_conference else []
            ),
            # Every period starts from a meeting (outcome B): no meeting, no period.
            legal_planning_meetings=(
                legal_planning_meetings_list(user=user, child=child) if has_meeting else []
            ),
            pre_proceedings=pre_proceedings_list(user=user, child=child) if has_meeting else [],
            visible=True,
        )
    setattr(child, _CACHE, (user.pk, record))
    return record


@dataclass(frozen=True)
class CensusPreProceedings:
    """One period of pre-proceedings as the CIN census's PreProceedings module asks it
    (2025-26 onward; item numbers from the DfE's validation rules 9005-9015Q). PPOutcome is
    not given: its code set (CS131, values A-C) was not found with its meanings."""

    PPStartDate: date
    LBPSentDate: date | None
    FGDMMeetingOffer: bool | None
    FGDMMeetingFac: bool | None
    InitialPPMeetingDate: date | None
    ReviewMeetingsCount: int | None
    StepDecisionDate: date | None
    CourtAppDate: date | None
    LetterInitCPDate: date | None


def pre_proceedings_census_items(
    *, pre_proceedings: PreProceedings, conferences: list[FamilyGroupConference]
) -> CensusPreProceedings:
    """The census's items for a period, from the record: the meetings (prefetched by
    `pre_proceedings_list`) and the child's conferences (`family_group_conferences_list`): a
    conference was facilitated if one about the child was held while the period was open,
    asked only when the letter offered one (rule 9010Q)."""
    meetings = list(pre_proceedings.meetings.all())
    initial = next(
        (m.held_on for m in meetings if m.kind == PreProceedingsMeeting.Kind.INITIAL), None
    )
    ends = pre_proceedings.outcome_decided_on
    facilitated = None
    if pre_proceedings.family_group_conference_offered:
        facilitated = any(
            c.held_on is not None
            and c.held_on >= pre_proceedings.started_on
            and (ends is None or c.held_on <= ends)
            for c in conferences
        )
    return CensusPreProceedings(
        PPStartDate=pre_proceedings.started_on,
        LBPSentDate=pre_proceedings.letter_sent_on,
        FGDMMeetingOffer=pre_proceedings.family_group_conference_offered,
        FGDMMeetingFac=facilitated,
        InitialPPMeetingDate=initial,
        ReviewMeetingsCount=(
            sum(1 for m in meetings if m.kind == PreProceedingsMeeting.Kind.REVIEW)
            if initial is not None
            else None
        ),
        StepDecisionDate=ends,
        CourtAppDate=pre_proceedings.court_application_on,
        LetterInitCPDate=pre_proceedings.care_proceedings_letter_on,
    )
