"""Subject access (officials.subject_access): a ZIP of everything stored about a person,
from the admin action and from the command; the person's page lists what they own."""

import io
import json
import zipfile

from axes.models import AccessFailureLog, AccessLog
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from delegations.models import Delegation
from learning.models import Attachment
from tests.factories.learning import AttachmentFactory, FollowUpFactory
from tests.officials.test_erasure import EMAIL, NAME, OLD_PHONE, PHONE, QUOTE, person  # noqa: F401


def unzip(data: bytes) -> tuple[dict, dict[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    return json.loads(files.pop("person.json")), files


def test_the_zip_holds_everything_about_the_person(person, admin_client):  # noqa: F811
    delegation = Delegation.objects.get()
    photo = AttachmentFactory(delegation=delegation)
    AccessLog.objects.create(
        username=person.user.email,
        ip_address="10.0.0.7",
        user_agent="Phone",
        attempt_time=timezone.now(),
    )
    AccessFailureLog.objects.create(
        username=person.user.email,
        ip_address="10.0.0.8",
        user_agent="Phone",
        attempt_time=timezone.now(),
        locked_out=False,
    )

    response = admin_client.post(
        reverse("admin:officials_official_changelist"),
        {"action": "download_subject_access", "_selected_action": [person.pk]},
    )

    assert response["Content-Type"] == "application/zip"
    assert f"subject-access-person-{person.pk}.zip" in response["Content-Disposition"]
    data, files = unzip(response.content)
    assert data["directory_entry"]["email"] == EMAIL
    assert data["directory_entry"]["full_name"] == NAME
    assert {row["phone"] for row in data["directory_entry_history"]} == {OLD_PHONE, PHONE}
    assert [row["delegation"] for row in data["delegation_memberships"]] == [delegation.title]
    assert data["delegation_memberships_history"]
    assert [row["position_at_the_time"] for row in data["meetings"]] == ["Deputy Warden of Kwale"]
    assert [row["text"] for row in data["highlights_spoken"]] == [QUOTE]
    assert [row["description"] for row in data["follow_ups_owned"]] == ["Share the plan"]
    assert [row["id"] for row in data["attachments_of_their_delegations_and_meetings"]] == [
        photo.pk
    ]
    with photo.file.open("rb") as stored:
        assert files == {f"files/{photo.file.name.rsplit('/', 1)[1]}": stored.read()}
    account = data["user_account"]
    assert account["account"]["email"] == person.user.email
    assert "password" not in account["account"]
    assert [row["ip_address"] for row in account["successful_log_ins"]] == ["10.0.0.7"]
    assert [row["ip_address"] for row in account["failed_log_ins"]] == ["10.0.0.8"]


def test_the_action_wants_exactly_one_person(person, admin_client):  # noqa: F811
    other = type(person).objects.create(full_name="Another Person")

    response = admin_client.post(
        reverse("admin:officials_official_changelist"),
        {"action": "download_subject_access", "_selected_action": [person.pk, other.pk]},
        follow=True,
    )

    assert "Select exactly one person" in response.content.decode()


def test_the_command_writes_the_zip_readable_by_its_owner_only(person, tmp_path):  # noqa: F811
    out = io.StringIO()
    call_command("subject_access", person.pk, "--output", str(tmp_path), stdout=out)

    path = tmp_path / f"subject-access-person-{person.pk}.zip"
    assert out.getvalue().strip() == str(path)
    assert path.stat().st_mode & 0o077 == 0
    data, _files = unzip(path.read_bytes())
    assert data["directory_entry"]["phone"] == PHONE
    assert not Attachment.objects.exists() and _files == {}


def test_the_persons_page_lists_the_follow_ups_they_own(person, admin_client):  # noqa: F811
    FollowUpFactory(
        delegation=Delegation.objects.get(), owner_official=person, description="Train the wardens"
    )

    html = admin_client.get(reverse("officials:detail", args=[person.pk])).content.decode()

    assert "Follow-ups they own" in html
    assert "Share the plan" in html and "Train the wardens" in html
