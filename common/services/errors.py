"""Errors of the domain services, each carrying an Indonesian and an English message.

Field-level input problems reuse :class:`common.rules.errors.FieldError` (it names the field); the classes here
cover the other outcomes a caller must tell apart: the thing does not exist, the caller may not touch it, or it
clashes with what is already stored.
"""

from __future__ import annotations

from common.rules.errors import FieldError, RuleError

__all__ = ["Conflict", "FieldError", "NotFound", "PermissionDenied", "RuleError", "ServiceError"]


class ServiceError(RuleError):
    """Base class of the service outcomes that are not field errors."""


class NotFound(ServiceError):
    """The report, request or reference entry does not exist (or must look as if it did not)."""


class PermissionDenied(ServiceError):
    """The caller's key may not perform this operation (wrong kind, role or OPD)."""


class Conflict(ServiceError):
    """The operation clashes with stored data (a tracking code already used, a second extension...)."""
