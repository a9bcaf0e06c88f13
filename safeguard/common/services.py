"""Drafts of long forms, and one-time submission tokens against double submission.

A draft remembers the one-time token of the form it was typed into. Saving a form claims the
token and discards the draft in one transaction, but an autosave sent just before (the
`change` fired as the text box loses focus to the button, or the typing pause timer firing
while the save is on its way) can be answered after it and would write the draft back: the
saved note came back as a "restored draft". So an autosave for a form whose token is claimed
is not kept, and a draft whose token is claimed is never restored (the second covers an
autosave that passed the first check while the save was still uncommitted)."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef

from .models import Draft, SubmissionToken

TOKEN_FIELD = "submission_token"  # noqa: S105 (a form field's name)
# Browsers post what the user typed; nothing else is kept in a draft's data.
_NOT_DRAFTED = {"csrfmiddlewaretoken", TOKEN_FIELD}


def draft_save(*, user: User, form_key: str, data: dict[str, Any]) -> Draft | None:
    """Keep what `user` has typed into `form_key`; None (nothing kept) if the form it came
    from, named by its one-time token, has been recorded already."""
    token = str((data.get(TOKEN_FIELD) or [""])[0])[:64]
    if token and SubmissionToken.objects.filter(key=token).exists():
        return None
    cleaned = {k: v for k, v in data.items() if k not in _NOT_DRAFTED}
    draft, _ = Draft.objects.update_or_create(
        user=user, form_key=form_key, defaults={"data": cleaned, "token": token}
    )
    return draft


def draft_get(*, user: User, form_key: str) -> dict[str, Any] | None:
    """What `user` typed into `form_key` and has not sent, unless that form was recorded."""
    recorded = SubmissionToken.objects.filter(key=OuterRef("token"))
    draft = Draft.objects.filter(user=user, form_key=form_key).filter(~Exists(recorded)).first()
    return dict(draft.data) if draft else None


def draft_discard(*, user: User, form_key: str) -> None:
    Draft.objects.filter(user=user, form_key=form_key).delete()


def submission_token_new() -> str:
    return secrets.token_urlsafe(24)


def submission_claim(*, user: User, key: str) -> bool:
    """True the first time `key` is submitted; False for a repeat. Call inside the same
    transaction as the write it guards, so a failed write releases the token."""
    if not key:
        return True
    try:
        with transaction.atomic():
            SubmissionToken.objects.create(key=key[:64], user=user)
    except IntegrityError:
        return False
    return True
