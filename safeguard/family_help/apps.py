from django.apps import AppConfig


class FamilyHelpConfig(AppConfig):
    name = "safeguard.family_help"
    label = "family_help"
    verbose_name = "Family help"
