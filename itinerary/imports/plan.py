"""The shapes of an import plan: the rows with what each will create and its errors by
column, and the plan that `saving` writes when it has no error."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from delegations.enums import MemberRole


@dataclass(eq=False)
class Pick:
    """A place, organisation or official a row names: one stored (`obj`), or one to
    create (`new`: its fields; a Pick among them is created first)."""

    label: str
    obj: Any = None
    new: dict | None = None

    @property
    def is_new(self) -> bool:
        return self.new is not None


@dataclass(eq=False)
class PlannedRow:
    sheet: str
    number: int
    values: dict[str, Any]
    errors: dict[str, list[str]] = field(default_factory=dict)

    def refuse(self, column: str, message: str) -> None:
        self.errors.setdefault(column, []).append(message)


@dataclass(eq=False)
class PlannedItem(PlannedRow):
    kind: str = ""
    title: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    place: Pick | None = None
    organisations: list[Pick] = field(default_factory=list)
    counterparts: list[tuple[Pick, str]] = field(default_factory=list)  # official, position

    @property
    def when(self) -> str:
        """As the wall clock where it happens (not the server's zone)."""
        if self.starts_at is None:
            return ""
        return f"{self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M} {self.starts_at:%Z}"


@dataclass(eq=False)
class PlannedMember(PlannedRow):
    official: Pick | None = None
    role: str = MemberRole.MEMBER
    position: str = ""


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str
    message: str


@dataclass
class ImportPlan:
    items: list[PlannedItem]
    members: list[PlannedMember]
    places: list[Pick]  # the new ones, in the order they are created
    organisations: list[Pick]
    officials: list[Pick]

    @property
    def errors(self) -> list[CellError]:
        return [
            CellError(row.sheet, row.number, column, message)
            for row in [*self.items, *self.members]
            for column, messages in row.errors.items()
            for message in messages
        ]

    @property
    def is_empty(self) -> bool:
        return not self.items and not self.members
