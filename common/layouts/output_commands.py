"""Edits of an output as domain commands, like the layout commands: ``EditOutput(values).apply(output)`` returns
the new output and an :class:`OutputChange` whose ``inverse()`` is the command that takes the edit back.

The editor's outputs form turns every edit (a field typed, a preset added, the rectangle moved) into one of
these, so undo, redo, the draft file and the form's refresh all go through one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from common.layouts.commands import CommandError
from common.layouts.model import OutputSpec

#: The fields of an :class:`OutputSpec` an edit may set (``schema`` is not the technician's to change).
EDITABLE_FIELDS = frozenset({"name", "node", "screen", "rect", "resolution", "privacy", "presets", "schedule",
                             "alarm_preset", "alarm_minutes", "language"})


@dataclass(frozen=True)
class OutputChange:
    """What an output edit changed: the output before and after, and the names of the fields that differ."""

    before: OutputSpec
    after: OutputSpec
    fields: frozenset[str]

    def inverse(self) -> EditOutput:
        """The command that restores ``before`` from ``after``."""
        return EditOutput({name: getattr(self.before, name) for name in self.fields})


@dataclass(frozen=True)
class EditOutput:
    """Set some fields of an output; unknown field names are refused (:class:`CommandError`)."""

    values: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    def apply(self, output: OutputSpec) -> tuple[OutputSpec, OutputChange]:
        """The edited output and what changed (fields given the value they already had are not listed)."""
        unknown = sorted(set(self.values) - EDITABLE_FIELDS)
        if unknown:
            raise CommandError(f"an output has no editable field {', '.join(unknown)}")
        edited = replace(output, **self.values)
        changed = frozenset(name for name in self.values if getattr(output, name) != getattr(edited, name))
        return edited, OutputChange(output, edited, changed)


def diff_output(before: OutputSpec, after: OutputSpec) -> EditOutput | None:
    """The command that turns ``before`` into ``after`` (only the fields that differ), or None when equal."""
    values = {name: getattr(after, name) for name in sorted(EDITABLE_FIELDS)
              if getattr(before, name) != getattr(after, name)}
    return EditOutput(values) if values else None
