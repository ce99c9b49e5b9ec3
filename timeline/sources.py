"""What a delegation's history is made of: each history table (`Source`) and how its rows
hang from a delegation, the shared directory's entries included, and the columns that
say nothing to a reader."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Model, Q, QuerySet

from delegations.models import Delegation, DelegationMember, Leg, Report, SupportAssignment
from itinerary.models import BeneficiaryGroup, Counterpart, ItineraryItem
from learning.models import Attachment, FollowUp, Highlight, LearningObjective
from officials.models import Official
from partners.models import Organisation
from places.models import Place

# Bookkeeping columns that change on every save (or name a stored file) and say
# nothing to a reader.
HIDDEN_FIELDS = frozenset(
    {
        "id",
        "created_at",
        "updated_at",
        "version",
        "last_edited_by",
        "feed_generation",
        "feed_renewed_on",
        "search_vector",
        "file",
        "content_type",
        "size",
    }
)
# What a related object's name reads beyond its own row.
NAME_RELATED: dict[type[Model], tuple[str, ...]] = {Place: ("parent",)}


def _of_delegation(pk: int) -> Q:
    return Q(delegation_id=pk)


def _of_items(pk: int) -> Q:
    # Items deleted since are still in their history table: their rows stay listed.
    return Q(item_id__in=ItineraryItem.history.filter(delegation_id=pk).values("id"))


def _counterpart_label(counterpart: Counterpart) -> str:
    return f"{counterpart} · {counterpart.item}"


@dataclass(frozen=True)
class Source:
    """One history table and how its rows hang from a delegation.

    `name_fields` are the foreign keys the object's name reads (resolved in bulk before
    naming it); `label` names the object when its `str()` does not suit the timeline.
    """

    model: type[Model]
    scope: Callable[[int], Q]
    name_fields: tuple[str, ...] = ()
    label: Callable[[Model], str] = str
    changes_only: bool = False  # an entry of the shared directory: its edits, not its creation

    @cached_property
    def historical(self) -> type[Model]:
        # Kept: simple-history's `Model.history` builds a new manager class on every read
        # (about 0.7 ms each, a hundred times per history page).
        return self.model.history.model

    def m2m_fields(self) -> list:
        return list(self.historical._history_m2m_fields)

    def shown_fields(self) -> list:
        """The tracked fields a reader cares about, in the model's order."""
        return [f for f in self.historical.tracked_fields if f.name not in HIDDEN_FIELDS]


def _column(rows: QuerySet, field: str) -> QuerySet:
    # Unordered: a part of a UNION may not carry its model's ordering (SQLite refuses it).
    return rows.order_by().values(field)


def _officials_of(pk: int) -> Q:
    """The people who appear in a delegation: its team, its counterparts, its speakers and
    the owners of its follow-ups. Their directory entries' edits are in its history."""
    return Q(
        id__in=_column(DelegationMember.objects.filter(delegation_id=pk), "official_id").union(
            _column(SupportAssignment.objects.filter(delegation_id=pk), "official_id"),
            _column(Counterpart.objects.filter(item__delegation_id=pk), "official_id"),
            _column(
                Highlight.objects.filter(delegation_id=pk, speaker__isnull=False), "speaker_id"
            ),
            _column(
                FollowUp.objects.filter(delegation_id=pk, owner_official__isnull=False),
                "owner_official_id",
            ),
        )
    )


def _organisations_of(pk: int) -> Q:
    """The organisations that appear in a delegation: those named on it, those met on its
    itinerary, the owners of its follow-ups."""
    named = Delegation.objects.filter(pk=pk)
    sending = Delegation.sending_organisations.through.objects.filter(delegation_id=pk)
    met = ItineraryItem.organisations.through.objects.filter(itineraryitem__delegation_id=pk)
    return Q(
        id__in=_column(sending, "organisation_id").union(
            _column(named, "host_organisation_id"),
            _column(named, "arranged_by_id"),
            _column(named, "requested_by_id"),
            _column(met, "organisation_id"),
            _column(FollowUp.objects.filter(delegation_id=pk), "owner_organisation_id"),
        )
    )


SOURCES: tuple[Source, ...] = (
    Source(Delegation, lambda pk: Q(id=pk)),
    Source(DelegationMember, _of_delegation, ("official",)),
    Source(SupportAssignment, _of_delegation, ("official",)),
    Source(Leg, _of_delegation, ("place",)),
    Source(Report, _of_delegation, ("delegation",), label=lambda report: report.delegation.title),
    Source(ItineraryItem, _of_delegation),
    Source(Counterpart, _of_items, ("official", "item"), label=_counterpart_label),
    Source(BeneficiaryGroup, _of_items, ("item",)),
    Source(LearningObjective, _of_delegation),
    Source(Highlight, _of_delegation),
    Source(FollowUp, _of_delegation),
    Source(Attachment, _of_delegation),
    # The shared directory: edits of the entries the delegation names (finding 10).
    Source(Official, _officials_of, ("organisation",), changes_only=True),
    Source(Organisation, _organisations_of, changes_only=True),
)
