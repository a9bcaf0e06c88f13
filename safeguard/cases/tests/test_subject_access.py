"""Subject access: everything held about a person, third parties marked for redaction."""

import json
import stat
from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from safeguard.audit.models import Action, AuditEntry
from safeguard.cases import personal_data, subject_access
from safeguard.cases.selectors import child_record_get
from safeguard.cases.subject_access import (
    ADOPTERS,
    CARER_LOCATION,
    FREE_TEXT,
    HOUSEHOLD,
    OTHER_MATCH,
    OTHER_PERSON,
    OWN_CHILD,
    PARTNER_ADDRESS,
    PARTNER_NAMED,
    REFERRER,
    RELATIVE,
    SIGNAL_EVIDENCE,
    UNCONFIRMED_MATCH,
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
from safeguard.cases.tests.records_elsewhere import match_review, records_elsewhere
from safeguard.cases.workflow import rules
from safeguard.common import codes
from safeguard.common.admin import child_paths
from safeguard.people.tests.factories import (
    AddressFactory,
    AdultFactory,
    ChildFactory,
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


# Every table about a person, in every app ---------------------------------------------------

# The tables exported as case records: each was decided. A new table with a path to a person
# (the next app's) fails the test below until it is added here (its third-party fields marked
# in subject_access) or excluded, with its reason, in personal_data.NOT_ABOUT_THE_PERSON.
EXPORTED = frozenset(
    {
        *(
            f"cases.{name}"
            for name in (
                "allocation",
                "contact",
                "referral",
                "assessment",
                "strategydiscussion",
                "section47enquiry",
                "childprotectionconference",
                "childprotectionplan",
                "coregroupmeeting",
                "childinneedplan",
                "childinneedplanreview",
                "visit",
                "casenote",
                "lookedafterperiod",
                "placement",
                "lookedafterreview",
                "managementdecision",
            )
        ),
        "access.restrictedrecord",
        "access.breakglassgrant",
        "front_door.contactrating",
        "front_door.informationrequest",
        "front_door.referrerfeedback",
        "agencies.partnersubmission",
        "agencies.partnerevent",
        "agencies.partnereventadult",
        "agencies.partnercheck",
        "signals.signal",
        "linkage.matchreview",
        "linkage.personsource",
        "linkage.rejectedcandidate",
        *(
            f"care.{name}"
            for name in (
                "healthassessment",
                "dentalcheck",
                "immunisationstatus",
                "sdqscore",
                "missingepisode",
                "personaleducationplan",
                "uascstatus",
                "motherhood",
                "conviction",
                "substancemisuse",
                "irocontact",
            )
        ),
        *(
            f"care_leavers.{name}"
            for name in (
                "needsassessment",
                "pathwayplan",
                "pathwayplanreview",
                "personaladviser",
                "careleavercontact",
            )
        ),
        "permanence.adoptiondecision",
        "permanence.previouspermanence",
        "permanence.permanenceplan",
        *(
            f"family_help.{name}"
            for name in (
                "familyhelpepisode",
                "earlyhelpepisode",
                "leadpractitioner",
                "familyhelpassessment",
                "assessedneed",
                "familyplan",
                "planoutcome",
                "planaction",
                "teamaroundfamilymeeting",
                "meetingattendee",
                "familyplanreview",
                "outcomeprogress",
                "stepup",
            )
        ),
        *(
            f"proceedings.{name}"
            for name in (
                "familygroupconference",
                "familynetworkattendee",
                "legalplanningmeeting",
                "preproceedings",
                "preproceedingsmeeting",
            )
        ),
        # Case audits (issue 17): the audit of the practice on the child's case, its grade per
        # theme and its actions are about the child.
        *(
            f"case_audits.{name}"
            for name in ("caseaudit", "caseauditthemegrade", "caseauditaction")
        ),
        # Case supervision is management oversight of the child's case (issue 17).
        "supervision.casesupervision",
        "supervision.supervisionaction",
    }
)


def test_every_table_with_a_path_to_a_person_is_exported_or_excluded_with_a_reason():
    with_a_path = {m._meta.label_lower for m in apps.get_models() if child_paths(m)}
    with_a_path |= {m._meta.label_lower for m in personal_data.models_with_a_person()}
    exported = {m._meta.label_lower for m in personal_data.records_about_a_person()}
    excluded = set(personal_data.NOT_ABOUT_THE_PERSON) | personal_data.PEOPLE_SECTIONS
    undecided = with_a_path - EXPORTED - excluded
    assert not undecided, (
        f"{sorted(undecided)} point at a person: add each to EXPORTED (and mark its fields "
        "about anyone else in subject_access) or exclude it in personal_data with its reason"
    )
    assert exported == EXPORTED
    assert not excluded & EXPORTED
    assert all(reason for reason in personal_data.NOT_ABOUT_THE_PERSON.values())
    # No stale exclusion: each names an installed table that points at a person.
    assert excluded <= with_a_path


def test_every_field_marked_as_about_someone_else_exists():
    named = [
        *subject_access.THIRD_PARTY_FIELDS,
        *subject_access.ABOUT_THE_SUBJECT_WHEN,
        *subject_access.THIRD_PARTY_KEYS,
        *subject_access.PROFESSIONAL_FIELDS,
    ]
    for label, field in named:
        assert apps.get_model(label)._meta.get_field(field), (label, field)
        assert label in EXPORTED


@pytest.fixture
def cared_for():
    """A child with a row in every table outside cases, and another child with the same."""
    child = ChildFactory(first_name="Cara", last_name="Mead")
    other = ChildFactory(first_name="Olly", last_name="Stone")
    mine = records_elsewhere(child, "MINE")
    records_elsewhere(other, "THEIRS")
    return child, mine


def test_a_childs_care_leaving_permanence_front_door_partner_and_signal_rows_are_exported(
    cared_for,
):
    child, _ = cared_for
    sections = subject_access_export(child)["case_records"]
    elsewhere = {
        label for label in EXPORTED if not label.startswith(("cases.", "access.", "linkage."))
    }
    assert elsewhere <= set(sections)
    for label in elsewhere - {"agencies.partnereventadult"}:
        rows = sections[label]
        assert len(rows) == 1, label
        if "child" in rows[0]:
            assert rows[0]["child"] == {"id": child.pk, "subject": True}, label
    assert "THEIRS" not in json.dumps(sections)
    assert "Olly" not in json.dumps(sections)


def test_third_parties_in_the_new_tables_are_marked(cared_for):
    child, mine = cared_for
    sections = subject_access_export(child)["case_records"]
    (decision,) = sections["permanence.adoptiondecision"]
    assert decision["adopters_sex"] == {"value": "FF", "redact": True, "reason": ADOPTERS}
    (motherhood,) = sections["care.motherhood"]
    assert (
        motherhood["first_child_born_on"]["redact"],
        motherhood["first_child_born_on"]["reason"],
    ) == (True, OWN_CHILD)
    (adviser,) = sections["care_leavers.personaladviser"]
    assert adviser["name"] == {"value": "Pat MINE", "redact": False, "reason": WORKER_DISCLOSED}
    (assessment,) = sections["care.healthassessment"]
    assert assessment["carried_out_by"]["reason"] == WORKER_DISCLOSED
    (iro,) = sections["care.irocontact"]
    assert iro["iro"]["value"]["name"] == mine["worker"].full_name
    (event,) = sections["agencies.partnerevent"]
    assert event["organisation"] == {"id": mine["event"].organisation_id, "name": "Test hospital"}
    assert event["postcode"] == {"value": "ZZ97 7QQ", "redact": True, "reason": PARTNER_ADDRESS}
    assert event["details"]["accompanied_by"] == {
        "value": "Uncle MINE",
        "redact": True,
        "reason": PARTNER_NAMED,
    }
    assert event["details"]["description"] == "Bruising"
    # The adult named on the event is known before its summary is read.
    assert [(m["text"], m["reason"]) for m in event["summary"]["mentions"]] == [
        ("Arlo NamedMINE", OTHER_PERSON)
    ]
    (named,) = sections["agencies.partnereventadult"]
    assert named["person"]["value"]["name"] == "Arlo NamedMINE"
    assert (named["person"]["redact"], named["person"]["reason"]) == (True, OTHER_PERSON)
    (signal,) = sections["signals.signal"]
    assert (signal["evidence"]["redact"], signal["evidence"]["reason"]) == (True, SIGNAL_EVIDENCE)
    assert "evidence_hash" not in signal
    withheld = subject_access_export(child, redact_workers=True)["case_records"]
    adviser = withheld["care_leavers.personaladviser"][0]["name"]
    assert (adviser["redact"], adviser["reason"]) == (True, WORKER_WITHHELD)


def test_an_adult_a_partner_named_gets_the_event_with_the_child_marked(cared_for):
    child, mine = cared_for
    sections = subject_access_export(mine["adult"])["case_records"]
    (named,) = sections["agencies.partnereventadult"]
    assert named["person"] == {"id": mine["adult"].pk, "subject": True}
    (event,) = sections["agencies.partnerevent"]
    assert event["child"]["value"] == {"id": child.pk, "name": "Cara Mead"}
    assert event["child"]["redact"] is True
    assert set(sections) == {"agencies.partnerevent", "agencies.partnereventadult"}


def test_a_partners_description_is_marked_unless_the_review_decided_it_was_the_person():
    child = ChildFactory(first_name="Mina", last_name="Ross")
    someone_else = ChildFactory(first_name="Nina", last_name="Ross")
    match_review(candidate=child, person=child, incoming={"first_name": "Mina"})
    match_review(candidate=child, person=someone_else, incoming={"first_name": "Nina"})
    reviews = subject_access_export(child)["case_records"]["linkage.matchreview"]
    confirmed, rejected = reviews
    assert confirmed["incoming"] == {"first_name": "Mina"}
    assert confirmed["comparison_weights"][0]["comparison"] == "dob"
    assert "incoming_fingerprint" not in confirmed
    assert rejected["incoming"] == {
        "value": {"first_name": "Nina"},
        "redact": True,
        "reason": UNCONFIRMED_MATCH,
    }
    assert rejected["person"]["redact"] is True
    mine = subject_access_export(child)["case_records"]
    # Where the other person's record came from is theirs, though it names this child as a
    # candidate turned down; that the child was turned down is this child's.
    assert "linkage.personsource" not in mine
    (turned_down,) = mine["linkage.rejectedcandidate"]
    assert turned_down["candidate"] == {"id": child.pk, "subject": True}
    assert turned_down["told_against"]["reason"] == OTHER_MATCH
    theirs = subject_access_export(someone_else)["case_records"]
    (source,) = theirs["linkage.personsource"]
    assert source["person"] == {"id": someone_else.pk, "subject": True}
    assert source["postcode"]["reason"] == PARTNER_ADDRESS
    # The review that created them: the partner described them, but the comparisons were
    # with the candidate (someone else).
    (review,) = theirs["linkage.matchreview"]
    assert review["incoming"] == {"first_name": "Nina"}
    assert review["comparison_weights"]["reason"] == OTHER_MATCH
    assert review["candidate"]["redact"] is True
