"""The files in deploy/ that a server runs: every command they name exists, the sample
environment holds no secret and starts production once its keys are filled in, and the web
server's log never records a query string."""

import os
import re
import runpy
import secrets
import subprocess
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
# `manage.py NAME` in a unit or script, and the nightly script's `step NAME`.
COMMAND = re.compile(r"(?:manage\.py|^\s*step)\s+([a-z_]+)", re.MULTILINE)


def _sample_environment() -> dict[str, str]:
    values = {}
    for line in (DEPLOY / "safeguard.env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


@pytest.mark.parametrize(
    "path",
    [
        DEPLOY / "systemd" / "safeguard-jobs.service",
        DEPLOY / "nightly",
        ROOT / "scripts" / "demo-serve",
    ],
    ids=lambda path: path.name,
)
def test_every_command_the_deployment_runs_exists(path):
    named = set(COMMAND.findall(path.read_text()))
    assert named, f"{path.name} names no manage.py command"
    if path.name == "nightly":
        assert named >= {"disable_leavers", "enqueue_nightly", "verify_audit"}
    assert named <= set(get_commands()), named - set(get_commands())


@pytest.mark.parametrize("unit", UNITS, ids=lambda path: path.name)
def test_each_unit_runs_a_file_in_the_checkout_with_the_shared_environment(unit):
    text = unit.read_text()
    assert "EnvironmentFile=/etc/safeguard/safeguard.env" in text
    assert "User=safeguard" in text
    for program in re.findall(r"^ExecStart=/srv/safeguard/(\S+)", text, re.MULTILINE):
        if program.startswith(".venv/"):
            continue
        assert (ROOT / program).is_file(), program
        assert os.access(ROOT / program, os.X_OK), program
    for config in re.findall(r"--config (\S+)", text):
        assert (ROOT / config).is_file(), config


def test_the_nightly_timer_starts_the_nightly_run():
    timer = (DEPLOY / "systemd" / "safeguard-nightly.timer").read_text()
    assert "OnCalendar=*-*-* 01:30:00 Europe/London" in timer
    assert "Persistent=true" in timer
    assert (DEPLOY / "systemd" / "safeguard-nightly.service").is_file()


def test_the_sample_environment_holds_no_secret():
    values = _sample_environment()
    assert values["SAFEGUARD_SECRET_KEY"] == ""
    assert values["SAFEGUARD_AUDIT_KEY"] == ""
    assert values["DJANGO_SETTINGS_MODULE"] == "config.settings.prod"
    assert "password" not in values["DATABASE_URL"].split("@")[0]


def test_every_setting_in_the_sample_environment_is_read_somewhere():
    readers = "\n".join(
        path.read_text()
        for path in [
            *(ROOT / "config" / "settings").glob("*.py"),
            DEPLOY / "gunicorn.conf.py",
            DEPLOY / "nightly",
        ]
    )
    unread = [key for key in _sample_environment() if key not in readers]
    assert unread in ([], ["DJANGO_SETTINGS_MODULE"]), unread


def _deploy_manage(env_file: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # A server's environment, not this test run's (which has the test settings' demo mode).
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    return subprocess.run(  # noqa: S603 - the repository's script, fixed arguments
        [str(DEPLOY / "manage"), *args],
        env={**env, "SAFEGUARD_ENV_FILE": str(env_file)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_sample_environment_starts_production_once_its_keys_are_filled_in(tmp_path):
    env_file = tmp_path / "safeguard.env"
    env_file.write_text(
        (DEPLOY / "safeguard.env.example")
        .read_text()
        .replace("SAFEGUARD_SECRET_KEY=\n", f"SAFEGUARD_SECRET_KEY={secrets.token_urlsafe(50)}\n")
        .replace("SAFEGUARD_AUDIT_KEY=\n", f"SAFEGUARD_AUDIT_KEY={secrets.token_urlsafe(32)}\n")
        .replace("SAFEGUARD_LA_CODE=\n", "SAFEGUARD_LA_CODE=352\n")
        .replace("SAFEGUARD_LA_ONS_CODE=\n", "SAFEGUARD_LA_ONS_CODE=E08000003\n")
    )
    result = _deploy_manage(env_file, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_the_sample_environment_with_its_keys_blank_refuses_to_start():
    result = _deploy_manage(DEPLOY / "safeguard.env.example", "check")
    assert result.returncode != 0
    assert "SAFEGUARD_SECRET_KEY is empty." in result.stderr


def test_the_web_servers_access_log_never_records_a_query_string():
    # Searches carry names and dates of birth in the query string (docs/security.md).
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    log_format = config["access_log_format"]
    assert "%(U)s" in log_format
    for field in ("%(q)s", "%(r)s", "%({"):
        assert field not in log_format
    assert config["wsgi_app"] == "config.wsgi:application"
    assert config["worker_class"] == "gthread"
    assert config["bind"].startswith("127.0.0.1:")
