from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "safeguard.supervision"
    label = "supervision"
    verbose_name = "Supervision"

    def ready(self) -> None:
        # The child's record and chronology and the team dashboard show supervision; cases
        # imports nothing of it (cases.extensions).
        from safeguard.cases import extensions

        from .chronology import case_supervision_chronology
        from .panels import case_supervision_record_panel, supervision_team_panel

        extensions.register_chronology_source(case_supervision_chronology)
        extensions.register_record_panel(case_supervision_record_panel)
        extensions.register_team_panel(supervision_team_panel)
