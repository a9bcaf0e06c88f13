"""The idle timeout as a person meets it: every page says how long the session has left and
carries the warning dialog; typing (a draft's autosave) keeps the session alive; "Stay signed
in" extends it and asking how long is left does not; a timed-out session sends the person to
sign in and back to the page they were on, an autosave included."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from safeguard.accounts.middleware import EXPIRES_IN_HEADER, IDLE_KEY
from safeguard.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
IDLE = 30 * 60


@pytest.fixture(autouse=True)
def limits(settings):
    settings.SAFEGUARD_SESSION_IDLE_SECONDS = IDLE
    settings.SAFEGUARD_SESSION_WARNING_SECONDS = 120


def idle_for(client, seconds: float) -> None:
    """Make the session's last activity `seconds` ago."""
    session = client.session
    session[IDLE_KEY] = time.time() - seconds
    session.save()


def last_seen(client) -> float:
    return float(client.session[IDLE_KEY])


def test_every_signed_in_page_says_how_long_the_session_has_left(sign_in, personas):
    client = sign_in(personas.social_worker)
    client.get("/", follow=True)
    idle_for(client, 100)  # over the write interval, so this page counts as activity
    response = client.get(reverse("cases:my_cases"))
    assert IDLE - 2 <= int(response[EXPIRES_IN_HEADER]) <= IDLE


def test_a_page_carries_the_warning_with_the_time_left_and_the_warning_time(
    sign_in, personas, settings
):
    settings.SAFEGUARD_SESSION_WARNING_SECONDS = 90
    client = sign_in(personas.social_worker)
    html = client.get(reverse("cases:my_cases")).content.decode()
    assert '<dialog class="safeguard-timeout-dialog" id="timeout-warning"' in html
    assert 'aria-labelledby="timeout-warning-title"' in html
    assert "You\u2019re about to be signed out" in html
    assert 'data-warn-before="90"' in html
    expires_in = int(html.split('data-expires-in="', 1)[1].split('"', 1)[0])
    assert IDLE - 2 <= expires_in <= IDLE
    assert "Stay signed in" in html and "timeout-warning.js" in html


def test_pages_for_people_not_signed_in_carry_no_warning(client):
    html = client.get(reverse("accounts:sign_in")).content.decode()
    assert 'id="timeout-warning"' not in html and "timeout-warning.js" not in html


def test_typing_in_a_long_form_keeps_the_session_alive(sign_in, personas):
    client = sign_in(personas.social_worker)
    idle_for(client, IDLE - 5)
    response = client.post(
        reverse("draft_save", args=[f"case-note-{personas.own_child.pk}"]),
        {"subject": "Still typing"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert last_seen(client) >= time.time() - 5
    assert int(response[EXPIRES_IN_HEADER]) >= IDLE - 5


def test_asking_how_long_is_left_is_not_activity(sign_in, personas):
    client = sign_in(personas.social_worker)
    idle_for(client, 600)
    before = last_seen(client)
    response = client.get(reverse("accounts:session_status"))
    assert response.status_code == 200
    assert IDLE - 602 <= response.json()["expires_in"] <= IDLE - 600
    assert last_seen(client) == before


def test_stay_signed_in_starts_the_idle_clock_again(sign_in, personas):
    client = sign_in(personas.social_worker)
    idle_for(client, IDLE - 60)
    response = client.post(reverse("accounts:session_extend"))
    assert response.status_code == 200
    assert response.json()["expires_in"] >= IDLE - 2
    assert last_seen(client) >= time.time() - 2


def test_stay_signed_in_cannot_pass_the_absolute_limit(sign_in, personas, settings):
    from safeguard.accounts.middleware import START_KEY

    settings.SAFEGUARD_SESSION_ABSOLUTE_SECONDS = 10 * 60 * 60
    client = sign_in(personas.social_worker)
    client.get(reverse("cases:my_cases"))
    session = client.session
    session[START_KEY] = time.time() - (10 * 60 * 60 - 100)
    session.save()
    response = client.post(reverse("accounts:session_extend"))
    assert 98 <= response.json()["expires_in"] <= 100


def test_stay_signed_in_needs_a_post(sign_in, personas):
    client = sign_in(personas.social_worker)
    assert client.get(reverse("accounts:session_extend")).status_code == 405


def test_a_timed_out_page_returns_to_itself_after_signing_in(sign_in, personas):
    client = sign_in(personas.social_worker)
    client.get("/")
    idle_for(client, IDLE + 1)
    url = reverse("cases:case_note_add", args=[personas.own_child.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == (
        f"/sign-in?timed_out=1&next=%2Fchildren%2F{personas.own_child.pk}%2Fcase-notes%2Fnew"
    )
    html = client.get(response["Location"]).content.decode()
    assert "You were signed out because you had not done anything for a while" in html


def test_a_timed_out_autosave_moves_the_whole_page_to_sign_in(sign_in, personas):
    """htmx would otherwise follow a redirect and draw the sign-in page in the status line."""
    client = sign_in(personas.social_worker)
    client.get("/")
    idle_for(client, IDLE + 1)
    form = reverse("cases:visit_record", args=[personas.own_child.pk])
    response = client.post(
        reverse("draft_save", args=[f"visit-{personas.own_child.pk}"]),
        {"notes": "Typed after the timeout"},
        headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{form}"},
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == (
        f"/sign-in?timed_out=1&next=%2Fchildren%2F{personas.own_child.pk}%2Fvisits%2Fnew"
    )


def test_a_timed_out_post_returns_to_the_page_it_was_sent_from_if_it_is_ours(sign_in, personas):
    client = sign_in(personas.social_worker)
    client.get("/")
    idle_for(client, IDLE + 1)
    response = client.post(
        reverse("accounts:session_extend"), headers={"Referer": "https://evil.example/x"}
    )
    assert response["Location"] == "/sign-in?timed_out=1"


def test_the_warning_signs_out_and_returns_to_the_page_after_signing_in(sign_in, personas):
    client = sign_in(personas.social_worker)
    client.get("/")
    form = reverse("cases:visit_record", args=[personas.own_child.pk])
    response = client.post(reverse("accounts:sign_out"), {"timed_out": "1", "next": form})
    assert response.status_code == 302
    assert response["Location"] == (
        f"/sign-in?timed_out=1&next=%2Fchildren%2F{personas.own_child.pk}%2Fvisits%2Fnew"
    )
    entry = AuditEntry.objects.get(action="sign_out", actor_id=personas.social_worker.pk)
    assert entry.details == {"timed_out": True}
    assert client.get(form).status_code == 302  # signed out


def test_a_chosen_sign_out_says_so_and_goes_nowhere_else(sign_in, personas):
    client = sign_in(personas.social_worker)
    response = client.post(reverse("accounts:sign_out"), {"next": "/children/1"}, follow=True)
    assert response.redirect_chain[-1][0] == "/sign-in"
    assert "You have signed out" in response.content.decode()
