"""Account changes: each one audited with the fields it changed (never a password or key),
one's own access never changed by oneself, and sessions ended by a disabled account for good."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts import services
from safeguard.accounts.models import SessionEpoch
from safeguard.audit.models import AuditEntry
from safeguard.common.errors import SafeguardError

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase"


def _entries(action, object_type="auth.user"):
    return list(AuditEntry.objects.filter(action=action, object_type=object_type).order_by("pk"))


def test_an_account_is_opened_audited_without_its_password_or_name(personas):
    admin = personas.system_administrator
    user = services.account_create(
        username="new.worker", first_name="Nadia", password=PASSWORD, actor=admin
    )
    assert user.check_password(PASSWORD)
    (entry,) = _entries("create")
    assert (entry.actor_id, entry.object_id) == (admin.pk, str(user.pk))
    assert entry.details["fields"]["username"] == {"from": None, "to": "new.worker"}
    assert entry.details["fields"]["first_name"] == "changed"
    assert entry.details["fields"]["password"] == "changed"
    assert PASSWORD not in json.dumps(entry.details)
    assert "Nadia" not in json.dumps(entry.details)


def test_an_account_without_a_password_cannot_sign_in(personas):
    user = services.account_create(username="later", actor=personas.system_administrator)
    assert not user.has_usable_password()


def test_a_taken_username_is_refused_whatever_its_case(personas):
    with pytest.raises(SafeguardError, match="already taken"):
        services.account_create(username="SW", actor=personas.system_administrator)
    assert not get_user_model().objects.filter(username="SW").exists()


def test_a_weak_password_is_refused_and_nothing_is_saved(personas):
    with pytest.raises(ValidationError):
        services.account_create(username="weak", password="short", actor=personas.superuser)
    assert not get_user_model().objects.filter(username="weak").exists()


def test_an_account_change_names_each_field_old_and_new(personas):
    user = personas.analyst
    services.account_update(
        user=user,
        changes={"username": "analyst2", "is_staff": True, "email": "a@example.org"},
        actor=personas.system_administrator,
    )
    user.refresh_from_db()
    assert (user.username, user.is_staff) == ("analyst2", True)
    (entry,) = _entries("update")
    assert entry.details["fields"] == {
        "username": {"from": "analyst", "to": "analyst2"},
        "is_staff": {"from": False, "to": True},
        "email": "changed",
    }


def test_a_change_that_changes_nothing_is_not_recorded(personas):
    services.account_update(
        user=personas.analyst, changes={"username": "analyst"}, actor=personas.system_administrator
    )
    assert _entries("update") == []


@pytest.mark.parametrize("flag", ["is_superuser", "groups", "user_permissions"])
def test_flags_that_grant_nothing_are_not_changed_here(personas, flag):
    with pytest.raises(SafeguardError, match="grant nothing"):
        services.account_update(
            user=personas.analyst, changes={flag: True}, actor=personas.system_administrator
        )


@pytest.mark.parametrize("flag", ["is_staff", "is_superuser"])
def test_an_administrator_cannot_change_their_own_staff_or_superuser_flag(personas, flag):
    admin = personas.system_administrator
    admin.is_staff = admin.is_superuser = False
    admin.save()
    with pytest.raises(services.OwnAccessChangeRefused, match="ask another system administrator"):
        services.account_change_check(actor=admin, user=admin, changes={flag: True})
    admin.refresh_from_db()
    assert not admin.is_staff and not admin.is_superuser
    (refusal,) = _entries("refused")
    assert refusal.actor_id == admin.pk
    assert refusal.details == {"refused": "own access", "fields": [flag]}


def test_setting_a_password_is_audited_without_the_password(personas):
    user = personas.social_worker
    services.account_set_password(user=user, password=PASSWORD, actor=personas.system_administrator)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    (entry,) = _entries("update")
    assert entry.details == {"fields": {"password": "changed"}}
    assert PASSWORD not in json.dumps(entry.details) + entry.reason


def test_a_password_can_be_removed_so_the_account_cannot_sign_in(personas):
    user = personas.social_worker
    services.account_set_password(user=user, password=None, actor=personas.system_administrator)
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert _entries("update")[0].details == {"fields": {"password": "removed"}}


# --- Sessions -----------------------------------------------------------------------------------


def test_disabling_an_account_moves_its_sessions_on_a_generation_and_is_audited(personas):
    user = personas.social_worker
    assert services.session_epoch_of(user) == 0
    services.account_disable(user=user, disabled_by=personas.system_administrator, reason="Left")
    user.refresh_from_db()
    assert not user.is_active
    assert services.session_epoch_of(user) == 1
    (entry,) = _entries("update")
    assert entry.details == {"fields": {"is_active": {"from": True, "to": False}}}
    assert entry.reason == "Left"


def test_disabling_a_disabled_account_changes_nothing(personas):
    user = personas.social_worker
    services.account_disable(user=user, disabled_by=None)
    services.account_disable(user=user, disabled_by=None)
    assert services.session_epoch_of(user) == 1
    assert len(_entries("update")) == 1


def test_re_enabling_moves_the_generation_on_again(personas):
    user = personas.social_worker
    # Disabled behind the services' back: re-enabling still ends what it held before.
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    user.refresh_from_db()
    services.account_enable(user=user, enabled_by=personas.system_administrator)
    user.refresh_from_db()
    assert user.is_active
    assert SessionEpoch.objects.get(user=user).epoch == 1
    assert _entries("update")[0].details == {"fields": {"is_active": {"from": False, "to": True}}}


def test_disabling_through_an_account_change_ends_its_sessions_too(personas):
    user = personas.social_worker
    services.account_update(
        user=user, changes={"is_active": False}, actor=personas.system_administrator
    )
    assert services.session_epoch_of(user) == 1


def _sign_in_for_real(client, user):
    """Password, then a code: the flow that stamps the session with its generation."""
    user.set_password(PASSWORD)
    user.save()
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="phone", confirmed=True)
    client.post("/sign-in", {"username": user.username, "password": PASSWORD})
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    response = client.post("/sign-in/code", {"code": code})
    assert response.status_code == 302 and response["Location"] == "/"
    device.refresh_from_db()
    device.last_t = -1  # the same code may be used again in this test
    device.save()
    return client


def _signed_in(client) -> bool:
    return not client.get("/").get("Location", "").startswith("/sign-in")


def test_a_disabled_accounts_session_ends_and_re_enabling_does_not_revive_it(
    client, personas, django_user_model
):
    user = personas.social_worker
    _sign_in_for_real(client, user)
    assert _signed_in(client)
    services.account_disable(user=user, disabled_by=personas.system_administrator)
    assert not _signed_in(client)
    services.account_enable(user=django_user_model.objects.get(pk=user.pk), enabled_by=None)
    assert not _signed_in(client)


def test_a_session_from_before_disabling_is_refused_even_with_its_cookie_replayed(
    client, personas, django_user_model
):
    user = personas.social_worker
    _sign_in_for_real(client, user)
    cookie = client.cookies["sessionid"].value
    services.account_disable(user=user, disabled_by=None)
    services.account_enable(user=django_user_model.objects.get(pk=user.pk), enabled_by=None)
    client.cookies["sessionid"] = cookie
    assert not _signed_in(client)


def test_after_re_enabling_the_account_signs_in_afresh(client, personas, django_user_model):
    user = personas.social_worker
    services.account_disable(user=user, disabled_by=None)
    user = django_user_model.objects.get(pk=user.pk)
    services.account_enable(user=user, enabled_by=None)
    _sign_in_for_real(client, user)
    assert client.session[services.EPOCH_SESSION_KEY] == 2
    assert _signed_in(client)


def test_disabling_one_account_leaves_everyone_elses_sessions_alone(client, personas):
    _sign_in_for_real(client, personas.team_manager)
    services.account_disable(user=personas.social_worker, disabled_by=None)
    assert _signed_in(client)


# --- Two-factor devices and lockouts ------------------------------------------------------------


def test_enrolling_a_device_is_audited_without_its_key(personas):
    device = services.totp_device_enrol(
        user=personas.social_worker, name="Work phone", actor=personas.system_administrator
    )
    assert device.confirmed and device.key
    (entry,) = _entries("create", "otp_totp.totpdevice")
    assert entry.details == {
        "user": personas.social_worker.pk,
        "fields": {"name": "changed", "confirmed": True},
    }
    assert device.key not in json.dumps(entry.details)


@pytest.mark.parametrize("change", ["enrol", "update", "delete"])
def test_an_administrator_cannot_touch_their_own_two_factor_devices(personas, change):
    admin = personas.system_administrator
    device = TOTPDevice.objects.create(user=admin, name="mine", confirmed=True)
    with pytest.raises(services.OwnAccessChangeRefused):
        if change == "enrol":
            services.totp_device_enrol(user=admin, name="second", actor=admin)
        elif change == "update":
            services.totp_device_update(device=device, changes={"confirmed": False}, actor=admin)
        else:
            services.totp_device_delete(device=device, actor=admin)
    assert list(TOTPDevice.objects.filter(user=admin).values_list("name", "confirmed")) == [
        ("mine", True)
    ]
    (refusal,) = _entries("refused", "otp_totp.totpdevice")
    assert refusal.actor_id == admin.pk


def test_removing_a_device_is_audited(personas):
    device = TOTPDevice.objects.create(user=personas.social_worker, name="lost", confirmed=True)
    services.totp_device_delete(device=device, actor=personas.system_administrator)
    assert not TOTPDevice.objects.filter(name="lost").exists()
    (entry,) = _entries("delete", "otp_totp.totpdevice")
    assert entry.details == {"user": personas.social_worker.pk}


def test_unlocking_a_locked_out_account_is_audited(personas, client):
    from axes.models import AccessAttempt

    for _ in range(5):
        client.post("/sign-in", {"username": "sw", "password": "wrong"})
    attempt = AccessAttempt.objects.get(username="sw")
    services.lockout_clear(attempt=attempt, actor=personas.system_administrator)
    assert not AccessAttempt.objects.exists()
    (entry,) = _entries("delete", "axes.accessattempt")
    assert entry.details == {"username": "sw", "failures": 5}


def test_a_password_set_by_someone_else_ends_the_accounts_sessions(client, personas):
    user = personas.social_worker
    _sign_in_for_real(client, user)
    services.account_set_password(
        user=user, password=PASSWORD + "!", actor=personas.system_administrator
    )
    assert not _signed_in(client)


def test_a_request_within_the_minute_leaves_the_session_unwritten(personas, sign_in):
    # A request that writes the session saves all of it: a draft's autosave racing "Continue"
    # would put back the session without the answers waiting on check-your-answers.
    from django.urls import reverse

    from safeguard.accounts.middleware import IDLE_KEY

    client = sign_in(personas.social_worker)
    client.get(reverse("cases:my_cases"))
    written = client.session[IDLE_KEY]
    client.get(reverse("cases:my_cases"))
    assert client.session[IDLE_KEY] == written
