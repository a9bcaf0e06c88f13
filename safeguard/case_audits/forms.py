"""The forms of the case audit tool. They only parse what was typed: what the audit's rules
allow is checked by the services (`case_audits.rules`), whose refusals come back beside the
inputs they name (`add_errors_from`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from safeguard.common.form_fields import date_field, long_text, radios, select, yes_no
from safeguard.common.forms import ActionForm
from safeguard.organisation.models import Worker

from .models import GRADE_ORDER

GRADES = [(g.value, str(g.label)) for g in GRADE_ORDER]


class StartForm(ActionForm):
    child = forms.CharField(
        label="Child's ID",
        help_text="The authority's ID for the child, as on their record (for example, DEMO000123).",
        max_length=20,
        error_messages={"required": "Enter the child's ID"},
    )
    started_on = date_field("Date the audit started", errors_name="The date the audit started")


class ThemeGradeForm(ActionForm):
    grade = radios(
        "Grade for this theme",
        GRADES,
        required_message="Select a grade for this theme",
        help_text="Ofsted's four grades.",
    )
    finding = long_text(
        "What did you find?",
        required_message="Enter what you found for this theme",
        help_text="The evidence on the record for the grade: what was done well, what was not.",
    )


class ActionAddForm(ActionForm):
    action = long_text(
        "What is to be done?",
        required_message="Enter what is to be done",
        help_text="One action: what changes for the child or in practice.",
        rows=3,
    )
    due_on = date_field("Date the action is due", errors_name="The date the action is due")
    set_on = date_field("Date the action is set", errors_name="The date the action is set")

    def __init__(self, *args: Any, owners: Iterable[Worker] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_field(
            "owner",
            select(
                "Who owns the action?",
                [(str(w.pk), f"{w.full_name} ({w.get_role_display()})") for w in owners],
                prompt="Choose the owner",
                required_message="Select who owns the action",
            ),
        )
        self.order_fields(["action", "owner", "due_on", "set_on"])


class CompleteForm(ActionForm):
    grade = radios(
        "Overall grade",
        GRADES,
        required_message="Select the overall grade",
        help_text="The audit's judgement of the practice on the case as a whole.",
    )
    strengths = long_text("Strengths", required_message="Enter the strengths found")
    areas_for_development = long_text(
        "Areas for development", required_message="Enter the areas for development found"
    )
    completed_on = date_field(
        "Date the audit was completed", errors_name="The date the audit was completed"
    )


class RespondForm(ActionForm):
    agrees = yes_no(
        "Do you agree with the audit's findings?",
        required_message="Select whether you agree with the audit's findings",
    )
    response = long_text(
        "Your response",
        required_message="Enter your response",
        help_text="What you want the record to show: context the audit missed, what you will do.",
    )
    responded_on = date_field("Date of your response", errors_name="The date of your response")


class ActionDoneForm(ActionForm):
    done_on = date_field("Date the action was done", errors_name="The date the action was done")
