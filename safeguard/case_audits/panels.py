"""What case audits add to the child's record through the seam (`cases.extensions`): a panel
"Case audits" listing the child's audits the reader may see (`case_audits_visible_q`), each
with its worker, auditor, grade and a link to it, and a link to start one for those who
conduct audits. Nothing is shown to someone who sees none and conducts none."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from safeguard.access.permissions import allowed
from safeguard.cases.extensions import Panel
from safeguard.common.forms import day_text
from safeguard.common.reversing import url_for
from safeguard.common.types import AnyUser
from safeguard.people.models import Person

from . import selectors

__all__ = ["case_audits_record_panel"]

TEMPLATE = "case_audits/record_panel.html"
ANCHOR = "case-audits"
TITLE = "Case audits"


def _status(audit: selectors.AuditOfChild) -> str:
    if audit.completed_on is None:
        return "In progress"
    return f"{audit.get_grade_display()} (completed {day_text(audit.completed_on)})"


def case_audits_record_panel(user: AnyUser, child: Person, today: date) -> Panel | None:
    """Shown when the reader may see one of the child's audits, or may start one."""
    audits = selectors.case_audits_of_child(user=user, child=child)
    may_start = allowed(user, "case_audit.conduct")
    if not audits and not may_start:
        return None
    start_url = ""
    if may_start and child.la_child_id:
        start_url = reverse("case_audits:start") + "?" + urlencode({"child": child.la_child_id})
    return Panel(
        TEMPLATE,
        TITLE,
        ANCHOR,
        {
            "anchor": ANCHOR,
            "title": TITLE,
            "audits": [
                {
                    "started": day_text(a.started_on),
                    "worker": a.worker,
                    "auditor": a.auditor,
                    "status": _status(a),
                    "url": url_for("case_audits:audit", [a.pk]),
                }
                for a in audits
            ],
            "start_url": start_url,
        },
    )
