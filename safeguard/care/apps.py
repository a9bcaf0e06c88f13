from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "safeguard.care"
    label = "care"
    verbose_name = "Children in care"

    def ready(self) -> None:
        from safeguard.cases import extensions

        from . import panels

        extensions.register_record_panel(panels.health_record_panel)
        extensions.register_timeline_source(panels.health_timeline)
        extensions.register_record_panel(panels.missing_record_panel)
        extensions.register_timeline_source(panels.missing_timeline)
