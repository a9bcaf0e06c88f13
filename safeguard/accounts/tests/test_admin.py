"""The account pages of the admin: every change made by a service and audited, one's own access
refused, a TOTP key shown once at enrolment and never again, lockouts cleared with a record."""

import base64
import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.services import OWN_ACCESS_REFUSED
from safeguard.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase"


@pytest.fixture
def admin_client(personas, sign_in):
    return sign_in(personas.system_administrator)


def _user_form(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def _change(model_name, pk):
    app = {"user": "auth", "totpdevice": "otp_totp"}[model_name]
    return reverse(f"admin:{app}_{model_name}_change", args=[pk])


def test_changing_an_account_in_the_admin_is_audited_field_by_field(personas, admin_client):
    user = personas.analyst
    response = admin_client.post(
        _change("user", user.pk), _user_form(user, username="analyst.two", is_staff="on")
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.username, user.is_staff) == ("analyst.two", True)
    entry = AuditEntry.objects.get(action="update", object_type="auth.user")
    assert entry.actor_id == personas.system_administrator.pk
    assert entry.details["fields"] == {
        "username": {"from": "analyst", "to": "analyst.two"},
        "is_staff": {"from": False, "to": True},
    }


def test_the_superuser_flag_and_groups_cannot_be_changed_in_the_admin(personas, admin_client):
    user = personas.analyst
    admin_client.post(_change("user", user.pk), _user_form(user, is_superuser="on"))
    user.refresh_from_db()
    assert not user.is_superuser


def _second_client(user):
    """Another browser, signed in as `user` (the `sign_in` fixture's client is the admin's)."""
    other = Client()
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    other.force_login(user, backend="safeguard.accounts.backends.AccountBackend")
    session = other.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return other


def test_disabling_an_account_in_the_admin_ends_its_sessions(personas, admin_client):
    user = personas.social_worker
    worker_client = _second_client(user)
    assert not worker_client.get("/").get("Location", "").startswith("/sign-in")

    admin_client.post(_change("user", user.pk), _user_form(user, is_active=""))
    user.refresh_from_db()
    assert not user.is_active
    assert worker_client.get("/")["Location"].startswith("/sign-in")

    admin_client.post(_change("user", user.pk), _user_form(user, is_active="on"))
    user.refresh_from_db()
    assert user.is_active
    assert worker_client.get("/")["Location"].startswith("/sign-in")
    changes = [
        e.details["fields"]["is_active"]
        for e in AuditEntry.objects.filter(action="update", object_type="auth.user")
    ]
    assert changes == [{"from": True, "to": False}, {"from": False, "to": True}]


def test_an_administrator_cannot_take_away_their_own_staff_flag_nor_is_it_saved(
    personas, admin_client
):
    admin = personas.system_administrator
    response = admin_client.post(_change("user", admin.pk), _user_form(admin, is_staff=""))
    assert response.status_code == 200
    assert "ask another system administrator" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_staff
    refusal = AuditEntry.objects.get(action="refused")
    assert (refusal.object_type, refusal.object_id) == ("auth.user", str(admin.pk))
    assert not AuditEntry.objects.filter(action="update").exists()


def test_a_password_set_in_the_admin_is_audited_without_the_password(personas, admin_client):
    user = personas.social_worker
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"usable_password": "true", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    entry = AuditEntry.objects.get(action="update", object_type="auth.user")
    assert entry.details == {"fields": {"password": "changed"}}
    assert PASSWORD not in json.dumps(entry.details)


def test_a_weak_password_is_refused_in_the_admin(personas, admin_client):
    user = personas.social_worker
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"usable_password": "true", "password1": "short", "password2": "short"},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert not user.check_password("short")
    assert not AuditEntry.objects.filter(action="update").exists()


def test_an_account_opened_in_the_admin_is_made_by_the_service(personas, admin_client):
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "new.starter",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "first_name": "New",
            "last_name": "Starter",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="new.starter")
    assert response["Location"] == _change("user", user.pk)
    assert user.check_password(PASSWORD)
    entry = AuditEntry.objects.get(action="create", object_type="auth.user")
    assert entry.object_id == str(user.pk)
    assert entry.details["fields"]["first_name"] == "changed"


# --- Two-factor devices -------------------------------------------------------------------------


def test_enrolling_a_device_shows_its_qr_code_once_and_never_again(personas, admin_client):
    user = personas.social_worker
    response = admin_client.post(
        reverse("admin:otp_totp_totpdevice_add"), {"user": user.pk, "name": "Work phone"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    device = TOTPDevice.objects.get(user=user, name="Work phone")
    assert device.confirmed
    assert 'class="segno"' in page and "only time it is shown" in page
    assert base64.b32encode(device.bin_key).decode() in page
    # Afterwards: the list, the device's page and its history show no key and no QR code.
    for url in (
        reverse("admin:otp_totp_totpdevice_changelist"),
        _change("totpdevice", device.pk),
        reverse("admin:otp_totp_totpdevice_history", args=[device.pk]),
    ):
        later = admin_client.get(url)
        assert later.status_code == 200
        text = later.content.decode()
        assert device.key not in text
        assert base64.b32encode(device.bin_key).decode() not in text
        assert 'class="segno"' not in text and "otpauth://" not in text
    entry = AuditEntry.objects.get(action="create", object_type="otp_totp.totpdevice")
    assert device.key not in json.dumps(entry.details)


def test_the_qr_code_pages_django_otp_offers_do_not_exist():
    for name in ("admin:otp_totp_totpdevice_config", "admin:otp_totp_totpdevice_qrcode"):
        with pytest.raises(NoReverseMatch):
            reverse(name, kwargs={"pk": 1})


def test_an_administrator_cannot_enrol_a_device_for_themselves(personas, admin_client):
    admin = personas.system_administrator
    before = TOTPDevice.objects.filter(user=admin).count()
    response = admin_client.post(
        reverse("admin:otp_totp_totpdevice_add"), {"user": admin.pk, "name": "Second phone"}
    )
    assert response.status_code == 200
    assert (
        OWN_ACCESS_REFUSED.format(what="your own two-factor devices") in response.content.decode()
    )
    assert TOTPDevice.objects.filter(user=admin).count() == before
    assert AuditEntry.objects.filter(action="refused", object_type="otp_totp.totpdevice").exists()


def test_an_administrator_cannot_delete_their_own_device(personas, admin_client):
    admin = personas.system_administrator
    device = TOTPDevice.objects.get(user=admin)  # the one they signed in with
    response = admin_client.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert response["Location"] == _change("totpdevice", device.pk)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    refusal = AuditEntry.objects.get(action="refused")
    assert refusal.object_id == str(device.pk)


def test_deleting_someone_elses_lost_device_is_audited(personas, admin_client):
    device = TOTPDevice.objects.create(user=personas.social_worker, name="lost", confirmed=True)
    response = admin_client.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert AuditEntry.objects.filter(action="delete", object_type="otp_totp.totpdevice").exists()


def test_turning_a_device_off_in_the_admin_is_audited(personas, admin_client):
    device = TOTPDevice.objects.create(user=personas.social_worker, name="phone", confirmed=True)
    response = admin_client.post(_change("totpdevice", device.pk), {"name": "phone"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert not device.confirmed
    entry = AuditEntry.objects.get(action="update", object_type="otp_totp.totpdevice")
    assert entry.details["fields"] == {"confirmed": {"from": True, "to": False}}


# --- Lockouts -----------------------------------------------------------------------------------


def test_unlocking_an_account_from_the_admin_is_audited(personas, admin_client):
    from axes.models import AccessAttempt

    other = Client()
    for _ in range(5):
        other.post("/sign-in", {"username": "sw", "password": "wrong"})
    attempt = AccessAttempt.objects.get(username="sw")
    response = admin_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "unlock", "_selected_action": [attempt.pk]},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert AuditEntry.objects.get(action="delete", object_type="axes.accessattempt").details == {
        "username": "sw",
        "failures": 5,
    }


def test_an_administrator_changing_their_own_password_stays_signed_in(personas, admin_client):
    admin = personas.system_administrator
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[admin.pk]),
        {"usable_password": "true", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert admin_client.get(reverse("admin:index")).status_code == 200
