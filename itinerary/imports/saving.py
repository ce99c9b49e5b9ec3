"""Write an import plan: everything in one transaction, or nothing.

New places, organisations and officials first (each through its own service, so it is
checked and its history names the actor), then the items with their organisations and
counterparts, then the members.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from delegations.models import Delegation
from delegations.services import ensure_unlocked, member_add
from itinerary.enums import CounterpartRole
from itinerary.imports.plan import ImportPlan, Pick
from itinerary.services import counterpart_add, item_create
from officials.models import Official
from officials.services import official_save
from partners.models import Organisation
from partners.services import organisation_save
from places.models import Place
from places.services import place_save


class ImportRefused(ValidationError):
    """The plan has errors (or the database refused a row): nothing was saved."""


def _fields(pick: Pick) -> dict:
    """The new row's fields, a Pick among them replaced by what it now is."""
    return {
        name: (value.obj if isinstance(value, Pick) else value) for name, value in pick.new.items()
    }


@transaction.atomic
def itinerary_import_save(*, delegation: Delegation, plan: ImportPlan, actor) -> dict[str, int]:
    """Save every row of the plan; how many of each were added."""
    if plan.errors:
        raise ImportRefused(_("Nothing was saved: the file has errors."), code="plan_errors")
    ensure_unlocked(delegation)
    for pick in plan.places:
        pick.obj = place_save(place=Place(**_fields(pick)), actor=actor)
    for pick in plan.organisations:
        pick.obj = organisation_save(organisation=Organisation(**_fields(pick)), actor=actor)
    for pick in plan.officials:
        pick.obj = official_save(official=Official(**_fields(pick)), actor=actor)
    for planned in plan.items:
        item = item_create(
            delegation=delegation,
            actor=actor,
            organisations=[pick.obj for pick in planned.organisations],
            kind=planned.kind,
            title=planned.title,
            starts_at=planned.starts_at,
            ends_at=planned.ends_at,
            place=planned.place.obj,
            summary=str(planned.values["Summary"] or "").strip(),
            outcome=str(planned.values["Outcome"] or "").strip(),
        )
        for official, position in planned.counterparts:
            counterpart_add(
                item=item,
                official=official.obj,
                actor=actor,
                role=CounterpartRole.PARTICIPANT,
                position=position or None,
            )
    for planned in plan.members:
        member_add(
            delegation=delegation,
            official=planned.official.obj,
            actor=actor,
            role=planned.role,
            position=planned.position or None,
        )
    return {
        "items": len(plan.items),
        "members": len(plan.members),
        "places": len(plan.places),
        "organisations": len(plan.organisations),
        "officials": len(plan.officials),
    }
