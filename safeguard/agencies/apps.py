from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "safeguard.agencies"
    label = "agencies"
