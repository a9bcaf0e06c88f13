from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "safeguard.agencies.linkage"
    label = "linkage"
