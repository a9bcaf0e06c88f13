"""The forms for a looked-after child's journey: becoming looked after, the care plan, a change
of placement or legal status, a looked-after review and ceasing to be looked after.

They parse what was typed, in the SSDA903 return's codes; what each step needs and which
answers go together is checked by the services (`services/looked_after.py`) against the named
rules, whose refusals come back beside the inputs (`add_errors_from`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from safeguard.common import codes
from safeguard.common.form_fields import (
    RADIOS_TEMPLATE,
    date_field,
    drawn_with,
    long_text,
    radios,
    select,
)
from safeguard.common.forms import ActionForm
from safeguard.organisation.models import Worker
from safeguard.timescales.clocks import CLOCKS

from .models import Placement

# A new placement is one of the types the return still takes (H5 and P2 went in 2025).
PLACEMENT_TYPES = [
    (code, label)
    for code, label in codes.PlacementType.choices
    if code not in codes.PLACEMENT_TYPES_WITHDRAWN
]
# A period of care ends for one of these; X1 ends an episode within a period, not care.
CARE_ENDS = [
    (code, label)
    for code, label in codes.ReasonEpisodeCeased.choices
    if code != codes.ReasonEpisodeCeased.X1
]
# What a change within a period of care changes (SSDA903 RNE); S starts a period.
EPISODE_CHANGES = [
    (code, label)
    for code, label in codes.ReasonNewEpisode.choices
    if code != codes.ReasonNewEpisode.S
]
URN_HINT = (
    "The URN of the children's home, supported accommodation, school, family centre, "
    "fostering or adoption agency (the council's own agency for its own foster carers and "
    "adopters): SC and 6 numbers, or 6 or 7 numbers. Leave empty for a placement with parents, "
    "a temporary placement or another placement Ofsted does not register."
)


def _code(label: str, *, help_text: str = "", max_length: int = 8) -> forms.CharField:
    """A short optional code typed as it is written (a postcode, a URN)."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=max_length,
        error_messages={"max_length": f"{label} must be {max_length} characters or fewer"},
    )


def _legal_status() -> forms.ChoiceField:
    return select(
        "Legal status",
        codes.LegalStatus.choices,
        prompt="Choose the legal status",
        required_message="Select the child's legal status",
    )


def _placement_fields() -> dict[str, forms.Field]:
    return {
        "placement_type": select(
            "Type of placement",
            PLACEMENT_TYPES,
            prompt="Choose the type of placement",
            required_message="Select the type of placement",
        ),
        "provider": select(
            "Who provides the placement?",
            codes.PlacementProvider.choices,
            prompt="Choose the provider",
            required_message="Select who provides the placement",
        ),
        "postcode": _code("Postcode of the placement (optional)"),
        "urn": _code("Ofsted unique reference number (URN)", help_text=URN_HINT),
    }


def _visiting_fields() -> dict[str, forms.Field]:
    """What the placement is meant to be, which sets the statutory visits (Care Planning
    Regulations 2010, reg. 28), and the child's agreement to six-monthly visits."""
    return {
        "visiting_plan": radios(
            "What is the placement meant to be?",
            Placement.VisitingPlan.choices,
            required_message="Select what the placement is meant to be",
            help_text="This sets how often the child must be visited: at most every "
            f"{CLOCKS['lac_visit'].period} in the first year of any placement, then every "
            f"{CLOCKS['lac_visit_until_18'].period} in a placement meant to last until 18; "
            f"every {CLOCKS['lac_visit_weekly_until_first_review'].period} until the first "
            "review with a parent before assessment or a temporarily approved connected person.",
        ),
        "six_monthly_visits_agreed": _optional_yes_no(
            "Has the child agreed to be visited every "
            f"{CLOCKS['lac_visit_long_term_foster'].period} after the placement's first year?",
            help_text="Only for a long-term foster placement, and only if the child, being of "
            "sufficient age and understanding, agrees. Leave empty otherwise.",
        ),
    }


def _optional_yes_no(label: str, *, help_text: str = "") -> forms.TypedChoiceField:
    """Yes or no, or not answered (None): the service says when an answer is needed."""
    field = forms.TypedChoiceField(
        label=label,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        help_text=help_text,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"invalid_choice": f"Select yes or no: {label.lower()}"},
    )
    return drawn_with(RADIOS_TEMPLATE, field)


class CareStartForm(ActionForm):
    start_date = date_field(
        "Date the child became looked after",
        errors_name="The date the child became looked after",
        help_text="The day the first placement started. For example, 27 3 2025",
    )
    legal_status = _legal_status()
    category_of_need = select(
        "Category of need",
        codes.PrimaryNeed.choices,
        prompt="Choose the category of need",
        help_text="The main reason the child is looked after.",
        required_message="Select the category of need",
    )
    placement_type, provider, postcode, urn = _placement_fields().values()
    visiting_plan, six_monthly_visits_agreed = _visiting_fields().values()
    home_postcode = _code(
        "Postcode of the child's home (optional)",
        help_text="Where the child lived when they became looked after.",
    )
    care_plan_date = date_field(
        "Date the care plan was agreed (optional)",
        errors_name="The date the care plan was agreed",
        help_text="Leave empty if it is not agreed yet: it is due within "
        f"{CLOCKS['lac_care_plan'].period} of the start of the first placement. "
        "For example, 27 3 2025",
        required=False,
    )


class CarePlanForm(ActionForm):
    care_plan_date = date_field(
        "Date the care plan was agreed",
        errors_name="The date the care plan was agreed",
        help_text="The plan for the child's care: how their needs are met, the plan for "
        "permanence and the placement plan. For example, 27 3 2025",
    )


class PlacementChangeForm(ActionForm):
    change_date = date_field(
        "Date of the change",
        errors_name="The date of the change",
        help_text="The day the new placement or legal status started. For example, 27 3 2025",
    )
    reason_new_episode = radios(
        "What changed?",
        EPISODE_CHANGES,
        required_message="Select what changed",
    )
    reason_place_change = select(
        "Why did the current placement end?",
        codes.ReasonPlaceChange.choices,
        prompt="Choose the reason",
        help_text="Leave empty if only the legal status changed, or for a move into or out of "
        "a temporary placement.",
        required=False,
        required_message="Select why the placement ended",
    )
    move_planned = _optional_yes_no(
        "Was the move planned?", help_text="Leave empty if only the legal status changed."
    )
    legal_status = _legal_status()
    placement_type, provider, postcode, urn = _placement_fields().values()
    visiting_plan, six_monthly_visits_agreed = _visiting_fields().values()


class CareReviewForm(ActionForm):
    review_date = date_field("Date of the review", errors_name="The date of the review")
    iro = forms.ModelChoiceField(
        queryset=Worker.objects.none(),
        label="Independent reviewing officer (IRO) who chaired the review",
        empty_label="Choose the IRO",
        error_messages={
            "required": "Select the independent reviewing officer",
            "invalid_choice": "Select the independent reviewing officer",
        },
    )
    participation = radios(
        "How did the child take part?",
        codes.ReviewParticipation.choices,
        required_message="Select how the child took part",
    )
    iro_recommendations = long_text(
        "The IRO's recommendations",
        required_message="Enter the IRO's recommendations",
        help_text="What the review recommends, who does each and by when.",
        rows=8,
    )

    def __init__(self, *args: Any, iros: QuerySet[Worker], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["iro"].queryset = iros  # type: ignore[attr-defined]


class CareEndForm(ActionForm):
    end_date = date_field(
        "Date the child stopped being looked after",
        errors_name="The date the child stopped being looked after",
    )
    reason_ceased = select(
        "Why did the child stop being looked after?",
        CARE_ENDS,
        prompt="Choose the reason",
        required_message="Select why the child stopped being looked after",
    )
