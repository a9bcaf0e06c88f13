"""A real worker process for test_worker_restart: the test settings, the test kinds, the
heartbeat thread on (as in production) beating twice a second, then `run_jobs` with the
arguments given.

    python -m safeguard.jobs.tests.worker_process --stale-minutes 0.05
"""

from __future__ import annotations

import os
import sys

import django

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from safeguard.jobs import runner
    from safeguard.jobs.tests import kinds  # noqa: F401  (registers the test kinds)

    settings.SAFEGUARD_JOBS_HEARTBEAT_THREAD = True
    runner.HEARTBEAT_SECONDS = 0.5
    call_command("run_jobs", *sys.argv[1:])
