from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "safeguard.care"
    label = "care"
    verbose_name = "Children in care"

    def ready(self) -> None:
        from safeguard.cases import extensions

        from . import clocks, panels

        extensions.register_record_panel(panels.health_record_panel)
        extensions.register_timeline_source(panels.health_timeline)
        extensions.register_record_panel(panels.missing_record_panel)
        extensions.register_timeline_source(panels.missing_timeline)
        extensions.register_record_panel(panels.education_record_panel)
        extensions.register_timeline_source(panels.education_timeline)
        extensions.register_record_panel(panels.circumstances_record_panel)
        extensions.register_record_panel(panels.iro_record_panel)
        extensions.register_clock_source(clocks.care_clock_source())
