"""Readable names for audit entries: "Child record: Jayden Okafor", not "people.person 2301".

The trail names what was touched by type and id (it imports no app it records, and a name
changes while an entry must not). The auditor's page and its export name them again when they
are shown: a registry says, for each `object_type`, what to call it and which date of the row
tells one from another, and `describe_entries` resolves a whole page at once, one query for the
people named and one per kind of record on the page, however many entries it holds.

Names are looked up as they are now, so a child renamed since is shown by their present
name; the entry itself still holds only the ids. A type not in the registry is shown as it
was recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.utils import timezone

from .models import Action, AuditEntry


@dataclass(frozen=True)
class RecordKind:
    """How to name one type of record. `wording` may use {child} (the entry's child), {date}
    (the row's `date_field`), {name} (the row's `name_fields`) and {id} (the entry's object id).
    Without `model`, the object is not a row Safeguard keeps (a search of the trail, a
    return), and the wording needs only the entry."""

    label: str
    wording: str = ""
    model: str = ""
    date_field: str = ""
    # Joined with spaces: ("first_name", "last_name").
    name_fields: tuple[str, ...] = ()


def _dated(model: str, label: str, wording: str, date_field: str) -> tuple[str, RecordKind]:
    """A record about a child, told apart by one of its dates."""
    return model, RecordKind(label, wording, model, date_field)


def _named(model: str, label: str, *name_fields: str) -> tuple[str, RecordKind]:
    """A record named by its own name fields (a team, an account)."""
    return model, RecordKind(label, label + ": {name}", model, name_fields=name_fields)


def _fixed(object_type: str, label: str, wording: str = "") -> tuple[str, RecordKind]:
    """Not a row Safeguard keeps (a return, the trail itself): named by the entry alone."""
    return object_type, RecordKind(label, wording or label)


RECORD_KINDS: dict[str, RecordKind] = dict(
    [
        # The person is the row itself: named by `_person_name` below.
        ("people.person", RecordKind("Child record", model="people.person")),
        _dated("cases.contact", "Contact", "Contact about {child}, received {date}", "received_at"),
        _dated("cases.referral", "Referral", "Referral of {child} on {date}", "referral_date"),
        _dated("cases.allocation", "Allocation", "Allocation of {child}'s case from {date}",
               "start_date"),
        _dated("cases.assessment", "Assessment", "Assessment of {child}, started {date}",
               "start_date"),
        _dated("cases.strategydiscussion", "Strategy discussion",
               "Strategy discussion about {child} on {date}", "discussion_date"),
        _dated("cases.section47enquiry", "Section 47 enquiry",
               "Section 47 enquiry about {child}, started {date}", "start_date"),
        _dated("cases.childprotectionconference", "Child protection conference",
               "Child protection conference about {child} on {date}", "conference_date"),
        _dated("cases.childprotectionplan", "Child protection plan",
               "Child protection plan for {child} from {date}", "start_date"),
        _dated("cases.childinneedplan", "Child in need plan",
               "Child in need plan for {child} from {date}", "start_date"),
        _dated("cases.lookedafterperiod", "Period in care", "Period in care of {child} from {date}",
               "start_date"),
        _dated("care.personaleducationplan", "Personal education plan",
               "Personal education plan for {child}, {date}", "meeting_date"),
        _dated("care.uascstatus", "UASC status",
               "{child} as an unaccompanied asylum-seeking child, recorded {date}", "created_at"),
        _dated("care.motherhood", "Motherhood", "{child} as a mother, first child born {date}",
               "first_child_born_on"),
        _dated("care.conviction", "Conviction", "Conviction of {child} on {date}",
               "convicted_on"),
        _dated("care.substancemisuse", "Substance misuse",
               "Substance misuse identified for {child} on {date}", "identified_on"),
        _dated("cases.visit", "Visit", "Visit to {child} on {date}", "visit_date"),
        _dated("care_leavers.needsassessment", "Leaving care needs assessment",
               "Needs assessment of {child} on {date}", "completed_on"),
        _dated("care_leavers.pathwayplan", "Pathway plan",
               "Pathway plan of {child} agreed {date}", "agreed_on"),
        _dated("care_leavers.pathwayplanreview", "Pathway plan review",
               "Pathway plan review for {child} on {date}", "reviewed_on"),
        _dated("care_leavers.personaladviser", "Personal adviser",
               "Personal adviser for {child} from {date}", "appointed_on"),
        _dated("care_leavers.careleavercontact", "Care leaver contact",
               "Contact with {child} on {date}", "contact_date"),
        _dated("cases.casenote", "Case note", "Case note about {child}, {date}", "event_date"),
        _dated("cases.managementdecision", "Management decision",
               "Management decision on {child}'s case, {date}", "decided_at"),
        _dated("signals.signal", "Signal", "Signal about {child}, raised {date}", "raised_at"),
        _dated("permanence.adoptiondecision", "Adoption decision",
               "Decision that {child} should be placed for adoption, {date}", "decision_date"),
        _dated("permanence.previouspermanence", "Previous permanence",
               "Previous permanence of {child}, recorded {date}", "created_at"),
        _dated("permanence.permanenceplan", "Permanence plan",
               "Permanence plan for {child} agreed {date}", "agreed_on"),
        _dated("care.irocontact", "IRO contact",
               "IRO's contact with {child} on {date}", "contact_date"),
        _named("organisation.team", "Team", "name"),
        _named("organisation.service", "Service", "name"),
        _named("organisation.worker", "Worker record", "first_name", "last_name"),
        _named("auth.user", "Account", "username"),
        # The restriction is deleted when lifted, and a draft when sent: named by the child.
        _fixed("access.restrictedrecord", "Restriction", "Restriction of {child}'s record"),
        _fixed("common.draft", "Draft", "Unsent draft of a form about {child}"),
        _fixed("cases.caseload", "My cases"),
        _fixed("cases.conference", "Your conferences"),
        _fixed("tasks.list", "Task list"),
        _fixed("audit.trail", "The audit trail"),
        _fixed("annex_a", "Annex A return (Ofsted)"),
        _fixed("returns.census", "Children in Need census"),
        _fixed("returns.census_file", "Children in Need census file"),
        _fixed("returns.census_report", "Children in Need census error report"),
        _fixed("returns.ssda903", "SSDA903 return (children looked after)"),
        _fixed("returns.ssda903_file", "SSDA903 return files"),
        _fixed("returns.ssda903_report", "SSDA903 return error report"),
        # Object id: the authority's DfE code and the census year, e.g. 894-2024.
        _fixed("returns.workforce_census", "Children's social work workforce census",
               "Children's social work workforce census {id}"),
        # The data-quality page: what one census build holds for a child (object id: build).
        _fixed("returns.census_child", "Children in Need census data",
               "Children in Need census data of {child}"),
        _fixed("performance.indicator", "Performance indicator", "Performance indicator: {id}"),
        _fixed("performance.table", "Performance table", "Performance table: {id}"),
        _fixed("linkage.batch", "Identity linkage batch", "Identity linkage batch {id}"),
        _fixed("agencies.api", "Partner API"),
        # A partner API call refused (agencies/api.py): the status and path are in the note.
        _fixed("api", "Partner API"),
    ]
)  # fmt: skip

# What each list a page shows is called (audit.services.audit_list's `name`).
LIST_LABELS = {
    "my_cases": "My cases",
    "team_dashboard": "Team dashboard",
    "team_measure": "Children behind a team dashboard figure",
    "signals": "Signals list",
    "chair_conferences": "A chair's conferences",
    "tasks": "Task list",
}

# Why a form or a management page was opened (`details.for`, the permission it was opened to
# use).
OPENED_FOR = {
    "child.record_visit": "Opened to record a visit",
    "child.add_case_note": "Opened to add a case note",
    "allocation.change": "Opened to allocate the case",
    "assessment.authorise": "Opened to review the assessment",
}


@dataclass(frozen=True)
class NamedEntry:
    entry: AuditEntry
    # What was touched, in words.
    record: str
    # The child the entry is about, by name, if any (and still held).
    child_name: str
    # The worker behind the account, by name, if any.
    actor_name: str
    # What a refusal, failed sign-in or list says about itself (ids and codes only).
    note: str


def _day(value: Any) -> str:
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    return ""


def _int_ids(values: Iterable[Any]) -> set[int]:
    return {int(v) for v in values if str(v).isdigit()}


def _person_name(first: str, last: str) -> str:
    return " ".join(part for part in (first, last) if part) or "(no name)"


def _people(entries: Sequence[AuditEntry]) -> dict[int, tuple[str, bool]]:
    ids = {e.child_id for e in entries if e.child_id is not None} | _int_ids(
        e.object_id for e in entries if e.object_type == "people.person"
    )
    if not ids:
        return {}
    person = apps.get_model("people", "Person")
    return {
        pk: (_person_name(first, last), is_child)
        for pk, first, last, is_child in person.objects.filter(pk__in=ids).values_list(
            "pk", "first_name", "last_name", "is_child"
        )
    }


def _rows(entries: Sequence[AuditEntry]) -> dict[tuple[str, int], Any]:
    """The date or name of every registered row the entries touch: one query per kind."""
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        kind = RECORD_KINDS.get(entry.object_type)
        if kind and kind.model and entry.object_type != "people.person":
            wanted.setdefault(entry.object_type, set()).update(_int_ids([entry.object_id]))
    found: dict[tuple[str, int], Any] = {}
    for object_type, ids in wanted.items():
        kind = RECORD_KINDS[object_type]
        if not ids:
            continue
        app_label, _, model_name = kind.model.partition(".")
        model = apps.get_model(app_label, model_name)
        if kind.date_field:
            for pk, value in model.objects.filter(pk__in=ids).values_list("pk", kind.date_field):
                found[(object_type, pk)] = value
            continue
        for pk, *parts in model.objects.filter(pk__in=ids).values_list("pk", *kind.name_fields):
            found[(object_type, pk)] = " ".join(str(part) for part in parts if part)
    return found


def _model_label(object_type: str) -> str:
    """A type not in the registry that names a model: its verbose name, as Django has it."""
    app_label, _, model_name = object_type.partition(".")
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return ""
    return str(model._meta.verbose_name).capitalize()


def _actors(entries: Sequence[AuditEntry]) -> dict[int, str]:
    ids = {e.actor_id for e in entries if e.actor_id is not None}
    if not ids:
        return {}
    worker = apps.get_model("organisation", "Worker")
    return {
        user_id: _person_name(first, last)
        for user_id, first, last in worker.objects.filter(user_id__in=ids)
        .order_by("started_on")
        .values_list("user_id", "first_name", "last_name")
    }


def _record(
    entry: AuditEntry, people: dict[int, tuple[str, bool]], rows: dict[tuple[str, int], Any]
) -> str:
    kind = RECORD_KINDS.get(entry.object_type)
    child = people.get(entry.child_id, ("", True))[0] if entry.child_id is not None else ""
    if kind is None:
        label = _model_label(entry.object_type)
        if not label:
            return f"{entry.object_type} {entry.object_id}".strip()
        about = f" about {child}" if child else ""
        return f"{label} {entry.object_id}".strip() + about
    object_id = int(entry.object_id) if entry.object_id.isdigit() else None
    if entry.object_type == "people.person":
        if object_id is None:
            return "Children's records"
        name, is_child = people.get(object_id, ("", True))
        label = kind.label if is_child else "Person record"
        return f"{label}: {name}" if name else f"{label} {object_id} (no longer held)"
    if kind.model and object_id is not None and (entry.object_type, object_id) not in rows:
        return f"{kind.label} {object_id} (no longer held)"
    value = rows.get((entry.object_type, object_id)) if object_id is not None else None
    if not kind.wording or ("{child}" in kind.wording and not child):
        return f"{kind.label} {entry.object_id}".strip()
    return kind.wording.format(
        child=child,
        date=_day(value),
        name=value if isinstance(value, str) else "",
        id=entry.object_id,
    )


def _note(entry: AuditEntry) -> str:
    details = entry.details if isinstance(entry.details, dict) else {}
    if entry.action == Action.REFUSED and "status" in details:
        note = f"Refused {details['status']} on {details.get('path', '')}"
        if details.get("permission"):
            note += f": needs {details['permission']}"
        if details.get("burst"):
            note += " (started a burst of refusals: auditors alerted)"
        return note
    if entry.action in (Action.REFUSED, Action.SIGN_IN_FAILED) and "username" in details:
        what = "Locked out" if entry.action == Action.REFUSED else "Failed sign-in"
        return f"{what}: username tried {details['username']!r} at the {details.get('step')} step"
    if "list" in details:
        label = LIST_LABELS.get(str(details["list"]), str(details["list"]))
        count = details.get("children", 0)
        return f"{label}: {count} child{'' if count == 1 else 'ren'} listed"
    if "for" in details:
        return OPENED_FOR.get(str(details["for"]), f"Opened for {details['for']}")
    if "shown" in details:
        return f"Shown in a search: {details['shown']}"
    if entry.action == Action.SEARCH and "results" in details:
        count = details["results"]
        return f"Search: {count} result{'' if count == 1 else 's'}"
    return ""


def describe_entries(entries: Sequence[AuditEntry]) -> list[NamedEntry]:
    """Every entry with its record, child and actor named, in a fixed number of queries."""
    people = _people(entries)
    rows = _rows(entries)
    actors = _actors(entries)
    return [
        NamedEntry(
            entry=entry,
            record=_record(entry, people, rows),
            child_name=people.get(entry.child_id, ("", True))[0]
            if entry.child_id is not None
            else "",
            actor_name=actors.get(entry.actor_id, "") if entry.actor_id is not None else "",
            note=_note(entry),
        )
        for entry in entries
    ]
