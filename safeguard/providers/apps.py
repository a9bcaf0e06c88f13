from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "safeguard.providers"
    label = "providers"
    verbose_name = "Providers"
