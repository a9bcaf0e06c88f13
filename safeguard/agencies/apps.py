from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "safeguard.agencies"
    label = "agencies"

    def ready(self) -> None:
        # Partners depend on social care, not the reverse: the child's chronology shows
        # partner events through the extension registry, and linkage tells us when a
        # reviewer has decided who an incoming child is.
        from safeguard.cases.extensions import register_chronology_source

        from .linkage.services import register_review_decided
        from .selectors import partner_chronology
        from .services import submissions_on_review_decided

        register_chronology_source(partner_chronology)
        register_review_decided(submissions_on_review_decided)
