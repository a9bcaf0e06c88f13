"""Reads of partner information that social care's pages show."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from safeguard.cases.extensions import ChronologyEvent
from safeguard.cases.selectors.record import Table
from safeguard.cases.selectors.record_tables import record_rows, register_record_tables
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


# The child's partner events and their organisations, read with the record's own tables in
# its one statement (`cases.selectors.record_tables`): no query of the hub's on the record.
_EVENTS, _ORGANISATIONS = "partner_events", "partner_organisations"
register_record_tables(
    Table(
        _EVENTS,
        PartnerEvent,
        (
            "organisation",
            "event_type",
            "occurred_on",
            "received_at",
            "summary",
            "details",
            "significant",
        ),
    ),
    Table(
        _ORGANISATIONS,
        PartnerOrganisation,
        ("name", "kind"),
        ids_from=f"SELECT organisation_id FROM {PartnerEvent._meta.db_table}"  # noqa: S608
        " WHERE child_id = %(child)s",
    ),
)


_EVENT_TYPES = dict(PartnerEvent.EventType.choices)


def partner_chronology(user: AnyUser, child: Person) -> Sequence[ChronologyEvent]:
    """The child's partner events for the chronology: read with the record's own tables
    (`cases.selectors.record_tables`), so none on the record, one statement off it. The caller
    has already checked need to know for the child."""
    organisations = {o.pk: o for o in record_rows(child, _ORGANISATIONS)}
    events = record_rows(child, _EVENTS, order_by=("occurred_on", "received_at"))
    return [
        ChronologyEvent(
            on=event.occurred_on,
            kind="partner",
            title=f"{_EVENT_TYPES.get(event.event_type, event.event_type)} "
            f"({organisations[event.organisation_id].name})",
            detail=_detail(event.details, event.summary),
            who=organisations[event.organisation_id].name,
            agencies=frozenset({AGENCY_OF_KIND[organisations[event.organisation_id].kind]}),
            step=index,
            significant=event.significant,
        )
        for index, event in enumerate(events)
    ]
