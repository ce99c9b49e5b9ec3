"""What delegations hold of a person, for the directory's need-to-know, erasure and
subject access (officials.involvement, officials.erasure, officials.subject_access):
memberships of delegations (with the position at the time) and support assignments."""

from core.retention import register_personal_history_fields
from delegations.models import DelegationMember, SupportAssignment
from officials.erasure import ErasureContext, register_erasure_step, rename_in_admin_log
from officials.involvement import register_official_involvement
from officials.subject_access import SubjectAccess, history_rows, register_subject_access_part
from partners.involvement import organisation_involvement


def erase_memberships(context: ErasureContext) -> None:
    members = DelegationMember.objects.filter(official=context.official)
    members.update(position="")
    DelegationMember.history.filter(official_id=context.official.pk).update(position="")
    rename_in_admin_log(DelegationMember, members.select_related("official"))
    rename_in_admin_log(
        SupportAssignment,
        SupportAssignment.objects.filter(official=context.official).select_related("official"),
    )


def memberships_of(access: SubjectAccess) -> None:
    official = access.official
    members = DelegationMember.objects.filter(official=official).select_related("delegation")
    access.add(
        "delegation_memberships",
        [
            {
                "delegation": member.delegation.title,
                "delegation_id": member.delegation_id,
                "start_date": member.delegation.start_date,
                "end_date": member.delegation.end_date,
                "role": member.get_role_display(),
                "position_at_the_time": member.position,
            }
            for member in members
        ],
    )
    access.add("delegation_memberships_history", history_rows(DelegationMember, official))
    support = SupportAssignment.objects.filter(official=official).select_related("delegation")
    access.add(
        "support_assignments",
        [
            {
                "delegation": row.delegation.title,
                "delegation_id": row.delegation_id,
                "role": row.get_role_display(),
            }
            for row in support
        ],
    )
    access.add("support_assignments_history", history_rows(SupportAssignment, official))


def register() -> None:
    register_personal_history_fields(DelegationMember, lambda: {"position": ""})
    register_official_involvement("delegation_memberships__delegation__programme")
    register_official_involvement("support_assignments__delegation__programme")
    for relation in ("sent", "requested", "arranged", "hosted"):
        organisation_involvement.register(f"delegations_{relation}__programme")
    register_erasure_step(erase_memberships)
    register_subject_access_part(memberships_of)
