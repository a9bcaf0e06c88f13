from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "safeguard.agencies.signals"
    label = "signals"
