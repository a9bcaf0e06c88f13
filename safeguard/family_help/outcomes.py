"""The headline outcomes a family plan works towards: the Supporting Families Outcome
Framework (DLUHC, Supporting Families programme guidance 2022-25, chapter 3). Local codes,
not a DfE collection's: nothing is returned with them yet.
"""

from __future__ import annotations

from django.db import models


class Outcome(models.TextChoices):
    EDUCATION = "education", "Getting a good education"
    EARLY_YEARS = "early_years", "Good early years development"
    HEALTH = "health", "Improved mental and physical health"
    SUBSTANCE_USE = "substance_use", "Promoting recovery and reducing harm from substance use"
    RELATIONSHIPS = "relationships", "Improved family relationships"
    SAFETY = "safety", "Children safe from abuse and exploitation"
    CRIME = "crime", "Crime prevention and tackling crime"
    DOMESTIC_ABUSE = "domestic_abuse", "Safe from domestic abuse"
    HOUSING = "housing", "Secure housing"
    FINANCIAL = "financial", "Financial stability"
