import pytest

from safeguard.common.models import Draft
from safeguard.common.services import draft_get, draft_save, submission_claim


@pytest.mark.django_db
def test_a_draft_is_saved_as_the_user_types_and_kept_per_user(sign_in, personas):
    client = sign_in(personas.social_worker)
    response = client.post("/drafts/case-note-5", {"subject": "Visit", "body": "Started"})
    assert response.status_code == 200
    assert "Draft saved at" in response.content.decode()
    assert draft_get(user=personas.social_worker, form_key="case-note-5") == {
        "subject": ["Visit"],
        "body": ["Started"],
    }
    assert draft_get(user=personas.team_manager, form_key="case-note-5") is None


@pytest.mark.django_db
def test_drafts_need_sign_in(client):
    client.post("/drafts/case-note-5", {"body": "x"})
    assert not Draft.objects.exists()


@pytest.mark.django_db
def test_a_submission_token_is_claimed_once(personas):
    assert submission_claim(user=personas.social_worker, key="abc") is True
    assert submission_claim(user=personas.social_worker, key="abc") is False


@pytest.mark.django_db
def test_a_draft_keeps_its_forms_token_apart_from_what_was_typed(sign_in, personas):
    client = sign_in(personas.social_worker)
    client.post("/drafts/case-note-5", {"submission_token": "form-1", "body": "Started"})
    draft = Draft.objects.get()
    assert (draft.token, draft.data) == ("form-1", {"body": ["Started"]})


@pytest.mark.django_db
def test_an_autosave_of_a_form_already_recorded_is_not_kept(sign_in, personas):
    client = sign_in(personas.social_worker)
    assert submission_claim(user=personas.social_worker, key="form-1") is True
    response = client.post("/drafts/case-note-5", {"submission_token": "form-1", "body": "Late"})
    assert response.status_code == 204
    assert not Draft.objects.exists()
    assert draft_save(user=personas.social_worker, form_key="x", data={}) is not None


@pytest.mark.django_db
def test_a_draft_whose_form_was_recorded_since_is_never_given_back(personas):
    user = personas.social_worker
    draft_save(user=user, form_key="case-note-5", data={"submission_token": ["form-1"]})
    assert draft_get(user=user, form_key="case-note-5") == {}
    submission_claim(user=user, key="form-1")
    assert draft_get(user=user, form_key="case-note-5") is None
    # A form without a token (one with a check-your-answers page) keeps its draft as before.
    draft_save(user=user, form_key="assessment-1", data={"summary": ["Half"]})
    assert draft_get(user=user, form_key="assessment-1") == {"summary": ["Half"]}
