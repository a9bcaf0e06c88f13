"""The register's pages: searching and filtering the register, a provider's page naming only
the children the reader may see (and auditing them), recording an inspection and adding a
provider through "Check your answers", importing Ofsted's file, and a fixed number of queries
however many providers or children there are."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from safeguard.audit.models import Action, AuditEntry, AuditHead
from safeguard.audit.services import own_chain_forget
from safeguard.cases.tests.factories import PlacementFactory
from safeguard.people.tests.factories import ChildFactory
from safeguard.providers import forms, services
from safeguard.providers.codes import Grade, InspectionKind, ProviderKind
from safeguard.providers.models import OfstedInspection, Provider
from safeguard.providers.tests.ofsted_sample import ofsted_csv, ofsted_row
from safeguard.tasks.selectors import TaskKind, task_list_get
from safeguard.tasks.tests.support import titles

pytestmark = pytest.mark.django_db

URN = "SC900001"


def provider(urn: str = URN, name: str = "Larkfield House", **kwargs: Any) -> Provider:
    return services.provider_create(
        urn=urn,
        kind=kwargs.pop("kind", ProviderKind.CHILDRENS_HOME),
        name=name,
        registration_status="active",
        created_by=None,
        **kwargs,
    )


def inspected(home: Provider, grade: str, on: date) -> None:
    services.inspection_record(
        provider=home,
        kind=InspectionKind.FULL,
        inspection_date=on,
        grade=grade,
        publication_date=None,
        recorded_by=None,
        today=timezone.localdate(),
    )


def placed(child: Any, urn: str = URN) -> Any:
    return PlacementFactory(period__child=child, urn=urn, placement_type="K2")


def html_of(response: Any) -> str:
    return response.content.decode()


# --- The register ---------------------------------------------------------------------------


@pytest.fixture
def register(personas: Any) -> dict[str, Provider]:
    home = provider()
    inspected(home, Grade.INADEQUATE, date(2025, 1, 6))
    agency = provider(
        "2610709", "Fictional Fostering North", kind=ProviderKind.INDEPENDENT_FOSTERING_AGENCY
    )
    inspected(agency, Grade.GOOD, date(2024, 6, 3))
    unnamed = provider("1250035", "")
    placed(personas.own_child)
    placed(personas.other_child)
    return {"home": home, "agency": agency, "unnamed": unnamed}


def test_the_register_lists_each_provider_with_its_grade_and_children_placed_now(
    personas, sign_in, register
):
    response = sign_in(personas.social_worker).get(reverse("providers:register"))

    html = html_of(response)
    assert response.status_code == 200
    assert "3 providers" in html
    assert html.index("Fictional Fostering North") < html.index("Larkfield House")
    # A provider Ofsted names only by URN comes after the named ones.
    assert html.index("Larkfield House") < html.index("Children&#x27;s home 1250035")
    assert "Inadequate" in html and "Not graded" in html
    row = html[html.index("Larkfield House") :]
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in row
    # Only analysts and managers are offered the import.
    assert "Import Ofsted" not in html


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"search": "larkfield"}, ["Larkfield House"]),
        ({"search": "sc900"}, ["Larkfield House"]),
        ({"search": "2610709"}, ["Fictional Fostering North"]),
        ({"grade": "inadequate"}, ["Larkfield House"]),
        ({"grade": "none"}, ["Children's home 1250035"]),
        ({"kind": "independent_fostering_agency"}, ["Fictional Fostering North"]),
        ({"grade": "good", "kind": "childrens_home"}, []),
    ],
)
def test_the_register_is_searched_by_name_or_urn_and_filtered_by_grade_and_kind(
    personas, sign_in, register, query, found
):
    response = sign_in(personas.analyst).get(reverse("providers:register"), query)

    names = [p.display_name for p in response.context["providers"]]
    assert names == found
    if not found:
        assert "No provider matches your search" in html_of(response)


def test_a_filter_value_the_form_does_not_offer_shows_the_whole_register(
    personas, sign_in, register
):
    response = sign_in(personas.analyst).get(reverse("providers:register"), {"grade": "superb"})

    assert response.status_code == 200
    assert response.context["total"] == 3
    assert "govuk-error-message" not in html_of(response)


def test_the_register_is_paged_and_the_pages_keep_the_search(personas, sign_in):
    for n in range(52):
        provider(f"SC9{n:05d}", f"Fictional House {n:02d}")

    client = sign_in(personas.analyst)
    first = client.get(reverse("providers:register"), {"search": "Fictional"})
    second = client.get(reverse("providers:register"), {"search": "Fictional", "page": "2"})

    assert len(first.context["providers"]) == 50
    assert first.context["next_url"] == "?search=Fictional&page=2"
    assert [p.name for p in second.context["providers"]] == [
        "Fictional House 50",
        "Fictional House 51",
    ]


# --- A provider's page ----------------------------------------------------------------------


def test_a_provider_page_names_only_the_children_the_reader_may_see_and_audits_them(
    personas, sign_in, register
):
    placed(personas.restricted_child)

    response = sign_in(personas.social_worker).get(reverse("providers:provider", args=[URN]))

    html = html_of(response)
    assert response.status_code == 200
    assert "Children placed here now (3)" in html
    assert "Own Child" in html
    assert "Other Child" not in html and "Restricted Child" not in html
    assert "And 2 more children whose records you do not work with" in html
    assert reverse("cases:child_record", args=[personas.own_child.pk]) in html
    assert "Placement review due" in html
    assert "Rated inadequate by Ofsted on 6 January 2025" in html
    entry = AuditEntry.objects.filter(object_type="providers.provider", action=Action.SEARCH).get()
    assert (entry.action, entry.object_id) == (Action.SEARCH, URN)
    assert entry.details["child_ids"] == [personas.own_child.pk]


def test_a_reader_who_may_see_no_child_there_gets_a_count_and_no_audit_entry(
    personas, sign_in, register
):
    response = sign_in(personas.analyst).get(reverse("providers:provider", args=[URN]))

    html = html_of(response)
    assert "Children placed here now (2)" in html
    assert "2 children whose records you do not work with" in html
    assert "Own Child" not in html
    assert not AuditEntry.objects.filter(
        object_type="providers.provider", action=Action.SEARCH
    ).exists()


def test_the_provider_page_shows_its_grades_over_time_newest_first(personas, sign_in, register):
    inspected(register["home"], Grade.GOOD, date(2023, 5, 2))

    response = sign_in(personas.analyst).get(reverse("providers:provider", args=[URN]))

    inspections = response.context["page"].inspections
    assert [(i.inspection_date, i.grade, i.is_current) for i in inspections] == [
        (date(2025, 1, 6), Grade.INADEQUATE, True),
        (date(2023, 5, 2), Grade.GOOD, False),
    ]


def test_a_urn_not_in_the_register_is_not_found(personas, sign_in):
    response = sign_in(personas.analyst).get(reverse("providers:provider", args=["SC999999"]))

    assert response.status_code == 404


# --- Recording an inspection ----------------------------------------------------------------


def _inspection_answers(on: date, grade: str, **more: str) -> dict[str, str]:
    return {
        "kind": InspectionKind.FULL,
        "inspection_date_0": str(on.day),
        "inspection_date_1": str(on.month),
        "inspection_date_2": str(on.year),
        "grade": grade,
        **more,
    }


def test_an_inadequate_inspection_is_checked_then_recorded_and_the_team_is_told(personas, sign_in):
    home = provider()
    inspected(home, Grade.GOOD, date(2024, 6, 3))
    placed(personas.own_child)
    url = reverse("providers:inspection_record", args=[URN])
    client = sign_in(personas.team_manager)
    on = timezone.localdate()

    check = client.post(url, _inspection_answers(on, Grade.INADEQUATE))

    assert check.status_code == 200
    assert "Check your answers" in html_of(check)
    assert not OfstedInspection.objects.filter(grade=Grade.INADEQUATE).exists()
    token = check.context["token"]

    done = client.post(url, {"submission_token": token, "confirm": "yes"}, follow=True)

    assert done.redirect_chain[-1][0] == reverse("providers:provider", args=[URN])
    message = "Larkfield House is now rated inadequate: 1 child is placed there."
    assert message in html_of(done)
    tasks = task_list_get(user=personas.team_manager, today=on)
    assert titles(tasks, TaskKind.PLACEMENT_REVIEW) == [
        f"Larkfield House rated inadequate on {on.day} {on:%B %Y}: review Own Child's placement"
    ]


def test_an_inspection_form_with_a_future_date_and_no_grade_chosen_says_so(personas, sign_in):
    provider()
    url = reverse("providers:inspection_record", args=[URN])
    tomorrow = date.fromordinal(timezone.localdate().toordinal() + 1)

    response = sign_in(personas.analyst).post(url, _inspection_answers(tomorrow, ""))

    html = html_of(response)
    assert response.status_code == 400
    assert "The inspection date must be today or in the past" in html
    assert forms.CHOOSE_GRADE in html
    assert not OfstedInspection.objects.exists()


def test_an_inspection_already_recorded_is_refused_on_the_form(personas, sign_in):
    home = provider()
    inspected(home, Grade.GOOD, date(2025, 1, 6))

    response = sign_in(personas.analyst).post(
        reverse("providers:inspection_record", args=[URN]),
        _inspection_answers(date(2025, 1, 6), forms.NO_GRADE),
    )

    assert response.status_code == 400
    assert "full inspection on 6 January 2025 is already recorded (Good)" in html_of(response)


# --- Adding and changing a provider ---------------------------------------------------------


def test_a_provider_is_added_after_checking_the_answers(personas, sign_in):
    url = reverse("providers:provider_add")
    client = sign_in(personas.analyst)
    answers = {
        "urn": "sc 900002",
        "name": "Brookside Lodge",
        "kind": ProviderKind.CHILDRENS_HOME,
        "registration_status": "active",
        "postcode": "NB4 2XY",
        "local_authority": "Northbridge",
    }

    refused = client.post(url, {**answers, "urn": "SC9002"})
    check = client.post(url, answers)
    done = client.post(url, {"submission_token": check.context["token"], "confirm": "yes"})

    assert refused.status_code == 400
    assert "SC9002 is not an Ofsted URN" in html_of(refused)
    assert done.status_code == 302
    assert done["Location"] == reverse("providers:provider", args=["SC900002"])
    assert Provider.objects.get().name == "Brookside Lodge"


def test_a_providers_details_are_changed_but_not_its_urn(personas, sign_in):
    home = provider()
    url = reverse("providers:provider_change", args=[URN])
    client = sign_in(personas.analyst)

    form = client.get(url)
    check = client.post(
        url,
        {
            "urn": "SC900009",
            "name": "Larkfield House",
            "kind": ProviderKind.CHILDRENS_HOME,
            "registration_status": "suspended",
            "postcode": "",
            "local_authority": "",
        },
    )
    client.post(url, {"submission_token": check.context["token"], "confirm": "yes"})

    assert 'name="urn"' not in html_of(form)
    home.refresh_from_db()
    assert (home.urn, home.registration_status) == (URN, "suspended")


# --- Importing Ofsted's file ----------------------------------------------------------------


def _upload(data: bytes, name: str = "ofsted.csv") -> dict[str, Any]:
    return {"file": SimpleUploadedFile(name, data, content_type="text/csv")}


def test_ofsteds_file_is_uploaded_and_the_report_says_what_changed(personas, sign_in):
    client = sign_in(personas.analyst)
    url = reverse("providers:ofsted_import")
    data = ofsted_csv(ofsted_row(grade="Inadequate", inspected="01/10/2025", published=""))

    first = client.post(url, _upload(data))
    again = client.post(url, _upload(data))

    assert first.status_code == 200
    assert "File imported" in html_of(first)
    assert "1 providers added" in html_of(first)
    assert "Now rated inadequate" in html_of(first)
    assert "Nothing to import" in html_of(again)
    assert Provider.objects.count() == 1


def test_a_file_with_problems_is_reported_row_by_row_and_nothing_imported(personas, sign_in):
    data = ofsted_csv(ofsted_row(), ofsted_row(urn="SC12", kind="Castle"))

    response = sign_in(personas.analyst).post(reverse("providers:ofsted_import"), _upload(data))

    html = html_of(response)
    assert response.status_code == 400
    assert "Nothing was imported" in html
    assert "2 problems in 2 rows" in html
    assert "&quot;SC12&quot; is not an Ofsted URN." in html
    assert "&quot;Castle&quot; is not a provision type." in html
    assert not Provider.objects.exists()


@pytest.mark.parametrize(
    ("upload", "error"),
    [({}, forms.FILE_MISSING), (_upload(b"URN\n", "ofsted.xlsx"), forms.FILE_NOT_CSV)],
)
def test_the_upload_asks_for_a_csv_file(personas, sign_in, upload, error):
    response = sign_in(personas.analyst).post(reverse("providers:ofsted_import"), upload)

    assert response.status_code == 400
    assert escape(error) in html_of(response)


# --- A fixed number of queries --------------------------------------------------------------


def _fill(personas: Any, size: int) -> None:
    for n in range(size):
        home = provider(f"SC9{n:05d}", f"Fictional House {n}")
        inspected(home, Grade.INADEQUATE, date(2025, 1, 6))
        for _ in range(2):
            child = ChildFactory()
            placed(child, home.urn)
        own = ChildFactory()
        services_allocate(personas, own)
        placed(own, "SC900000")


def services_allocate(personas: Any, child: Any) -> None:
    from safeguard.cases import services as cases

    cases.allocation_allocate(
        child=child,
        team=personas.team,
        worker=personas.social_worker.worker,
        start_date=date(2024, 6, 3),
        reason="",
        allocated_by=None,
    )


# The session and the account; the providers with their grades and children placed, counted;
# the latest import; the session's idle time saved (savepoint, update, release).
REGISTER_QUERIES = 8
# The session and the account; the provider with its current grade; its inspections; the
# children placed there; those the reader may see (need to know, one query); who holds their
# cases; which are due for review; the audit entry (savepoint, lock the chain's head, insert,
# move the head, release). The session's idle time was saved by the request before.
PROVIDER_QUERIES = 13


@pytest.mark.parametrize("size", [1, 5])
def test_the_register_and_a_provider_page_take_the_same_queries_whatever_their_size(
    personas, sign_in, django_assert_num_queries, size
):
    _fill(personas, size)
    AuditHead.objects.get_or_create(id=1)
    own_chain_forget()
    client = sign_in(personas.social_worker)

    with django_assert_num_queries(REGISTER_QUERIES):
        register = client.get(reverse("providers:register"))
    with django_assert_num_queries(PROVIDER_QUERIES):
        page = client.get(reverse("providers:provider", args=["SC900000"]))

    assert register.context["total"] == size
    assert len(page.context["page"].placed) == size
