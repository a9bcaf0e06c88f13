"""The forms a practitioner fills in to record a statutory step.

They only parse what was typed: which step may follow which, and what each needs, is checked
by the services against `cases.workflow.rules`, and their refusals come back onto the form
(`add_errors_from`). What a form adds is the GOV.UK shape: one question per fieldset, radios
that reveal a follow-up question (GOV.UK's conditional reveal), the census assessment factors
grouped by theme, and the answers read back on a "Check your answers" page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.boundfield import BoundWidget

from safeguard.common import codes
from safeguard.common.form_fields import date_field, drawn_with, long_text, radios, select, yes_no
from safeguard.common.forms import ActionForm
from safeguard.organisation.models import Team, Worker
from safeguard.timescales.clocks import CLOCKS

from .models import Assessment, ChildProtectionConference
from .workflow import rules

FACTORS_TEMPLATE = "cases/actions/field_factors.html"

Outcome = codes.ConferenceOutcome


def chair_field(chairs: QuerySet[Worker]) -> forms.ModelChoiceField[Worker]:
    return forms.ModelChoiceField(
        queryset=chairs,
        label="Who chaired the conference?",
        empty_label="Choose the chair",
        error_messages={
            "required": "Select who chaired the conference",
            "invalid_choice": "Select who chaired the conference",
        },
    )


# --- The forms ---------------------------------------------------------------------------------


class ReferralOpenForm(ActionForm):
    referral_date = date_field("Date of the referral", errors_name="The date of the referral")
    source = select(
        "Who made the referral?",
        codes.ReferralSource.choices,
        prompt="Choose the source",
        required_message="Select who made the referral",
    )
    primary_need = select(
        "The child's primary need",
        codes.PrimaryNeed.choices,
        prompt="Choose the primary need",
        help_text="The census category of need.",
        required_message="Select the child's primary need",
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        label="Team taking the referral",
        empty_label="Choose a team",
        error_messages={
            "required": "Select the team taking the referral",
            "invalid_choice": "Select the team taking the referral",
        },
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]


class AssessmentStartForm(ActionForm):
    start_date = date_field(
        "Date the assessment started", errors_name="The date the assessment started"
    )


# Census N00181 factors grouped by theme for the checkboxes. 21 (no factors) stands apart as
# the exclusive "or" option (census rule 8869); 18A and 19A are superseded (queries 8945Q,
# 8950Q) and offered only on an assessment that already has them.
FACTOR_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Alcohol and drug misuse", ("1A", "1B", "1C", "2A", "2B", "2C")),
    ("Domestic violence", ("3A", "3B", "3C")),
    (
        "Mental health, learning disability and physical health",
        (
            "4A",
            "4B",
            "4C",
            "5A",
            "5B",
            "5C",
            "6A",
            "6B",
            "6C",
        ),
    ),
    ("Abuse and neglect", ("16A", "17A", "18B", "18C", "19B", "19C", "22A", "23A")),
    ("Exploitation and going missing", ("10A", "11A", "12A", "13A", "24A")),
    ("The child's circumstances", ("7A", "9A", "14A", "15A")),
    ("Private fostering", ("8B", "8C", "8D", "8E", "8F")),
    ("Other", ("20",)),
)
NO_FACTORS = codes.AssessmentFactor.NO_FACTORS.value
SUPERSEDED_GROUP = ("Superseded codes", tuple(sorted(codes.SUPERSEDED_ASSESSMENT_FACTORS)))


def _section(label: str, help_text: str, rows: int = 8) -> forms.CharField:
    """One written section of the assessment. Blank is refused by the statutory rule
    (`rules.assessment_sections_written`), not by the form, so its message is the rule's,
    worded for whether the child was seen."""
    return long_text(label, help_text=help_text, rows=rows)


class AssessmentForm(ActionForm):
    """The single assessment as the worker writes it up: the Assessment Framework's three
    domains, the child's voice and the analysis, then the census factors and outcome the
    analysis leads to, and the plan."""

    child_seen_date = date_field(
        "Date the child was seen",
        errors_name="The date the child was seen",
        help_text="Leave this empty only if the child could not be seen (for example, an "
        "unborn child), and say why under the child's voice. For example, 27 3 2025",
        required=False,
    )
    developmental_needs = _section(
        "The child's developmental needs",
        "Their health, education, emotional and behavioural development, identity, family "
        "and social relationships, social presentation and self-care skills. Say what is going "
        "well as well as what worries you.",
    )
    parenting_capacity = _section(
        "Parenting capacity",
        "How each parent or carer provides basic care, keeps the child safe, and gives "
        "emotional warmth, stimulation, guidance and boundaries, and stability. Refer to "
        "people by their role, for example mother or stepfather.",
    )
    family_and_environment = _section(
        "Family and environmental factors",
        "Family history and how the family functions, the wider family, housing, employment "
        "and income, and the family's links with its community and the support around it.",
    )
    childs_voice = _section(
        "The child's voice: wishes, feelings and lived experience",
        "What the child said or showed you, in their own words where you can, and what daily "
        "life is like for them. If you could not gather their views (for example, an unborn or "
        "very young child), say why and how you understood their experience.",
    )
    analysis = _section(
        "Analysis",
        "What the information means for the child: their needs, the risks and the strengths, "
        "how these affect each other, and why the outcome you chose is right.",
        rows=10,
    )
    factors = drawn_with(
        FACTORS_TEMPLATE,
        forms.MultipleChoiceField(
            label="Factors identified at the end of the assessment",
            help_text="Select all that apply.",
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": "Select the factors identified, or select 'No factors identified'",
                "invalid_choice": "Select factors from the list",
            },
        ),
    )
    outcome = radios(
        "What did the assessment conclude?",
        codes.AssessmentOutcome.choices,
        required_message="Select what the assessment concluded",
    )
    plan = _section(
        "The plan",
        "What will happen next, who will do it and by when, and how everyone will know the "
        "child's life is getting better.",
    )

    def __init__(self, *args: Any, include_superseded: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = list(FACTOR_GROUPS) + ([SUPERSEDED_GROUP] if include_superseded else [])
        self.groups = groups
        labels = dict(codes.AssessmentFactor.choices)
        # Flat choices (no optgroups) keep input ids as id_factors_0, _1, ... for the error
        # summary; the grouping is drawn by the template from `factor_groups`.
        self.fields["factors"].choices = [  # type: ignore[attr-defined]
            (code, labels[code]) for _, group in groups for code in group
        ] + [(NO_FACTORS, labels[NO_FACTORS])]

    def factor_groups(self) -> list[tuple[str, list[BoundWidget]]]:
        options = {str(option.data["value"]): option for option in self["factors"]}
        return [(heading, [options[code] for code in group]) for heading, group in self.groups]

    def no_factors_option(self) -> BoundWidget:
        return next(o for o in self["factors"] if str(o.data["value"]) == NO_FACTORS)


def assessment_sections(assessment: Assessment) -> list[tuple[str, str]]:
    """The written assessment as the manager reads it: each section under the question the
    worker answered, in the Assessment Framework's order."""
    return [
        (str(AssessmentForm.base_fields[name].label), getattr(assessment, name))
        for name in rules.ASSESSMENT_SECTIONS
    ]


# Who a strategy discussion includes: Working Together 2023 (ch. 2) expects social care,
# police and health at least, and others as the case needs.
AGENCIES = (
    ("social_care", "Children's social care"),
    ("police", "Police"),
    ("health", "Health"),
    ("education", "Education"),
    ("probation", "Probation"),
    ("housing", "Housing"),
)


def agencies_present(answers: dict[str, Any]) -> str:
    """The agencies ticked and named, as the record keeps them."""
    labels = dict(AGENCIES)
    other = answers["other_agencies"].strip()
    return ", ".join([labels[a] for a in answers["agencies"]] + ([other] if other else []))


class StrategyDiscussionForm(ActionForm):
    discussion_date = date_field(
        "Date of the strategy discussion", errors_name="The date of the strategy discussion"
    )
    agencies = forms.MultipleChoiceField(
        label="Which agencies took part?",
        help_text="Select all that apply. Social care, police and health should take part.",
        choices=AGENCIES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the agencies that took part"},
    )
    other_agencies = forms.CharField(
        label="Other agencies that took part (optional)", required=False, max_length=120
    )
    section47_started = yes_no(
        "Does a section 47 enquiry start?",
        help_text="The enquiry starts on the date of the strategy discussion.",
        required_message="Select yes if a section 47 enquiry starts",
    )
    rationale = long_text(
        "Reasons for the decision",
        required_message="Enter the reasons for the decision",
        help_text="Why there is, or is not, reasonable cause to suspect significant harm, and "
        "how the child will be kept safe now.",
    )


class Section47OutcomeForm(ActionForm):
    completed_date = date_field(
        "Date the enquiry was completed", errors_name="The date the enquiry was completed"
    )
    outcome = radios(
        "What did the enquiry find?",
        codes.Section47Outcome.choices,
        required_message="Select what the enquiry found",
    )
    conference_required = yes_no(
        "Is an initial child protection conference needed?",
        help_text="Needed when the child is likely to suffer significant harm.",
        required_message="Select yes if an initial child protection conference is needed",
    )


# --- Child protection conferences --------------------------------------------------------------

Conference = ChildProtectionConference
_FIRST_CORE_GROUP = CLOCKS["first_core_group"].period
_FIRST_REVIEW = CLOCKS["first_review_conference"].period
_LATER_REVIEW = CLOCKS["later_review_conference"].period
# The answers a conference that starts or continues a plan gives (GOV.UK conditional reveal
# under that outcome); the statutory rules on them are the services' (`rules.conference_*`).
PLAN_FIELDS = ("plan_outline", "next_core_group_date", "next_review_date")


def reports_from(answers: dict[str, Any]) -> str:
    """The agencies that sent a report instead of attending, as the record keeps them."""
    return agencies_present(
        {"agencies": answers["report_agencies"], "other_agencies": answers["other_report_agencies"]}
    )


def _plan_required(meeting: str) -> dict[str, str]:
    return {
        "plan_outline": "Enter the outline plan the conference agreed",
        "next_core_group_date": f"Enter the date of the {meeting} core group meeting",
        "next_review_date": f"Enter the date of the {meeting} review conference",
    }


def _planned_date(label: str, within: str) -> forms.Field:
    return date_field(
        label, errors_name=f"The {label[0].lower()}{label[1:]}", help_text=within, required=False
    )


class _ConferenceForm(ActionForm):
    """Who took part in a child protection conference (Working Together 2023, ch. 2: the
    agencies, the family, and how the child's views were heard), asked by both kinds."""

    agencies = forms.MultipleChoiceField(
        label="Which agencies were at the conference?",
        help_text="Select all that apply.",
        choices=AGENCIES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the agencies at the conference"},
    )
    other_agencies = forms.CharField(
        label="Other agencies at the conference (optional)", required=False, max_length=120
    )
    report_agencies = forms.MultipleChoiceField(
        label="Which agencies sent a report but did not attend? (optional)",
        help_text="Select all that apply.",
        choices=AGENCIES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_report_agencies = forms.CharField(
        label="Other agencies that sent a report (optional)", required=False, max_length=120
    )
    attendees = long_text(
        "Who attended?",
        required_message="Enter who attended the conference, with their roles",
        help_text="Each person's name and role, one to a line. For example, Sam Jones, mother; "
        "Priya Shah, health visitor.",
        rows=6,
    )
    parents_participation = radios(
        "How did the parents take part?",
        Conference.ParentsParticipation.choices,
        required_message="Select how the parents took part in the conference",
    )
    child_participation = radios(
        "How did the child take part or share their views?",
        Conference.ChildParticipation.choices,
        required_message="Select how the child took part or shared their views",
    )

    TAKING_PART = (
        "agencies",
        "other_agencies",
        "report_agencies",
        "other_report_agencies",
        "attendees",
        "parents_participation",
        "child_participation",
    )

    def __init__(self, *args: Any, chairs: QuerySet[Worker] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if chairs is not None:
            self.add_field("chair", chair_field(chairs))


class InitialConferenceForm(_ConferenceForm):
    conference_date = date_field("Date of the conference", errors_name="The date of the conference")
    outcome = radios(
        "What did the conference decide?",
        [
            (Outcome.PLAN.value, "The child is subject to a child protection plan"),
            (Outcome.NO_PLAN.value, "No child protection plan"),
        ],
        required_message="Select what the conference decided",
    )
    category = select(
        "Category of abuse",
        codes.CategoryOfAbuse.choices,
        prompt="Choose the category",
        required=False,
        required_message="Select the category of abuse",
    )
    plan_outline = long_text(
        "The outline child protection plan",
        help_text="What must change for the child to be safe, what each person and agency "
        "will do, and by when. The core group develops it into the detailed plan.",
        rows=8,
    )
    next_core_group_date = _planned_date(
        "Date of the first core group meeting",
        f"Within {_FIRST_CORE_GROUP} of the conference. For example, 27 3 2025",
    )
    next_review_date = _planned_date(
        "Date of the first review conference",
        f"Within {_FIRST_REVIEW} of the conference. For example, 27 3 2025",
    )

    field_order = [
        "conference_date",
        *_ConferenceForm.TAKING_PART,
        "outcome",
        "category",
        *PLAN_FIELDS,
    ]
    reveals = {"outcome": {Outcome.PLAN.value: ("category", *PLAN_FIELDS)}}
    required_when_revealed = {"category": "Select the category of abuse", **_plan_required("first")}


class ReviewConferenceForm(_ConferenceForm):
    conference_date = date_field(
        "Date of the review conference", errors_name="The date of the review conference"
    )
    outcome = radios(
        "What did the review conference decide?",
        [
            (Outcome.CONTINUE_PLAN.value, "The child protection plan continues"),
            (Outcome.END_PLAN.value, "The child protection plan ends"),
        ],
        required_message="Select what the review conference decided",
    )
    plan_outline = long_text(
        "The revised outline plan",
        help_text="What has changed, what must still change for the child to be safe, what "
        "each person and agency will do, and by when.",
        rows=8,
    )
    next_core_group_date = _planned_date(
        "Date of the next core group meeting", "After the conference. For example, 27 3 2025"
    )
    next_review_date = _planned_date(
        "Date of the next review conference",
        f"Within {_LATER_REVIEW} of this conference. For example, 27 3 2025",
    )
    rationale = long_text(
        "Why does the plan end?",
        help_text="Why the child is no longer at continuing risk of significant harm, and what "
        "support follows (for example, a child in need plan).",
    )
    latest_category = select(
        "Category of abuse",
        codes.CategoryOfAbuse.choices,
        prompt="Choose the category",
        help_text="Change it if the conference changed the category.",
        required_message="Select the category of abuse",
    )

    field_order = [
        "conference_date",
        *_ConferenceForm.TAKING_PART,
        "outcome",
        *PLAN_FIELDS,
        "rationale",
        "latest_category",
    ]
    reveals = {
        "outcome": {
            Outcome.CONTINUE_PLAN.value: PLAN_FIELDS,
            Outcome.END_PLAN.value: ("rationale",),
        }
    }
    required_when_revealed = {"rationale": "Enter why the plan ends", **_plan_required("next")}


class ReferralCloseForm(ActionForm):
    closure_date = date_field(
        "Date the referral closed", errors_name="The date the referral closed"
    )
    closure_reason = radios(
        "Why is the referral closing?",
        codes.ReasonForClosure.choices,
        required_message="Select why the referral is closing",
    )

    def __init__(self, *args: Any, ask_rationale: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if ask_rationale:
            # A manager's closure is a management decision: its reasons are kept for audit.
            self.add_field(
                "rationale",
                long_text(
                    "Reasons for closing",
                    required_message="Enter the reasons for closing the referral",
                    help_text="Why the child's needs are met or no longer need social care.",
                ),
            )


# --- Child in need plans and core groups ---------------------------------------------------------

CIN_REVIEW_CONTINUES = "continue"
CIN_REVIEW_ENDS = "end"


class CinPlanStartForm(ActionForm):
    start_date = date_field(
        "Date the plan started",
        errors_name="The date the plan started",
        help_text="The day the plan was agreed with the family. For example, 27 3 2025",
    )


class CinPlanReviewForm(ActionForm):
    review_date = date_field("Date of the review", errors_name="The date of the review")
    outcome = radios(
        "What did the review decide?",
        [
            (CIN_REVIEW_CONTINUES, "The plan continues"),
            (CIN_REVIEW_ENDS, "The plan ends: the child's needs are met"),
        ],
        required_message="Select what the review decided",
    )


class CinPlanEndForm(ActionForm):
    end_date = date_field("Date the plan ended", errors_name="The date the plan ended")


class CoreGroupForm(ActionForm):
    meeting_date = date_field("Date of the meeting", errors_name="The date of the meeting")
    notes = long_text(
        "Who attended and what was agreed",
        required_message="Enter who attended and what was agreed",
        help_text="The family members and professionals there, the progress on the plan and "
        "the actions agreed, with who does each and by when.",
        rows=8,
    )
