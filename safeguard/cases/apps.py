from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safeguard.cases"
    label = "cases"

    def ready(self) -> None:
        # Tell access the case record's reasons to know (access imports no case model).
        from .need_to_know import register

        register()
