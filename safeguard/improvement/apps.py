from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "safeguard.improvement"
    label = "improvement"
    verbose_name = "Improvement plan"
