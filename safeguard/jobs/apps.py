from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "safeguard.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
