"""API tokens: high-entropy secrets of which only a SHA-256 is kept.

A token is 32 random bytes (256 bits, `secrets.token_urlsafe`), so a fast unsalted hash is
enough: nobody can try enough guesses to find one from its hash, unlike a password. The
prefix names the kind of secret, so a leaked token is easy to spot in a log or a repository.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "sgp_"  # noqa: S105 - a label, not a secret
# Characters of the token kept in clear to tell tokens apart in a list: the prefix and a few
# random characters, far too few to help anyone guess the rest.
VISIBLE_CHARACTERS = 10


def token_generate() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def token_visible_part(token: str) -> str:
    return token[:VISIBLE_CHARACTERS]
