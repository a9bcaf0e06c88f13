"""The pages that move a child between the front door, children's social care and family help
(issue 16, slice 3 over slice 4's services): starting family help from the front door's
"early help" decision, stepping up to social care from the family's page, and stepping down
to family help from the child's record. Each valid, refused beside its field with nothing
written, not allowed; and the history carried each way."""

from __future__ import annotations

import html as markup
import re
from datetime import date, datetime
from typing import Any

import pytest
from django.urls import reverse

from safeguard.cases.models import Contact
from safeguard.cases.tests.factories import (
    ChildInNeedPlanFactory,
    ContactFactory,
    ReferralFactory,
)
from safeguard.common import codes
from safeguard.family_help.models import EarlyHelpEpisode, FamilyHelpEpisode, StepUp
from safeguard.family_help.panels import family_help_start_from_contact_panel
from safeguard.family_help.tests.access_support import family_help_work
from safeguard.family_help.tests.views.recording_support import (
    LONDON,
    banner,
    day,
    family_of,
    frozen_today,  # noqa: F401 (autouse)
    record,
    refused,
)
from safeguard.front_door import services as front_door

pytestmark = pytest.mark.django_db


def _page(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return str(response.content.decode()).replace("&#x27;", "'")


def _start(personas: Any, **changes: Any) -> dict[str, Any]:
    return {
        **day("started_on", date(2025, 4, 14)),
        **day("consent_given_on", date(2025, 4, 11)),
        "consent_given_by": "Jo Example (mother)",
        "reason": "parenting",
        "team": str(personas.family_help_team.pk),
        "lead": f"partner-{personas.partner_lead.partner_membership.pk}",
        **changes,
    }


def _beside(page: str, field: str) -> str:
    """The error shown beside a field (its GOV.UK error message), read as text."""
    found = re.search(rf'<p id="id_{field}-error" class="govuk-error-message">(.*?)</p>', page)
    assert found is not None, f"no error beside {field}"
    return markup.unescape(re.sub(r"<[^>]+>", "", found.group(1))).replace("Error: ", "").strip()


# --- Starting from the front door's "early help" decision ---------------------------------------


def _decided_early_help(personas: Any) -> Contact:
    """A contact about the own child, decided "early help" on Thursday 10 April 2025."""
    contact = ContactFactory(
        team=personas.front_door,
        child=personas.own_child,
        received_at=datetime(2025, 4, 9, 10, 0, tzinfo=LONDON),
    )
    front_door.contact_decision_record(
        contact=contact,
        decision=codes.ContactDecision.EARLY_HELP,
        rationale="Fictional: help with routines and school attendance.",
        decided_by=personas.front_door_worker.worker,
        decided_at=datetime(2025, 4, 10, 15, 0, tzinfo=LONDON),
    )
    contact.refresh_from_db()
    return contact


def _from_contact_url(contact: Contact) -> str:
    return reverse("family_help:start_from_contact", args=[contact.pk])


def test_family_help_starts_from_the_early_help_decision_linked_to_the_contact(personas, sign_in):
    contact = _decided_early_help(personas)
    client = sign_in(personas.social_worker)

    response = record(client, _from_contact_url(contact), _start(personas))

    family = FamilyHelpEpisode.objects.get()
    assert banner(response) == [
        f"Family help {family.reference} started for {personas.own_child.full_name} from the "
        "contact"
    ]
    assert (family.start_route, family.started_on) == ("front_door", date(2025, 4, 14))
    episode = EarlyHelpEpisode.objects.get()
    assert (episode.child, episode.source_contact) == (personas.own_child, contact)
    # The front door sees what became of its decision.
    page = _page(
        sign_in(personas.front_door_worker), reverse("front_door:contact", args=[contact.pk])
    )
    assert f"Family help {family.reference} started on 14 April 2025" in page


def test_a_contact_not_decided_early_help_is_refused_beside_the_start_date_and_nothing_written(
    personas, sign_in
):
    contact = ContactFactory(team=personas.front_door, child=personas.own_child)
    client = sign_in(personas.social_worker)

    html = refused(client.post(_from_contact_url(contact), _start(personas)))

    assert (
        _beside(html, "started_on")
        == "Family help starts from a contact the front door decided was for early help."
    )
    assert not FamilyHelpEpisode.objects.exists()


def test_family_help_cannot_start_before_the_front_door_decided(personas, sign_in):
    contact = _decided_early_help(personas)
    client = sign_in(personas.social_worker)
    data = _start(
        personas,
        **day("started_on", date(2025, 4, 9)),
        **day("consent_given_on", date(2025, 4, 9)),
    )

    html = refused(client.post(_from_contact_url(contact), data))

    assert "Family help must start on or after 10 April 2025" in html
    assert not FamilyHelpEpisode.objects.exists()


def test_starting_from_a_contact_is_refused_outside_need_to_know_and_to_the_front_door(
    personas, sign_in
):
    contact = _decided_early_help(personas)
    url = _from_contact_url(contact)

    assert sign_in(personas.other_worker).get(url).status_code == 404
    assert sign_in(personas.front_door_worker).get(url).status_code == 403
    assert sign_in(personas.partner_lead).get(url).status_code == 403


def test_the_contact_page_panel_offers_the_start_until_family_help_takes_it_up(personas, sign_in):
    contact = _decided_early_help(personas)

    panel = family_help_start_from_contact_panel(personas.social_worker, contact)
    assert panel is not None
    assert panel.context["start_url"] == _from_contact_url(contact)
    # The front door decides; it does not start family help.
    assert family_help_start_from_contact_panel(personas.front_door_worker, contact) is None

    record(sign_in(personas.social_worker), _from_contact_url(contact), _start(personas))
    assert family_help_start_from_contact_panel(personas.social_worker, contact) is None


def test_the_contact_panel_shows_nothing_on_a_contact_decided_otherwise(personas):
    contact = ContactFactory(team=personas.front_door, child=personas.own_child)

    assert family_help_start_from_contact_panel(personas.social_worker, contact) is None


# --- Stepping up from the family's page ----------------------------------------------------------


def _step_up_url(family: FamilyHelpEpisode) -> str:
    return reverse("family_help:step_up", args=[family.pk])


def _step_up(family: FamilyHelpEpisode, **changes: Any) -> dict[str, Any]:
    return {
        "children": [str(c.pk) for c in family.children.all()],
        "reason": "Fictional: father moved back in and the arguments are worse.",
        "consent": codes.ContactConsent.GIVEN,
        "consent_reason": "",
        "urgency": codes.ContactUrgency.TODAY,
        **changes,
    }


def test_the_lead_steps_the_family_up_and_the_front_door_reads_its_help_on_the_contact(
    personas, sign_in
):
    family = family_of(personas)
    family_help_work(family)
    client = sign_in(personas.fhp)

    response = record(client, _step_up_url(family), _step_up(family))

    step_up = StepUp.objects.select_related("contact", "child_episode__child").get()
    assert banner(response) == ["The front door has been asked to step in for Ada Example"]
    assert step_up.contact.concerns == (
        "Fictional: father moved back in and the arguments are worse."
    )
    assert (step_up.contact.consent, step_up.contact.urgency) == ("given", "today")
    # The child's help stays open until the front door decides.
    assert step_up.child_episode.end_date is None
    page = _page(
        sign_in(personas.front_door_worker),
        reverse("front_door:contact", args=[step_up.contact.pk]),
    )
    assert "Family help asked children's social care to step in on 14 April 2025" in page
    assert "Arguments before school" in page


def test_the_familys_page_offers_the_step_up_to_those_who_record(personas, sign_in):
    family = family_of(personas)

    page = _page(sign_in(personas.fhp), reverse("family_help:family", args=[family.pk]))

    assert _step_up_url(family) in page


def test_a_step_up_with_no_child_chosen_is_refused_beside_the_children_and_nothing_written(
    personas, sign_in
):
    family = family_of(personas)
    client = sign_in(personas.fhp)

    html = refused(client.post(_step_up_url(family), _step_up(family, children=[])))

    assert _beside(html, "children") == "Choose the children to step up."
    assert not StepUp.objects.exists()
    assert not Contact.objects.exists()


def test_a_step_up_without_saying_why_is_refused_beside_the_reason(personas, sign_in):
    family = family_of(personas)
    client = sign_in(personas.fhp)

    html = refused(client.post(_step_up_url(family), _step_up(family, reason="  ")))

    assert (
        _beside(html, "reason")
        == "Enter what has changed and why the family needs children's social care."
    )
    assert not Contact.objects.exists()


def test_a_second_step_up_waits_for_the_front_doors_decision(personas, sign_in):
    family = family_of(personas)
    client = sign_in(personas.fhp)
    record(client, _step_up_url(family), _step_up(family))

    html = refused(client.post(_step_up_url(family), _step_up(family)))

    assert "The front door has not yet decided the step up of 1 of these children" in html
    assert StepUp.objects.count() == 1


def test_stepping_up_is_refused_outside_the_family_and_to_the_front_door(personas, sign_in):
    url = _step_up_url(family_of(personas))

    assert sign_in(personas.social_worker).get(url).status_code == 404
    assert sign_in(personas.front_door_worker).get(url).status_code == 403


# --- Stepping down from the child's record -------------------------------------------------------


def _closed_referral(personas: Any, reason: str = codes.ReasonForClosure.RC9) -> Any:
    return ReferralFactory(
        child=personas.own_child,
        team=personas.team,
        referral_date=date(2025, 2, 3),
        closure_date=date(2025, 4, 10),
        closure_reason=reason,
    )


def _step_down_url(personas: Any, referral: Any) -> str:
    return reverse("family_help:step_down", args=[personas.own_child.pk, referral.pk])


def test_social_care_steps_the_child_down_and_the_new_episode_holds_its_summary(personas, sign_in):
    referral = _closed_referral(personas)
    client = sign_in(personas.social_worker)

    response = record(client, _step_down_url(personas, referral), _start(personas))

    family = FamilyHelpEpisode.objects.get()
    assert banner(response) == [
        f"{personas.own_child.full_name} has stepped down to family help {family.reference}"
    ]
    assert family.start_route == "step_down"
    episode = EarlyHelpEpisode.objects.get()
    assert episode.stepped_down_from == referral
    summary = episode.social_care_summary
    assert summary["frozen_on"] == "2025-04-14"
    assert summary["referral"]["referral_date"] == "2025-02-03"
    assert summary["referral"]["closure_date"] == "2025-04-10"
    assert summary["decision"] == referral.get_closure_reason_display()


def test_the_childs_record_offers_the_step_down_only_on_a_referral_that_allows_it(
    personas, sign_in
):
    referral = _closed_referral(personas)
    _closed_referral(personas, codes.ReasonForClosure.RC8)
    record_url = reverse("cases:child_record", args=[personas.own_child.pk])
    client = sign_in(personas.social_worker)

    page = _page(client, record_url)
    assert page.count("data-step-down") == 1
    assert _step_down_url(personas, referral) in page

    record(client, _step_down_url(personas, referral), _start(personas))
    assert "data-step-down" not in _page(client, record_url)


def test_a_child_in_need_plan_that_ended_with_the_referral_offers_the_step_down(personas, sign_in):
    referral = _closed_referral(personas, codes.ReasonForClosure.RC7)
    record_url = reverse("cases:child_record", args=[personas.own_child.pk])
    client = sign_in(personas.social_worker)
    assert "data-step-down" not in _page(client, record_url)

    ChildInNeedPlanFactory(referral=referral, end_date=date(2025, 4, 10))

    assert _step_down_url(personas, referral) in _page(client, record_url)


def test_a_referral_that_did_not_close_with_a_step_down_is_refused_and_nothing_written(
    personas, sign_in
):
    referral = _closed_referral(personas, codes.ReasonForClosure.RC8)
    client = sign_in(personas.social_worker)

    html = refused(client.post(_step_down_url(personas, referral), _start(personas)))

    assert _beside(html, "started_on") == (
        "The referral did not close with a step down: it must close after assessment and "
        "referred to early help (RC9), or when its child in need plan ended (RC7)."
    )
    assert not FamilyHelpEpisode.objects.exists()


def test_family_help_cannot_start_before_the_referral_closed(personas, sign_in):
    referral = _closed_referral(personas)
    client = sign_in(personas.social_worker)
    data = _start(
        personas,
        **day("started_on", date(2025, 4, 9)),
        **day("consent_given_on", date(2025, 4, 9)),
    )

    html = refused(client.post(_step_down_url(personas, referral), data))

    assert "Family help must start on or after 10 April 2025, when the referral closed." in html
    assert not FamilyHelpEpisode.objects.exists()


def test_stepping_down_is_refused_outside_need_to_know_and_to_the_front_door(personas, sign_in):
    referral = _closed_referral(personas)
    url = _step_down_url(personas, referral)

    assert sign_in(personas.other_worker).get(url).status_code == 404
    assert sign_in(personas.front_door_worker).get(url).status_code == 403
    assert sign_in(personas.partner_lead).get(url).status_code == 403


def test_a_referral_of_another_child_is_not_found(personas, sign_in):
    referral = ReferralFactory(
        child=personas.team_child,
        team=personas.team,
        closure_date=date(2025, 4, 10),
        closure_reason=codes.ReasonForClosure.RC9,
    )
    url = reverse("family_help:step_down", args=[personas.own_child.pk, referral.pk])

    assert sign_in(personas.social_worker).get(url).status_code == 404
