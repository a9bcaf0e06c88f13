"""Subject access: everything the authority holds about one person, ready for review.

UK GDPR Article 15 gives a person the right to a copy of their personal data; the Data
Protection Act 2018, Schedule 2 Part 3 para 16, lets the authority withhold information about
other people (a relative, someone in the household, whoever made a referral) unless they
consent or it is reasonable to disclose without consent. Para 17 makes it reasonable for a
social worker acting in their professional capacity (and Schedule 3 Part 3 lets social work
data be withheld where disclosure would be likely to cause serious harm).

So the export does not redact: it marks. Every value that is about someone else is written as
`{"value": ..., "redact": true|false, "reason": "third party: ..."}` for the person reviewing
the response to accept or override, and free text that names a known third party lists each
mention. Workers' names are marked `redact: false` with their reason (disclosed unless the
reviewer finds the serious-harm test met; `redact_workers=True` marks them all for redaction).

Which case tables are exported is read from the models (every table in `cases` and `access`
that points at a person), so a table added later is exported without changing this module. It
lives with the case record because it reads it (access, below cases, imports no case model).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safeguard.audit.models import AuditEntry
from safeguard.common import codes
from safeguard.common.admin import child_paths
from safeguard.common.marking import protective_marking
from safeguard.organisation.models import Team, Worker
from safeguard.people.models import Person, Relationship, Residence

FORMAT_VERSION = 1
CASE_APPS = ("cases", "access")
# Alerts repeat what the break-glass grant and the audit entries already hold, addressed to
# staff; exporting them would add nothing about the person but more about the staff.
EXCLUDED_MODELS = frozenset({"access.alert"})

RELATIVE = "third party: relative"
HOUSEHOLD = "third party: household member"
OTHER_PERSON = "third party: another person on the record"
REFERRER = "third party: the person who made the contact or referral"
CARER_LOCATION = "third party: where a carer lives (placement postcode)"
RESTRICTION = "third party: why the record is restricted may identify a member of staff"
STAFF_ACCESS = "third party: a member of staff's network details"
WORKER_DISCLOSED = (
    "worker acting in their professional capacity: disclosed (DPA 2018 Sch. 2 para 17) "
    "unless disclosure would be likely to cause serious harm"
)
WORKER_WITHHELD = "worker: marked for redaction at the reviewer's request"
FREE_TEXT = "free text: written by staff; check for anyone else it mentions before release"

# Addresses that protect someone else: a refuge shelters others; a placement is a carer's home.
WITHHELD_ADDRESS_KINDS: dict[str, str] = {
    codes.AddressKind.REFUGE: "third party: a refuge's address protects the people it shelters",
    codes.AddressKind.PLACEMENT: "third party: a carer's home address",
}
# Fields never exported: internal keys that carry nothing the person does not already get.
SKIPPED_FIELDS = frozenset(
    {"first_name_key", "last_name_key", "known_as_key", "previous_mac", "mac"}
)
# Fields whose value identifies someone other than the subject.
THIRD_PARTY_FIELDS = {
    ("cases.contact", "referrer"): REFERRER,
    ("cases.placement", "postcode"): CARER_LOCATION,
    ("access.restrictedrecord", "reason"): RESTRICTION,
}


def _mark(value: Any, *, redact: bool, reason: str) -> dict[str, Any]:
    return {"value": value, "redact": redact, "reason": reason}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class _Exporter:
    def __init__(self, person: Person, *, redact_workers: bool) -> None:
        self.person = person
        self.redact_workers = redact_workers
        self.reasons: Counter[str] = Counter()
        self.third_parties: dict[str, str] = {}  # name as written -> reason
        self.workers: dict[int, Worker] = {
            w.pk: w for w in Worker.objects.filter(allocations__child=person).distinct()
        }

    # Marking -------------------------------------------------------------------------------

    def mark(self, value: Any, reason: str, *, redact: bool = True) -> dict[str, Any]:
        if redact:
            self.reasons[reason] += 1
        return _mark(value, redact=redact, reason=reason)

    def worker(self, worker: Worker | None) -> dict[str, Any] | None:
        if worker is None:
            return None
        reason = WORKER_WITHHELD if self.redact_workers else WORKER_DISCLOSED
        return self.mark(
            {"name": worker.full_name, "role": worker.get_role_display()},
            reason,
            redact=self.redact_workers,
        )

    def user(self, user_id: int | None, username: str = "") -> dict[str, Any] | None:
        if user_id is None and not username:
            return None
        worker = Worker.objects.filter(user_id=user_id).first() if user_id else None
        if worker is not None:
            return self.worker(worker)
        reason = WORKER_WITHHELD if self.redact_workers else WORKER_DISCLOSED
        return self.mark({"username": username}, reason, redact=self.redact_workers)

    def other_person(self, other: Person, reason: str) -> dict[str, Any]:
        for name in (other.full_name, other.known_as):
            if name and len(name) > 2:
                self.third_parties.setdefault(name, reason)
        return self.mark({"id": other.pk, "name": other.full_name}, reason)

    def free_text(self, text: str) -> dict[str, Any] | str:
        if not text:
            return text
        mentions = []
        for name, reason in self.third_parties.items():
            for found in re.finditer(rf"\b{re.escape(name)}\b", text, flags=re.IGNORECASE):
                self.reasons[reason] += 1
                mentions.append(
                    {
                        "text": found.group(0),
                        "start": found.start(),
                        "end": found.end(),
                        "redact": True,
                        "reason": reason,
                    }
                )
        return {
            "value": text,
            "redact": False,
            "reason": FREE_TEXT,
            "mentions": sorted(mentions, key=lambda m: m["start"]),
        }

    # Rows ----------------------------------------------------------------------------------

    def row(self, obj: models.Model) -> dict[str, Any]:
        """Every stored field of a row; anything about someone else marked."""
        label = obj._meta.label_lower
        out: dict[str, Any] = {"id": obj.pk}
        for field in obj._meta.concrete_fields:
            if field.primary_key or field.name in SKIPPED_FIELDS:
                continue
            name = field.name
            if field.is_relation:
                out[name] = self.relation(obj, field)
                continue
            value = getattr(obj, field.attname)
            if (label, name) in THIRD_PARTY_FIELDS and value not in ("", None):
                out[name] = self.mark(_plain(value), THIRD_PARTY_FIELDS[(label, name)])
            elif isinstance(field, models.TextField) and isinstance(value, str):
                out[name] = self.free_text(value)
            elif field.choices and value not in ("", None):
                display = getattr(obj, f"get_{name}_display")()
                out[name] = {"code": value, "label": str(display)}
            else:
                out[name] = _plain(value)
        return out

    def relation(self, obj: models.Model, field: Any) -> Any:
        related_id = getattr(obj, field.attname)
        if related_id is None:
            return None
        target = field.related_model
        if target is Person:
            if related_id == self.person.pk:
                return {"id": related_id, "subject": True}
            return self.other_person(Person.objects.get(pk=related_id), OTHER_PERSON)
        if target is Worker:
            if related_id not in self.workers:
                self.workers[related_id] = Worker.objects.get(pk=related_id)
            return self.worker(self.workers[related_id])
        if target is get_user_model():
            return self.user(related_id)
        if target is Team:
            return {"id": related_id, "name": Team.objects.get(pk=related_id).name}
        return {"id": related_id, "type": target._meta.label_lower}

    # Sections ------------------------------------------------------------------------------

    def relationships(self) -> list[dict[str, Any]]:
        rows = []
        for rel in Relationship.objects.filter(
            Q(person=self.person) | Q(relative=self.person)
        ).select_related("person", "relative"):
            other = rel.relative if rel.person_id == self.person.pk else rel.person
            subject_is = "person" if rel.person_id == self.person.pk else "relative"
            rows.append(
                {
                    "id": rel.pk,
                    "kind": {"code": rel.kind, "label": rel.get_kind_display()},
                    # Read as "<person> is <kind> of <relative>".
                    "subject_is": subject_is,
                    "other_person": self.other_person(other, RELATIVE),
                    "has_parental_responsibility": rel.has_parental_responsibility,
                    "start_date": _plain(rel.start_date),
                    "end_date": _plain(rel.end_date),
                }
            )
        return rows

    def addresses(self) -> list[dict[str, Any]]:
        rows = []
        for r in (
            Residence.objects.filter(person=self.person)
            .select_related("address")
            .order_by("start_date")
        ):
            address: Any = {
                "line_1": r.address.line_1,
                "line_2": r.address.line_2,
                "town": r.address.town,
                "postcode": r.address.postcode,
                "uprn": r.address.uprn,
            }
            if r.kind in WITHHELD_ADDRESS_KINDS:
                address = self.mark(address, WITHHELD_ADDRESS_KINDS[r.kind])
            rows.append(
                {
                    "kind": {"code": r.kind, "label": r.get_kind_display()},
                    "start_date": _plain(r.start_date),
                    "end_date": _plain(r.end_date),
                    "address": address,
                }
            )
        return rows

    def household(self) -> list[dict[str, Any]]:
        """Other people recorded at the subject's addresses at overlapping times."""
        members = []
        seen: set[int] = set()
        for mine in Residence.objects.filter(person=self.person):
            overlapping = Residence.objects.filter(address_id=mine.address_id).exclude(
                person=self.person
            )
            if mine.end_date is not None:
                overlapping = overlapping.filter(start_date__lte=mine.end_date)
            overlapping = overlapping.filter(
                Q(end_date__isnull=True) | Q(end_date__gte=mine.start_date)
            ).select_related("person")
            for theirs in overlapping:
                if theirs.person_id in seen:
                    continue
                seen.add(theirs.person_id)
                members.append(
                    {
                        "person": self.other_person(theirs.person, HOUSEHOLD),
                        "from": _plain(theirs.start_date),
                        "to": _plain(theirs.end_date),
                    }
                )
        return members

    def case_records(self) -> dict[str, list[dict[str, Any]]]:
        sections: dict[str, list[dict[str, Any]]] = {}
        for model in _case_models():
            condition = Q()
            for path in child_paths(model):
                condition |= Q(**{path: self.person.pk})
            rows = model._default_manager.filter(condition).distinct().order_by("pk")
            exported = [self.row(obj) for obj in rows]
            if exported:
                sections[model._meta.label_lower] = exported
        return sections

    def audit_entries(self) -> list[dict[str, Any]]:
        return [
            {
                "sequence": e.sequence,
                "at": _plain(e.at),
                "action": {"code": e.action, "label": e.get_action_display()},
                "by": self.user(e.actor_id, e.actor_username) or "the system",
                "record": f"{e.object_type} {e.object_id}".strip(),
                "reason": self.free_text(e.reason),
                "from": self.mark(
                    {"ip_address": e.ip_address, "user_agent": e.user_agent}, STAFF_ACCESS
                )
                if e.ip_address or e.user_agent
                else None,
            }
            for e in AuditEntry.objects.filter(child_id=self.person.pk).order_by("id")
        ]

    def export(self) -> dict[str, Any]:
        person = self.row(self.person)
        identifiers = {name: person.pop(name, None) for name in ("nhs_number", "upn", "former_upn")}
        identifiers["authority_child_id"] = person.pop("la_child_id", None)
        disabilities = [
            {"code": d.code, "label": d.get_code_display()} for d in self.person.disabilities.all()
        ]
        # Third parties are gathered first, so mentions of them in free text are found.
        relationships = self.relationships()
        household = self.household()
        addresses = self.addresses()
        case_records = self.case_records()
        audit = self.audit_entries()
        return {
            "export": {
                "kind": "subject access",
                "format_version": FORMAT_VERSION,
                "protective_marking": protective_marking(),
                "person_id": self.person.pk,
                "generated_at": timezone.localtime().isoformat(),
                "note": (
                    "Values marked redact: true are about someone else; review each before "
                    "release and keep the reason with any redaction."
                ),
            },
            "person": person,
            "identifiers": identifiers,
            "disabilities": disabilities,
            "addresses": addresses,
            "relationships": relationships,
            "household_members": household,
            "case_records": case_records,
            "audit_entries": audit,
            "redactions": {
                "marked": sum(self.reasons.values()),
                "by_reason": dict(sorted(self.reasons.items())),
            },
        }


def _case_models() -> Iterable[type[models.Model]]:
    for label in CASE_APPS:
        for model in apps.get_app_config(label).get_models():
            if child_paths(model) and model._meta.label_lower not in EXCLUDED_MODELS:
                yield model


def subject_access_export(person: Person, *, redact_workers: bool = False) -> dict[str, Any]:
    """Everything held about `person`, as JSON-ready data with third-party information marked
    for redaction (UK GDPR Art. 15; DPA 2018 Sch. 2 Part 3 paras 16-17, Sch. 3 Part 3)."""
    return _Exporter(person, redact_workers=redact_workers).export()
