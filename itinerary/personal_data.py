"""What the itinerary holds of a person, for the directory's need-to-know, erasure and
subject access (officials.involvement, officials.erasure, officials.subject_access): the
meetings and visits where delegations met them, with their position at the time."""

from core.retention import register_personal_history_fields
from itinerary.models import Counterpart
from officials.erasure import ErasureContext, register_erasure_step, rename_in_admin_log
from officials.involvement import register_official_involvement
from officials.subject_access import SubjectAccess, history_rows, register_subject_access_part
from partners.involvement import organisation_involvement


def erase_counterparts(context: ErasureContext) -> None:
    links = Counterpart.objects.filter(official=context.official)
    links.update(position="")
    Counterpart.history.filter(official_id=context.official.pk).update(position="")
    rename_in_admin_log(Counterpart, links.select_related("official"))


def meetings_of(access: SubjectAccess) -> None:
    links = Counterpart.objects.filter(official=access.official).select_related(
        "item__delegation", "item__place"
    )
    access.add(
        "meetings",
        [
            {
                "item": link.item.title,
                "item_id": link.item_id,
                "starts_at": link.item.starts_at,
                "place": link.item.place.name if link.item.place else "",
                "delegation": link.item.delegation.title,
                "delegation_id": link.item.delegation_id,
                "role": link.get_role_display(),
                "position_at_the_time": link.position,
                "summary": link.item.summary,
            }
            for link in links
        ],
    )
    access.add("meetings_history", history_rows(Counterpart, access.official))


def register() -> None:
    register_personal_history_fields(Counterpart, lambda: {"position": ""})
    register_official_involvement("counterpart_links__item__delegation__programme")
    organisation_involvement.register("itinerary_items__delegation__programme")
    register_erasure_step(erase_counterparts)
    register_subject_access_part(meetings_of)
