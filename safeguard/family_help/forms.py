"""The forms a family help practitioner (or a partner's lead practitioner) fills in to record
the family's help.

They only parse what was typed: which step may follow which is checked by the services
against `family_help.rules`, and their refusals come back beside the inputs they name
(`add_errors_from`). A form for a family's rows that repeat (the needs by headline outcome, the
plan's outcomes and actions, who was asked to a meeting, progress on each outcome) draws a
fixed set of questions per row and reads the rows back for the service; `groups` lays them out
under headings (`family_help/record/form.html`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms

from safeguard.agencies.models import PartnerUser
from safeguard.common import codes
from safeguard.common.form_fields import date_field, long_text, radios, select
from safeguard.common.forms import ActionForm, Answer, day_text
from safeguard.organisation.models import Authority, Team, Worker, in_post_q

from .models import (
    EarlyHelpEpisode,
    EndReason,
    FamilyHelpEpisode,
    MeetingAttendee,
    OutcomeProgress,
    PlanOutcome,
    TeamAroundFamilyMeeting,
)
from .outcomes import Outcome
from .services import (
    ActionAgreed,
    AttendeeRecorded,
    NeedFound,
    OutcomeAgreed,
    ProgressRecorded,
)

# How many actions the plan's page asks for under each outcome, and how many people a
# meeting's page lists: enough for a family plan and a team around the family.
ACTIONS_PER_OUTCOME = 3
ATTENDEES = 8

# Council roles that lead a family's help (a manager oversees rather than leads).
LEAD_ROLES = (
    Worker.Role.FAMILY_HELP_PRACTITIONER,
    Worker.Role.SOCIAL_WORKER,
    Worker.Role.SENIOR_PRACTITIONER,
)
NO_LEAD = "Choose the lead practitioner"
CHOOSE_LEAD = "Select the lead practitioner"

# Stepping up has its own page (the front door is told): not a reason chosen here.
LEAVE_REASONS = [
    (r.value, str(r.label))
    for r in (EndReason.CHILD_LEFT_HOUSEHOLD, EndReason.MOVED_AWAY, EndReason.NEEDS_MET)
]
CLOSE_REASONS = [
    (r.value, str(r.label))
    for r in (EndReason.NEEDS_MET, EndReason.FAMILY_DECLINED, EndReason.MOVED_AWAY)
]
# Family help started from the front door or by a step down has its own page.
START_ROUTES = [
    (r.value, str(r.label))
    for r in (FamilyHelpEpisode.StartRoute.COUNCIL, FamilyHelpEpisode.StartRoute.PARTNER)
]


@dataclass(frozen=True)
class Lead:
    """A lead practitioner the form offers: a council worker or a partner's practitioner."""

    label: str
    worker: Worker | None = None
    partner_user: PartnerUser | None = None


def lead_choices(authority: Authority, on: date) -> dict[str, Lead]:
    """Who may lead a family of this authority: its practitioners in post and the users of
    partner organisations that still share with it, keyed by the value the form posts."""
    leads: dict[str, Lead] = {}
    workers = (
        Worker.objects.filter(in_post_q(on), authority=authority, role__in=LEAD_ROLES)
        .select_related("team")
        .order_by("last_name", "first_name", "pk")
    )
    for worker in workers:
        team = f" ({worker.team.name})" if worker.team is not None else ""
        leads[f"worker-{worker.pk}"] = Lead(f"{worker.full_name}{team}", worker=worker)
    partners = (
        PartnerUser.objects.filter(
            organisation__authority=authority,
            organisation__is_active=True,
            user__is_active=True,
        )
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__username")
    )
    for partner in partners:
        name = partner.user.get_full_name() or partner.user.get_username()
        leads[f"partner-{partner.pk}"] = Lead(
            f"{name} ({partner.organisation.name})", partner_user=partner
        )
    return leads


def _lead_field(leads: dict[str, Lead], *, required: bool, prompt: str) -> forms.ChoiceField:
    return select(
        "Lead practitioner",
        [(key, lead.label) for key, lead in leads.items()],
        prompt=prompt,
        required=required,
        required_message=CHOOSE_LEAD,
        help_text="A council practitioner, or a partner's practitioner such as a school's "
        "designated safeguarding lead or a health visitor.",
    )


def _text(label: str, *, required_message: str = "", help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=bool(required_message),
        max_length=200,
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be 200 characters or fewer",
        },
    )


def _reason() -> forms.ChoiceField:
    return select(
        "Why does the child need help?",
        EarlyHelpEpisode.Reason.choices,
        prompt="Choose the reason",
        required_message="Select why the child needs help",
    )


class FamilyHelpForm(ActionForm):
    """A family help form: `groups` lays its questions out under headings, each a list of
    field names (all fields in one group if not set)."""

    groups: list[tuple[str, list[str]]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = []

    def grouped(self) -> list[tuple[str, list[forms.BoundField]]]:
        if not self.groups:
            return [("", [self[name] for name in self.fields])]
        return [(heading, [self[name] for name in names]) for heading, names in self.groups]

    def answers(self) -> list[Answer]:
        # The rows left blank (an outcome not in the plan, a seventh person not asked) are
        # not read back: the check page lists what will be recorded.
        return [
            Answer(str(bound.label), self._display(bound), bound.anchor)  # type: ignore[attr-defined]
            for bound in self.visible_fields()
            if self._applies(bound.name)
            and (bound.field.required or self.cleaned_data.get(bound.name) not in ("", None, False))
        ]

    def _display(self, bound: forms.BoundField) -> str | list[str]:
        if self.cleaned_data.get(bound.name) is True:
            return "Yes"
        return super()._display(bound)


# --- Starting, and the children in it -------------------------------------------------------


class _ConsentedStartForm(FamilyHelpForm):
    """What every start of a family's help asks: when, with whose consent, which team
    oversees it and who leads it."""

    started_on = date_field("Date family help started", errors_name="The date family help started")
    consent_given_on = date_field(
        "Date the family agreed to family help",
        errors_name="The date the family agreed to family help",
    )
    consent_given_by = _text(
        "Who agreed to family help?",
        required_message="Enter who agreed to family help",
        help_text="The parent or carer, or the young person, who gave consent.",
    )
    reason = _reason()

    def __init__(
        self, *args: Any, teams: Sequence[Team], leads: dict[str, Lead], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.leads = leads
        self.add_field(
            "team",
            select(
                "Council team with oversight",
                [(str(team.pk), team.name) for team in teams],
                prompt="Choose the team",
                required_message="Select the council team with oversight",
                help_text="The family help team that oversees the family's help, even when a "
                "partner leads it.",
            ),
        )
        self.add_field("lead", _lead_field(leads, required=False, prompt="No lead yet"))

    def clean_lead(self) -> Lead | None:
        return self.leads.get(self.cleaned_data.get("lead") or "")


class FamilyHelpStartForm(_ConsentedStartForm):
    start_route = radios(
        "Who started family help?",
        START_ROUTES,
        required_message="Select who started family help",
        help_text="A partner may start family help directly, for example a school that asked "
        "the family first.",
    )
    # Who started it is asked straight after when.
    field_order = ["started_on", "start_route"]


class ChildAddForm(FamilyHelpForm):
    start_date = date_field(
        "Date the child joined family help", errors_name="The date the child joined family help"
    )
    reason = _reason()

    def __init__(self, *args: Any, children: Iterable[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_field(
            "child",
            radios(
                "Which child is joining the family's help?",
                [(str(pk), name) for pk, name in children],
                required_message="Select the child who is joining",
                help_text="Children related to the family's children whose record you may "
                "see, and who are not in family help already.",
            ),
        )
        self.order_fields(["child", "start_date", "reason"])


class ChildLeaveForm(FamilyHelpForm):
    end_date = date_field(
        "Date the child's family help ended", errors_name="The date the child's family help ended"
    )
    end_reason = radios(
        "Why did the child's family help end?",
        LEAVE_REASONS,
        required_message="Select why the child's family help ended",
    )


class LeadAssignForm(FamilyHelpForm):
    start_date = date_field(
        "Date the lead practitioner starts", errors_name="The date the lead practitioner starts"
    )

    def __init__(self, *args: Any, leads: dict[str, Lead], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.leads = leads
        self.add_field("lead", _lead_field(leads, required=True, prompt=NO_LEAD))
        self.order_fields(["lead", "start_date"])

    def clean_lead(self) -> Lead | None:
        return self.leads.get(self.cleaned_data.get("lead") or "")


# --- The assessment ---------------------------------------------------------------------------


class AssessmentStartForm(FamilyHelpForm):
    start_date = date_field(
        "Date the assessment started", errors_name="The date the assessment started"
    )


def need_field(area: str) -> str:
    return f"need_{area}"


class AssessmentCompleteForm(FamilyHelpForm):
    completed_on = date_field(
        "Date the assessment was completed", errors_name="The date the assessment was completed"
    )
    family_view = long_text("The family's view", rows=4)
    child_voice = long_text(
        "The child's voice", help_text="What the children said, in their words.", rows=4
    )
    analysis = long_text("Analysis", help_text="What the needs mean for the family.", rows=4)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for area, label in Outcome.choices:
            self.add_field(
                need_field(area),
                long_text(
                    label,
                    help_text="Leave blank if the family has no need here.",
                    rows=2,
                ),
            )
        self.groups = [
            ("", ["completed_on"]),
            (
                "Needs found, by headline outcome",
                [need_field(area) for area in Outcome.values],
            ),
            ("What the family and children said", ["family_view", "child_voice", "analysis"]),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # The needs, read for the service (`answers["needs"]`).
        cleaned["needs"] = [
            NeedFound(area=area, description=cleaned[need_field(area)])
            for area in Outcome.values
            if (cleaned.get(need_field(area)) or "").strip()
        ]
        return cleaned


# --- The family plan --------------------------------------------------------------------------


def change_field(area: str) -> str:
    return f"change_{area}"


def action_fields(area: str, n: int) -> tuple[str, str, str, str]:
    return (f"who_{area}_{n}", f"agency_{area}_{n}", f"what_{area}_{n}", f"by_{area}_{n}")


class PlanAgreeForm(FamilyHelpForm):
    """The plan's outcomes, one per headline outcome the assessment found a need in, each
    with up to `ACTIONS_PER_OUTCOME` actions."""

    agreed_on = date_field("Date the family agreed the plan", errors_name="The date of the plan")

    def __init__(self, *args: Any, areas: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = list(areas)
        labels = dict(Outcome.choices)
        self.groups = [("", ["agreed_on"])]
        for area in self.areas:
            label = labels[area]
            self.add_field(
                change_field(area),
                long_text(
                    f"{label}: what will change",
                    help_text="In the family's words. Leave blank to leave this outcome out "
                    "of the plan.",
                    rows=3,
                ),
            )
            self.add_field(
                f"baseline_{area}",
                long_text(f"{label}: where things are now", rows=2),
            )
            names = [change_field(area), f"baseline_{area}"]
            for n in range(1, ACTIONS_PER_OUTCOME + 1):
                who, agency, what, by = action_fields(area, n)
                self.add_field(what, long_text(f"Action {n}: what will be done", rows=2))
                self.add_field(who, _text(f"Action {n}: who will do it"))
                self.add_field(agency, _text(f"Action {n}: their agency"))
                self.add_field(
                    by,
                    date_field(
                        f"Action {n}: by when",
                        errors_name=f"The date action {n} is due",
                        required=False,
                    ),
                )
                names += [what, who, agency, by]
            self.groups.append((label, names))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for area in self.areas:
            has_outcome = bool(cleaned.get(change_field(area), "").strip())
            for n in range(1, ACTIONS_PER_OUTCOME + 1):
                who, agency, what, by = action_fields(area, n)
                given = [cleaned.get(name) for name in (who, agency, what, by)]
                if not any(given):
                    continue
                if not has_outcome:
                    self.add_error(
                        change_field(area),
                        "Enter what will change, or remove the actions under this outcome",
                    )
                if not (cleaned.get(what) or "").strip():
                    self.add_error(what, f"Enter what action {n} is")
                if not (cleaned.get(who) or "").strip():
                    self.add_error(who, f"Enter who will do action {n}")
        cleaned["outcomes"] = self._outcomes(cleaned)
        return cleaned

    def _outcomes(self, cleaned: dict[str, Any]) -> list[OutcomeAgreed]:
        """The outcomes given, with their actions, for the service (`answers["outcomes"]`)."""
        agreed = []
        for area in self.areas:
            change = cleaned.get(change_field(area)) or ""
            if not change.strip():
                continue
            actions = []
            for n in range(1, ACTIONS_PER_OUTCOME + 1):
                who, agency, what, by = action_fields(area, n)
                if (cleaned.get(what) or "").strip():
                    actions.append(
                        ActionAgreed(
                            who=cleaned.get(who) or "",
                            what=cleaned[what],
                            agency=cleaned.get(agency) or "",
                            by_date=cleaned.get(by),
                        )
                    )
            agreed.append(
                OutcomeAgreed(
                    area=area,
                    what_will_change=change,
                    baseline=cleaned.get(f"baseline_{area}") or "",
                    actions=tuple(actions),
                )
            )
        return agreed


class ActionDoneForm(FamilyHelpForm):
    done_on = date_field("Date the action was done", errors_name="The date the action was done")


# --- Meetings and reviews ---------------------------------------------------------------------


def attendee_fields(n: int) -> tuple[str, str, str, str, str]:
    return (
        f"name_{n}",
        f"role_{n}",
        f"agency_{n}",
        f"family_member_{n}",
        f"attendance_{n}",
    )


class MeetingRecordForm(FamilyHelpForm):
    held_on = date_field("Date of the meeting", errors_name="The date of the meeting")
    kind = radios(
        "What kind of meeting was it?",
        TeamAroundFamilyMeeting.Kind.choices,
        required_message="Select what kind of meeting it was",
        inline=True,
    )
    decisions = long_text("What the meeting decided", rows=4)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = [("", ["held_on", "kind", "decisions"])]
        for n in range(1, ATTENDEES + 1):
            name, role, agency, family_member, attendance = attendee_fields(n)
            self.add_field(name, _text(f"Person {n}: name"))
            self.add_field(role, _text(f"Person {n}: role", help_text="For example, class teacher"))
            self.add_field(agency, _text(f"Person {n}: agency"))
            self.add_field(
                family_member,
                forms.BooleanField(label=f"Person {n} is a member of the family", required=False),
            )
            self.add_field(
                attendance,
                select(
                    f"Person {n}: did they attend?",
                    MeetingAttendee.Attendance.choices,
                    prompt="Choose",
                    required=False,
                    required_message=f"Select whether person {n} attended",
                ),
            )
            self.groups.append(
                (
                    f"Person {n} asked to the meeting",
                    [name, role, agency, family_member, attendance],
                )
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for n in range(1, ATTENDEES + 1):
            name, role, agency, family_member, attendance = attendee_fields(n)
            given = [cleaned.get(f) for f in (name, role, agency, family_member, attendance)]
            if not any(given):
                continue
            if not (cleaned.get(name) or "").strip():
                self.add_error(name, f"Enter the name of person {n}")
            if not cleaned.get(attendance):
                self.add_error(attendance, f"Select whether person {n} attended")
        if not any((cleaned.get(f"name_{n}") or "").strip() for n in range(1, ATTENDEES + 1)):
            self.add_error("name_1", "Enter at least one person asked to the meeting")
        cleaned["attendees"] = self._attendees(cleaned)
        return cleaned

    def _attendees(self, cleaned: dict[str, Any]) -> list[AttendeeRecorded]:
        """Who was asked, for the service (`answers["attendees"]`)."""
        people = []
        for n in range(1, ATTENDEES + 1):
            name, role, agency, family_member, attendance = attendee_fields(n)
            if not (cleaned.get(name) or "").strip():
                continue
            people.append(
                AttendeeRecorded(
                    name=cleaned[name],
                    attendance=cleaned.get(attendance) or "",
                    role=cleaned.get(role) or "",
                    agency=cleaned.get(agency) or "",
                    is_family_member=bool(cleaned.get(family_member)),
                )
            )
        return people


def progress_field(outcome: PlanOutcome) -> str:
    return f"progress_{outcome.pk}"


class ReviewRecordForm(FamilyHelpForm):
    reviewed_on = date_field("Date of the review", errors_name="The date of the review")
    next_review_due = date_field(
        "Date of the next review",
        errors_name="The date of the next review",
        help_text="Leave blank for three months on. For example, 27 3 2025",
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        outcomes: Sequence[PlanOutcome],
        meetings: Sequence[TeamAroundFamilyMeeting],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.outcomes = list(outcomes)
        self.meetings = {str(m.pk): m for m in meetings}
        self.add_field(
            "meeting",
            select(
                "The meeting it was held at",
                [
                    (key, f"{m.get_kind_display()} meeting on {day_text(m.held_on)}")
                    for key, m in self.meetings.items()
                ],
                prompt="Not at a meeting",
                required=False,
                required_message="Select the meeting",
            ),
        )
        self.groups = [("", ["reviewed_on", "meeting"])]
        for outcome in self.outcomes:
            name = progress_field(outcome)
            self.add_field(
                name,
                radios(
                    "Progress",
                    OutcomeProgress.Progress.choices,
                    required_message="Select the progress towards this outcome",
                ),
            )
            self.add_field(f"evidence_{outcome.pk}", long_text("What shows it", rows=2))
            self.groups.append(
                (
                    f"{outcome.get_area_display()}: {outcome.what_will_change}",
                    [name, f"evidence_{outcome.pk}"],
                )
            )
        self.groups.append(("", ["next_review_due"]))

    def clean_meeting(self) -> TeamAroundFamilyMeeting | None:
        return self.meetings.get(self.cleaned_data.get("meeting") or "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # Progress on each outcome answered, for the service (`answers["progress"]`).
        cleaned["progress"] = [
            ProgressRecorded(
                outcome=outcome,
                progress=cleaned[progress_field(outcome)],
                evidence=cleaned.get(f"evidence_{outcome.pk}") or "",
            )
            for outcome in self.outcomes
            if cleaned.get(progress_field(outcome))
        ]
        return cleaned


# --- Closing ----------------------------------------------------------------------------------


class FamilyHelpCloseForm(FamilyHelpForm):
    ended_on = date_field("Date family help ended", errors_name="The date family help ended")
    end_reason = radios(
        "Why did family help end?",
        CLOSE_REASONS,
        required_message="Select why family help ended",
        help_text="To step up to children's social care, use “Step up” instead.",
    )


# --- Starting from the front door, stepping up and stepping down ------------------------------


class StartFromContactForm(_ConsentedStartForm):
    """The family help team takes up the front door's "early help" decision."""


class StepDownForm(_ConsentedStartForm):
    """Social care steps the child down to family help after the referral closed."""


class StepUpForm(FamilyHelpForm):
    reason = long_text(
        "What has changed, and why does the family need children's social care?",
        help_text="The front door reads this as the contact's concerns, with the family's "
        "help as it stands attached.",
        rows=6,
    )
    consent = radios(
        "Does the family know and agree to the step up?",
        codes.ContactConsent.choices,
        required_message="Select whether the family agreed to the step up",
    )
    consent_reason = long_text(
        "What did the family say, or why was consent not sought? (optional)", rows=3
    )
    urgency = radios(
        "How soon must the front door act?",
        codes.ContactUrgency.choices,
        required_message="Select how soon the front door must act",
    )

    def __init__(self, *args: Any, children: Iterable[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_field(
            "children",
            forms.MultipleChoiceField(
                label="Which children need children's social care?",
                help_text="Select all that apply. Each child's family help stays open until "
                "the front door decides.",
                choices=[(str(pk), name) for pk, name in children],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                error_messages={"invalid_choice": "Select children from the list"},
            ),
        )
        self.order_fields(["children", "reason", "consent", "consent_reason", "urgency"])
