"""Local development and the demo: SQLite by default, demo mode on.

DEBUG is off, as in production, so the demo shows the service's own error pages and never a
traceback; `SAFEGUARD_DEBUG=true` turns it on for development.
"""

import os

os.environ.setdefault("SAFEGUARD_DEMO_MODE", "true")

from .base import *  # noqa: F403
from .env import env_str


def _local_key(name: str) -> str:
    """A per-checkout key written on first run, so no key is ever committed."""
    import secrets

    VAR_DIR.mkdir(exist_ok=True)  # noqa: F405
    key_file = VAR_DIR / name  # noqa: F405
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = env_str("SAFEGUARD_SECRET_KEY", "") or _local_key("dev-secret-key")
SAFEGUARD_AUDIT_KEY = env_str("SAFEGUARD_AUDIT_KEY", "") or _local_key("dev-audit-key")

# With DEBUG off runserver serves no static files. WhiteNoise, in MIDDLEWARE as in production,
# serves them straight from the source folders, so the demo needs no collectstatic step that
# could go stale. No STATIC_ROOT: collectstatic is for production settings only (their hashed
# manifest is what production pages ask for), so running it here fails at once.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None

# The task digest (send_task_digests) is printed, not sent, and links to the local server.
EMAIL_BACKEND = env_str("SAFEGUARD_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
SAFEGUARD_SITE_URL = env_str("SAFEGUARD_SITE_URL", "http://127.0.0.1:8000")
