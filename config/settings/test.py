"""Settings for the test suite: fast hashing, demo mode on, SQLite unless DATABASE_URL is set."""

import os

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
