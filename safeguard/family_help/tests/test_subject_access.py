"""Family help in a subject access export: the family's rows go to each child in it, and
no other family's; the people named as text in it are marked for the reviewer."""

from __future__ import annotations

import json
from datetime import date

import pytest

from safeguard.cases.subject_access import FAMILY_HELP_NAMED, subject_access_export
from safeguard.family_help import services
from safeguard.family_help.models import PlanAction
from safeguard.family_help.services import (
    ActionAgreed,
    AttendeeRecorded,
    NeedFound,
    OutcomeAgreed,
)
from safeguard.family_help.tests.factories import EarlyHelpEpisodeFactory

pytestmark = pytest.mark.django_db


def _family(name):
    first = EarlyHelpEpisodeFactory(child__first_name=f"{name}One")
    second = EarlyHelpEpisodeFactory(family_help=first.family_help, child__first_name="Two")
    family_help = first.family_help
    assessment = services.family_help_assessment_start(
        family_help=family_help, start_date=date(2025, 1, 13)
    )
    services.family_help_assessment_complete(
        assessment=assessment,
        completed_on=date(2025, 1, 31),
        needs=[NeedFound("housing", f"Damp flat {name}")],
    )
    services.family_plan_agree(
        family_help=family_help,
        agreed_on=date(2025, 2, 3),
        outcomes=[
            OutcomeAgreed("housing", "A dry home", actions=[ActionAgreed(f"Gran {name}", "Ring")])
        ],
    )
    services.family_meeting_record(
        family_help=family_help,
        held_on=date(2025, 2, 3),
        kind="initial",
        attendees=[AttendeeRecorded(f"Gran {name}", "attended", is_family_member=True)],
    )
    return first.child, second.child


def test_each_child_gets_the_familys_rows_and_names_in_them_are_marked():
    first, second = _family("MINE")
    _family("THEIRS")
    for child in (first, second):
        sections = subject_access_export(child)["case_records"]
        assert len(sections["family_help.familyhelpepisode"]) == 1
        (own,) = sections["family_help.earlyhelpepisode"]
        assert own["child"] == {"id": child.pk, "subject": True}
        (need,) = sections["family_help.assessedneed"]
        assert "Damp flat MINE" in json.dumps(need)
        (attendee,) = sections["family_help.meetingattendee"]
        assert attendee["name"] == {
            "value": "Gran MINE",
            "redact": True,
            "reason": FAMILY_HELP_NAMED,
        }
        (action,) = sections["family_help.planaction"]
        assert action["who"]["reason"] == FAMILY_HELP_NAMED
        assert "THEIRS" not in json.dumps(sections)
    assert PlanAction.objects.count() == 2
