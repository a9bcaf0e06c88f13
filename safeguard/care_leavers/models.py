"""A care leaver's record: the needs assessment, the pathway plan and its reviews, the
personal adviser, and each contact saying whether the authority is in touch, where the
young person lives and whether it suits them, and what they are doing (SSDA903 OC3;
Ofsted Annex A, the care leavers list).

Whether a young person is a care leaver is not stored: it is worked out from their periods
of care (`eligibility`), so it cannot drift from the record.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from safeguard.common import codes
from safeguard.common.models import TimeStampedModel
from safeguard.people.models import Person


class NeedsAssessment(TimeStampedModel):
    """The assessment of what an eligible or relevant young person needs to leave care well,
    on which the pathway plan is built (Care Planning Regulations 2010, reg. 42; Care Leavers
    (England) Regulations 2010, reg. 5)."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField()
    summary = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["child", "completed_on"], name="needs_assessment_idx")]

    def __str__(self) -> str:
        return f"Needs assessment on {self.completed_on:%d %b %Y}"


class PathwayPlan(TimeStampedModel):
    """The pathway plan agreed with the young person (Care Leavers Regulations 2010, reg. 6
    and Sch. 1): reviewed at least every six months (`PathwayPlanReview`)."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    agreed_on = models.DateField()
    summary = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["child", "agreed_on"], name="pathway_plan_idx")]

    def __str__(self) -> str:
        return f"Pathway plan agreed on {self.agreed_on:%d %b %Y}"


class PathwayPlanReview(TimeStampedModel):
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(PathwayPlan, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    notes = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "reviewed_on"], name="pathway_review_idx")]

    def __str__(self) -> str:
        return f"Pathway plan review on {self.reviewed_on:%d %b %Y}"


class PersonalAdviser(TimeStampedModel):
    """The personal adviser from the day they were appointed; the latest appointment is the
    current one (Children Act 1989, s. 23B(2), s. 23CZB). Often not a social worker, and
    sometimes from a commissioned service, so a name and how to reach them, not a Worker."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    contact_details = models.CharField(max_length=200, blank=True)
    appointed_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["child", "appointed_on"], name="personal_adviser_idx")]

    def __str__(self) -> str:
        return f"{self.name}, personal adviser from {self.appointed_on:%d %b %Y}"


class CareLeaverContact(TimeStampedModel):
    """A contact with (or attempt to reach) a care leaver: whether the authority is in touch
    and, when it is, their accommodation, whether it is suitable, and their main activity.
    Shaped after SSDA903 OC3 (IN_TOUCH, ACCOM, ACTIV), read around each birthday from 17 to 21.
    """

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    contact_date = models.DateField()
    in_touch = models.CharField(max_length=4, choices=codes.CareLeaverInTouch.choices)
    # Blank when not in touch (the return writes 0).
    accommodation = models.CharField(
        max_length=1, blank=True, choices=codes.CareLeaverAccommodation.choices
    )
    accommodation_suitable = models.BooleanField(null=True, blank=True)
    activity = models.CharField(max_length=2, blank=True, choices=codes.CareLeaverActivity.choices)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(accommodation="") | Q(accommodation_suitable__isnull=False),
                name="care_leaver_contact_accommodation_has_suitability",
            ),
        ]
        indexes = [models.Index(fields=["child", "contact_date"], name="care_leaver_contact_idx")]

    def __str__(self) -> str:
        return f"Contact on {self.contact_date:%d %b %Y}: {self.get_in_touch_display()}"

    @property
    def oc3_accommodation(self) -> str:
        return codes.oc3_accommodation_code(self.accommodation, self.accommodation_suitable)
