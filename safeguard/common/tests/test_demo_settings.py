"""The demo's settings (config.settings.dev): DEBUG off as in production, and the static files
served by WhiteNoise from the source folders, since runserver serves none with DEBUG off.

Settings are loaded once per process, so each case runs in a fresh interpreter.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        # Given, so the run writes no key file into var/.
        SAFEGUARD_SECRET_KEY=secrets.token_urlsafe(50),
        SAFEGUARD_AUDIT_KEY=secrets.token_urlsafe(32),
    )
    return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_demo_runs_with_debug_off_and_serves_its_own_static_files():
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        "from django.test import Client; "
        "css = Client().get('/static/govuk/govuk-frontend.min.css', HTTP_HOST='localhost'); "
        "page = Client().get('/no-such-page', HTTP_HOST='localhost'); "
        "print(json.dumps({'debug': settings.DEBUG, 'demo': settings.SAFEGUARD_DEMO_MODE, "
        "'css': css.status_code, 'css_type': css['Content-Type'], "
        "'missing': page.status_code, 'govuk_404': b'Page not found' in page.content}))"
    )
    result = _run("-c", script)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "debug": False,
        "demo": True,
        "css": 200,
        "css_type": 'text/css; charset="utf-8"',
        "missing": 404,
        "govuk_404": True,
    }


def test_collectstatic_is_refused_under_the_demo_settings():
    # Production pages ask for the hashed names only production settings' collectstatic writes.
    result = _run("manage.py", "collectstatic", "--noinput")
    assert result.returncode != 0
    assert "STATIC_ROOT" in result.stderr
