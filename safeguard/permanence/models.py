"""A looked-after child's adoption journey and their previous permanence, as the SSDA903
return asks them (DfE, "Children looked after return: guide"; the AD1, placed-for-adoption
and previous-permanence tables) and Ofsted's Annex A list 10 shows them.

The adoption journey is one `AdoptionDecision` per decision of the agency decision maker that
the child should be placed for adoption: the match with prospective adopters, then the
adoption order, or the decision that the child should no longer be placed. The day the child
is placed for adoption is not kept here: it is the start of the placement episode with an
adoption placement type (A3-A6, `cases.Placement`), which the return's episodes already hold.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from safeguard.cases.models import LookedAfterPeriod
from safeguard.common.models import TimeStampedModel
from safeguard.people.models import Person


class AdoptersSex(models.TextChoices):
    """SSDA903 SEX_ADOPTR: the adopter's or the couple's sex at the date of the match."""

    M1 = "M1", "Single adopter, male"
    F1 = "F1", "Single adopter, female"
    MM = "MM", "Couple, both male"
    FF = "FF", "Couple, both female"
    MF = "MF", "Couple, male and female"


SINGLE_ADOPTER = frozenset({AdoptersSex.M1, AdoptersSex.F1})


class AdoptersLegalStatus(models.TextChoices):
    """SSDA903 LS_ADOPTR."""

    L0 = "L0", "Single person"
    L11 = "L11", "Married couple, different sex"
    L12 = "L12", "Married couple, same sex"
    L2 = "L2", "Civil partners"
    L3 = "L3", "Unmarried couple, different sex"
    L4 = "L4", "Unmarried couple, same sex"


class ReasonNoLonger(models.TextChoices):
    """SSDA903 REASON_PLACED_CEASED: why the child should no longer be placed for adoption."""

    RD1 = "RD1", "The child's needs changed after the decision"
    RD2 = "RD2", "The court did not make a placement order"
    RD3 = "RD3", "Prospective adopters could not be found"
    RD4 = "RD4", "Any other reason"


class AdoptionDecision(TimeStampedModel):
    """The agency decision maker's decision that the child should be placed for adoption
    (Adoption Agencies Regulations 2005, reg. 19; SSDA903 DATE_PLACED and AD1 DATE_INT), and
    what followed it: the match (DATE_MATCH and the adopters), then the adoption order or the
    decision that the child should no longer be placed (DATE_PLACED_CEASED and the reason)."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(
        LookedAfterPeriod, on_delete=models.PROTECT, related_name="adoption_decisions"
    )
    decision_date = models.DateField()
    match_date = models.DateField(null=True, blank=True)
    adopters_sex = models.CharField(max_length=2, blank=True, choices=AdoptersSex.choices)
    adopters_legal_status = models.CharField(
        max_length=3, blank=True, choices=AdoptersLegalStatus.choices
    )
    # The day the court made the adoption order: the day the child stopped being looked after
    # (reason E11 or E12).
    order_date = models.DateField(null=True, blank=True)
    no_longer_date = models.DateField(null=True, blank=True)
    no_longer_reason = models.CharField(max_length=3, blank=True, choices=ReasonNoLonger.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(order_date__isnull=True) & Q(no_longer_date__isnull=True),
                name="adoption_decision_one_open",
            ),
            models.CheckConstraint(
                condition=(
                    Q(match_date__isnull=True) & Q(adopters_sex="") & Q(adopters_legal_status="")
                )
                | (
                    Q(match_date__isnull=False)
                    & ~Q(adopters_sex="")
                    & ~Q(adopters_legal_status="")
                ),
                name="adoption_match_with_adopters",
            ),
            models.CheckConstraint(
                condition=(Q(no_longer_date__isnull=True) & Q(no_longer_reason=""))
                | (Q(no_longer_date__isnull=False) & ~Q(no_longer_reason="")),
                name="adoption_no_longer_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(order_date__isnull=True) | Q(no_longer_date__isnull=True),
                name="adoption_order_or_no_longer",
            ),
            models.CheckConstraint(
                condition=Q(order_date__isnull=True) | Q(match_date__isnull=False),
                name="adoption_order_after_match",
            ),
        ]  # fmt: skip
        indexes = [models.Index(fields=["child", "decision_date"], name="adoption_decision_idx")]

    def __str__(self) -> str:
        return f"Decision to place for adoption on {self.decision_date:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.order_date is None and self.no_longer_date is None

    @property
    def adopters_count(self) -> int | None:
        """SSDA903 NB_ADOPTR, read from who the adopters are."""
        if not self.adopters_sex:
            return None
        return 1 if self.adopters_sex in SINGLE_ADOPTER else 2


class PreviousPermanenceOption(models.TextChoices):
    """SSDA903 PREV_PERM. P4 is in the validator's list but its meaning was not found in a
    source read here, so it is not offered."""

    P1 = "P1", "Adoption"
    P2 = "P2", "Special guardianship order"
    P3 = "P3", "Child arrangements order (residence order before April 2014)"
    Z1 = "Z1", "Not known"


class PreviousPermanence(TimeStampedModel):
    """What permanence the child had before this period of care (SSDA903 PrevPerm: asked of
    every child who starts to be looked after): adopted, under a special guardianship or
    child arrangements order, or not known; with the authority that arranged it and the date
    of the order."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    period = models.OneToOneField(
        LookedAfterPeriod, on_delete=models.PROTECT, related_name="previous_permanence"
    )
    option = models.CharField(max_length=2, choices=PreviousPermanenceOption.choices)
    # SSDA903 LA_PERM: the DfE three-digit code of the English authority, or WAL, SCO, NIR
    # or NUK; blank when the option is not known.
    authority_code = models.CharField(max_length=3, blank=True)
    order_date = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "previous permanence"
        constraints = [
            models.CheckConstraint(
                condition=(Q(option="Z1") & Q(authority_code="") & Q(order_date__isnull=True))
                | (~Q(option="Z1") & ~Q(authority_code="") & Q(order_date__isnull=False)),
                name="previous_permanence_known_with_order",
            ),
        ]

    def __str__(self) -> str:
        return f"Previous permanence: {self.get_option_display()}"


class PermanencePlanOption(models.TextChoices):
    """The permanence plan, in the Standard Safeguarding Dataset's codes and words
    (`ssd_cla_care_plan.lacp_cla_care_plan_json`, Data to Insight's ssd-data-model), which
    are the categories Ofsted's Annex A list 8 asks for. The SSD has no code of its own for
    special guardianship or a child arrangements order: a plan to stay with relatives or
    friends under one is LTRELFR (docs/permanence.md)."""

    REMAINSUP = (
        "REMAINSUP",
        "Remaining with birth family supported by shared care/short term breaks",
    )
    RETURN1M = "RETURN1M", "Return to birth family within one month"
    RETURN6M = "RETURN6M", "Return to birth family within six months"
    RETURNEV = "RETURNEV", "Eventual return to birth family"
    LTRELFR = "LTRELFR", "Long term placement with relatives/friends"
    LTFOST18 = (
        "LTFOST18",
        "Long term placement with foster carers (intended to last until 18, no return home "
        "envisaged)",
    )
    RESPLMT = "RESPLMT", "Residential placement until independence"
    SUPPLIV = "SUPPLIV", "Supported living in the community (with a view to independence)"
    ADOPTION = "ADOPTION", "Adoption"
    OTHERPLN = "OTHERPLN", "Other plan"


class PermanencePlan(TimeStampedModel):
    """The permanence plan agreed for a looked-after child on a day (Care Planning, Placement
    and Case Review (England) Regulations 2010, reg. 5(b)(i): the care plan sets out the plan
    for permanence, agreed by the second review; it changes as the child's journey does, and
    each change is a new row, so the history stays)."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(
        LookedAfterPeriod, on_delete=models.PROTECT, related_name="permanence_plans"
    )
    agreed_on = models.DateField()
    plan = models.CharField(max_length=9, choices=PermanencePlanOption.choices)

    class Meta:
        indexes = [models.Index(fields=["period", "agreed_on"], name="permanence_plan_idx")]

    def __str__(self) -> str:
        return f"Permanence plan agreed {self.agreed_on:%d %b %Y}: {self.get_plan_display()}"
