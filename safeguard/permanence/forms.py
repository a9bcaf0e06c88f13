"""The forms of the adoption journey and previous permanence. They parse what was typed; the
rules (dates in the period of care, the order of the steps, adopters that fit together, a
known previous permanence with its authority and order) are the services'."""

from __future__ import annotations

from django import forms

from safeguard.common.form_fields import date_field, radios
from safeguard.common.forms import ActionForm

from .models import (
    AdoptersLegalStatus,
    AdoptersSex,
    PermanencePlanOption,
    PreviousPermanenceOption,
    ReasonNoLonger,
)


class AdoptionDecisionForm(ActionForm):
    decision_date = date_field(
        "Date of the agency decision maker's decision",
        errors_name="The date of the decision",
        help_text="The day the agency decision maker decided that the child should be placed "
        "for adoption. For example, 27 3 2025",
    )


class AdoptionMatchForm(ActionForm):
    match_date = date_field(
        "Date the child was matched with the prospective adopters",
        errors_name="The date of the match",
        help_text="The day the agency decision maker agreed the match. For example, 27 3 2025",
    )
    adopters_sex = radios(
        "Who are the prospective adopters?",
        AdoptersSex.choices,
        required_message="Select who the prospective adopters are",
        help_text="As the return asks it: no names are recorded.",
    )
    adopters_legal_status = radios(
        "What is the adopters' legal status?",
        AdoptersLegalStatus.choices,
        required_message="Select the adopters' legal status",
    )


class AdoptionOrderForm(ActionForm):
    order_date = date_field(
        "Date of the adoption order",
        errors_name="The date of the adoption order",
        help_text="The child stops being looked after that day. For example, 27 3 2025",
    )
    reason_ceased = radios(
        "How was the order made?",
        [
            ("E11", "The application was unopposed"),
            ("E12", "The court dispensed with the parents' consent"),
        ],
        required_message="Select how the adoption order was made",
    )


class AdoptionNoLongerForm(ActionForm):
    no_longer_date = date_field(
        "Date of the decision that the child should no longer be placed for adoption",
        errors_name="The date of the decision",
        help_text="For example, 27 3 2025",
    )
    reason = radios(
        "Why should the child no longer be placed for adoption?",
        ReasonNoLonger.choices,
        required_message="Select why the child should no longer be placed for adoption",
    )


class PreviousPermanenceForm(ActionForm):
    """The authority and the date are asked with the option (one set of fields for three
    options: a reveal would draw them three times); which answers fit together is the rules'
    (`previous_permanence_fits`)."""

    option = radios(
        "Before becoming looked after, was the child adopted or under a permanence order?",
        PreviousPermanenceOption.choices,
        required_message="Select the child's previous permanence, or not known",
    )
    authority_code = forms.CharField(
        label="Authority that arranged it (if known)",
        help_text="Leave blank if not known. The local authority's three-digit DfE code, "
        "like 352; WAL, SCO or NIR for Wales, Scotland or Northern Ireland; NUK outside the UK.",
        max_length=3,
        required=False,
        error_messages={"max_length": "The authority's code must be 3 characters"},
    )
    order_date = date_field(
        "Date of the order (if known)",
        errors_name="The date of the order",
        help_text="Leave blank if not known. The day the adoption, special guardianship or "
        "child arrangements order was made. For example, 27 3 2016",
        required=False,
    )


class PermanencePlanForm(ActionForm):
    plan = radios(
        "What is the permanence plan for the child?",
        PermanencePlanOption.choices,
        required_message="Select the child's permanence plan",
        help_text="The plan agreed in the child's care plan, usually at a looked-after review.",
    )
    agreed_on = date_field(
        "Date the plan was agreed",
        errors_name="The date the plan was agreed",
        help_text="For example, 27 3 2025",
    )
