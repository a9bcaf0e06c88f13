from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "safeguard.tasks"
    label = "tasks"
    verbose_name = "Tasks"
