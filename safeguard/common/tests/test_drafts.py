import pytest

from safeguard.common.models import Draft
from safeguard.common.services import draft_get, submission_claim


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
