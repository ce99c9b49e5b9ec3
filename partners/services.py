"""Writes on organisations and programmes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.services import user_deactivate
from core.services import lock_row, stamp, validated_save, versioned_save
from partners.models import PROJECT_HISTORY, Organisation, Programme, ProgrammeMembership, Project


@transaction.atomic
def organisation_save(
    *, organisation: Organisation, actor=None, expected_version: int | None = None
) -> Organisation:
    """Add or change an organisation of the shared directory; a change from a stale form
    (someone saved since `expected_version`) is refused, naming what they changed."""
    return versioned_save(organisation, actor=actor, expected_version=expected_version)


@transaction.atomic
def programme_save(*, programme: Programme, actor=None) -> Programme:
    return validated_save(programme, actor=actor)


@transaction.atomic
def membership_set(*, user, programme: Programme, role: str, actor=None) -> ProgrammeMembership:
    membership_check_user(user)
    membership = ProgrammeMembership.objects.filter(user=user, programme=programme).first()
    if membership is None:
        membership = ProgrammeMembership(user=user, programme=programme, role=role)
    elif membership.role == role:
        return membership
    membership.role = role
    return validated_save(membership, actor=actor)


def membership_check_user(user) -> None:
    if not user.is_active:
        raise ValidationError(
            {"user": _("%(user)s is deactivated: choose an active user.") % {"user": user}}
        )


@transaction.atomic
def user_deactivate_and_end_memberships(*, user, actor):
    """Deactivate a user who left: their memberships end (the history keeps them, and
    who ended them), their sessions end; what they recorded keeps their name."""
    for membership in ProgrammeMembership.objects.filter(user=user):
        stamp(membership, actor, _("Ended: user deactivated"))
        membership.delete()
    return user_deactivate(user=user, actor=actor)


def _check_programme_keeps_delegations(project: Project, current: Project) -> None:
    """A project's delegations are of its programme (a database rule, delegations.0013):
    the programme changes only while no delegation uses the project."""
    if project.programme_id == current.programme_id:
        return
    count = current.delegations.count()
    if count:
        message = ngettext(
            "%(count)d delegation of %(programme)s belongs to this project: it stays in its "
            "programme while it has delegations.",
            "%(count)d delegations of %(programme)s belong to this project: it stays in its "
            "programme while it has delegations.",
            count,
        ) % {"count": count, "programme": current.programme.code}
        raise ValidationError({"programme": message}, code="project_has_delegations")


@transaction.atomic
def project_save(
    *, project: Project, actor=None, donors=None, expected_version: int | None = None
) -> Project:
    """Create or change a project; `donors` (organisations), when given, replace its donors.
    One history row records the project with its donors. A change from a stale form
    (someone saved since `expected_version`) is refused, naming what they changed."""
    project.full_clean()
    if project.pk is None:
        project.skip_history_when_saving = True
        validated_save(project, actor=actor)
        del project.skip_history_when_saving
        if donors:
            project.donors.through.objects.bulk_create(
                project.donors.through(project=project, organisation=donor)
                for donor in dict.fromkeys(donors)
            )
        PROJECT_HISTORY.create_historical_record(project, "+")
        return project
    current = lock_row(project, expected_version=expected_version)
    _check_programme_keeps_delegations(project, current)
    project.version = current.version + 1
    if donors is not None:
        through = project.donors.through
        wanted = {donor.pk for donor in donors}
        through.objects.filter(project=project).exclude(organisation_id__in=wanted).delete()
        present = set(
            through.objects.filter(project=project).values_list("organisation_id", flat=True)
        )
        through.objects.bulk_create(
            through(project=project, organisation_id=pk) for pk in sorted(wanted - present)
        )
    return validated_save(project, actor=actor)
