from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "safeguard.benchmarks"
    label = "benchmarks"
    verbose_name = "Benchmarks"
