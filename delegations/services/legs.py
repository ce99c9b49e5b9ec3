"""Legs of a visit: a city or region, its days and its own local hosts.

A leg's days fall within the visit's dates; changing the visit's dates re-checks them
(`legs_fit_dates`, run by `delegation_update`). Its host support team is the support
team's rows that name the leg (`support_assign(leg=...)`).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.services import stamp
from delegations.models import Delegation, Leg
from delegations.services.common import child_update, ensure_unlocked

LEG_FIELDS = (
    "place",
    "start_date",
    "end_date",
    "host_organisation",
    "requested_by",
    "arranged_by",
    "notes",
)


def _check_leg_dates(leg: Leg, delegation: Delegation) -> None:
    if leg.start_date and leg.start_date < delegation.start_date:
        raise ValidationError(
            {"start_date": _("A leg starts on or after the visit's first day.")},
            code="leg_before_visit",
        )
    if leg.end_date and leg.end_date > delegation.end_date:
        raise ValidationError(
            {"end_date": _("A leg ends on or before the visit's last day.")},
            code="leg_after_visit",
        )


def legs_fit_dates(delegation: Delegation) -> None:
    """New dates of the visit must still hold every leg (an update check)."""
    outside = delegation.legs.exclude(
        start_date__gte=delegation.start_date, end_date__lte=delegation.end_date
    ).select_related("place")
    names = ", ".join(str(leg.place) for leg in outside)
    if names:
        raise ValidationError(
            _("These legs would fall outside the new dates: %(legs)s. Change them first.")
            % {"legs": names},
            code="legs_outside",
        )


@transaction.atomic
def leg_add(*, delegation: Delegation, actor, **fields: Any) -> Leg:
    ensure_unlocked(delegation)
    leg = Leg(delegation=delegation, **fields)
    leg.full_clean()
    _check_leg_dates(leg, delegation)
    stamp(leg, actor)
    leg.save()
    return leg


@transaction.atomic
def leg_update(
    *, leg: Leg, actor, data: dict[str, Any], expected_version: int | None = None
) -> Leg:
    """Change a leg; a lost update (someone saved it since `expected_version`) is refused."""
    _check_leg_dates(
        Leg(**{**{name: getattr(leg, name) for name in LEG_FIELDS}, **data}), leg.delegation
    )
    return child_update(leg, actor=actor, data=data, expected_version=expected_version)


@transaction.atomic
def leg_remove(*, leg: Leg, actor) -> None:
    """Remove a leg; its support team rows go with it, its items stay (in no leg)."""
    ensure_unlocked(leg.delegation)
    stamp(leg, actor)
    leg.delete()
