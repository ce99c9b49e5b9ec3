"""`bin/backup` and personal data: files only their owner reads (umask 077), optional
encryption (gpg or age, each tested for real), old backups pruned; `bin/restore` decrypts."""

import os
import stat
import subprocess
import time
from pathlib import Path

import psycopg
import pytest

from tests.support.databases import ROOT, base_name, create_database, database_url, drop_database

pytestmark = pytest.mark.slow

RECIPIENT = "backups@exchange.example.org"


@pytest.fixture
def source():
    """A small database of its own, with one row to find again."""
    name = f"{base_name()}_privacy_src"
    drop_database(name)
    create_database(name)
    with psycopg.connect(database_url(name), autocommit=True) as conn:
        conn.execute("CREATE TABLE note (text text)")
        conn.execute("INSERT INTO note VALUES ('kept in the backup')")
    yield database_url(name)
    drop_database(name)


@pytest.fixture
def gnupg(tmp_path) -> Path:
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    subprocess.run(
        [
            "gpg",
            "--batch",
            "--passphrase",
            "",
            "--quick-gen-key",
            RECIPIENT,
            "default",
            "default",
            "never",
        ],
        env={**os.environ, "GNUPGHOME": str(home)},
        check=True,
        capture_output=True,
    )
    return home


@pytest.fixture
def age_identity(tmp_path) -> tuple[Path, str]:
    """An age key pair: the identity file and its public recipient ("age1...")."""
    identity = tmp_path / "age-identity.txt"
    result = subprocess.run(
        ["age-keygen", "-o", str(identity)], check=True, capture_output=True, text=True
    )
    recipient = result.stderr.strip().removeprefix("Public key: ")
    assert recipient.startswith("age1")
    return identity, recipient


@pytest.fixture(params=["gpg", "age"])
def encryption(request, tmp_path) -> tuple[str, dict]:
    """The encrypted files' suffix and the settings that make bin/backup write them and
    bin/restore read them."""
    if request.param == "gpg":
        home = request.getfixturevalue("gnupg")
        return "gpg", {"GNUPGHOME": str(home), "BACKUP_GPG_RECIPIENT": RECIPIENT}
    identity, recipient = request.getfixturevalue("age_identity")
    return "age", {"BACKUP_AGE_RECIPIENT": recipient, "BACKUP_AGE_IDENTITY": str(identity)}


def backup(env: dict, dest: Path) -> Path:
    result = subprocess.run(
        ["bin/backup", str(dest)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip().splitlines()[-1])


def environment(url: str, media: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACKUP_")}
    return {**env, "DATABASE_URL": url, "MEDIA_ROOT": str(media), **extra}


def test_backups_are_readable_by_their_owner_only(source, tmp_path):
    media = tmp_path / "media"
    (media / "attachments").mkdir(parents=True)
    (media / "attachments" / "photo.png").write_bytes(b"png")

    folder = backup(environment(source, media), tmp_path / "backups")

    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for name in ("database.dump", "media.tar", "SHA256SUMS"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600


def test_encrypted_backup_keeps_nothing_in_clear_and_restores(source, tmp_path, encryption):
    suffix, settings = encryption
    media = tmp_path / "media"
    media.mkdir()
    (media / "secret.txt").write_text("a photo's worth of data")
    env = environment(source, media, **settings)

    folder = backup(env, tmp_path / "backups")

    assert sorted(p.name for p in folder.iterdir()) == [
        "SHA256SUMS",
        f"database.dump.{suffix}",
        f"media.tar.{suffix}",
    ]
    assert b"kept in the backup" not in (folder / f"database.dump.{suffix}").read_bytes()
    assert b"a photo's worth" not in (folder / f"media.tar.{suffix}").read_bytes()
    sums = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True)
    assert sums.returncode == 0, sums.stdout
    restored_name = f"{base_name()}_privacy_restored_{suffix}"
    drop_database(restored_name)
    try:
        restored_media = tmp_path / "restored-media"
        result = subprocess.run(
            ["bin/restore", str(folder)],
            cwd=ROOT,
            env={
                **env,
                "DATABASE_URL": database_url(restored_name),
                "MEDIA_ROOT": str(restored_media),
            },
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        assert "reapply_erasures" in result.stdout
        with psycopg.connect(database_url(restored_name)) as conn:
            assert conn.execute("SELECT text FROM note").fetchone() == ("kept in the backup",)
        assert (restored_media / "secret.txt").read_text() == "a photo's worth of data"
    finally:
        drop_database(restored_name)


def test_backups_older_than_the_kept_days_are_pruned(source, tmp_path):
    dest = tmp_path / "backups"
    old = dest / "exchange-20200101T000000Z"
    recent = dest / "exchange-20200102T000000Z"
    for folder, days in ((old, 10), (recent, 2)):
        folder.mkdir(parents=True)
        stamp = time.time() - days * 86400
        os.utime(folder, (stamp, stamp))
    media = tmp_path / "media"
    media.mkdir()

    made = backup(environment(source, media, BACKUP_KEEP_DAYS="7"), dest)

    assert sorted(p.name for p in dest.iterdir()) == sorted([recent.name, made.name])
