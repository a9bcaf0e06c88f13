from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "safeguard.common"
    label = "common"
    verbose_name = "Common"
