"""Small helpers for declaring enum-typed string columns consistently."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum


def enum_column_type(enum_cls: type[StrEnum], name: str) -> Enum:
    """A portable string column restricted to the enum's values (a CHECK constraint, not a native enum).

    Non-native enums keep migrations simple on both SQLite and PostgreSQL; values are the lower-case strings.
    """
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=24,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )
