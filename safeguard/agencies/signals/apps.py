"""Explained signals: readable rules that combine events across agencies and tell the worker."""

from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "safeguard.agencies.signals"
    label = "signals"

    def ready(self) -> None:
        from safeguard.cases import extensions

        from . import panels

        extensions.register_record_panel(panels.record_panel)
        extensions.register_caseload_panel(panels.caseload_panel)
        extensions.register_team_panel(panels.team_panel)
        extensions.register_chronology_source(panels.signal_chronology)
