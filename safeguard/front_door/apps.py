from django.apps import AppConfig


class FrontDoorConfig(AppConfig):
    name = "safeguard.front_door"
    label = "front_door"
    verbose_name = "Front door"

    def ready(self) -> None:
        from safeguard.cases import extensions

        from .selectors import front_door_team_panel

        # The 1-working-day decision clock on the front door team's dashboard.
        extensions.register_team_panel(front_door_team_panel)
