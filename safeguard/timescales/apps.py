from django.apps import AppConfig


class TimescalesConfig(AppConfig):
    name = "safeguard.timescales"
    label = "timescales"
