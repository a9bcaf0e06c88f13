"""Drafts of long forms, and one-time submission tokens against double submission."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from .models import Draft, SubmissionToken

# Browsers post what the user typed; nothing else is kept in a draft.
_NOT_DRAFTED = {"csrfmiddlewaretoken", "submission_token"}


def draft_save(*, user: User, form_key: str, data: dict[str, Any]) -> Draft:
    cleaned = {k: v for k, v in data.items() if k not in _NOT_DRAFTED}
    draft, _ = Draft.objects.update_or_create(
        user=user, form_key=form_key, defaults={"data": cleaned}
    )
    return draft


def draft_get(*, user: User, form_key: str) -> dict[str, Any] | None:
    draft = Draft.objects.filter(user=user, form_key=form_key).first()
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
