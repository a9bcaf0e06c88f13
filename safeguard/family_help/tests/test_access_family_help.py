"""Need to know for family help (`access.queries.family_help_visible_q`), its reason to know
(the children of the families a council practitioner works with), its permissions, and a
partner lead held to two factors like staff."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.access.models import RestrictedRecord
from safeguard.access.permissions import allowed
from safeguard.access.queries import can_see_child, can_see_family
from safeguard.family_help.models import EndReason, FamilyHelpEpisode
from safeguard.family_help.services import family_help_close, lead_practitioner_assign
from safeguard.family_help.tests.access_support import family_led_by
from safeguard.organisation.models import Service, Worker
from safeguard.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        datetime(2025, 3, 14, 12, 0, tzinfo=ZoneInfo("Europe/London")), tick=False
    ):
        yield


def _staff(django_user_model: Any, personas: Any, name: str, role: str, team: Any) -> Any:
    user = django_user_model.objects.create_user(username=name, password="p" * 16)
    Worker.objects.create(
        authority=personas.authority,
        user=user,
        first_name=name.title(),
        last_name="Family",
        role=role,
        team=team,
        started_on=date(2020, 1, 6),
    )
    return user


def _visible(user: Any) -> set[int]:
    from safeguard.access.queries import family_help_visible_q

    return set(
        FamilyHelpEpisode.objects.filter(family_help_visible_q(user)).values_list("pk", flat=True)
    )


@pytest.fixture
def families(personas: Any) -> dict[str, FamilyHelpEpisode]:
    return {
        "partner_led": family_led_by(
            personas.partner_lead, team=personas.family_help_team, children=(ChildFactory(),)
        ),
        "council_led": family_led_by(
            personas.other_worker, team=personas.other_team, children=(ChildFactory(),)
        ),
        "team_only": family_led_by(
            None, team=personas.family_help_team, children=(ChildFactory(),)
        ),
    }


def test_a_partner_lead_sees_only_the_families_they_lead(personas, families):
    assert _visible(personas.partner_lead) == {families["partner_led"].pk}
    assert not can_see_family(personas.partner_lead, families["council_led"])


def test_a_partner_of_the_same_kind_who_leads_nothing_sees_no_family(personas, families):
    assert _visible(personas.partner_user) == set()


def test_a_council_lead_sees_the_family_they_lead_whatever_their_team(personas, families):
    assert _visible(personas.other_worker) == {families["council_led"].pk}


def test_the_family_help_teams_practitioner_sees_every_family_the_team_oversees(personas, families):
    assert _visible(personas.fhp) == {families["partner_led"].pk, families["team_only"].pk}


def test_the_teams_manager_and_the_head_of_service_over_it_see_its_families(
    personas, families, django_user_model
):
    team = personas.family_help_team
    manager = _staff(django_user_model, personas, "fhmanager", Worker.Role.TEAM_MANAGER, None)
    head = _staff(django_user_model, personas, "fhhead", Worker.Role.HEAD_OF_SERVICE, None)
    team.manager = manager.worker
    team.service = Service.objects.create(
        authority=personas.authority, name="Early help", head=head.worker
    )
    team.save()
    expected = {families["partner_led"].pk, families["team_only"].pk}
    assert _visible(manager) == expected
    assert _visible(head) == expected


def test_a_social_worker_in_the_family_help_team_sees_only_the_families_they_lead(
    personas, families, django_user_model
):
    worker = _staff(
        django_user_model, personas, "fhsw", Worker.Role.SOCIAL_WORKER, personas.family_help_team
    )
    assert _visible(worker) == set()


def test_roles_that_do_not_work_with_children_see_no_family_even_named_as_lead(personas, families):
    families["team_only"].lead_user = personas.auditor
    families["team_only"].save(update_fields=["lead_user"])
    assert _visible(personas.auditor) == set()
    assert _visible(personas.superuser) == set()


def test_a_partner_lead_stops_seeing_the_family_once_another_leads_it(personas, families):
    family = families["partner_led"]
    lead_practitioner_assign(
        family_help=family, start_date=date(2025, 3, 10), worker=personas.fhp.worker
    )
    assert _visible(personas.partner_lead) == set()
    assert can_see_family(personas.fhp, family)


def test_a_partner_lead_stops_seeing_the_family_when_its_help_closes_and_the_team_still_does(
    personas, families
):
    family = families["partner_led"]
    family_help_close(
        family_help=family, ended_on=date(2025, 3, 12), end_reason=EndReason.NEEDS_MET
    )
    assert _visible(personas.partner_lead) == set()
    assert can_see_family(personas.fhp, family)


def test_a_partner_lead_whose_organisation_stops_sharing_sees_nothing(personas, families):
    organisation = personas.partner_lead.partner_membership.organisation
    organisation.is_active = False
    organisation.save(update_fields=["is_active"])
    assert _visible(personas.partner_lead) == set()


def test_a_family_with_a_restricted_child_is_seen_only_by_those_the_restriction_names(
    personas, families
):
    family = families["partner_led"]
    child = family.children.get().child
    restriction = RestrictedRecord.objects.create(child=child, reason="Staff member")
    assert _visible(personas.partner_lead) == set()
    assert family.pk not in _visible(personas.fhp)
    restriction.named_users.add(personas.partner_lead)
    assert _visible(personas.partner_lead) == {family.pk}


def test_one_restricted_child_hides_the_whole_family_from_those_it_does_not_name(personas):
    restricted = ChildFactory()
    family = family_led_by(
        personas.partner_lead, team=personas.family_help_team, children=(ChildFactory(), restricted)
    )
    RestrictedRecord.objects.create(child=restricted, reason="Staff member")
    assert family.pk not in _visible(personas.partner_lead)
    assert family.pk not in _visible(personas.fhp)


# --- The reason to know: the children's records --------------------------------------------


def test_the_family_help_practitioner_sees_the_record_of_each_child_in_the_families_open_help(
    personas, families
):
    child = families["team_only"].children.get().child
    assert can_see_child(personas.fhp, child)
    assert allowed(personas.fhp, "child.view", child)
    assert not can_see_child(personas.fhp, families["council_led"].children.get().child)


def test_a_child_whose_help_has_ended_is_no_longer_in_the_practitioners_need_to_know(
    personas, families
):
    episode = families["team_only"].children.get()
    episode.end_date, episode.end_reason = date(2025, 3, 1), EndReason.CHILD_LEFT_HOUSEHOLD
    episode.save(update_fields=["end_date", "end_reason"])
    assert not can_see_child(personas.fhp, episode.child)


def test_a_partner_lead_never_sees_a_childs_social_care_record(personas, families, sign_in):
    child = families["partner_led"].children.get().child
    assert not can_see_child(personas.partner_lead, child)
    assert not allowed(personas.partner_lead, "child.view", child)
    response = sign_in(personas.partner_lead).get(reverse("cases:child_record", args=[child.pk]))
    assert response.status_code == 403


# --- Permissions -----------------------------------------------------------------------------


def test_a_partner_lead_may_record_on_their_family_and_no_other(personas, families):
    assert allowed(personas.partner_lead, "family_help.record", families["partner_led"])
    assert not allowed(personas.partner_lead, "family_help.record", families["council_led"])


def test_the_front_door_and_conference_chairs_do_not_record_family_help(personas, families):
    for user in (personas.front_door_worker, personas.conference_chair):
        families["team_only"].lead_user = user
        families["team_only"].save(update_fields=["lead_user"])
        assert allowed(user, "family_help.view", families["team_only"])
        assert not allowed(user, "family_help.record", families["team_only"])


def test_the_family_help_practitioner_records_on_the_teams_families(personas, families):
    assert allowed(personas.fhp, "family_help.record", families["team_only"])
    assert not allowed(personas.fhp, "family_help.record", families["council_led"])


# --- Two factors -----------------------------------------------------------------------------


def test_a_partner_lead_needs_the_security_code_as_well_as_the_password(client, personas, families):
    user = personas.partner_lead
    user.set_password(PASSWORD)
    user.save()
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    families_page = reverse("family_help:list")

    response = client.post("/sign-in", {"username": "partnerlead", "password": PASSWORD})
    assert response["Location"] == "/sign-in/code"
    refused = client.get(families_page)
    assert refused.status_code == 302
    assert refused["Location"].startswith(reverse("accounts:sign_in"))
    family_page = reverse("family_help:family", args=[families["partner_led"].pk])
    assert client.get(family_page).status_code == 302

    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    client.post("/sign-in/code", {"code": f"{code:06d}"})
    assert client.get("/")["Location"] == families_page
    assert client.get(family_page).status_code == 200
