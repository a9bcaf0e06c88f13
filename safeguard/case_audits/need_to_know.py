"""Case audits' reason to know, told to access through its seam (`access/reasons.py`).

`case_audit`: the auditor of an audit still in progress may read the child's record, to audit
it; the reason ends when the audit is completed. Access asks registered reasons for the roles
that work with children (a manager conducting an audit of another team's case reads the
record through it); for the auditor role see docs/decisions/0014-case-audit-access.md.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from safeguard.access.reasons import Asker

from .models import CaseAudit


def case_audit(asker: Asker) -> Q:
    return Q(
        Exists(
            CaseAudit.objects.filter(
                child=OuterRef("pk"), auditor=asker.worker, completed_on__isnull=True
            )
        )
    )
