"""Two-factor sign-in, lockout, timeouts, disabled accounts and no-store caching."""

import time
from datetime import UTC, datetime

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.middleware import IDLE_KEY
from safeguard.accounts.services import account_disable
from safeguard.accounts.views import WRONG_CODE, WRONG_DETAILS
from safeguard.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


@pytest.fixture
def worker_user(personas):
    user = personas.social_worker
    user.set_password(PASSWORD)
    user.save()
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def _code(user):
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_a_page_without_sign_in_redirects_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in?next=%2F"


def test_sign_in_needs_the_password_and_then_the_security_code(client, worker_user):
    response = client.post("/sign-in", {"username": "sw", "password": PASSWORD})
    assert response["Location"] == "/sign-in/code"
    assert client.get("/").status_code == 302  # not signed in until the code is given
    response = client.post("/sign-in/code", {"code": _code(worker_user)})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="sign_in", actor_id=worker_user.pk).count() == 1


def test_a_wrong_password_shows_the_error_summary(client, worker_user):
    response = client.post("/sign-in", {"username": "sw", "password": "wrong"})
    assert response.status_code == 400
    assert WRONG_DETAILS in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


def test_a_wrong_code_is_refused_and_recorded(client, worker_user):
    client.post("/sign-in", {"username": "sw", "password": PASSWORD})
    response = client.post("/sign-in/code", {"code": "000000"})
    assert response.status_code == 400
    assert WRONG_CODE in response.content.decode()
    assert AuditEntry.objects.filter(action="sign_in_failed").count() == 1


def _wrong(code):
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_correct_code_straight_after_a_wrong_one_says_to_wait(client, worker_user):
    client.post("/sign-in", {"username": "sw", "password": PASSWORD})
    with time_machine.travel(datetime(2025, 3, 14, 10, 0, tzinfo=UTC), tick=False) as clock:
        code = _code(worker_user)
        client.post("/sign-in/code", {"code": _wrong(code)})
        # django-otp checks no code for a second after a wrong one, a correct one included.
        response = client.post("/sign-in/code", {"code": code})
        assert response.status_code == 400
        html = response.content.decode()
        assert (
            "This code was not checked because the one before it was wrong. Wait 1 second, "
            "then enter the latest code from your authenticator app"
        ) in html
        assert WRONG_CODE not in html
        assert AuditEntry.objects.filter(action="sign_in_failed").count() == 2
        clock.shift(2)
        response = client.post("/sign-in/code", {"code": code})
    assert response.status_code == 302


def test_a_second_wrong_code_says_how_long_to_wait(client, worker_user):
    client.post("/sign-in", {"username": "sw", "password": PASSWORD})
    with time_machine.travel(datetime(2025, 3, 14, 10, 0, tzinfo=UTC), tick=False) as clock:
        wrong = _wrong(_code(worker_user))
        first = client.post("/sign-in/code", {"code": wrong}).content.decode()
        clock.shift(2)
        second = client.post("/sign-in/code", {"code": wrong}).content.decode()
    assert WRONG_CODE in first
    assert (
        "The security code is not correct or has expired. Wait 2 seconds, then enter the "
        "latest code"
    ) in second


def test_repeated_failed_sign_ins_lock_the_account(client, worker_user):
    for _ in range(5):
        client.post("/sign-in", {"username": "sw", "password": "wrong"})
    response = client.post("/sign-in", {"username": "sw", "password": PASSWORD})
    assert response.status_code == 429
    assert "locked" in response.content.decode()


def test_a_disabled_accounts_session_stops_working_at_its_next_request(sign_in, personas):
    client = sign_in(personas.social_worker)
    assert client.get("/").status_code in {200, 302}
    assert not client.get("/").get("Location", "").startswith("/sign-in")
    account_disable(user=personas.social_worker, disabled_by=personas.system_administrator)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in")


def test_an_idle_session_is_ended(sign_in, personas, settings):
    client = sign_in(personas.social_worker)
    client.get("/")
    session = client.session
    session[IDLE_KEY] = time.time() - settings.SAFEGUARD_SESSION_IDLE_SECONDS - 1
    session.save()
    response = client.get("/")
    assert response["Location"] == "/sign-in?timed_out=1&next=%2F"


def test_pages_for_signed_in_users_are_never_cached(sign_in, personas):
    response = sign_in(personas.auditor).get("/", follow=True)
    assert "no-store" in response["Cache-Control"]


def test_pages_carry_a_content_security_policy(client):
    policy = client.get("/sign-in")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_sign_in_does_not_redirect_off_site(client, worker_user):
    client.post("/sign-in?next=https://evil.example/", {"username": "sw", "password": PASSWORD})
    response = client.post("/sign-in/code", {"code": _code(worker_user)})
    assert response["Location"] == "/"


def test_demo_accounts_are_refused_outside_demo_mode(client, worker_user, settings):
    from django.contrib.auth.models import Group

    from safeguard.accounts.services import DEMO_ACCOUNTS_GROUP

    Group.objects.create(name=DEMO_ACCOUNTS_GROUP).user_set.add(worker_user)
    settings.SAFEGUARD_DEMO_MODE = False
    response = client.post("/sign-in", {"username": "sw", "password": PASSWORD})
    assert response.status_code == 400
    assert WRONG_DETAILS in response.content.decode()
    settings.SAFEGUARD_DEMO_MODE = True
    assert client.post("/sign-in", {"username": "sw", "password": PASSWORD}).status_code == 302
