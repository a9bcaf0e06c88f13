"""Production settings: `check --deploy` is clean, and every secret and host is required.

Settings are loaded once per process, so each case runs manage.py in a fresh interpreter
with the environment a deployment would give it.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CLEAN = "System check identified no issues (0 silenced)."
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV")


def _environment(**overrides: str | None) -> dict[str, str]:
    # A deployment's environment, not this test run's: other tests set variables (such as
    # DJANGO_ALLOW_ASYNC_UNSAFE for the browser) that check --deploy rightly reports.
    env = {key: os.environ[key] for key in INHERITED if key in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SAFEGUARD_SECRET_KEY=secrets.token_urlsafe(60),
        SAFEGUARD_AUDIT_KEY=secrets.token_urlsafe(40),
        DATABASE_URL="postgres://safeguard@db.internal:5432/safeguard",
        SAFEGUARD_ALLOWED_HOSTS="safeguard.example.gov.uk",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _run(*args: str, **overrides: str | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, *args],
        cwd=ROOT,
        env=_environment(**overrides),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_nothing_under_production_settings():
    result = _run("manage.py", "check", "--deploy", "--fail-level", "DEBUG")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == CLEAN
    assert result.stderr.strip() == ""


def test_check_deploy_would_report_a_weak_secret_key():
    result = _run("manage.py", "check", "--deploy", SAFEGUARD_SECRET_KEY="short")
    assert "security.W009" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SAFEGUARD_SECRET_KEY": None}, "Set the environment variable SAFEGUARD_SECRET_KEY."),
        ({"SAFEGUARD_AUDIT_KEY": None}, "Set the environment variable SAFEGUARD_AUDIT_KEY."),
        ({"SAFEGUARD_AUDIT_KEY": "too-short"}, "SAFEGUARD_AUDIT_KEY must be at least 32"),
        ({"SAFEGUARD_ALLOWED_HOSTS": None}, "Set SAFEGUARD_ALLOWED_HOSTS"),
        ({"SAFEGUARD_DEMO_MODE": "true"}, "SAFEGUARD_DEMO_MODE must not be on"),
    ],
    ids=["secret key", "audit key", "short audit key", "allowed hosts", "demo mode"],
)
def test_production_settings_refuse_to_start_without_what_they_need(overrides, message):
    result = _run("manage.py", "check", **overrides)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_sessions_and_cookies_are_https_only_and_host_bound():
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ("
        "'DEBUG', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_NAME', "
        "'SESSION_EXPIRE_AT_BROWSER_CLOSE', 'X_FRAME_OPTIONS', 'ALLOWED_HOSTS')}))"
    )
    result = _run("-c", script)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_NAME": "__Host-safeguard_session",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "X_FRAME_OPTIONS": "DENY",
        "ALLOWED_HOSTS": ["safeguard.example.gov.uk"],
    }
