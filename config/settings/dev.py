"""Local development and the demo: SQLite by default, demo mode on."""

import os

os.environ.setdefault("SAFEGUARD_DEMO_MODE", "true")
os.environ.setdefault("SAFEGUARD_DEBUG", "true")

from .base import *  # noqa: F403
from .env import env_str

# A per-checkout key written on first run, so no key is ever committed.
_key_file = VAR_DIR / "dev-secret-key"  # noqa: F405
if not SECRET_KEY:  # noqa: F405
    VAR_DIR.mkdir(exist_ok=True)  # noqa: F405
    if not _key_file.exists():
        import secrets

        _key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = env_str("SAFEGUARD_SECRET_KEY", _key_file.read_text().strip())

# runserver serves static files itself; WhiteNoise is for the production server.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
