"""The words of Ofsted's register of social care providers, as codes: what kind of provider,
its registration, what kind of inspection and the four-point grade.

The labels are Ofsted's own words (its "Children's social care data in England" provider-level
files and inspection reports), so a page and an imported file say the same thing. Enums only,
no models, so the plain rules (`providers.rules`) and the forms read them as well.
"""

from __future__ import annotations

from django.db import models


class ProviderKind(models.TextChoices):
    """Ofsted's "Provision type" of a social care setting."""

    CHILDRENS_HOME = "childrens_home", "Children's home"
    SECURE_CHILDRENS_HOME = "secure_childrens_home", "Secure children's home"
    RESIDENTIAL_SPECIAL_SCHOOL_HOME = (
        "residential_special_school_home",
        "Residential special school (registered as a children's home)",
    )
    INDEPENDENT_FOSTERING_AGENCY = "independent_fostering_agency", "Independent fostering agency"
    SUPPORTED_ACCOMMODATION = "supported_accommodation", "Supported accommodation"
    RESIDENTIAL_SPECIAL_SCHOOL = "residential_special_school", "Residential special school"
    RESIDENTIAL_FAMILY_CENTRE = "residential_family_centre", "Residential family centre"
    BOARDING_SCHOOL = "boarding_school", "Boarding school"
    FURTHER_EDUCATION_COLLEGE = (
        "further_education_college",
        "Further education college with residential accommodation",
    )
    RESIDENTIAL_HOLIDAY_SCHEME = (
        "residential_holiday_scheme",
        "Residential holiday scheme for disabled children",
    )
    VOLUNTARY_ADOPTION_AGENCY = "voluntary_adoption_agency", "Voluntary adoption agency"
    # A council's own fostering and adoption services carry a URN of their own too: the
    # SSDA903 return gives it for a child with the council's foster carers or adopters.
    LOCAL_AUTHORITY_FOSTERING_AGENCY = (
        "local_authority_fostering_agency",
        "Local authority fostering agency",
    )
    LOCAL_AUTHORITY_ADOPTION_AGENCY = (
        "local_authority_adoption_agency",
        "Local authority adoption agency",
    )
    ADOPTION_SUPPORT_AGENCY = "adoption_support_agency", "Adoption support agency"
    SECURE_TRAINING_CENTRE = "secure_training_centre", "Secure training centre"


class RegistrationStatus(models.TextChoices):
    """Ofsted's "Registration status"."""

    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    RESIGNED = "resigned", "Resigned"
    CANCELLED = "cancelled", "Cancelled"
    CLOSED = "closed", "Closed"


class InspectionKind(models.TextChoices):
    """Ofsted's "Inspection event type". Only a full inspection (and now and then a
    monitoring inspection) gives the four-point grade; the others say what they found in
    words, in the report."""

    FULL = "full", "Full inspection"
    INTERIM = "interim", "Interim inspection"
    MONITORING = "monitoring", "Monitoring inspection"
    ASSURANCE = "assurance", "Assurance visit"
    EMERGENCY = "emergency", "Emergency inspection"


class Grade(models.TextChoices):
    """The headline judgement of the Social Care Common Inspection Framework: for a
    children's home "overall experiences and progress of children and young people", for an
    agency its overall effectiveness; Ofsted's four points, best first."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
    INADEQUATE = "inadequate", "Inadequate"


class InspectionSource(models.TextChoices):
    ENTERED = "entered", "Entered"
    IMPORTED = "imported", "Imported from Ofsted's data"


# The kinds of provider a child looked after lives with (placement decisions read their
# grades); the rest of Ofsted's register (boarding schools, adoption agencies) is kept when
# imported, but these come first in the register's filter.
PLACEMENT_KINDS = (
    ProviderKind.CHILDRENS_HOME,
    ProviderKind.SECURE_CHILDRENS_HOME,
    ProviderKind.RESIDENTIAL_SPECIAL_SCHOOL_HOME,
    ProviderKind.INDEPENDENT_FOSTERING_AGENCY,
    ProviderKind.SUPPORTED_ACCOMMODATION,
    ProviderKind.RESIDENTIAL_SPECIAL_SCHOOL,
    ProviderKind.RESIDENTIAL_FAMILY_CENTRE,
)
