"""The providers register: the children's homes, fostering agencies and other settings
children are placed with, by their Ofsted URN, and their Ofsted inspections over time.

A provider's current grade is not stored: it is its latest graded inspection
(`rules.CURRENT_FIRST`), read when asked, so an inspection recorded or imported changes it at
once and nothing can disagree with the inspections themselves. The children placed with a
provider are the open placements (`cases.Placement.urn`) that name its URN.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q

from safeguard.common.models import TimeStampedModel

from .codes import Grade, InspectionKind, InspectionSource, ProviderKind, RegistrationStatus
from .rules import URN_FORMAT, URN_PATTERN

validate_urn = RegexValidator(rf"\A{URN_PATTERN.pattern}\Z", URN_FORMAT, code="urn")


class Provider(TimeStampedModel):
    urn = models.CharField("URN", max_length=8, unique=True, validators=[validate_urn])
    kind = models.CharField(max_length=40, choices=ProviderKind.choices)
    # Ofsted publishes no name or address for a children's home (its files say REDACTED):
    # the authority adds the ones it knows.
    name = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    # Where the provider is (Ofsted's "Local authority"), not who places children there.
    local_authority = models.CharField(max_length=100, blank=True)
    registration_status = models.CharField(
        max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.ACTIVE
    )
    # Ofsted's "Sector" (Private, Local Authority, Voluntary...) and the organisation that
    # owns the provider.
    sector = models.CharField(max_length=40, blank=True)
    owner = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "name"], name="provider_kind_name_idx")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return display_name_of(self.name, self.kind, self.urn)


def display_name_of(name: str, kind: str, urn: str) -> str:
    """A provider's name, or where Ofsted withholds it and none was added, its kind and URN:
    for a list read as values rather than rows."""
    if name:
        return name
    label = ProviderKind(kind).label if kind in ProviderKind.values else "Provider"
    return f"{label} {urn}"


class OfstedImport(models.Model):
    """One file of Ofsted's data read into the register: what it was, who imported it, and
    what it changed. A file that would change nothing leaves no import behind."""

    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField()
    rows = models.PositiveIntegerField()
    providers_added = models.PositiveIntegerField(default=0)
    providers_changed = models.PositiveIntegerField(default=0)
    inspections_added = models.PositiveIntegerField(default=0)
    inspections_changed = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Ofsted import {self.pk} ({self.file_name})"


class OfstedInspection(models.Model):
    """One Ofsted inspection or visit of a provider, entered or imported. An inspection is
    known by its provider, date and kind: importing it again finds it."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="inspections")
    kind = models.CharField(max_length=12, choices=InspectionKind.choices)
    inspection_date = models.DateField()
    # Blank for an inspection that gives no four-point grade (most visits).
    grade = models.CharField(max_length=24, blank=True, choices=Grade.choices)
    publication_date = models.DateField(null=True, blank=True)
    # Ofsted's inspection event number, where known.
    event_number = models.CharField(max_length=12, blank=True)
    source = models.CharField(max_length=10, choices=InspectionSource.choices)
    ofsted_import = models.ForeignKey(
        OfstedImport,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "inspection_date", "kind"], name="ofsted_inspection_once"
            ),
            models.CheckConstraint(
                condition=Q(publication_date__isnull=True)
                | Q(publication_date__gte=F("inspection_date")),
                name="ofsted_inspection_published_after",
            ),
            models.CheckConstraint(
                condition=Q(source=InspectionSource.ENTERED) | Q(ofsted_import__isnull=False),
                name="ofsted_inspection_import_named",
            ),
        ]
        indexes = [
            models.Index(fields=["provider", "inspection_date"], name="ofsted_inspection_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.inspection_date:%d %b %Y}"
