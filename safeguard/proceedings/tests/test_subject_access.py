"""Family group conferences and pre-proceedings in a subject access export and in retention:
every table is classified (cases.personal_data's completeness tests run over it), a family's
conference goes to each child in the family and to no other child."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.apps import apps

from safeguard.cases.personal_data import records_about_a_person, tables_deleted_with_a_person
from safeguard.cases.subject_access import subject_access_export
from safeguard.family_help.tests.factories import EarlyHelpEpisodeFactory
from safeguard.organisation.tests.factories import WorkerFactory
from safeguard.people.tests.factories import ChildFactory
from safeguard.proceedings import services
from safeguard.proceedings.services import NetworkAttendee

pytestmark = pytest.mark.django_db


def test_every_proceedings_table_is_exported_and_counted_by_retention():
    tables = {m._meta.label_lower for m in apps.get_app_config("proceedings").get_models()}
    assert tables <= {m._meta.label_lower for m in records_about_a_person()}
    assert tables <= {m._meta.label_lower for m in tables_deleted_with_a_person()}


def _conference_for(family_help, name):
    conference = services.family_group_conference_offer(
        family_help=family_help, offered_on=date(2025, 3, 3), offered_by=WorkerFactory()
    )
    services.family_group_conference_answer(
        conference=conference, answer="accepted", answered_on=date(2025, 3, 4)
    )
    services.family_group_conference_hold(
        conference=conference,
        held_on=date(2025, 3, 20),
        coordinator_name="Rowan Coordinator",
        coordinator_organisation="",
        attendees=[NetworkAttendee(f"Gran {name}", "grandmother")],
    )


def test_a_familys_conference_goes_to_each_child_in_it_and_no_one_else():
    first = EarlyHelpEpisodeFactory()
    second = EarlyHelpEpisodeFactory(family_help=first.family_help)
    _conference_for(first.family_help, "MINE")
    _conference_for(EarlyHelpEpisodeFactory().family_help, "THEIRS")
    for child in (first.child, second.child):
        sections = subject_access_export(child)["case_records"]
        assert len(sections["proceedings.familygroupconference"]) == 1
        (attendee,) = sections["proceedings.familynetworkattendee"]
        assert "Gran MINE" in json.dumps(attendee)
        assert "THEIRS" not in json.dumps(sections)


def test_a_childs_pre_proceedings_go_to_that_child():
    child = ChildFactory()
    meeting = services.legal_planning_meeting_record(
        child=child,
        held_on=date(2025, 4, 7),
        outcome="B",
        rationale="Neglect continues.",
        chaired_by=WorkerFactory(manager=True),
    )
    services.pre_proceedings_letter_send(
        pre_proceedings=meeting.pre_proceedings,
        sent_on=date(2025, 4, 10),
        family_group_conference_offered=False,
    )
    services.pre_proceedings_meeting_record(
        pre_proceedings=meeting.pre_proceedings, held_on=date(2025, 4, 24), kind="initial"
    )
    sections = subject_access_export(child)["case_records"]
    assert len(sections["proceedings.legalplanningmeeting"]) == 1
    assert len(sections["proceedings.preproceedings"]) == 1
    assert len(sections["proceedings.preproceedingsmeeting"]) == 1
    assert "proceedings.preproceedings" not in subject_access_export(ChildFactory())["case_records"]
