"""The demo's looked-after children have real postcode units the 903 validator can place
(issue 15): homes in Manchester, placements there or over the border, a setting at its
provider's postcode in the register, never at the home left unless with parents; everyone
else keeps the fictional NB area."""

from __future__ import annotations

import pytest

from safeguard.cases.models import LookedAfterPeriod, Placement
from safeguard.demo.generator.providers import REAL_POSTCODES, SETTINGS, real_postcode
from safeguard.people.models import Address
from safeguard.providers.models import Provider

pytestmark = pytest.mark.django_db

REAL = {f"{sector}{unit}" for sectors in REAL_POSTCODES.values() for sector, units in sectors
        for unit in units}  # fmt: skip
MANCHESTER = {f"{sector}{unit}" for sector, units in REAL_POSTCODES["Northbridge"]
              for unit in units}  # fmt: skip


def test_a_fictional_postcode_always_stands_for_the_same_real_one_and_a_street_for_a_sector():
    assert real_postcode("NB12 3AB") == real_postcode("NB12 3AB") in MANCHESTER
    assert real_postcode("NB12 3AB")[:-2] == real_postcode("NB12 3XY")[:-2]
    assert real_postcode("M14 5EN") == "M14 5EN"


def test_looked_after_children_live_and_are_placed_at_real_postcodes(northbridge):
    periods = list(LookedAfterPeriod.objects.all())
    # Blank where the record holds no home the child lived in before care (HOME_POST blank).
    assert periods and {p.home_postcode for p in periods} - {""} <= MANCHESTER
    placements = list(Placement.objects.select_related("period"))
    assert {p.postcode for p in placements} <= REAL
    assert all(p.postcode != p.period.home_postcode for p in placements if p.placement_type != "P1")
    # Addresses of children never looked after keep the fictional area.
    assert Address.objects.filter(postcode__startswith="NB").exists()


def test_a_child_in_a_setting_lives_at_its_providers_postcode_in_the_register(northbridge):
    providers = {p.urn: p for p in Provider.objects.all()}
    assert set(p.postcode for p in providers.values()) <= REAL
    in_settings = [
        p for p in Placement.objects.exclude(urn="") if providers[p.urn].kind in SETTINGS
    ]
    assert in_settings
    assert all(p.postcode == providers[p.urn].postcode for p in in_settings)
