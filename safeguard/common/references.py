"""References people read out over the phone: short, unambiguous, unguessable."""

from __future__ import annotations

import secrets
from random import Random

# Crockford's base 32: no I, L, O or U, so a reference read aloud or copied by hand survives.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def reference_new(prefix: str = "FD", *, rng: Random | None = None) -> str:
    """`FD-7KQ3-M9TX`: 40 random bits (a clash in a million contacts is about one in two
    million; the unique index catches it and the caller draws again). `rng` is for the
    demo generator, which must be repeatable; live references come from `secrets`."""
    pick = rng.choice if rng is not None else secrets.choice
    body = "".join(pick(_ALPHABET) for _ in range(8))
    return f"{prefix}-{body[:4]}-{body[4:]}"


def reference_normalise(text: str) -> str:
    """What a person typed as a reference, in the stored form (case, spaces and the letters
    people confuse with digits forgiven)."""
    cleaned = text.strip().upper().replace(" ", "").replace("-", "")
    cleaned = cleaned.translate(str.maketrans("OIL", "011"))
    if len(cleaned) != 10:
        return text.strip().upper()
    return f"{cleaned[:2]}-{cleaned[2:6]}-{cleaned[6:]}"


def reference_from_number(number: int, prefix: str = "FD") -> str:
    """A reference in the same form for a row numbered `number` (the demo generator, which
    must be repeatable and may not draw the same reference twice). Multiplying by an odd
    number modulo 2**40 is one-to-one, so distinct numbers never share a reference, and
    neighbours do not look alike."""
    value = (number * 0x9E3779B97F) % (1 << 40)
    body = "".join(_ALPHABET[(value >> shift) & 31] for shift in range(35, -1, -5))
    return f"{prefix}-{body[:4]}-{body[4:]}"
