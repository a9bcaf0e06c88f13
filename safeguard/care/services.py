"""Every write to a looked-after child's health record: keyword-only, validated against the
named rules in `care.rules` (and the record's own: nothing in the future, nothing before
birth), all or nothing, each row in the audit trail in the same transaction.

Sources: the Care Planning, Placement and Case Review (England) Regulations 2010, reg. 7
(health assessments); Promoting the health and wellbeing of looked-after children, statutory
guidance (2015); SSDA903 OC2 (dental checks, immunisations, the SDQ).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.models import LookedAfterPeriod
from safeguard.cases.workflow import rules as case_rules
from safeguard.cases.workflow.rules import ChildFacts, Violation, check
from safeguard.organisation.models import Worker

from . import rules
from .models import (
    Conviction,
    DentalCheck,
    HealthAssessment,
    ImmunisationStatus,
    IroContact,
    MissingEpisode,
    Motherhood,
    PersonalEducationPlan,
    SdqScore,
    SubstanceMisuse,
    UascStatus,
)

__all__ = [
    "conviction_record",
    "dental_check_record",
    "education_plan_record",
    "health_assessment_record",
    "immunisation_status_record",
    "iro_contact_record",
    "missing_episode_return",
    "missing_episode_start",
    "motherhood_record",
    "return_interview_record",
    "sdq_score_record",
    "substance_misuse_record",
    "uasc_ceased_record",
    "uasc_record",
]


def _locked(period: LookedAfterPeriod) -> LookedAfterPeriod:
    # Serialises writes about one period, so two people cannot both record "the" initial one.
    return LookedAfterPeriod.objects.select_related("child").select_for_update().get(pk=period.pk)


def _dates_ok(
    period: LookedAfterPeriod,
    field: str,
    on: date,
    within: Callable[..., list[Violation]] = rules.health_date_within_care_period,
) -> list[Violation]:
    child = period.child
    facts = ChildFacts(child.date_of_birth, child.expected_date_of_birth, child.date_of_death)
    return (
        case_rules.dates_not_in_future(timezone.localdate(), {field: on})
        + case_rules.dates_not_before_birth(facts, {field: on}, pre_birth_work=False)
        + within(period.start_date, period.end_date, field, on)
    )


def _record_dates_ok(period: LookedAfterPeriod, field: str, on: date) -> list[Violation]:
    return _dates_ok(period, field, on, rules.care_record_date_within_period)


def _save(instance: Model, action: str = Action.CREATE) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise case_rules.RuleViolation(case_rules.invalid_values(error.message_dict)) from error
    instance.save()
    audit_record(
        action=action,
        object_type=instance._meta.label_lower,
        object_id=instance.pk,
        child_id=getattr(instance, "child_id", None),
    )


def health_assessment_record(
    *,
    period: LookedAfterPeriod,
    kind: str,
    assessment_date: date,
    carried_out_by: str,
    outcome: str = "",
) -> HealthAssessment:
    """An initial health assessment (one per period, reg. 7(1); due within 20 working days of
    becoming looked after, the 2015 statutory guidance) or a review health assessment (reg.
    7(4): six-monthly under 5, yearly from 5), within the period of care."""
    with transaction.atomic():
        period = _locked(period)
        initial_on = (
            HealthAssessment.objects.filter(period=period, kind=HealthAssessment.Kind.INITIAL)
            .values_list("assessment_date", flat=True)
            .first()
        )
        check(
            _dates_ok(period, "assessment_date", assessment_date),
            rules.initial_health_assessment_once(initial_on, kind),
        )
        assessment = HealthAssessment(
            child=period.child,
            period=period,
            kind=kind,
            assessment_date=assessment_date,
            carried_out_by=carried_out_by.strip(),
            outcome=outcome.strip(),
        )
        _save(assessment)
        return assessment


def dental_check_record(
    *, period: LookedAfterPeriod, check_date: date, notes: str = ""
) -> DentalCheck:
    """A dental check while looked after (SSDA903 OC2 TEETH_CHECK: one in the last year)."""
    with transaction.atomic():
        period = _locked(period)
        check(_dates_ok(period, "check_date", check_date))
        dental = DentalCheck(
            child=period.child, period=period, check_date=check_date, notes=notes.strip()
        )
        _save(dental)
        return dental


def immunisation_status_record(
    *, period: LookedAfterPeriod, recorded_on: date, up_to_date: bool, notes: str = ""
) -> ImmunisationStatus:
    """Whether the child's immunisations were up to date on the day (SSDA903 OC2
    IMMUNISATIONS), as the health assessment or GP record says."""
    with transaction.atomic():
        period = _locked(period)
        check(_dates_ok(period, "recorded_on", recorded_on))
        status = ImmunisationStatus(
            child=period.child,
            period=period,
            recorded_on=recorded_on,
            up_to_date=up_to_date,
            notes=notes.strip(),
        )
        _save(status)
        return status


def sdq_score_record(*, period: LookedAfterPeriod, completed_on: date, score: int) -> SdqScore:
    """The SDQ's total difficulties score, 0 to 40, for a child of 4 to 16 on the day (SSDA903
    OC2 SDQ_SCORE, asked each year)."""
    with transaction.atomic():
        period = _locked(period)
        check(
            _dates_ok(period, "completed_on", completed_on),
            rules.sdq_score_in_range(score),
            rules.sdq_age_4_to_16(period.child.date_of_birth, completed_on),
        )
        sdq = SdqScore(child=period.child, period=period, completed_on=completed_on, score=score)
        _save(sdq)
        return sdq


def _missing_checks(period: LookedAfterPeriod, episode: MissingEpisode) -> list[Violation]:
    """Every rule a missing episode keeps, asked of the whole episode as it would be saved."""
    child = period.child
    facts = ChildFacts(child.date_of_birth, child.expected_date_of_birth, child.date_of_death)
    dates = {"start_date": episode.start_date, "end_date": episode.end_date}
    others = (
        MissingEpisode.objects.filter(child=child)
        .exclude(pk=episode.pk)
        .values_list("start_date", "end_date")
    )
    return (
        case_rules.dates_not_in_future(
            timezone.localdate(), {**dates, "rhi_date": episode.rhi_date}
        )
        + case_rules.dates_not_before_birth(facts, dates, pre_birth_work=False)
        + rules.missing_end_not_before_start(episode.start_date, episode.end_date)
        + rules.missing_within_care_period(
            period.start_date, period.end_date, episode.start_date, episode.end_date
        )
        + rules.missing_episodes_do_not_overlap(others, episode.start_date, episode.end_date)
        + rules.return_interview_after_return(
            episode.end_date, episode.rhi_offered, episode.rhi_date
        )
        + rules.return_interview_answers_fit(
            episode.rhi_offered, episode.rhi_accepted, episode.rhi_date
        )
    )


def missing_episode_start(
    *,
    period: LookedAfterPeriod,
    kind: str,
    start_date: date,
    end_date: date | None = None,
    found_at: str = "",
    rhi_offered: bool | None = None,
    rhi_accepted: bool | None = None,
    rhi_date: date | None = None,
) -> MissingEpisode:
    """A looked-after child went missing, or was away from placement without authorisation
    (SSDA903 Missing, M or A): open until they return, or recorded whole with the return and
    the return home interview when it is entered afterwards. Statutory guidance on children
    who run away or go missing from home or care (DfE, 2014)."""
    with transaction.atomic():
        period = _locked(period)
        episode = MissingEpisode(
            child=period.child,
            period=period,
            kind=kind,
            start_date=start_date,
            end_date=end_date,
            found_at=found_at.strip(),
            rhi_offered=rhi_offered,
            rhi_accepted=rhi_accepted,
            rhi_date=rhi_date,
        )
        check(_missing_checks(period, episode))
        _save(episode)
        return episode


def _locked_episode(episode: MissingEpisode) -> tuple[LookedAfterPeriod, MissingEpisode]:
    period = _locked(episode.period)
    return period, MissingEpisode.objects.select_for_update().get(pk=episode.pk)


def missing_episode_return(
    *,
    episode: MissingEpisode,
    end_date: date,
    found_at: str = "",
    rhi_offered: bool | None = None,
    rhi_accepted: bool | None = None,
    rhi_date: date | None = None,
) -> MissingEpisode:
    """The child returned, or was found: the episode ends (MIS_END), with where they were
    found and, if it is known yet, the return home interview: offered when the child is found
    and held within 72 hours (DfE, 2014; the `missing_return_interview` clock)."""
    with transaction.atomic():
        period, episode = _locked_episode(episode)
        check(rules.missing_return_recorded_once(episode.end_date))
        episode.end_date = end_date
        episode.found_at = found_at.strip()
        episode.rhi_offered = rhi_offered
        episode.rhi_accepted = rhi_accepted
        episode.rhi_date = rhi_date
        check(_missing_checks(period, episode))
        _save(episode, Action.UPDATE)
        return episode


def return_interview_record(
    *,
    episode: MissingEpisode,
    rhi_offered: bool,
    rhi_accepted: bool | None = None,
    rhi_date: date | None = None,
) -> MissingEpisode:
    """Whether the return home interview was offered and accepted, and the day it was held,
    for an episode that has ended (Annex A list 8; DfE, 2014)."""
    with transaction.atomic():
        period, episode = _locked_episode(episode)
        episode.rhi_offered = rhi_offered
        episode.rhi_accepted = rhi_accepted
        episode.rhi_date = rhi_date
        check(_missing_checks(period, episode))
        _save(episode, Action.UPDATE)
        return episode


# --- education, UASC, motherhood, offending and substance misuse ------------------------------


def education_plan_record(
    *,
    period: LookedAfterPeriod,
    kind: str,
    meeting_date: date,
    school: str,
    virtual_school_involved: bool,
    notes: str = "",
) -> PersonalEducationPlan:
    """The initial personal education plan (one per period, in place within 20 school days
    of becoming looked after and ready for the first review) or a review of it (each term);
    "Promoting the education of looked-after children and previously looked-after children",
    DfE statutory guidance, 2018. For a child of 3 or over."""
    with transaction.atomic():
        period = _locked(period)
        initial_on = (
            PersonalEducationPlan.objects.filter(
                period=period, kind=PersonalEducationPlan.Kind.INITIAL
            )
            .values_list("meeting_date", flat=True)
            .first()
        )
        check(
            _record_dates_ok(period, "meeting_date", meeting_date),
            rules.pep_initial_once(initial_on, kind),
            rules.pep_review_after_initial(initial_on, kind, meeting_date),
            rules.pep_from_age_3(period.child.date_of_birth, meeting_date),
        )
        plan = PersonalEducationPlan(
            child=period.child,
            period=period,
            kind=kind,
            meeting_date=meeting_date,
            school=school.strip(),
            virtual_school_involved=virtual_school_involved,
            notes=notes.strip(),
        )
        _save(plan)
        return plan


def _uasc_checks(period: LookedAfterPeriod, ceased_on: date | None) -> list[Violation]:
    found = case_rules.dates_not_in_future(timezone.localdate(), {"ceased_on": ceased_on})
    return found + rules.uasc_ceased_fits(period.start_date, period.child.date_of_birth, ceased_on)


def uasc_record(*, period: LookedAfterPeriod, ceased_on: date | None = None) -> UascStatus:
    """The child is looked after as an unaccompanied asylum-seeking child (SSDA903 UASC),
    with the day that status ceased if it has (DUC: on or before the 18th birthday)."""
    with transaction.atomic():
        period = _locked(period)
        check(
            rules.uasc_recorded_once(UascStatus.objects.filter(period=period).exists()),
            _uasc_checks(period, ceased_on),
        )
        status = UascStatus(child=period.child, period=period, ceased_on=ceased_on)
        _save(status)
        return status


def uasc_ceased_record(*, status: UascStatus, ceased_on: date) -> UascStatus:
    """The day the child's UASC status ceased (SSDA903 DUC), once."""
    with transaction.atomic():
        period = _locked(status.period)
        status = UascStatus.objects.select_for_update().get(pk=status.pk)
        check(_uasc_checks(period, ceased_on))
        status.ceased_on = ceased_on
        _save(status, Action.UPDATE)
        return status


def motherhood_record(*, period: LookedAfterPeriod, first_child_born_on: date) -> Motherhood:
    """A looked-after girl is a mother: her first child's date of birth (SSDA903 header
    MOTHER and MC_DOB), recorded once."""
    with transaction.atomic():
        period = _locked(period)
        child = period.child
        recorded = (
            Motherhood.objects.filter(child=child)
            .values_list("first_child_born_on", flat=True)
            .first()
        )
        check(
            case_rules.dates_not_in_future(
                timezone.localdate(), {"first_child_born_on": first_child_born_on}
            ),
            rules.mother_recorded_once(recorded),
            rules.mother_is_female(child.sex),
            rules.mother_old_enough(child.date_of_birth, first_child_born_on),
        )
        motherhood = Motherhood(child=child, period=period, first_child_born_on=first_child_born_on)
        _save(motherhood)
        return motherhood


def conviction_record(
    *, period: LookedAfterPeriod, convicted_on: date, notes: str = ""
) -> Conviction:
    """A looked-after child of 10 or over was convicted of an offence (SSDA903 OC2
    CONVICTED)."""
    with transaction.atomic():
        period = _locked(period)
        check(
            _record_dates_ok(period, "convicted_on", convicted_on),
            rules.conviction_age_10_or_over(period.child.date_of_birth, convicted_on),
        )
        conviction = Conviction(
            child=period.child, period=period, convicted_on=convicted_on, notes=notes.strip()
        )
        _save(conviction)
        return conviction


def substance_misuse_record(
    *, period: LookedAfterPeriod, identified_on: date, intervention: str, notes: str = ""
) -> SubstanceMisuse:
    """A looked-after child was identified as having a substance misuse problem, and whether
    they received an intervention or refused one offered (SSDA903 OC2 SUBSTANCE_MISUSE,
    INTERVENTION_RECEIVED, INTERVENTION_OFFERED)."""
    with transaction.atomic():
        period = _locked(period)
        check(_record_dates_ok(period, "identified_on", identified_on))
        misuse = SubstanceMisuse(
            child=period.child,
            period=period,
            identified_on=identified_on,
            intervention=intervention,
            notes=notes.strip(),
        )
        _save(misuse)
        return misuse


def iro_in_post(iro: Worker, on: date) -> bool:
    """An independent reviewing officer on the day: a conference chair (IRO) not yet left."""
    return iro.role == Worker.Role.CONFERENCE_CHAIR and (iro.left_on is None or on <= iro.left_on)


def iro_contact_checks(
    period: LookedAfterPeriod,
    contact_date: date | None,
    iro: Worker | None,
    method: str,
    seen_alone: bool | None,
) -> list[Violation]:
    """What an IRO's contact asks of the record, for the service and the page alike."""
    found = case_rules.dates_not_in_future(timezone.localdate(), {"contact_date": contact_date})
    found += rules.iro_contact_within_care_period(
        period.start_date, period.end_date, "contact_date", contact_date
    )
    if iro is not None and contact_date is not None:
        found += rules.iro_contact_by_iro(iro_in_post(iro, contact_date))
    return found + rules.iro_contact_seen_alone_fits(method, seen_alone)


def iro_contact_record(
    *,
    period: LookedAfterPeriod,
    contact_date: date,
    iro: Worker,
    method: str,
    seen_alone: bool | None = None,
) -> IroContact:
    """The independent reviewing officer's visit or contact with the child between reviews
    (Care Planning Regulations 2010, reg. 36: the IRO speaks to the child in private before
    each review; IRO Handbook 2010, ch. 3), with whether the child was seen alone when the
    IRO visited in person. Ofsted's Annex A list 8 reports the date of the last one."""
    with transaction.atomic():
        period = _locked(period)
        child = period.child
        facts = ChildFacts(child.date_of_birth, child.expected_date_of_birth, child.date_of_death)
        check(
            iro_contact_checks(period, contact_date, iro, method, seen_alone),
            case_rules.dates_not_before_birth(
                facts, {"contact_date": contact_date}, pre_birth_work=False
            ),
        )
        contact = IroContact(
            child=child,
            period=period,
            contact_date=contact_date,
            iro=iro,
            method=method,
            seen_alone=seen_alone,
        )
        _save(contact)
        return contact
