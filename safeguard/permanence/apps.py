from django.apps import AppConfig


class PermanenceConfig(AppConfig):
    name = "safeguard.permanence"
    label = "permanence"
    verbose_name = "Adoption and permanence"

    def ready(self) -> None:
        from safeguard.cases import extensions

        from . import panels

        extensions.register_record_panel(panels.adoption_record_panel)
        extensions.register_chronology_source(panels.adoption_chronology)
