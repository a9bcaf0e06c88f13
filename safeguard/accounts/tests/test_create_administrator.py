"""The first system administrator of a new installation, from the command line."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.access.permissions import allowed
from safeguard.audit.models import Action, AuditEntry
from safeguard.organisation.models import Authority, Worker

pytestmark = pytest.mark.django_db

FIRST_RUN = [
    "--username=j.admin",
    "--first-name=Jo",
    "--last-name=Admin",
    "--authority=Newshire",
    "--la-code=998",
    "--child-population=50000",
]


PASSWORD = "a long enough password 42"


@pytest.fixture(autouse=True)
def _configured_la_code(settings: Any) -> None:
    settings.SAFEGUARD_LA_CODE = "998"


def _run(*args: str, monkeypatch: Any, password: str = PASSWORD) -> str:
    monkeypatch.setenv("SAFEGUARD_NEW_ADMINISTRATOR_PASSWORD", password)
    out = io.StringIO()
    call_command("create_administrator", *args, stdout=out)
    return out.getvalue()


def test_the_first_administrator_is_opened_with_role_device_and_audit(monkeypatch):
    output = _run(*FIRST_RUN, monkeypatch=monkeypatch)
    user = get_user_model().objects.get(username="j.admin")
    worker = Worker.objects.get(user=user)
    assert worker.role == Worker.Role.SYSTEM_ADMINISTRATOR
    assert worker.authority == Authority.objects.get(la_code="998")
    assert user.is_staff and not user.is_superuser
    assert user.check_password(PASSWORD)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    # The key is shown once, here, and is in no audit entry.
    assert device.config_url in output
    assert device.key not in str(list(AuditEntry.objects.values_list("details", flat=True)))
    assert allowed(user, "accounts.manage") and not allowed(user, "audit.view")
    created = set(
        AuditEntry.objects.filter(action=Action.CREATE).values_list("object_type", flat=True)
    )
    assert {"auth.user", "organisation.worker", "otp_totp.totpdevice"} <= created
    call_command("verify_audit", stdout=io.StringIO())  # raises on a broken chain


def test_a_second_run_is_refused_and_changes_nothing(monkeypatch):
    _run(*FIRST_RUN, monkeypatch=monkeypatch)
    before = AuditEntry.objects.count()
    with pytest.raises(CommandError, match="already exists"):
        _run("--username=other", "--first-name=A", "--last-name=B", monkeypatch=monkeypatch)
    assert not get_user_model().objects.filter(username="other").exists()
    assert AuditEntry.objects.count() == before


def test_a_weak_password_is_refused_and_nothing_is_stored(monkeypatch):
    with pytest.raises(CommandError, match=r"too short|too common"):
        _run(*FIRST_RUN, monkeypatch=monkeypatch, password="short")
    assert not get_user_model().objects.exists()
    assert not Authority.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_first_run_needs_the_council(monkeypatch, settings):
    settings.SAFEGUARD_LA_CODE = ""
    with pytest.raises(CommandError, match="--authority, --la-code, --child-population"):
        _run("--username=x", "--first-name=A", "--last-name=B", monkeypatch=monkeypatch)
    with pytest.raises(CommandError, match="three-digit"):
        _run(*FIRST_RUN[:4], "--la-code=12", "--child-population=1", monkeypatch=monkeypatch)


def test_the_la_code_defaults_to_the_setting_and_another_is_refused(monkeypatch):
    with pytest.raises(CommandError, match=r"--la-code 997 is not SAFEGUARD_LA_CODE \(998\)"):
        _run(*FIRST_RUN[:4], "--la-code=997", "--child-population=1", monkeypatch=monkeypatch)
    assert not Authority.objects.exists() and not get_user_model().objects.exists()
    _run(*FIRST_RUN[:4], "--child-population=50000", monkeypatch=monkeypatch)
    assert Authority.objects.get().la_code == "998"
