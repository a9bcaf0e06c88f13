"""Reads of partner information that social care's pages show."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from safeguard.cases.extensions import ChronologyEvent
from safeguard.common.types import AnyUser
from safeguard.people.models import Person

from .models import PartnerEvent, PartnerOrganisation

Kind = PartnerOrganisation.Kind
# Organisation kind -> the chronology's agency (cases.extensions.AGENCIES), grouped as
# the census groups referral sources.
AGENCY_OF_KIND: dict[str, str] = {
    Kind.SCHOOL: "education",
    Kind.EARLY_YEARS: "education",
    Kind.GP: "health",
    Kind.HEALTH_VISITING: "health",
    Kind.SCHOOL_NURSING: "health",
    Kind.HOSPITAL: "health",
    Kind.POLICE: "police",
    Kind.HOUSING: "housing",
    Kind.PROBATION: "legal",
    Kind.OTHER: "voluntary",  # "Voluntary and other organisations"
}

# How the type's own fields read in the chronology, in this order; the rest are left out.
_DETAIL_LABELS: tuple[tuple[str, str], ...] = (
    ("school", "School"),
    ("last_known_school", "Last known school"),
    ("reason", "Reason"),
    ("destination", "Destination"),
    ("kind", "Kind"),
    ("days", "Days"),
    ("attendance_percent", "Attendance %"),
    ("unauthorised_absence_sessions", "Unauthorised absence sessions"),
    ("service", "Service"),
    ("appointment_kind", "Appointment"),
    ("hospital", "Hospital"),
    ("presenting_complaint", "Presenting complaint"),
    ("accompanied_by", "Accompanied by"),
    ("description", "Injury"),
    ("explanation_given", "Explanation given"),
    ("non_mobile", "Non-mobile"),
    ("concern", "Concern"),
    ("measurement", "Measurement"),
    ("risk_level", "Risk level"),
    ("children_present", "Children present"),
    ("offence_category", "Offence"),
    ("relationship_to_child", "Relationship to child"),
    ("stage", "Stage"),
    ("rehoused", "Rehoused"),
    ("police_reference", "Police reference"),
)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).replace("_", " ") if isinstance(value, str) else str(value)


def partner_event_detail(event: PartnerEvent) -> str:
    parts = [
        f"{label}: {_value(event.details[key])}"
        for key, label in _DETAIL_LABELS
        if event.details.get(key) not in (None, "")
    ]
    if event.summary:
        parts.append(event.summary)
    return ". ".join(parts)


def partner_chronology(user: AnyUser, child: Person) -> Sequence[ChronologyEvent]:
    """The child's partner events for the chronology (one query). The caller has already
    checked need to know for the child."""
    events = (
        PartnerEvent.objects.filter(child=child)
        .select_related("organisation")
        .only(
            "event_type",
            "occurred_on",
            "summary",
            "details",
            "significant",
            "organisation__name",
            "organisation__kind",
        )
        .order_by("occurred_on", "received_at", "pk")
    )
    return [
        ChronologyEvent(
            on=event.occurred_on,
            kind="partner",
            title=f"{event.get_event_type_display()} ({event.organisation.name})",
            detail=partner_event_detail(event),
            who=event.organisation.name,
            agencies=frozenset({AGENCY_OF_KIND[event.organisation.kind]}),
            step=index,
            significant=event.significant,
        )
        for index, event in enumerate(events)
    ]
