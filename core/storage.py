"""Moving the files a deployment kept on its disk (MEDIA_ROOT) into the storage it uses
now (S3 once S3_* are set), under the same names, so every FileField still finds its file."""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage


@dataclass
class CopyReport:
    copied: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)  # already there, same size: left alone
    conflicts: list[str] = field(default_factory=list)  # there with another size: left alone


def files_copy_to_storage(*, source: Path, storage: Storage, dry_run: bool = False) -> CopyReport:
    """Copy every file under `source` to `storage` under its relative name. Running it again
    copies only what is missing, so it can be re-run after a failure or a last sync."""
    report = CopyReport()
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        name = path.relative_to(source).as_posix()
        if storage.exists(name):
            same = storage.size(name) == path.stat().st_size
            (report.present if same else report.conflicts).append(name)
            continue
        if not dry_run:
            with path.open("rb") as handle:
                saved = storage.save(name, File(handle, name=name))
            if saved != name:
                raise RuntimeError(f"The storage stored {name} as {saved}.")
        report.copied.append(name)
    return report
