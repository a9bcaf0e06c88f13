"""Settings for the test suite: fast hashing, demo mode on, SQLite unless DATABASE_URL is set."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SAFEGUARD_DEMO_MODE", "true")

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key-not-secret"  # noqa: S105
SAFEGUARD_AUDIT_KEY = "test-only-audit-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Static files are served by finders in tests; WhiteNoise is for the production server.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# Counted so that browser tests can wait for their last requests before the database is emptied.
MIDDLEWARE = ["safeguard.common.inflight.InFlightMiddleware", *MIDDLEWARE]
# Jobs run inside each test's transaction (safeguard.jobs.testing.run_queued_jobs), which the
# heartbeat thread's own connection could not see: the job writes its progress itself.
SAFEGUARD_JOBS_HEARTBEAT_THREAD = False

# On SQLite the test database is a file (in memory where /dev/shm is), not SQLite's shared-cache
# memory database: that one locks tables and fails at once ("database table is locked") when
# the live server answers two requests together (a draft saved as a form is sent), where a
# file's lock waits its turn as PostgreSQL's row locks do. One file per process: pytest-django
# adds each xdist worker's suffix, and concurrent runs on one machine must not share it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _shm = Path("/dev/shm")  # noqa: S108  (a throwaway test database, named per process)
    _folder = _shm if _shm.is_dir() else Path(tempfile.gettempdir())
    _name = _folder / f"safeguard_test_{os.getpid()}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(_name)}  # noqa: F405
