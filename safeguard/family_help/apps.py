from django.apps import AppConfig


class FamilyHelpConfig(AppConfig):
    name = "safeguard.family_help"
    label = "family_help"
    verbose_name = "Family help"

    def ready(self) -> None:
        # Tell access family help's reason to know (access imports nothing of family help).
        from .need_to_know import register

        register()

        # Step up and step down (cases and the front door import nothing of family help): the
        # child's chronology, the front door's contact page, and its decisions on step ups.
        from safeguard.cases import extensions
        from safeguard.front_door import extensions as front_door_extensions
        from safeguard.front_door.services.mash import register_contact_decided

        from .chronology import family_help_chronology
        from .panels import family_help_start_from_contact_panel
        from .services import step_up_decided
        from .steps import step_up_panel

        extensions.register_chronology_source(family_help_chronology)
        front_door_extensions.register_contact_panel(step_up_panel)
        front_door_extensions.register_contact_panel(family_help_start_from_contact_panel)
        register_contact_decided(step_up_decided)

        # Signals reach family help: the hub tells a family's lead practitioner too.
        from safeguard.agencies.signals.also_told import register_also_told

        from .signals import lead_told_q

        register_also_told(lead_told_q)

        # The child's record shows the child's family help and its lead (cases imports none).
        from .panels import family_help_record_panel

        extensions.register_record_panel(family_help_record_panel)
