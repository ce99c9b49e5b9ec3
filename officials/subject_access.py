"""Subject access: everything stored about one person, as a ZIP (`official_subject_access`).

`person.json` holds the directory entry and its history, the user account and its log-in
records when the person has one, and what the apps above the directory hold: they register
a part (`register_subject_access_part`, from their AppConfig.ready()) that adds rows
(memberships, meetings, quotes, follow-ups, attachments they may appear in) and files.
The files themselves go under `files/`.
"""

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import PurePath

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from officials.models import Official

# History columns that say nothing about the person (simple-history's own bookkeeping).
_HISTORY_BOOKKEEPING = {"history_id"}


def row_values(row: models.Model, *, exclude: set[str] = frozenset()) -> dict:
    """A row's concrete columns (foreign keys as ids), for the JSON document."""
    return {
        field.attname: getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if field.attname not in exclude and field.name not in exclude
    }


def history_rows(model: type[models.Model], official: Official, *, column: str = "official_id"):
    """Every history row of `model` whose `column` is the person's id, oldest first."""
    rows = model.history.filter(**{column: official.pk}).order_by("history_date")
    return [row_values(row, exclude=_HISTORY_BOOKKEEPING) for row in rows]


class SubjectAccess:
    """What is being gathered about `official`: named lists of rows, and files."""

    def __init__(self, official: Official):
        self.official = official
        self.data: dict[str, object] = {}
        self.files: list[tuple[str, FieldFile]] = []

    def add(self, key: str, rows) -> None:
        self.data[key] = rows

    def add_file(self, name: str, file: FieldFile) -> None:
        self.files.append((name, file))


_parts: list[Callable[[SubjectAccess], None]] = []


def register_subject_access_part(part: Callable[[SubjectAccess], None]) -> None:
    if part not in _parts:
        _parts.append(part)


def _user_data(official: Official) -> dict | None:
    user = official.user
    if user is None:
        return None
    by_name = {"username__iexact": user.email}
    return {
        "account": row_values(user, exclude={"password"}),
        "successful_log_ins": [
            row_values(row) for row in AccessLog.objects.filter(**by_name).order_by("attempt_time")
        ],
        "failed_log_ins": [
            row_values(row)
            for row in AccessFailureLog.objects.filter(**by_name).order_by("attempt_time")
        ],
        "log_in_lockouts": [
            row_values(row)
            for row in AccessAttempt.objects.filter(**by_name).order_by("attempt_time")
        ],
    }


def official_subject_access_data(*, official: Official) -> SubjectAccess:
    access = SubjectAccess(official)
    access.add("generated_at", timezone.now())
    access.add("directory_entry", row_values(official))
    access.add("directory_entry_history", history_rows(Official, official, column="id"))
    access.add("user_account", _user_data(official))
    for part in _parts:
        part(access)
    return access


class _Encoder(DjangoJSONEncoder):
    """Dates, decimals, UUIDs (Django's), and anything else as its text (a country...)."""

    def default(self, o):
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def official_subject_access(*, official: Official) -> bytes:
    """The ZIP: person.json and the files, each under files/<its stored name>."""
    access = official_subject_access_data(official=official)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        document = json.dumps(access.data, cls=_Encoder, indent=2, ensure_ascii=False)
        archive.writestr("person.json", document)
        written = set()
        for name, file in access.files:
            entry = f"files/{PurePath(name).name}"
            if entry in written or not file.storage.exists(file.name):
                continue
            written.add(entry)
            with file.open("rb") as source:
                archive.writestr(entry, source.read())
    return buffer.getvalue()


def subject_access_file_name(official: Official) -> str:
    return f"subject-access-person-{official.pk}.zip"
