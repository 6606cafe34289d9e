"""Domain errors raised by the engine's services.

Each carries a message meant for a person; the web layer maps the classes to
HTTP statuses (404, 409, 403, 422) and the CLI prints the message.
"""

from __future__ import annotations

from collections.abc import Mapping


class HabiflowError(Exception):
    """Base of every error the engine raises on purpose."""


class NotFound(HabiflowError):
    """The definition, instance or task does not exist."""


class Conflict(HabiflowError):
    """The request collides with the current state (already done, taken, changed)."""


class PermissionDenied(HabiflowError):
    """The person may not do this to this task or case."""


class InvalidState(Conflict):
    """The case or task is not in a state that allows the operation."""


class FormInvalid(HabiflowError):
    """Submitted task data does not satisfy the task's form; nothing was changed."""

    def __init__(self, field_errors: Mapping[str, list[str]]) -> None:
        self.field_errors = {k: list(v) for k, v in field_errors.items()}
        summary = "; ".join(f"{k}: {', '.join(v)}" for k, v in self.field_errors.items())
        super().__init__(f"invalid form data ({summary})")


class ProcessFailed(HabiflowError):
    """A script or expression of the model failed while the engine ran it."""
