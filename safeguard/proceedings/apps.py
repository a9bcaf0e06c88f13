from django.apps import AppConfig


class ProceedingsConfig(AppConfig):
    name = "safeguard.proceedings"
    label = "proceedings"
    verbose_name = "Family group conferences and pre-proceedings"

    def ready(self) -> None:
        # The child's record shows the conferences and pre-proceedings through the seam (cases
        # imports nothing above it): a panel and the chronology's entries.
        from safeguard.cases import extensions

        from .panels import proceedings_chronology, proceedings_record_panel

        extensions.register_record_panel(proceedings_record_panel)
        extensions.register_chronology_source(proceedings_chronology)
