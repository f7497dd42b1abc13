"""Shared error types of the domain rules: every rule violation carries an Indonesian and an English message."""

from __future__ import annotations


class RuleError(ValueError):
    """A domain rule was violated.

    Subclasses ``ValueError`` so that callers which only care about "bad input" can catch it generically,
    while the intake service can show ``message_id`` to citizens and ``message_en`` in logs/API responses.
    """

    def __init__(self, message_id: str, message_en: str) -> None:
        super().__init__(f"{message_id} / {message_en}")
        self.message_id = message_id
        self.message_en = message_en


class FieldError(RuleError):
    """A single input field is invalid; ``field`` names it so a form can highlight the right input."""

    def __init__(self, field: str, message_id: str, message_en: str) -> None:
        super().__init__(message_id, message_en)
        self.field = field

    def __str__(self) -> str:
        return f"{self.field}: {self.message_id} / {self.message_en}"
