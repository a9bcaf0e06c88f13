"""Errors that carry what went wrong, where, and how to fix it."""

from __future__ import annotations


class SafeguardError(Exception):
    """Base for errors a person can act on. `fields` names the inputs at fault."""

    def __init__(self, message: str, *, fields: tuple[str, ...] = (), code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields
        self.code = code

    def __str__(self) -> str:
        return self.message
