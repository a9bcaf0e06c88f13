"""A child placed for adoption under a placement order is looked after under that order (the
SSDA903 validator's rule 408, found on the scale-1 demo: a care order recorded after the
child had moved to the adopters)."""

from __future__ import annotations

import pytest

from safeguard.cases.workflow import rules

from .support import only


@pytest.mark.parametrize("placement_type", ["A5", "A6"])
@pytest.mark.parametrize("legal_status", ["C2", "C1", "V2", "D1"])
def test_a_placement_for_adoption_is_under_the_placement_order(
    placement_type: str, legal_status: str
) -> None:
    violation = only(rules.placement_fits_legal_status(placement_type, legal_status))
    assert (violation.rule, violation.fields) == ("placement_fits_legal_status", ("legal_status",))
    assert "placement order (E1)" in violation.message
    assert rules.placement_fits_legal_status(placement_type, "E1") == []


def test_other_adoptive_placements_keep_their_legal_status() -> None:
    # A3 and A4 are placements for adoption with parental consent, without a placement order.
    assert rules.placement_fits_legal_status("A3", "C2") == []
    assert rules.placement_fits_legal_status("A4", "V2") == []
