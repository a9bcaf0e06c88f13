"""Work returned to sw.demo, so the demo's task list has the journey issue 14 asks for: a
manager returns an assessment with a reason, and the worker finds it on their tasks.

The story, written through the same services a live system uses: eight working days before
the as-of date tm.demo moved a child whose assessment was under way from a colleague in the
team to sw.demo, to balance caseloads; yesterday sw.demo sent the assessment for
authorisation; this morning tm.demo returned it, saying what it needs. It is also sw.demo's
new allocation. The demo's staff accounts get a work email address, so any of them can ask
for the daily email of their tasks (`send_task_digests` prints it in the demo).
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

from safeguard.access.models import RestrictedRecord
from safeguard.cases import services
from safeguard.cases.models import Allocation, Assessment, ManagementDecision
from safeguard.common import codes
from safeguard.demo import names
from safeguard.demo.logins import DEMO_LOGINS
from safeguard.organisation.models import Worker
from safeguard.timescales.working_days import add_working_days

REALLOCATION_REASON = (
    "Caseloads rebalanced: the assessment is under way and needs a worker with room to finish it."
)
# What sw.demo sent: written in every section, but with the gaps tm.demo returns it for (the
# father was not seen; the school's account of attendance is missing).
SECTIONS = {
    "developmental_needs": (
        "Fictional: growing well but often tired and hungry at school, where attendance has "
        "dropped this term. Behind with reading."
    ),
    "parenting_capacity": (
        "Fictional: mother is warm with the children and knows their routines, but has "
        "struggled to keep the home warm and fed since losing her job. Father was not seen; "
        "mother says he visits at weekends."
    ),
    "family_and_environment": (
        "Fictional: a privately rented flat with damp in the children's room; the meter runs "
        "out most weeks. No family nearby; mother has one friend she trusts."
    ),
    "childs_voice": (
        "Fictional: seen alone at home. Said they are hungry in the mornings and would like "
        "breakfast club, and that they miss their dad in the week."
    ),
    "analysis": (
        "Fictional: the home was cold and there was little food on both visits. This is "
        "neglect of basic care driven by poverty rather than by unwillingness: mother accepts "
        "help with money and with the school run. Without support the children's health and "
        "schooling are likely to suffer, so they are children in need."
    ),
    "plan": (
        "Fictional: child in need plan. Referral for help with debt and energy costs; food "
        "bank vouchers now; breakfast club from next week; family support worker weekly; "
        "review in 3 months."
    ),
}
RETURN_REASON = (
    "Please add the father's view (he was not seen) and what the school says about "
    "attendance, then send it back to me."
)
# When tm.demo returned it: the morning of the as-of date.
RETURNED_AT = time(9, 20)
LONDON = ZoneInfo("Europe/London")


def demo_accounts_email() -> None:
    """A work address for each demo staff account (none for the partner's)."""
    for login in DEMO_LOGINS:
        if not login.partner:
            get_user_model().objects.filter(username=login.username).update(
                email=f"{login.username}@{names.EMAIL_DOMAIN}"
            )


def demo_returned_assessment_create(*, as_of: date) -> Assessment | None:
    """Return one assessment to sw.demo as the module says; None when the authority has no
    assessment in sw.demo's team that fits (a very small demo)."""
    worker = Worker.objects.filter(user__username="sw.demo").select_related("team").first()
    manager = Worker.objects.filter(user__username="tm.demo").first()
    if worker is None or worker.team is None or manager is None:
        return None
    moved_on = add_working_days(as_of, -8)
    # An assessment a colleague in the team has started, the child seen, not yet sent; the
    # child's record not restricted (sw.demo must be able to open it).
    held_by_colleague = Allocation.objects.filter(
        child=OuterRef("child_id"),
        end_date__isnull=True,
        team=worker.team,
        worker__isnull=False,
        start_date__lt=moved_on,
    ).exclude(worker=worker)
    assessment = (
        Assessment.objects.filter(
            Exists(held_by_colleague),
            submitted_date__isnull=True,
            authorised_date__isnull=True,
            child_seen_date__isnull=False,
            referral__closure_date__isnull=True,
            start_date__lt=moved_on,
        )
        .exclude(Exists(RestrictedRecord.objects.filter(child=OuterRef("child_id"))))
        .select_related("child")
        .order_by("pk")
        .first()
    )
    if assessment is None:
        return None
    services.allocation_allocate(
        child=assessment.child,
        team=worker.team,
        worker=worker,
        start_date=moved_on,
        reason=REALLOCATION_REASON,
        allocated_by=manager,
    )
    # The assessment moved with the case: sw.demo finishes it and sends it.
    Assessment.objects.filter(pk=assessment.pk).update(worker=worker)
    services.assessment_submit(
        assessment=assessment,
        submitted_date=add_working_days(as_of, -1),
        child_seen_date=assessment.child_seen_date,
        factors=[codes.AssessmentFactor.NEGLECT],
        outcome=codes.AssessmentOutcome.CHILD_IN_NEED_PLAN,
        **SECTIONS,
    )
    returned = services.assessment_return(
        assessment=assessment, returned_by=manager, rationale=RETURN_REASON
    )
    # The service dates the decision now; in the demo's world it was the as-of morning.
    ManagementDecision.objects.filter(
        kind=ManagementDecision.Kind.RETURN,
        subject_type=Assessment._meta.label_lower,
        subject_id=assessment.pk,
    ).update(decided_at=datetime.combine(as_of, RETURNED_AT, tzinfo=LONDON))
    return returned
