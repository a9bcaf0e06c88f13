from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "safeguard.returns"
    label = "returns"
