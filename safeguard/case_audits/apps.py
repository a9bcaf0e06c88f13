from django.apps import AppConfig


class CaseAuditsConfig(AppConfig):
    name = "safeguard.case_audits"
    label = "case_audits"
    verbose_name = "Case audits"

    def ready(self) -> None:
        # The child's record shows its audits through the seam (cases imports nothing above
        # it), and an auditor conducting an audit has a reason to know the child.
        from safeguard.access.reasons import register_reason
        from safeguard.cases import extensions

        from .need_to_know import case_audit
        from .panels import case_audits_record_panel

        extensions.register_record_panel(case_audits_record_panel)
        register_reason("case_audit", case_audit)
