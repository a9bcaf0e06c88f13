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
mention. Workers' names, and other professionals' written as text (a health professional, a
personal adviser, a partner's practitioner), are marked `redact: false` with their reason
(disclosed unless the reviewer finds the serious-harm test met; `redact_workers=True` marks
them all for redaction).

Which tables are exported is read from the models (`personal_data`: every table, in every
installed app, with a path to the person: the case record, care, care leavers, permanence,
the front door, what partners sent and the signals raised from it, where a person created
from a partner's record came from and the reviews of who they are), less those excluded there
with their reasons. A table added later is exported without changing this module, and a test
fails until it is exported or excluded. Fields about someone else in those tables are marked
here (`THIRD_PARTY_FIELDS`, `THIRD_PARTY_KEYS`, `PROFESSIONAL_FIELDS`). It lives with the case
record because it reads it (access, below cases, imports no case model); it names the tables
of the apps above cases by label only.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safeguard.audit.models import AuditEntry
from safeguard.cases.personal_data import about, export_paths, records_about_a_person
from safeguard.common import codes
from safeguard.common.marking import protective_marking
from safeguard.organisation.models import Worker
from safeguard.people.models import Person, Relationship, Residence

FORMAT_VERSION = 1

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
PARTNER_ADDRESS = "third party: an address a partner gave, which may be a carer's home or a refuge"
PARTNER_NAMED = "third party: someone a partner named with the child (who came with them)"
PARTNER_RELATIONSHIP = "third party: an adult in the household a partner named"
PLACE_OF_SAFETY = "third party: a place of safety may be a carer's home"
SIGNAL_EVIDENCE = (
    "third party: evidence drawn from other agencies' records may describe other people "
    "(an adult in the household); check each item"
)
# Whether more of an adoption record may be withheld (DPA 2018 Sch. 4 para 3: adoption records
# and reports) is the reviewer's call; the adopters are marked here.
ADOPTERS = "third party: the prospective adopters matched with the child"
OWN_CHILD = "third party: the person's own child"
FAMILY_HELP_NAMED = (
    "third party: someone named in the family's help (a relative, or a professional named as text)"
)
UNCONFIRMED_MATCH = "third party: a partner's description of someone not confirmed to be the person"
OTHER_MATCH = "third party: how someone else's details compare with the person's"

# Addresses that protect someone else: a refuge shelters others; a placement is a carer's home.
WITHHELD_ADDRESS_KINDS: dict[str, str] = {
    codes.AddressKind.REFUGE: "third party: a refuge's address protects the people it shelters",
    codes.AddressKind.PLACEMENT: "third party: a carer's home address",
}
# Fields never exported: internal keys that carry nothing the person does not already get.
SKIPPED_FIELDS = frozenset(
    {
        "first_name_key",
        "last_name_key",
        "known_as_key",
        "previous_mac",
        "mac",
        # A partner request's retry keys and a signal's or a match's fingerprints.
        "idempotency_key",
        "request_hash",
        "evidence_key",
        "evidence_hash",
        "incoming_fingerprint",
    }
)
# Fields whose value identifies someone other than the subject.
THIRD_PARTY_FIELDS = {
    ("cases.contact", "referrer"): REFERRER,
    ("cases.contact", "household_as_described"): HOUSEHOLD,
    ("cases.placement", "postcode"): CARER_LOCATION,
    ("access.restrictedrecord", "reason"): RESTRICTION,
    ("care.motherhood", "first_child_born_on"): OWN_CHILD,
    ("permanence.adoptiondecision", "adopters_sex"): ADOPTERS,
    ("permanence.adoptiondecision", "adopters_legal_status"): ADOPTERS,
    ("agencies.partnerevent", "postcode"): PARTNER_ADDRESS,
    ("agencies.partnerevent", "address_line"): PARTNER_ADDRESS,
    ("linkage.personsource", "postcode"): PARTNER_ADDRESS,
    ("linkage.personsource", "address_line"): PARTNER_ADDRESS,
    ("signals.signal", "evidence"): SIGNAL_EVIDENCE,
    ("family_help.familyhelpepisode", "consent_given_by"): FAMILY_HELP_NAMED,
    ("family_help.meetingattendee", "name"): FAMILY_HELP_NAMED,
    ("family_help.planaction", "who"): FAMILY_HELP_NAMED,
    # The family's help as the front door was told it: its meetings' attendees and actions.
    ("family_help.stepup", "history"): FAMILY_HELP_NAMED,
    ("proceedings.familynetworkattendee", "name"): FAMILY_HELP_NAMED,
    ("proceedings.familygroupconference", "family_plan"): FAMILY_HELP_NAMED,
    ("linkage.matchreview", "incoming"): UNCONFIRMED_MATCH,
    ("linkage.matchreview", "comparison_weights"): OTHER_MATCH,
    ("linkage.rejectedcandidate", "told_against"): OTHER_MATCH,
}
# Marked unless each of these fields of the row is the subject. A match review is about the
# person it decided for (`person`: the candidate confirmed, or the person created): then what
# the partner sent describes them. For a candidate only (waiting, or rejected) it describes
# someone else; and its comparisons are about the subject alone only when the candidate was
# confirmed to be them.
ABOUT_THE_SUBJECT_WHEN: dict[tuple[str, str], tuple[str, ...]] = {
    ("linkage.matchreview", "incoming"): ("person_id",),
    ("linkage.matchreview", "comparison_weights"): ("candidate_id", "person_id"),
}
# Keys of a JSON field (a partner event's details) that are about someone else.
THIRD_PARTY_KEYS = {
    ("agencies.partnerevent", "details"): {
        "accompanied_by": PARTNER_NAMED,
        "relationship_to_child": PARTNER_RELATIONSHIP,
        "address_line": PARTNER_ADDRESS,
        "postcode": PARTNER_ADDRESS,
        "place_of_safety": PLACE_OF_SAFETY,
    },
}
# Text keys of a partner event's details, written by the partner: checked like free text.
FREE_TEXT_KEYS = frozenset(
    {"explanation_given", "reason_given", "enquiries_made", "follow_up", "reason", "summary"}
)
# Professionals named as text, not as workers (a health professional, a personal adviser, the
# person a partner agency asked or who answered): treated like a worker's name, disclosed
# unless the reviewer finds the serious-harm test met (DPA 2018 Sch. 2 para 17 covers health,
# education and social work workers alike).
PROFESSIONAL_FIELDS = frozenset(
    {
        ("care.healthassessment", "carried_out_by"),
        ("care_leavers.personaladviser", "name"),
        ("care_leavers.personaladviser", "contact_details"),
        ("front_door.informationrequest", "asked_of"),
        ("front_door.informationrequest", "answered_by"),
    }
)
# Rows of these tables a row points at are named (the team, and the partner organisation that
# is the source of what it sent: Art. 15(1)(g)).
NAMED_TARGETS = frozenset({"organisation.team", "agencies.partnerorganisation"})


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
        self.names: dict[tuple[str, int], str] = {}  # (table, id) -> a team's or partner's name

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
        if user_id and not username:
            # A partner's practitioner (who asked the partner check) has an account, no Worker.
            username = (
                get_user_model()
                .objects.filter(pk=user_id)
                .values_list("username", flat=True)
                .first()
                or ""
            )
        return self.professional({"username": username})

    def professional(self, value: Any) -> dict[str, Any]:
        reason = WORKER_WITHHELD if self.redact_workers else WORKER_DISCLOSED
        return self.mark(value, reason, redact=self.redact_workers)

    def other_person(self, other: Person, reason: str) -> dict[str, Any]:
        self.known(other, reason)
        return self.mark({"id": other.pk, "name": other.full_name}, reason)

    def known(self, other: Person, reason: str) -> None:
        """Remember someone else's names, to find them in free text."""
        for name in (other.full_name, other.known_as):
            if name and len(name) > 2:
                self.third_parties.setdefault(name, reason)

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
            if (label, name) in THIRD_PARTY_FIELDS and value not in ("", None, [], {}):
                subject_fields = ABOUT_THE_SUBJECT_WHEN.get((label, name), ())
                if subject_fields and all(
                    getattr(obj, f) == self.person.pk for f in subject_fields
                ):
                    out[name] = _plain(value)
                else:
                    out[name] = self.mark(_plain(value), THIRD_PARTY_FIELDS[(label, name)])
            elif (label, name) in PROFESSIONAL_FIELDS and value:
                out[name] = self.professional(value)
            elif (label, name) in THIRD_PARTY_KEYS and isinstance(value, dict):
                out[name] = self.details(value, THIRD_PARTY_KEYS[(label, name)])
            elif isinstance(field, models.TextField) and isinstance(value, str):
                out[name] = self.free_text(value)
            elif field.choices and value not in ("", None):
                display = getattr(obj, f"get_{name}_display")()
                out[name] = {"code": value, "label": str(display)}
            else:
                out[name] = _plain(value)
        return out

    def details(self, details: dict[str, Any], marked: dict[str, str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in details.items():
            if key in marked and value not in ("", None):
                out[key] = self.mark(value, marked[key])
            elif key in FREE_TEXT_KEYS and isinstance(value, str):
                out[key] = self.free_text(value)
            else:
                out[key] = value
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
        label = target._meta.label_lower
        if label in NAMED_TARGETS:
            if (label, related_id) not in self.names:
                names = target._default_manager.filter(pk=related_id).values_list("name", flat=True)
                self.names[(label, related_id)] = names.get()
            return {"id": related_id, "name": self.names[(label, related_id)]}
        return {"id": related_id, "type": label}

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
        found: dict[str, list[models.Model]] = {}
        for model in records_about_a_person():
            condition = about(export_paths(model), [self.person.pk])
            rows = list(model._default_manager.filter(condition).distinct().order_by("pk"))
            if rows:
                found[model._meta.label_lower] = rows
        # Everyone else the rows name is known before any free text is read, so a mention of
        # an adult a partner named is found in the event's summary written before it.
        others = {
            getattr(obj, field.attname)
            for rows in found.values()
            for obj in rows
            for field in obj._meta.concrete_fields
            if field.is_relation and field.related_model is Person
        } - {None, self.person.pk}
        for other in Person.objects.filter(pk__in=others):
            self.known(other, OTHER_PERSON)
        for label, rows in found.items():
            sections[label] = [self.row(obj) for obj in rows]
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


def subject_access_export(person: Person, *, redact_workers: bool = False) -> dict[str, Any]:
    """Everything held about `person`, as JSON-ready data with third-party information marked
    for redaction (UK GDPR Art. 15; DPA 2018 Sch. 2 Part 3 paras 16-17, Sch. 3 Part 3)."""
    return _Exporter(person, redact_workers=redact_workers).export()
