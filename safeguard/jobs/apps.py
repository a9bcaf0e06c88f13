from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "safeguard.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        # Registers the kinds of job (registry.job_kind), so that the web process can start
        # them and the worker can run them.
        from . import kinds  # noqa: F401
