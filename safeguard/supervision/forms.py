"""The supervision forms. What each may hold is the services' to decide; these parse input."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from safeguard.common.form_fields import date_field, long_text, select
from safeguard.common.forms import ActionForm
from safeguard.organisation.models import Worker

from .services import ActionAgreed

__all__ = [
    "ACTIONS",
    "ActionDoneForm",
    "CaseSupervisionForm",
    "PersonalSupervisionForm",
    "action_fields",
]

# Actions agreed at one supervision, as rows of the form (more are agreed at the next).
ACTIONS = 3


def action_fields(n: int) -> tuple[str, str, str]:
    return f"action_{n}_what", f"action_{n}_owner", f"action_{n}_due_on"


class CaseSupervisionForm(ActionForm):
    held_on = date_field("Date of the supervision", errors_name="The date of the supervision")
    discussion = long_text(
        "What was discussed",
        required_message="Enter what was discussed",
        help_text="The child's progress, risks and needs, the plan, and the worker's analysis.",
    )
    decisions = long_text(
        "What was decided, and why",
        required_message="Enter what was decided and why",
        rows=4,
    )

    def __init__(self, *args: Any, owners: Sequence[Worker], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owners = {str(w.pk): w for w in owners}
        choices = [(key, w.full_name) for key, w in self.owners.items()]
        for n in range(1, ACTIONS + 1):
            what, owner, due_on = action_fields(n)
            self.add_field(
                what,
                forms.CharField(
                    label=f"Action {n}: what is to be done",
                    required=False,
                    max_length=500,
                    help_text="Leave blank if no more actions were agreed." if n > 1 else "",
                ),
            )
            self.add_field(
                owner,
                select(
                    f"Action {n}: who will do it",
                    choices,
                    prompt="Choose",
                    required=False,
                    required_message=f"Select who will do action {n}",
                ),
            )
            self.add_field(
                due_on,
                date_field(
                    f"Action {n}: by when",
                    errors_name=f"The date action {n} is due",
                    required=False,
                ),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        actions = []
        for n in range(1, ACTIONS + 1):
            what, owner, due_on = action_fields(n)
            text = (cleaned.get(what) or "").strip()
            if not text and not cleaned.get(owner) and not cleaned.get(due_on):
                continue
            if not text:
                self.add_error(what, f"Enter what action {n} is")
            if not cleaned.get(owner):
                self.add_error(owner, f"Select who will do action {n}")
            if not cleaned.get(due_on) and due_on not in self.errors:
                self.add_error(due_on, f"Enter the date action {n} is due")
            if text and cleaned.get(owner) and cleaned.get(due_on):
                actions.append(
                    ActionAgreed(
                        what=text, owner=self.owners[cleaned[owner]], due_on=cleaned[due_on]
                    )
                )
        cleaned["actions"] = actions
        return cleaned


class ActionDoneForm(ActionForm):
    done_on = date_field("Date the action was done", errors_name="The date the action was done")


class PersonalSupervisionForm(ActionForm):
    held_on = date_field("Date of the supervision", errors_name="The date of the supervision")
    wellbeing = long_text(
        "Wellbeing and support",
        help_text="How the worker is, and any support agreed.",
        rows=3,
    )
    workload = long_text(
        "Caseload and workload", help_text="Their caseload, its complexity and time.", rows=3
    )
    learning = long_text(
        "Learning and professional development",
        help_text="Reflection, training and their Social Work England CPD.",
        rows=3,
    )
    agreed = long_text("What was agreed", rows=3)
