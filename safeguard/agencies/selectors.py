"""Reads of partner information that social care's pages show."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.db.models import QuerySet

from safeguard.cases.extensions import ChronologyEvent
from safeguard.common.compiled import RunParam, values_rows
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
    return _detail(event.details, event.summary)


def _detail(details: dict[str, Any], summary: str) -> str:
    parts = [
        f"{label}: {_value(details[key])}"
        for key, label in _DETAIL_LABELS
        if details.get(key) not in (None, "")
    ]
    if summary:
        parts.append(summary)
    return ". ".join(parts)


def _partner_events_of_child() -> QuerySet[Any]:
    return (
        PartnerEvent.objects.filter(child_id=RunParam("child", models.IntegerField()))
        .order_by("occurred_on", "received_at", "pk")
        .values(
            "event_type",
            "occurred_on",
            "summary",
            "details",
            "significant",
            "organisation__name",
            "organisation__kind",
        )
    )


_EVENT_TYPES = dict(PartnerEvent.EventType.choices)


def partner_chronology(user: AnyUser, child: Person) -> Sequence[ChronologyEvent]:
    """The child's partner events for the chronology (one query, compiled once:
    `common.compiled`). The caller has already checked need to know for the child."""
    rows = values_rows(
        ("partner_chronology",), _partner_events_of_child, params={"child": child.pk}
    )
    return [
        ChronologyEvent(
            on=row["occurred_on"],
            kind="partner",
            title=f"{_EVENT_TYPES.get(row['event_type'], row['event_type'])} "
            f"({row['organisation__name']})",
            detail=_detail(row["details"], row["summary"]),
            who=row["organisation__name"],
            agencies=frozenset({AGENCY_OF_KIND[row["organisation__kind"]]}),
            step=index,
            significant=row["significant"],
        )
        for index, row in enumerate(rows)
    ]
