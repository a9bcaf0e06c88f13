from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safeguard.audit"
    label = "audit"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_login_failed

        from . import receivers

        user_login_failed.connect(receivers.sign_in_failed, dispatch_uid="audit_sign_in_failed")
        user_locked_out.connect(receivers.locked_out, dispatch_uid="audit_locked_out")
