"""Optimistic locking in words lives in core.conflicts (the directory below delegations
uses it too); the names stay importable from here."""

from core.conflicts import (  # noqa: F401
    NOT_CONTENT,
    Conflict,
    ConflictError,
    conflict_messages,
    describe_conflict,
)
