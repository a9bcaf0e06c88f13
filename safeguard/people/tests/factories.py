"""Factories for people, their relationships and where they live.

Deterministic and fictional: names are a word and a number, never a real person's; no NHS
number or UPN unless a test asks for one (then use `nhs_number_from_seed` / `upn_from_seed`).
"""

from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

from safeguard.common import codes
from safeguard.people.models import Address, Person, Relationship, Residence


class PersonFactory(DjangoModelFactory):
    """A child, born on 1 June 2015 unless told otherwise."""

    class Meta:
        model = Person

    first_name = "Child"
    last_name = factory.Sequence(lambda n: f"C{n:05d}")
    date_of_birth = date(2015, 6, 1)
    sex = codes.Sex.FEMALE
    is_child = True

    class Params:
        # Census N00098: no date of birth, an expected date of birth, sex unknown (rule 8750).
        unborn = factory.Trait(
            first_name="",
            date_of_birth=None,
            expected_date_of_birth=date(2025, 6, 20),
            sex=codes.Sex.UNKNOWN,
        )
        adult = factory.Trait(first_name="Adult", date_of_birth=date(1990, 2, 14), is_child=False)


class ChildFactory(PersonFactory):
    pass


class UnbornChildFactory(PersonFactory):
    unborn = True


class AdultFactory(PersonFactory):
    adult = True


class AddressFactory(DjangoModelFactory):
    class Meta:
        model = Address

    line_1 = factory.Sequence(lambda n: f"{n + 1} Example Street")
    town = "Testtown"
    # ZZ99 is a pseudo-postcode area: it passes the shape check and is nobody's address.
    postcode = factory.Sequence(lambda n: f"ZZ99 {n % 10}AA")


class ResidenceFactory(DjangoModelFactory):
    class Meta:
        model = Residence

    person = factory.SubFactory(ChildFactory)
    address = factory.SubFactory(AddressFactory)
    kind = codes.AddressKind.HOME
    start_date = date(2015, 6, 1)


class RelationshipFactory(DjangoModelFactory):
    """An adult who is a parent, with parental responsibility, of a child."""

    class Meta:
        model = Relationship

    person = factory.SubFactory(AdultFactory)
    relative = factory.SubFactory(ChildFactory)
    kind = codes.RelationshipKind.PARENT
    has_parental_responsibility = True
