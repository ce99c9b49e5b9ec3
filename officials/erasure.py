"""Erasing a person (the right to erasure): `official_forget`.

The entry stays, so that the delegations, meetings and follow-ups it is part of still hold
together, but nothing of the person does: the name becomes "Person #<id>"; contact
details, notes, position, honorific, rank and gender are blanked; every history row of the
entry gets the same values. If the person also had a user account, it is unlinked,
deactivated (memberships and sessions ended, no usable password) and anonymised: its name
becomes the entry's, its address "erased-user-<id>@erased.invalid", in its history rows
too, and its log-in records go (accounts.services.user_anonymise). The account row stays,
so what the person recorded as a user still points at it, under the anonymous name. The apps above the directory register
an erasure step (`register_erasure_step`, from their AppConfig.ready()) for what they hold
of the person: members' and counterparts' positions (delegations, itinerary), quotes
(learning: made anonymous or deleted, as the administrator chooses), each with its history
rows and the admin log's names of the rows.

An `Erasure` row records who, when and which id, without any personal data, and a line
with the same facts is appended to the ERASURE_LOG file (outside the database, so that it
survives a restore of an older backup): `manage.py reapply_erasures` replays both.

An approved report version (issue 8) is a signed record: it keeps the person unless the
administrator asks to re-render it (`rerender_approved=True`, recorded on the Erasure);
the app that keeps those versions registers a step (reports.personal_data) that reads
`context.rerender_approved`. Steps run after the entry is redacted, so the context also
carries what they cannot read back any more: the delegations that involved the person
(`delegation_ids`, taken before any step ran: a deleted quote no longer leads to its
delegation) and the person's former name(s), email and phone (`former_identifiers`, to
find the stored versions that print them; in memory only, never stored).
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import user_anonymise
from officials.enums import Gender
from officials.involvement import official_involvement
from officials.models import Erasure, Official, QuoteHandling
from partners.services import user_deactivate_and_end_memberships


def anonymous_name(official_id: int) -> str:
    return f"Person #{official_id}"


@dataclass(frozen=True)
class ErasureContext:
    official: Official
    quotes: str  # QuoteHandling
    rerender_approved: bool
    actor: object | None
    delegation_ids: frozenset[int] = frozenset()
    former_identifiers: tuple[str, ...] = ()


_steps: list[Callable[[ErasureContext], None]] = []


def register_erasure_step(step: Callable[[ErasureContext], None]) -> None:
    """`step(context)` erases what a higher app holds of `context.official`. It must be
    idempotent: `reapply_erasures` runs it again after a restore."""
    if step not in _steps:
        _steps.append(step)


def redacted_fields(official_id: int) -> dict:
    """The entry's personal fields as an erased entry holds them."""
    return {
        "full_name": anonymous_name(official_id),
        "honorific": "",
        "rank": "",
        "position": "",
        "email": "",
        "phone": "",
        "notes": "",
        "gender": Gender.NOT_RECORDED,
        "user": None,
    }


def involved_delegation_ids(official: Official) -> frozenset[int]:
    """The delegations that involve the entry, by the paths the apps above registered
    (officials.involvement: each leads to a delegation's programme)."""
    ids: set[int] = set()
    for path in official_involvement.paths:
        to_delegation = path.removesuffix("__programme")
        rows = Official.objects.filter(pk=official.pk, **{f"{to_delegation}__isnull": False})
        ids.update(rows.values_list(to_delegation, flat=True))
    return frozenset(ids)


def former_identifiers(official: Official) -> tuple[str, ...]:
    """What identifies the person in text they were printed in: every name the entry had
    (its history), its email and phone; never the anonymous name an erasure gives."""
    rows = Official.history.filter(id=official.pk).values_list("full_name", "email", "phone")
    values = {official.full_name, official.email, official.phone}
    values.update(value for row in rows for value in row)
    values.discard(anonymous_name(official.pk))
    return tuple(sorted(value for value in values if value and value.strip()))


def rename_in_admin_log(model: type[models.Model], rows: Iterable[models.Model]) -> None:
    """The admin log names each row it records (`object_repr`): rename the erased rows."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    for row in rows:
        LogEntry.objects.filter(content_type=content_type, object_id=str(row.pk)).update(
            object_repr=str(row)[:200]
        )


@transaction.atomic
def official_forget(
    *,
    official: Official,
    actor,
    quotes: str = QuoteHandling.ANONYMISE,
    rerender_approved: bool = False,
) -> Erasure:
    """Erase the person behind `official` (see the module's docstring); return the record."""
    if quotes not in QuoteHandling.values:
        raise ValidationError({"quotes": _("Choose what happens to their quotes.")})
    if Erasure.objects.filter(official_id=official.pk).exists():
        raise ValidationError(_("This person has already been erased."), code="erased")
    if official.user_id is not None and official.user_id == getattr(actor, "pk", None):
        raise ValidationError(
            _("This entry is your own account's: another administrator must erase it."),
            code="own_account",
        )
    erasure = Erasure.objects.create(
        official_id=official.pk,
        erased_by=actor if getattr(actor, "pk", None) else None,
        quotes=quotes,
        approved_versions_rerendered=rerender_approved,
    )
    official_apply_erasure(erasure=erasure, actor=actor)
    line = {
        "official_id": erasure.official_id,
        "erased_at": erasure.erased_at.isoformat(),
        "erased_by": erasure.erased_by_id,
        "quotes": erasure.quotes,
        "approved_versions_rerendered": erasure.approved_versions_rerendered,
    }
    transaction.on_commit(lambda: _append_to_log(line))
    return erasure


@transaction.atomic
def official_apply_erasure(*, erasure: Erasure, actor=None) -> None:
    """Apply (or apply again: every step is idempotent) a recorded erasure. Nothing happens
    when the entry no longer exists."""
    official = Official.objects.select_for_update().filter(pk=erasure.official_id).first()
    if official is None:
        return
    fields = redacted_fields(official.pk)
    user = User.objects.filter(pk=official.user_id).first() if official.user_id else None
    delegation_ids, identifiers = involved_delegation_ids(official), former_identifiers(official)
    Official.objects.filter(pk=official.pk).update(**fields)
    Official.history.filter(id=official.pk).update(
        **{name: value for name, value in fields.items() if name != "user"}, user_id=None
    )
    official.refresh_from_db()
    rename_in_admin_log(Official, [official])
    if user is not None:
        user_deactivate_and_end_memberships(user=user, actor=actor)
        user_anonymise(user=user, name=anonymous_name(official.pk))
    context = ErasureContext(
        official=official,
        quotes=erasure.quotes,
        rerender_approved=erasure.approved_versions_rerendered,
        actor=actor,
        delegation_ids=delegation_ids,
        former_identifiers=identifiers,
    )
    for step in _steps:
        step(context)


def _append_to_log(line: dict) -> None:
    path = Path(settings.ERASURE_LOG)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.write(json.dumps(line, sort_keys=True) + "\n")


def erasures_in_log(path: Path | None = None) -> list[dict]:
    path = Path(path or settings.ERASURE_LOG)
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@transaction.atomic
def erasures_reapply(*, log_path: Path | None = None) -> int:
    """After a restore from backup: re-record every erasure of the log the database lacks,
    then apply every recorded erasure again. Returns how many were applied."""
    for line in erasures_in_log(log_path):
        Erasure.objects.get_or_create(
            official_id=line["official_id"],
            defaults={
                "quotes": line["quotes"],
                "approved_versions_rerendered": line.get("approved_versions_rerendered", False),
            },
        )
    erasures = list(Erasure.objects.order_by("pk"))
    for erasure in erasures:
        official_apply_erasure(erasure=erasure)
    return len(erasures)
