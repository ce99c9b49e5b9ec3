"""Participation figures of a delegation report, disaggregated by sex.

Pure functions over data the caller has already fetched (and prefetched): nothing here
queries the database. Unknown counts stay unknown (None): a sum of counts where some
group gives none is marked incomplete, and a sum where no group gives one is None.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from officials.enums import Gender

SEX_FIELDS = ("female", "male", "other", "total", "youth")


@dataclass(frozen=True)
class GenderCount:
    """People counted by the gender recorded on their Official record."""

    female: int = 0
    male: int = 0
    other: int = 0
    not_recorded: int = 0

    @property
    def total(self) -> int:
        return self.female + self.male + self.other + self.not_recorded


def count_by_gender(officials: Iterable) -> GenderCount:
    """Each distinct official once, by Official.gender."""
    counts = dict.fromkeys(Gender.values, 0)
    seen = set()
    for official in officials:
        if official.pk in seen:
            continue
        seen.add(official.pk)
        gender = official.gender if official.gender in counts else Gender.NOT_RECORDED
        counts[gender] += 1
    return GenderCount(
        female=counts[Gender.FEMALE],
        male=counts[Gender.MALE],
        other=counts[Gender.OTHER],
        not_recorded=counts[Gender.NOT_RECORDED],
    )


def members_by_gender(members: Iterable) -> GenderCount:
    """The delegation's members (DelegationMember rows with their official)."""
    return count_by_gender(member.official for member in members)


def counterparts_by_gender(items: Iterable) -> GenderCount:
    """The distinct officials met across the itinerary (counterpart_links prefetched)."""
    return count_by_gender(link.official for item in items for link in item.counterpart_links.all())


@dataclass(frozen=True)
class Sum:
    """A sum of counts: None when no group gives the count; incomplete when some do not."""

    value: int | None
    complete: bool


def group_total(group) -> int | None:
    """The group's total, or the sum of its counts by sex when all three are known."""
    if group.total is not None:
        return group.total
    parts = (group.female, group.male, group.other)
    return None if any(part is None for part in parts) else sum(parts)


def _count(group, name: str) -> tuple[int | None, bool]:
    """(the count, whether it is whole): a total of women and men with "other" left blank
    counts as at least their sum (BeneficiaryGroup.at_least), not whole."""
    if name != "total":
        return getattr(group, name), True
    total = group_total(group)
    if total is None and group.at_least is not None:
        return group.at_least, False
    return total, True


def sum_counts(groups: Iterable, name: str) -> Sum:
    counts = [_count(group, name) for group in groups]
    known = [value for value, _whole in counts if value is not None]
    return Sum(
        value=sum(known) if known else None,
        complete=len(known) == len(counts) and all(whole for _value, whole in counts),
    )


@dataclass
class BeneficiaryFigures:
    """Beneficiaries met, summed over the groups, and by place of origin."""

    female: Sum
    male: Sum
    other: Sum
    total: Sum
    youth: Sum
    groups: int
    illustrative: bool
    by_origin: list["OriginRow"] = field(default_factory=list)


@dataclass(frozen=True)
class OriginRow:
    label: str
    female: Sum
    male: Sum
    other: Sum
    total: Sum
    youth: Sum


def origin_label(group) -> str:
    """A group from several places counts once, under their combined name."""
    names = [place.name for place in group.origins.all()]
    return ", ".join(names) if names else _("Origin not recorded")


def beneficiary_figures(groups: Iterable) -> BeneficiaryFigures:
    """Sums over BeneficiaryGroup rows (origins prefetched, in the order to show)."""
    groups = list(groups)
    by_origin: dict[str, list] = {}
    for group in groups:
        by_origin.setdefault(origin_label(group), []).append(group)
    return BeneficiaryFigures(
        **{name: sum_counts(groups, name) for name in SEX_FIELDS},
        groups=len(groups),
        illustrative=any(group.illustrative for group in groups),
        by_origin=[
            OriginRow(label, **{name: sum_counts(rows, name) for name in SEX_FIELDS})
            for label, rows in by_origin.items()
        ],
    )
