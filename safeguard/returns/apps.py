from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "safeguard.returns"
    label = "returns"

    def ready(self) -> None:
        # The Annex A and census builds run as background jobs (safeguard.jobs.registry).
        from . import jobs  # noqa: F401
