from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "safeguard.agencies"
    label = "agencies"

    def ready(self) -> None:
        # Partners depend on social care, not the reverse: the child's chronology shows
        # partner events through the extension registry, and linkage tells us when a
        # reviewer has decided who an incoming child is.
        from safeguard.cases.extensions import register_chronology_source
        from safeguard.front_door.services import register_feedback_given

        from . import jobs  # noqa: F401  (a partner's file, linkage and signals as jobs)
        from .linkage.services import register_review_decided
        from .selectors import partner_chronology
        from .services import submissions_on_feedback_given, submissions_on_review_decided

        register_chronology_source(partner_chronology)
        register_review_decided(submissions_on_review_decided)
        # The front door tells us when it gives feedback on a contact a partner's concern
        # made, so the partner reads the outcome back.
        register_feedback_given(submissions_on_feedback_given)
