"""People: children (born and unborn), adults, how they are related and where they live.

Knows nothing of cases: a person exists before and after any episode of involvement.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q

from safeguard.common import codes
from safeguard.common.models import TimeStampedModel

from .ages import age_on
from .identifiers import normalise_postcode, validate_nhs_number, validate_postcode, validate_upn
from .search_keys import KEY_LENGTH, search_keys_for

_NAME_FIELDS = frozenset({"first_name", "last_name", "known_as"})
_KEY_FIELDS = frozenset({"first_name_key", "last_name_key", "known_as_key"})


def full_name_of(first_name: str, last_name: str) -> str:
    """A person's name as every page writes it, for a list read as values rather than rows."""
    return " ".join(part for part in (first_name, last_name) if part) or "(no name)"


class Person(TimeStampedModel):
    """Anyone the authority holds information about: a child, a parent, a household member."""

    first_name = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=200, blank=True)
    last_name = models.CharField(max_length=100)
    known_as = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    # Census N00098: an unborn child has an expected date of birth and no date of birth.
    expected_date_of_birth = models.DateField(null=True, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=codes.Sex.choices, default=codes.Sex.UNKNOWN)
    ethnicity = models.CharField(
        max_length=4, choices=codes.Ethnicity.choices, default=codes.Ethnicity.NOBT
    )
    nhs_number = models.CharField(
        max_length=10, null=True, blank=True, unique=True, validators=[validate_nhs_number]
    )
    upn = models.CharField(
        "unique pupil number", max_length=13, blank=True, validators=[validate_upn]
    )
    former_upn = models.CharField(max_length=13, blank=True, validators=[validate_upn])
    upn_unknown_reason = models.CharField(
        max_length=3, blank=True, choices=codes.UPNUnknown.choices
    )
    # Census N00097 (rule 1570/1580): at most 20 characters, letters and digits, never reused.
    la_child_id = models.CharField(
        "authority child id", max_length=20, null=True, blank=True, unique=True
    )
    is_child = models.BooleanField(
        default=True, help_text="Held as a child (a subject of children's social care)."
    )
    # Sound-alike codes of the names (people.search_keys): "Find a child" looks up the codes
    # of "Jaden Smyth" in an index and finds the recorded Jayden Smith, on any database.
    # Set by save(); code that writes with bulk_create sets them with search_keys_for().
    first_name_key = models.CharField(max_length=KEY_LENGTH, blank=True, editable=False)
    last_name_key = models.CharField(max_length=KEY_LENGTH, blank=True, editable=False)
    known_as_key = models.CharField(max_length=KEY_LENGTH, blank=True, editable=False)

    class Meta:
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="person_name_idx"),
            models.Index(fields=["date_of_birth"], name="person_dob_idx"),
            models.Index(fields=["upn"], name="person_upn_idx"),
            models.Index(fields=["former_upn"], name="person_former_upn_idx"),
            models.Index(fields=["last_name_key", "first_name_key"], name="person_last_key_idx"),
            models.Index(fields=["first_name_key", "last_name_key"], name="person_first_key_idx"),
            models.Index(fields=["known_as_key", "last_name_key"], name="person_known_as_key_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_death__isnull=True)
                | Q(date_of_birth__isnull=True)
                | Q(date_of_death__gte=models.F("date_of_birth")),
                name="person_death_not_before_birth",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        for field, key in search_keys_for(self.first_name, self.last_name, self.known_as).items():
            setattr(self, field, key)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and _NAME_FIELDS.intersection(update_fields):
            kwargs["update_fields"] = set(update_fields) | _KEY_FIELDS
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return full_name_of(self.first_name, self.last_name)

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None

    def age_on(self, on: date) -> int | None:
        return age_on(self.date_of_birth, on)


class PersonDisability(models.Model):
    """One row per census disability code (N00099 is 1..n)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disabilities")
    code = models.CharField(max_length=4, choices=codes.Disability.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "code"], name="person_disability_unique"),
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class Relationship(models.Model):
    """A directed relationship: `person` is the `kind` of `relative` (e.g. parent of)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=codes.RelationshipKind.choices)
    has_parental_responsibility = models.BooleanField(default=False)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(person=models.F("relative")), name="relationship_not_to_self"
            ),
            models.UniqueConstraint(
                fields=["person", "relative", "kind"], name="relationship_unique"
            ),
        ]
        indexes = [models.Index(fields=["relative"], name="relationship_relative_idx")]

    def __str__(self) -> str:
        return f"{self.person} is {self.get_kind_display()} of {self.relative}"


class Address(models.Model):
    line_1 = models.CharField(max_length=200)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=8)
    uprn = models.CharField("unique property reference number", max_length=12, blank=True)

    class Meta:
        verbose_name_plural = "addresses"
        indexes = [models.Index(fields=["postcode"], name="address_postcode_idx")]

    def __str__(self) -> str:
        return ", ".join(p for p in (self.line_1, self.line_2, self.town, self.postcode) if p)

    def clean(self) -> None:
        self.postcode = normalise_postcode(self.postcode)
        validate_postcode(self.postcode)


class Residence(models.Model):
    """A person living at an address from one date to another; the household is who shares it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="residences")
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="residences")
    kind = models.CharField(
        max_length=20, choices=codes.AddressKind.choices, default=codes.AddressKind.HOME
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="residence_end_not_before_start",
            ),
        ]
        indexes = [models.Index(fields=["address", "end_date"], name="residence_address_idx")]

    def __str__(self) -> str:
        return f"{self.person} at {self.address}"
