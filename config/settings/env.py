"""Small typed readers for settings taken from the environment."""

import os
import re
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

# Words found in keys that anyone can read: Django's startproject key ("django-insecure-..."),
# this repository's test settings, and the placeholders of tutorials and sample files.
# Compared without case or punctuation. Each is six letters or more, so a random key of 50
# characters contains one by chance less than once in ten million.
PUBLISHED_KEY_WORDS = (
    "djangoinsecure",
    "testonly",
    "changeme",
    "replaceme",
    "secret",
    "password",
    "placeholder",
    "example",
    "insecure",
)


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_checked(name: str, default: str, problem: Callable[[str, str], str | None]) -> str:
    """A value whose shape is known: refused at start, with `problem`'s reason, when it is
    set and wrong. An empty value is left to the caller (production requires some)."""
    value = env_str(name, default).strip()
    reason = problem(name, value) if value else None
    if reason is not None:
        raise ImproperlyConfigured(reason)
    return value


def env_secret(name: str, *, min_length: int) -> str:
    """A key that production can trust: set, long, varied, and not one anyone can read.

    Django's own deploy check (security.W009) wants 50 characters and 5 different ones for
    the secret key, but only warns; production refuses to start instead.
    """
    value = env_str(name)
    how = (
        "Generate one with: "
        f"python3 -c 'import secrets; print(secrets.token_urlsafe({min_length}))'"
    )
    if not value.strip():
        raise ImproperlyConfigured(f"{name} is empty. {how}")
    if len(value) < min_length:
        raise ImproperlyConfigured(
            f"{name} must be at least {min_length} random characters (it has {len(value)}). {how}"
        )
    folded = re.sub(r"[^a-z0-9]", "", value.lower())
    for word in PUBLISHED_KEY_WORDS:
        if word in folded:
            raise ImproperlyConfigured(
                f"{name} contains {word!r}: it is a default or placeholder, not a random key. {how}"
            )
    if len(set(value)) < 5:
        raise ImproperlyConfigured(f"{name} uses fewer than 5 different characters. {how}")
    return value
