"""The demo authority's providers (issue 15): a register of fictional providers with URNs in
Ofsted's shapes and grades over time, the placements in children's homes and with fostering
agencies carrying their URNs, and one provider demo children live with rated inadequate last
month, so sw.demo and tm.demo each have the placement review on their task list."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User

from safeguard.cases.models import Placement
from safeguard.demo.generator.providers import placement_review_month
from safeguard.providers.codes import Grade, InspectionSource, ProviderKind
from safeguard.providers.models import OfstedImport, OfstedInspection, Provider
from safeguard.providers.rules import urn_problems
from safeguard.providers.selectors import current_grades
from safeguard.tasks.selectors import TaskKind, task_list_get
from safeguard.tasks.tests.support import titles

from .conftest import AS_OF

pytestmark = pytest.mark.django_db

URN_NOT_ASKED = {"H5", "P1", "P2", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1"}


def test_the_register_holds_fictional_providers_with_urns_in_ofsteds_shape(northbridge):
    urns = list(Provider.objects.values_list("urn", flat=True))

    assert len(urns) >= 10
    assert all(urn_problems(urn) == [] for urn in urns)
    assert all(urn.startswith(("SC9", "90")) for urn in urns)
    assert OfstedImport.objects.count() == 1
    assert OfstedInspection.objects.filter(source=InspectionSource.IMPORTED).count() > len(urns)


def test_placements_in_childrens_homes_and_with_agencies_carry_a_urn_in_the_register(
    northbridge,
):
    homes = Placement.objects.filter(placement_type__in=["K1", "K2"])
    agencies = Placement.objects.filter(
        placement_type__in=["U4", "U5", "U6"], provider__in=["PR4", "PR5"]
    )

    assert homes.exists() and agencies.exists()
    assert not homes.filter(urn="").exists()
    assert not agencies.filter(urn="").exists()
    register = set(Provider.objects.values_list("urn", flat=True))
    assert set(Placement.objects.exclude(urn="").values_list("urn", flat=True)) <= register


def test_every_placement_the_return_asks_a_urn_of_carries_one(northbridge):
    # The validator's rule 218: all but the placement types it exempts.
    covered = Placement.objects.exclude(placement_type__in=sorted(URN_NOT_ASKED))

    assert covered.exists()
    assert not covered.filter(urn="").exists()
    assert not Placement.objects.filter(placement_type__in=["P1", "R1", "R5"]).exclude(urn="")


def test_the_councils_own_carers_carry_its_fostering_agencys_urn(northbridge):
    fostering = Provider.objects.get(kind=ProviderKind.LOCAL_AUTHORITY_FOSTERING_AGENCY)
    adoption = Provider.objects.get(kind=ProviderKind.LOCAL_AUTHORITY_ADOPTION_AGENCY)
    own_foster_carers = Placement.objects.filter(
        placement_type__in=["U1", "U2", "U3", "U4", "U5", "U6"], provider="PR1"
    )

    assert fostering.urn.startswith(("SC9", "90")) and adoption.urn.startswith(("SC9", "90"))
    assert own_foster_carers.exists()
    assert set(own_foster_carers.values_list("urn", flat=True)) == {fostering.urn}
    own_adopters = Placement.objects.filter(placement_type__in=["A5", "A6"], provider="PR1")
    assert set(own_adopters.values_list("urn", flat=True)) <= {adoption.urn}


def test_no_child_placed_with_parents_is_accommodated_under_section_20(northbridge):
    assert Placement.objects.filter(placement_type="P1").exists()
    assert not Placement.objects.filter(placement_type="P1", legal_status="V2").exists()


def test_a_provider_demo_children_live_with_was_rated_inadequate_last_month(northbridge):
    _, rated_on = placement_review_month(AS_OF)

    (downgrade,) = OfstedInspection.objects.filter(
        source=InspectionSource.ENTERED, grade=Grade.INADEQUATE
    ).select_related("provider")

    assert downgrade.inspection_date == rated_on == date(2025, 10, 15)
    assert current_grades([downgrade.provider.urn]) == {downgrade.provider.urn: Grade.INADEQUATE}
    earlier = OfstedInspection.objects.filter(provider=downgrade.provider).exclude(pk=downgrade.pk)
    # A fall: its grade before was not inadequate.
    assert earlier.exclude(grade="").order_by("-inspection_date")[0].grade != Grade.INADEQUATE
    # Every provider's other current grade comes from Ofsted's file, none inadequate.
    others = Provider.objects.exclude(pk=downgrade.provider_id).values_list("urn", flat=True)
    assert Grade.INADEQUATE not in current_grades(list(others)).values()


@pytest.mark.parametrize("username", ["sw.demo", "tm.demo"])
def test_the_demo_worker_and_their_manager_have_the_placement_review_to_do(northbridge, username):
    user = User.objects.get(username=username)

    (title,) = titles(task_list_get(user=user, today=AS_OF), TaskKind.PLACEMENT_REVIEW)

    assert "rated inadequate on 15 October 2025: review " in title


def test_childrens_homes_rated_inadequate_fall_over_five_years_to_none_in_the_last(northbridge):
    def inadequate_homes(years_ago_from: int, years_ago_to: int) -> int:
        start = date(AS_OF.year - years_ago_from, AS_OF.month, 1)
        end = date(AS_OF.year - years_ago_to, AS_OF.month, 1)
        return OfstedInspection.objects.filter(
            provider__kind=ProviderKind.CHILDRENS_HOME,
            source=InspectionSource.IMPORTED,
            grade=Grade.INADEQUATE,
            inspection_date__gte=start,
            inspection_date__lt=end,
        ).count()

    assert inadequate_homes(5, 3) > inadequate_homes(3, 1) >= inadequate_homes(1, 0) == 0
