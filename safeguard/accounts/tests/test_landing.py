"""Each role lands on its own work: after signing in, and at `/`, a person is sent to the
first of their work pages (`accounts.landing`), sees links to the others there, and a `next`
page asked for before signing in still wins."""

from __future__ import annotations

import re

import pytest
import rules
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.access.roles import Role, role_of
from safeguard.accounts.landing import (
    WORK_PAGES,
    landing_url,
    other_work_for,
    work_pages_for,
)
from safeguard.organisation.models import Worker

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"

# Where each persona lands, and the other work pages they are shown links to there. Written
# out, not worked out from the table under test.
LANDINGS = {
    "social_worker": ("cases:my_cases", []),
    "team_manager": ("cases:team_dashboard", ["My cases"]),
    "other_worker": ("cases:my_cases", []),
    "head_of_service": ("cases:team_dashboard", []),
    "front_door_worker": ("front_door:queue", []),
    "conference_chair": ("cases:conferences", []),
    "auditor": ("audit:alerts", ["Audit trail"]),
    "analyst": ("performance:dashboard", ["Returns"]),
    "system_administrator": ("admin:index", []),
    "partner_user": ("agencies:partner_check", ["Your families", "Your referrals"]),
    # Family help (issue 16): the council's practitioner and a partner's lead practitioner
    # (not named for the partner check) land on the families they work with.
    "fhp": ("family_help:list", []),
    "partner_lead": ("family_help:list", ["Your referrals"]),
    # A Django superuser with no role has no work in Safeguard: the flag grants nothing.
    "superuser": (None, []),
}


def test_every_persona_has_a_landing_written_down(personas):
    assert set(LANDINGS) == set(personas.all_users)


@pytest.mark.parametrize("persona", sorted(LANDINGS))
def test_each_persona_lands_on_their_own_work_at_the_home_page(personas, sign_in, persona):
    user = personas.all_users[persona]
    landing, _others = LANDINGS[persona]
    response = sign_in(user).get("/")
    if landing is None:
        assert response.status_code == 200
        assert "Your role has no case pages" in response.content.decode()
    else:
        assert response.status_code == 302
        assert response["Location"] == reverse(landing)
    assert landing_url(user) == (reverse(landing) if landing else None)


# The administrator's pages are Django's admin (opened below); a superuser has none.
ON_SAFEGUARD_PAGES = sorted(
    p for p, (url, _o) in LANDINGS.items() if url not in (None, "admin:index")
)


@pytest.mark.parametrize("persona", ON_SAFEGUARD_PAGES)
def test_each_persona_may_open_the_page_they_land_on_and_sees_links_to_their_other_work(
    personas, sign_in, persona
):
    landing, others = LANDINGS[persona]
    response = sign_in(personas.all_users[persona]).get(reverse(landing))
    assert response.status_code == 200
    html = response.content.decode()
    nav = re.search(r'<nav class="safeguard-other-work"[^>]*>(.*?)</nav>', html, re.S)
    if not others:
        assert nav is None
        return
    assert nav is not None
    assert re.findall(r'<a class="govuk-link" href="[^"]+">([^<]+)</a>', nav.group(1)) == others


def test_the_administrator_lands_on_the_administration_pages_and_may_open_them(personas, sign_in):
    client = sign_in(personas.system_administrator)
    assert client.get("/")["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_other_work_links_show_only_on_a_work_page(personas, sign_in):
    client = sign_in(personas.analyst)
    assert 'class="safeguard-other-work"' in client.get(reverse("returns:census")).content.decode()
    performance = reverse("performance:dashboard")
    assert other_work_for(personas.analyst, reverse("returns:census")) == [
        ("Performance", performance)
    ]
    assert other_work_for(personas.analyst, performance + "referrals") == []


def test_signing_in_lands_on_the_roles_work_and_a_next_page_still_wins(client, personas):
    chair = personas.conference_chair
    chair.set_password(PASSWORD)
    chair.save()
    device = TOTPDevice.objects.create(user=chair, name="phone", confirmed=True)

    def code() -> str:
        return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"

    client.post("/sign-in", {"username": chair.get_username(), "password": PASSWORD})
    response = client.post("/sign-in/code", {"code": code()})
    assert response["Location"] == "/"
    assert client.get("/")["Location"] == reverse("cases:conferences")

    client.post(reverse("accounts:sign_out"))
    device.refresh_from_db()
    device.last_t = -1  # the same code may be typed again in this test
    device.save()
    child_search = reverse("access:child_search")
    client.post(
        "/sign-in?next=" + child_search, {"username": chair.get_username(), "password": PASSWORD}
    )
    response = client.post("/sign-in/code", {"code": code()})
    assert response["Location"] == child_search


def test_a_partner_whose_organisation_closed_lands_nowhere(personas, sign_in):
    user = personas.partner_user
    organisation = user.partner_membership.organisation
    organisation.is_active = False
    organisation.save(update_fields=["is_active"])
    assert work_pages_for(user) == []
    assert sign_in(user).get("/").status_code == 200


def test_a_worker_who_has_left_lands_nowhere(personas):
    worker = personas.conference_chair.worker
    worker.left_on = worker.started_on
    worker.save(update_fields=["left_on"])
    user = type(personas.conference_chair).objects.get(pk=personas.conference_chair.pk)
    assert work_pages_for(user) == []


# --- The table itself -----------------------------------------------------------------------


def test_every_work_page_names_a_page_that_exists_and_a_rule_that_exists():
    for page in WORK_PAGES:
        assert reverse(page.url_name), page.label
        assert page.permission is None or page.permission in rules.permissions.permissions


def test_every_staff_role_has_work_to_land_on():
    named = set().union(*(page.roles for page in WORK_PAGES if page.roles is not None))
    assert named == set(Role.values)


def test_choosing_the_landing_asks_no_query_once_the_role_is_known(personas):
    for user in personas.all_users.values():
        role_of(user)  # read once a request, as the sign-in backend or navigation reads it
        if role_of(user) is None:
            # Without a role the partner rules read the account's organisation, as the
            # navigation has already done on every page.
            continue
        with CaptureQueriesContext(connection) as queries:
            work_pages_for(user)
        assert len(queries) == 0, user.get_username()


def test_a_role_given_work_elsewhere_lands_there_without_any_view_changing(personas, sign_in):
    """The landing is the role's, asked of the one table: a social worker made a conference
    chair lands on the chair's conferences."""
    worker = Worker.objects.get(user=personas.social_worker)
    worker.role = Role.CONFERENCE_CHAIR
    worker.save(update_fields=["role"])
    assert sign_in(personas.social_worker).get("/")["Location"] == reverse("cases:conferences")
