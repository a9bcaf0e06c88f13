from django.apps import AppConfig


class PermanenceConfig(AppConfig):
    name = "safeguard.permanence"
    label = "permanence"
    verbose_name = "Adoption and permanence"
