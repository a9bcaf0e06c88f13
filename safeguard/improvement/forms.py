"""The improvement plan's forms: a source, a recommendation, a change of status, the three
kinds of evidence, and the plan's filters. Choices are the reader's authority's own."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguard.agencies.models import PartnerOrganisation
from safeguard.case_audits.models import CaseAudit
from safeguard.common.form_fields import date_field, long_text, radios, select
from safeguard.common.forms import ActionForm, GovukForm, day_text
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Worker

from . import rules, selectors
from .codes import JudgementArea, RecommendationKind, SourceKind, Status
from .indicators import indicator_choices
from .models import ImprovementSource

CHOOSE_SOURCE_KIND = "Select where the recommendations come from"
ENTER_TITLE = "Enter the title of the review, inspection or audit"
CHOOSE_SOURCE = "Select the review, inspection or audit it comes from"
CHOOSE_KIND = "Select whether it is a recommendation or an area for improvement"
ENTER_REFERENCE = "Enter the reference the source gives it, for example R3"
ENTER_TEXT = "Enter the recommendation as the source words it"
CHOOSE_OWNER = "Select who owns it"
CHOOSE_AREA = "Select the Ofsted judgement area it bears on"
CHOOSE_STATUS = "Select the new status"
CHOOSE_AUDIT = "Select the completed case audit"
CHOOSE_INDICATOR = "Select the indicator"
ENTER_BASELINE = "Enter the indicator's baseline, for example 23.5"
ENTER_TARGET = "Enter the target, for example 15"


class SourceForm(ActionForm):
    kind = radios(
        "Where the recommendations come from",
        SourceKind.choices,
        required_message=CHOOSE_SOURCE_KIND,
    )
    title = forms.CharField(
        label="Title",
        help_text="As published, for example: Ofsted inspection of children's services, March 2024",
        max_length=200,
        error_messages={"required": ENTER_TITLE},
    )
    published_on = date_field("Date published", errors_name="The date published")


class RecommendationForm(ActionForm):
    source = forms.ModelChoiceField(
        label="Where it comes from",
        queryset=ImprovementSource.objects.none(),
        empty_label="Select the source",
        error_messages={"required": CHOOSE_SOURCE, "invalid_choice": CHOOSE_SOURCE},
    )
    kind = radios("Kind", RecommendationKind.choices, required_message=CHOOSE_KIND, inline=True)
    reference = forms.CharField(
        label="Reference",
        help_text="As the source numbers it, for example R3 or AFI 12",
        max_length=20,
        error_messages={"required": ENTER_REFERENCE},
        widget=forms.TextInput(attrs={"data-width": "govuk-input--width-10"}),
    )
    text = long_text("Recommendation", required_message=ENTER_TEXT)
    owner = forms.ModelChoiceField(
        label="Owner",
        queryset=Worker.objects.none(),
        empty_label="Select the owner",
        error_messages={"required": CHOOSE_OWNER, "invalid_choice": CHOOSE_OWNER},
    )
    agencies = forms.MultipleChoiceField(
        label="Partner agencies involved (optional)",
        help_text="Select all that apply",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    judgement_area = radios(
        "Ofsted judgement area", JudgementArea.choices, required_message=CHOOSE_AREA
    )
    due_on = date_field("Due date", errors_name="The due date")

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source_field = self.fields["source"]
        assert isinstance(source_field, forms.ModelChoiceField)
        source_field.queryset = ImprovementSource.objects.filter(
            authority=selectors.authority_for(user)
        ).order_by("-published_on", "title")
        owner_field = self.fields["owner"]
        assert isinstance(owner_field, forms.ModelChoiceField)
        owner_field.queryset = selectors.owner_choices(user=user)
        agencies_field = self.fields["agencies"]
        assert isinstance(agencies_field, forms.MultipleChoiceField)
        agencies_field.choices = [
            (str(pk), name)
            for pk, name in PartnerOrganisation.objects.filter(
                authority=selectors.authority_for(user), is_active=True
            )
            .order_by("name")
            .values_list("pk", "name")
        ]


class StatusForm(ActionForm):
    status = radios("New status", Status.choices, required_message=CHOOSE_STATUS)
    on = date_field("Date of the change", errors_name="The date of the change")
    reason = long_text(
        "Reason (needed to move the status back)",
        help_text="For a move back, say why: for example, the audit found the change has not "
        "reached practice",
        rows=3,
    )


class AuditEvidenceForm(ActionForm):
    case_audit = forms.ModelChoiceField(
        label="Completed case audit",
        help_text="Shown by the date completed, the team and the grade: the plan never names "
        "the child",
        queryset=CaseAudit.objects.none(),
        empty_label="Select the audit",
        error_messages={"required": CHOOSE_AUDIT, "invalid_choice": CHOOSE_AUDIT},
    )
    title = forms.CharField(label="What it shows (optional)", max_length=200, required=False)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        audit_field = self.fields["case_audit"]
        assert isinstance(audit_field, forms.ModelChoiceField)
        audit_field.queryset = selectors.completed_audits(user=user)
        audit_field.label_from_instance = audit_label  # type: ignore[method-assign,assignment]


def audit_label(audit: CaseAudit) -> str:
    grade = CaseAudit.Grade(audit.grade).label if audit.grade else "not graded"
    return f"Completed {day_text(audit.completed_on)}, {audit.team.name}: {grade}"


class IndicatorEvidenceForm(ActionForm):
    indicator = select(
        "Indicator",
        indicator_choices(),
        required_message=CHOOSE_INDICATOR,
        prompt="Select the indicator",
        help_text="From the performance indicators: the plan reads its value over the 12 "
        "months to each day",
    )
    baseline = forms.DecimalField(
        label="Baseline",
        max_digits=10,
        decimal_places=1,
        error_messages={"required": ENTER_BASELINE, "invalid": ENTER_BASELINE},
        widget=forms.TextInput(
            attrs={"data-width": "govuk-input--width-5", "inputmode": "decimal"}
        ),
    )
    baseline_on = date_field("Date of the baseline", errors_name="The date of the baseline")
    target = forms.DecimalField(
        label="Target",
        max_digits=10,
        decimal_places=1,
        error_messages={"required": ENTER_TARGET, "invalid": ENTER_TARGET},
        widget=forms.TextInput(
            attrs={"data-width": "govuk-input--width-5", "inputmode": "decimal"}
        ),
    )
    title = forms.CharField(label="What it shows (optional)", max_length=200, required=False)


class DocumentEvidenceForm(GovukForm):
    title = forms.CharField(
        label="What the document is",
        help_text="For example: Board minutes, 12 June 2025, approving the new supervision policy",
        max_length=200,
        error_messages={"required": "Enter what the document is"},
    )
    document = forms.FileField(
        label="Document",
        help_text="PDF, Word, Excel, PowerPoint or OpenDocument, smaller than 10 MB",
        error_messages={
            "required": rules.DOCUMENT_MISSING,
            "empty": rules.DOCUMENT_EMPTY,
            "invalid": rules.DOCUMENT_MISSING,
        },
    )


class PlanFilterForm(GovukForm):
    """The plan's filters: never refuses (an unknown value is ignored)."""

    source = forms.TypedChoiceField(label="Source", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *Status.choices], required=False
    )
    owner = forms.TypedChoiceField(label="Owner", required=False, coerce=int, empty_value=None)
    judgement_area = forms.ChoiceField(
        label="Ofsted judgement area",
        choices=[("", "Any area"), *JudgementArea.choices],
        required=False,
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source_field = self.fields["source"]
        assert isinstance(source_field, forms.TypedChoiceField)
        source_field.choices = [("", "Any source")] + [
            (str(s.pk), s.title) for s in selectors.source_choices(user=user)
        ]
        owner_field = self.fields["owner"]
        assert isinstance(owner_field, forms.TypedChoiceField)
        owner_field.choices = [("", "Any owner")] + [
            (str(w.pk), w.full_name) for w in selectors.plan_owners(user=user)
        ]

    def filters(self) -> selectors.PlanFilters:
        if not self.is_valid():
            return selectors.PlanFilters()
        data = self.cleaned_data
        return selectors.PlanFilters(
            source=data["source"],
            status=data["status"],
            owner=data["owner"],
            judgement_area=data["judgement_area"],
            overdue=bool(data["overdue"]),
        )
