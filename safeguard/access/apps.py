from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "safeguard.access"
    label = "access"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the named rules)
