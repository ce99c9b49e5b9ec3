"""The shapes of the story's rows. Rows refer to each other by a short local key."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

NAIROBI_TZ = ZoneInfo("Africa/Nairobi")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """An aware moment in July 2019, local time in Kenya (every item of the visit is there)."""
    return datetime(2019, 7, day, hour, minute, tzinfo=NAIROBI_TZ)


@dataclass(frozen=True)
class PlaceSpec:
    key: str
    name: str
    kind: str
    country: str
    parent: str | None = None


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    name: str
    kind: str
    country: str
    acronym: str = ""
    place: str | None = None
    parent: str | None = None
    website: str = ""
    notes: str = ""


@dataclass(frozen=True)
class ProgrammeSpec:
    code: str
    name: str
    lead: str
    countries: tuple[str, ...]
    description: str
    start_year: int | None = None
    start_note: str = ""


@dataclass(frozen=True)
class UserSpec:
    key: str
    email: str
    full_name: str
    password: str
    administrator: bool = False
    programme: str | None = None
    role: str | None = None
    label: str = ""


@dataclass(frozen=True)
class OfficialSpec:
    key: str
    honorific: str
    full_name: str
    position: str
    organisation: str
    country: str
    notes: str = ""


@dataclass(frozen=True)
class TopicSpec:
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class SiteSpec:
    key: str
    name: str
    kind: str
    place: str
    description: str


@dataclass(frozen=True)
class DelegationSpec:
    title: str
    sending_countries: tuple[str, ...]
    sending_organisations: tuple[str, ...]
    requested_by: str
    arranged_by: str
    host_country: str
    host_organisation: str


@dataclass(frozen=True)
class ObjectiveSpec:
    key: str
    topic: str
    description: str


@dataclass(frozen=True)
class ItemSpec:
    key: str
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str | None = None
    site: str | None = None
    origin: str | None = None
    destination: str | None = None
    organisations: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()
    counterparts: tuple[tuple[str, str], ...] = ()
    summary: str = ""
    outcome: str = ""


@dataclass(frozen=True)
class BeneficiarySpec:
    item: str
    category: str
    description: str
    female: int
    male: int
    other: int
    youth: int
    origins: tuple[str, ...]


@dataclass(frozen=True)
class HighlightSpec:
    kind: str
    text: str
    item: str | None = None
    speaker: str | None = None
    topic: str | None = None


@dataclass(frozen=True)
class FollowUpSpec:
    description: str
    status: str
    item: str | None = None
    topic: str | None = None
    objective: str | None = None
