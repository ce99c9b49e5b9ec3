"""Retention (core.retention.apply_retention, `manage.py apply_retention`): sessions,
log-in records, old history, files no row references; a deleted delegation's files."""

import datetime
import io

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from core.retention import apply_retention
from delegations.models import DelegationMember
from learning.services import attachment_thumbnail_name
from officials.models import Official
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.learning import AttachmentFactory
from tests.factories.officials import OfficialFactory

NOW = timezone.now()


def days_ago(days: float) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def log_in(model, days: float, **fields):
    row = model.objects.create(
        username="someone@example.org", ip_address="10.1.2.3", user_agent="Browser", **fields
    )
    model.objects.filter(pk=row.pk).update(attempt_time=days_ago(days))  # auto_now_add
    return row


@pytest.mark.django_db
def test_sessions_and_log_in_records_go_after_their_time():
    Session.objects.create(session_key="old", session_data="x", expire_date=days_ago(1))
    Session.objects.create(session_key="live", session_data="x", expire_date=days_ago(-1))
    log_in(AccessLog, 91)
    kept_success = log_in(AccessLog, 89)
    log_in(AccessFailureLog, 31, locked_out=False)
    kept_failure = log_in(AccessFailureLog, 29, locked_out=False)
    log_in(AccessAttempt, 31, failures_since_start=3, get_data="", post_data="")

    done = apply_retention(now=NOW)

    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]
    assert list(AccessLog.objects.all()) == [kept_success]
    assert list(AccessFailureLog.objects.all()) == [kept_failure]
    assert not AccessAttempt.objects.exists()
    assert done["sessions"] == 1 and done["successful_log_ins"] == 1
    assert done["failed_log_ins"] == 2


def _age_history(model, pk, days: float) -> None:
    model.history.filter(id=pk).update(history_date=days_ago(days))


@pytest.mark.django_db
@override_settings(RETENTION_HISTORY_YEARS=2, RETENTION_HISTORY_MODE="redact")
def test_old_history_is_redacted_and_recent_history_kept():
    official = OfficialFactory(email="old@example.org", phone="+1 555", notes="Old note")
    member = DelegationMemberFactory(official=official, position="Old post")
    _age_history(Official, official.pk, 3 * 365)
    _age_history(DelegationMember, member.pk, 3 * 365)
    official.email = "new@example.org"
    official.save()

    apply_retention(now=NOW)

    old, new = official.history.order_by("history_date")
    assert (old.email, old.phone, old.notes, old.full_name) == ("", "", "", official.full_name)
    assert new.email == "new@example.org"
    assert DelegationMember.history.get(id=member.pk).position == ""
    official.refresh_from_db()
    assert official.phone == "+1 555"  # the entry itself is not history


@pytest.mark.django_db
@override_settings(RETENTION_HISTORY_YEARS=2, RETENTION_HISTORY_MODE="prune")
def test_old_history_is_pruned_keeping_each_records_latest_row():
    official = OfficialFactory(email="old@example.org")
    official.email = "older@example.org"
    official.save()
    _age_history(Official, official.pk, 3 * 365)
    untouched = OfficialFactory()
    _age_history(Official, untouched.pk, 3 * 365)

    apply_retention(now=NOW)

    assert [row.email for row in official.history.all()] == ["older@example.org"]
    assert untouched.history.count() == 1


@pytest.mark.django_db
@override_settings(RETENTION_HISTORY_YEARS=0)
def test_history_is_kept_for_ever_with_zero_years():
    official = OfficialFactory()
    _age_history(Official, official.pk, 30 * 365)

    assert apply_retention(now=NOW)["history"] == 0
    assert official.history.count() == 1


@pytest.mark.django_db
@override_settings(RETENTION_UNREFERENCED_FILE_HOURS=24)
def test_files_no_attachment_refers_to_are_removed_once_old():
    attachment = AttachmentFactory()
    orphan = default_storage.save("attachments/9/orphan.png", ContentFile(b"x"))

    assert apply_retention(now=NOW)["unreferenced_files"] == 0  # too recent: maybe uploading
    done = apply_retention(now=NOW + datetime.timedelta(hours=25))

    # (and any file earlier tests left in the in-memory storage, their rows rolled back)
    assert done["unreferenced_files"] >= 1
    assert not default_storage.exists(orphan)
    assert default_storage.exists(attachment.file.name)


@pytest.mark.django_db
def test_the_command_runs_the_job_and_reports_each_part():
    out = io.StringIO()

    call_command("apply_retention", stdout=out)

    lines = out.getvalue().splitlines()
    assert {line.split(":")[0] for line in lines} >= {
        "sessions",
        "history",
        "successful_log_ins",
        "failed_log_ins",
        "unreferenced_files",
    }


def test_deleting_a_delegation_in_the_admin_removes_its_files(
    admin_client, django_capture_on_commit_callbacks
):
    delegation = DelegationFactory()
    attachment = AttachmentFactory(delegation=delegation)
    thumbnail = default_storage.save(attachment_thumbnail_name(attachment), ContentFile(b"t"))
    kept = AttachmentFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:delegations_delegation_delete", args=[delegation.pk]), {"post": "yes"}
        )

    assert response.status_code == 302
    assert not default_storage.exists(attachment.file.name)
    assert not default_storage.exists(thumbnail)
    assert default_storage.exists(kept.file.name)


def test_bulk_deleting_delegations_removes_their_files(
    admin_client, django_capture_on_commit_callbacks
):
    attachments = [AttachmentFactory(), AttachmentFactory()]

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:delegations_delegation_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [a.delegation_id for a in attachments],
                "post": "yes",
            },
        )

    assert not any(default_storage.exists(a.file.name) for a in attachments)
