from django.apps import AppConfig


class CareLeaversConfig(AppConfig):
    name = "safeguard.care_leavers"
    label = "care_leavers"
    verbose_name = "Care leavers"

    def ready(self) -> None:
        from safeguard.cases import extensions

        from . import panels, selectors

        extensions.register_record_panel(panels.care_leaver_record_panel)
        extensions.register_timeline_source(panels.care_leaver_timeline)
        extensions.register_clock_source(selectors.care_leaver_clock_source())
