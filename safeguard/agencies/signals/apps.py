"""Explained signals: readable rules that combine events across agencies and tell the worker."""

from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "safeguard.agencies.signals"
    label = "signals"

    def ready(self) -> None:
        from safeguard.cases import extensions
        from safeguard.front_door.services import register_contact_received

        from . import panels, services

        extensions.register_record_panel(panels.record_panel)
        extensions.register_caseload_panel(panels.caseload_panel)
        extensions.register_team_panel(panels.team_panel)
        extensions.register_chronology_source(panels.signal_chronology)
        # Every route into the front door: a new contact about a known child runs its rules.
        register_contact_received(services.signals_on_contact_received)
