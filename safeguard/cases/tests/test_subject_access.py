"""Subject access: everything held about a person, third parties marked for redaction."""

import json
import stat
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safeguard.audit.models import Action, AuditEntry
from safeguard.cases.selectors import child_record_get
from safeguard.cases.subject_access import (
    CARER_LOCATION,
    FREE_TEXT,
    HOUSEHOLD,
    REFERRER,
    RELATIVE,
    WITHHELD_ADDRESS_KINDS,
    WORKER_DISCLOSED,
    WORKER_WITHHELD,
    subject_access_export,
)
from safeguard.cases.tests.factories import (
    AssessmentFactory,
    CaseNoteFactory,
    ContactFactory,
    PlacementFactory,
    ReferralFactory,
    VisitFactory,
)
from safeguard.cases.workflow import rules
from safeguard.common import codes
from safeguard.people.tests.factories import (
    AddressFactory,
    AdultFactory,
    RelationshipFactory,
    ResidenceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(personas):
    """Own Child's record: a mother, a lodger at home, a contact, a referral, an assessment,
    a visit, a placement and a case note that names the mother."""
    child = personas.own_child
    child.nhs_number = "9434765919"
    child.save()
    worker = personas.social_worker.worker
    mother = AdultFactory(first_name="Maud", last_name="Hollins")
    RelationshipFactory(person=mother, relative=child, kind=codes.RelationshipKind.PARENT)
    home = AddressFactory(postcode="ZZ99 1AA")
    ResidenceFactory(person=child, address=home, start_date=date(2016, 3, 1))
    ResidenceFactory(person=mother, address=home, start_date=date(2010, 1, 1))
    lodger = AdultFactory(first_name="Len", last_name="Barrow")
    ResidenceFactory(person=lodger, address=home, start_date=date(2024, 1, 1))
    ResidenceFactory(
        person=child,
        address=AddressFactory(postcode="ZZ99 9ZZ"),
        kind=codes.AddressKind.REFUGE,
        start_date=date(2025, 1, 1),
    )
    ContactFactory(child=child, referrer="Mrs Pike, next door", team=personas.front_door)
    referral = ReferralFactory(child=child, team=personas.team)
    AssessmentFactory(
        referral=referral,
        worker=worker,
        submitted=True,
        childs_voice="Seen at school; said Maud Hollins reads to her at bedtime.",
    )
    VisitFactory(child=child, visited_by=worker, notes="Maud Hollins was at home.")
    PlacementFactory(period__child=child, postcode="ZZ98 2BB")
    CaseNoteFactory(child=child, written_by=worker, body="Spoke to maud hollins and to the school.")
    CaseNoteFactory(child=personas.other_child, body="Nothing to do with Own Child.")
    child_record_get(user=personas.social_worker, child_id=child.pk)
    return child


def test_the_export_holds_the_person_their_identifiers_and_addresses(record):
    export = subject_access_export(record)
    assert export["person"]["first_name"] == "Own"
    assert export["identifiers"] == {
        "nhs_number": "9434765919",
        "upn": "",
        "former_upn": "",
        "authority_child_id": "POwn",
    }
    postcodes = [
        a["address"].get("postcode") or a["address"]["value"]["postcode"]
        for a in export["addresses"]
    ]
    assert postcodes == ["ZZ99 1AA", "ZZ99 9ZZ"]


def test_a_refuge_address_is_marked_for_redaction(record):
    refuge = subject_access_export(record)["addresses"][1]["address"]
    assert refuge["redact"] is True
    assert refuge["reason"] == WITHHELD_ADDRESS_KINDS[codes.AddressKind.REFUGE]


def test_relatives_and_household_members_are_marked_as_third_parties(record):
    export = subject_access_export(record)
    (relationship,) = export["relationships"]
    assert relationship["subject_is"] == "relative"
    assert relationship["other_person"]["value"]["name"] == "Maud Hollins"
    assert relationship["other_person"]["redact"] is True
    assert relationship["other_person"]["reason"] == RELATIVE
    household = {m["person"]["value"]["name"]: m["person"] for m in export["household_members"]}
    assert household["Len Barrow"]["redact"] is True
    assert household["Len Barrow"]["reason"] == HOUSEHOLD


def test_every_case_record_about_the_child_is_exported_and_no_one_elses(record):
    sections = subject_access_export(record)["case_records"]
    assert {
        "cases.allocation",
        "cases.contact",
        "cases.referral",
        "cases.assessment",
        "cases.visit",
        "cases.lookedafterperiod",
        "cases.placement",
        "cases.casenote",
    } <= set(sections)
    assert len(sections["cases.casenote"]) == 1
    assert "Nothing to do with Own Child" not in json.dumps(sections)


def test_the_referrer_and_a_carers_postcode_are_marked_for_redaction(record):
    sections = subject_access_export(record)["case_records"]
    referrer = sections["cases.contact"][0]["referrer"]
    assert referrer == {"value": "Mrs Pike, next door", "redact": True, "reason": REFERRER}
    postcode = sections["cases.placement"][0]["postcode"]
    assert postcode == {"value": "ZZ98 2BB", "redact": True, "reason": CARER_LOCATION}


def test_a_relative_named_in_free_text_is_marked_where_they_are_named(record):
    note = subject_access_export(record)["case_records"]["cases.casenote"][0]
    body = note["body"]
    assert body["reason"] == FREE_TEXT
    assert body["mentions"] == [
        {"text": "maud hollins", "start": 9, "end": 21, "redact": True, "reason": RELATIVE}
    ]


def test_every_section_of_the_written_assessment_is_exported_and_a_named_relative_marked(
    record,
):
    (assessment,) = subject_access_export(record)["case_records"]["cases.assessment"]
    for section in rules.ASSESSMENT_SECTIONS:
        assert assessment[section]["reason"] == FREE_TEXT
    voice = assessment["childs_voice"]
    assert voice["value"] == "Seen at school; said Maud Hollins reads to her at bedtime."
    assert [(m["text"], m["reason"]) for m in voice["mentions"]] == [("Maud Hollins", RELATIVE)]


def test_workers_names_are_disclosed_unless_the_reviewer_asks_to_redact_them(record):
    note = subject_access_export(record)["case_records"]["cases.casenote"][0]
    assert note["written_by"]["value"]["name"] == "Sw Persona"
    assert (note["written_by"]["redact"], note["written_by"]["reason"]) == (
        False,
        WORKER_DISCLOSED,
    )
    withheld = subject_access_export(record, redact_workers=True)
    written_by = withheld["case_records"]["cases.casenote"][0]["written_by"]
    assert (written_by["redact"], written_by["reason"]) == (True, WORKER_WITHHELD)


def test_the_audit_entries_about_the_child_are_exported(record):
    (entry,) = subject_access_export(record)["audit_entries"]
    assert entry["action"] == {"code": "read", "label": "Read"}
    assert entry["by"]["value"]["name"] == "Sw Persona"


def test_the_export_counts_what_it_marked_for_redaction(record):
    redactions = subject_access_export(record)["redactions"]
    assert redactions["by_reason"][RELATIVE] >= 2  # the relationship and the case note
    assert redactions["marked"] == sum(redactions["by_reason"].values())


def test_the_command_writes_a_private_file_and_audits_the_export(record, personas, tmp_path):
    output = tmp_path / "sar.json"
    call_command(
        "export_subject_access",
        person=record.pk,
        output=output,
        by="auditor",
        reason="SAR 2026/041",
    )
    export = json.loads(output.read_text())
    assert export["export"]["person_id"] == record.pk
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert (entry.actor_username, entry.child_id, entry.reason) == (
        "auditor",
        record.pk,
        "SAR 2026/041",
    )
    assert entry.details["export"] == "subject_access"


def test_the_command_never_overwrites_a_file(record, tmp_path):
    output = tmp_path / "sar.json"
    output.write_text("earlier export")
    with pytest.raises(CommandError, match="not overwritten"):
        call_command("export_subject_access", person=record.pk, output=output)
    assert output.read_text() == "earlier export"
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_the_command_refuses_an_unknown_person(db, tmp_path):
    with pytest.raises(CommandError, match="No person has id 999999"):
        call_command("export_subject_access", person=999999, output=tmp_path / "x.json")
