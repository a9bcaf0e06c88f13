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
from django.core.exceptions import ImproperlyConfigured

from config.settings.env import env_secret

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
        SAFEGUARD_LA_CODE="352",
        SAFEGUARD_LA_ONS_CODE="E08000003",
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


def test_a_weak_secret_key_refuses_to_start_rather_than_warn():
    # Django's deploy check only warns (security.W009); production settings refuse.
    result = _run("manage.py", "check", "--deploy", SAFEGUARD_SECRET_KEY="short")
    assert result.returncode != 0
    assert "SAFEGUARD_SECRET_KEY must be at least 50 random characters (it has 5)." in (
        result.stderr
    )
    assert "security.W009" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SAFEGUARD_SECRET_KEY": None}, "Set the environment variable SAFEGUARD_SECRET_KEY."),
        ({"SAFEGUARD_SECRET_KEY": ""}, "SAFEGUARD_SECRET_KEY is empty."),
        (
            {"SAFEGUARD_SECRET_KEY": "django-insecure-" + "k3y" * 20},
            "SAFEGUARD_SECRET_KEY contains 'djangoinsecure'",
        ),
        ({"SAFEGUARD_AUDIT_KEY": "x" * 40}, "SAFEGUARD_AUDIT_KEY uses fewer than 5"),
        ({"SAFEGUARD_AUDIT_KEY": None}, "Set the environment variable SAFEGUARD_AUDIT_KEY."),
        ({"SAFEGUARD_AUDIT_KEY": "too-short"}, "SAFEGUARD_AUDIT_KEY must be at least 32"),
        ({"SAFEGUARD_ALLOWED_HOSTS": None}, "Set SAFEGUARD_ALLOWED_HOSTS"),
        ({"SAFEGUARD_DEMO_MODE": "true"}, "SAFEGUARD_DEMO_MODE must not be on"),
        ({"SAFEGUARD_LA_CODE": None}, "Set SAFEGUARD_LA_CODE to the authority's three-digit"),
        ({"SAFEGUARD_LA_CODE": "35"}, "SAFEGUARD_LA_CODE must be the authority's three-digit"),
        ({"SAFEGUARD_LA_CODE": "999"}, "SAFEGUARD_LA_CODE is 999, which is not a DfE LA code"),
        ({"SAFEGUARD_LA_ONS_CODE": None}, "Set SAFEGUARD_LA_ONS_CODE to the authority's nine"),
        (
            {"SAFEGUARD_LA_ONS_CODE": "E07000001"},
            "SAFEGUARD_LA_ONS_CODE must be the authority's nine-character ONS code",
        ),
    ],
    ids=[
        "secret key",
        "empty secret key",
        "django's placeholder key",
        "audit key of one character",
        "audit key",
        "short audit key",
        "allowed hosts",
        "demo mode",
        "LA code",
        "LA code of two digits",
        "LA code no authority has",
        "ONS code",
        "ONS code of a district council",
    ],
)
def test_production_settings_refuse_to_start_without_what_they_need(overrides, message):
    result = _run("manage.py", "check", **overrides)
    assert result.returncode != 0
    assert message in result.stderr


def test_the_audit_key_must_differ_from_the_secret_key():
    key = secrets.token_urlsafe(60)
    result = _run("manage.py", "check", SAFEGUARD_SECRET_KEY=key, SAFEGUARD_AUDIT_KEY=key)
    assert result.returncode != 0
    assert "SAFEGUARD_AUDIT_KEY must differ from SAFEGUARD_SECRET_KEY." in result.stderr


@pytest.mark.parametrize(
    ("value", "refusal"),
    [
        ("", "SAFEGUARD_SECRET_KEY is empty."),
        ("   ", "SAFEGUARD_SECRET_KEY is empty."),
        ("x" * 49, "must be at least 50 random characters (it has 49)."),
        ("test-only-key-not-secret", "must be at least 50 random characters (it has 24)."),
        ("test-only-key-not-secret" * 3, "contains 'testonly'"),
        ("django-insecure-" + "a1b2c3d4e5" * 5, "contains 'djangoinsecure'"),
        ("CHANGE_ME-" + "a1b2c3d4e5" * 5, "contains 'changeme'"),
        ("my-super-secret-key-for-the-production-server-2026", "contains 'secret'"),
        ("Password" + "a1b2c3d4e5" * 5, "contains 'password'"),
        ("ab" * 30, "uses fewer than 5 different characters."),
    ],
    ids=[
        "empty",
        "blank",
        "49 characters",
        "the test settings' key",
        "the test settings' key repeated",
        "django's startproject key",
        "a placeholder",
        "a sentence with secret",
        "a password",
        "two characters",
    ],
)
def test_a_secret_key_anyone_could_know_is_refused(monkeypatch, value, refusal):
    monkeypatch.setenv("SAFEGUARD_SECRET_KEY", value)
    with pytest.raises(ImproperlyConfigured) as refused:
        env_secret("SAFEGUARD_SECRET_KEY", min_length=50)
    assert refusal in str(refused.value)
    assert "secrets.token_urlsafe(50)" in str(refused.value)


def test_a_random_secret_key_is_accepted(monkeypatch):
    key = secrets.token_urlsafe(50)
    monkeypatch.setenv("SAFEGUARD_SECRET_KEY", key)
    assert env_secret("SAFEGUARD_SECRET_KEY", min_length=50) == key


def test_the_wsgi_application_starts_with_production_settings_unless_told_otherwise():
    # gunicorn given no settings module must not serve the demo's settings.
    result = _run(
        "-c", "import config.wsgi", DJANGO_SETTINGS_MODULE=None, SAFEGUARD_SECRET_KEY=None
    )
    assert result.returncode != 0
    assert "Set the environment variable SAFEGUARD_SECRET_KEY." in result.stderr


def test_collectstatic_builds_the_hashed_files_and_sign_in_is_served_with_them(tmp_path):
    static_root = tmp_path / "static"
    database = tmp_path / "db.sqlite3"
    overrides = {"SAFEGUARD_STATIC_ROOT": str(static_root), "DATABASE_URL": f"sqlite:///{database}"}
    collected = _run("manage.py", "collectstatic", "--noinput", **overrides)
    assert collected.returncode == 0, collected.stdout + collected.stderr
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    stylesheet = manifest["paths"]["govuk/govuk-frontend.min.css"]
    assert (static_root / stylesheet).is_file()
    assert (static_root / f"{stylesheet}.gz").is_file()
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/sign-in', secure=True, HTTP_HOST='safeguard.example.gov.uk'); "
        "print(r.status_code); print(r.content.decode())"
    )
    served = _run("-c", script, **overrides)
    assert served.returncode == 0, served.stderr
    status, page = served.stdout.split("\n", 1)
    assert status == "200"
    assert f"/static/{stylesheet}" in page


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
