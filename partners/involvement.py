"""Need-to-know in the directory: which programmes' delegations involve an entry.

Officials and organisations are shared by every programme, but their contact details and
notes are not: only administrators and the people of the programmes whose delegations
involve the entry read them, and only those programmes' staff (and administrators) edit
it. An entry no delegation involves yet belongs to no programme: every programme may read
and edit it until one does. A sensitive entry (officials.Official.is_sensitive,
Organisation.sensitive) shows its contact details and notes to administrators only.

What "involve" means is known to the apps above the directory (a member of a delegation,
a counterpart met on an item, a quote's speaker, a follow-up's owner...): each registers,
from its AppConfig.ready(), the ORM path from the entry to the programme of the delegation
that involves it. The directory never imports them (docs/architecture.md, "Layers").
"""

from functools import reduce
from operator import or_

from django.db.models import Model, Q, QuerySet

from partners.enums import ProgrammeRole
from partners.models import Organisation, ProgrammeMembership


class Involvement:
    """The ways a directory model's rows are involved in delegations, as ORM paths from the
    row to a Programme."""

    def __init__(self, model: type[Model]):
        self.model = model
        self._paths: list[str] = []

    def register(self, path: str) -> None:
        if path not in self._paths:
            self._paths.append(path)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(self._paths)

    def involved_q(self, programmes) -> Q:
        """Rows involved in a delegation of one of `programmes` (a queryset or ids)."""
        return self._any(lambda path: {f"{path}__in": programmes})

    def involved_anywhere_q(self) -> Q:
        return self._any(lambda path: {f"{path}__isnull": False})

    def _any(self, lookup) -> Q:
        if not self._paths:
            return Q(pk__in=[])
        # One subquery per path: no join fans the rows out, whatever the number of paths.
        return reduce(
            or_,
            (
                Q(pk__in=self.model.objects.filter(**lookup(path)).values("pk"))
                for path in self._paths
            ),
        )


organisation_involvement = Involvement(Organisation)


def user_programme_ids(user, *, roles: tuple[str, ...] = tuple(ProgrammeRole.values)) -> QuerySet:
    return ProgrammeMembership.objects.filter(user=user, role__in=roles).values("programme_id")


def involves(
    involvement: Involvement,
    entry: Model,
    user,
    *,
    roles: tuple[str, ...] = tuple(ProgrammeRole.values),
) -> bool:
    """A delegation of one of the user's programmes (in one of `roles`) involves `entry`."""
    if not user.is_authenticated:
        return False
    programmes = user_programme_ids(user, roles=roles)
    return (
        involvement.model.objects.filter(pk=entry.pk)
        .filter(involvement.involved_q(programmes))
        .exists()
    )


def involved_anywhere(involvement: Involvement, entry: Model) -> bool:
    return (
        involvement.model.objects.filter(pk=entry.pk)
        .filter(involvement.involved_anywhere_q())
        .exists()
    )


def searchable_by(involvement: Involvement, queryset: QuerySet, *, user, sensitive: Q) -> QuerySet:
    """`queryset` without the sensitive rows (`sensitive`) that no delegation of the user's
    programmes involves; everything for an administrator."""
    if getattr(user, "is_administrator", False):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(~sensitive | involvement.involved_q(user_programme_ids(user)))
