"""Local development and the demo: SQLite by default, demo mode on."""

import os

os.environ.setdefault("SAFEGUARD_DEMO_MODE", "true")
os.environ.setdefault("SAFEGUARD_DEBUG", "true")

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

# runserver serves static files itself; WhiteNoise is for the production server.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
