from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "safeguard.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
    # Each app registers its own kinds of job from its ready() (returns/jobs.py,
    # agencies/jobs.py), so the runner imports none of the work it runs.
