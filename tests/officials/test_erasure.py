"""Erasure (officials.erasure.official_forget): nothing of the person is left in any
table, whichever way it is run (service, admin action, command), and it can be
re-applied after a restore from an older backup (`manage.py reapply_erasures`)."""

import json
from datetime import timedelta

import pytest
from axes.models import AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.services import validated_save
from delegations.models import DelegationMember
from itinerary.models import Counterpart
from learning.enums import Attribution, HighlightKind
from learning.models import FollowUp, Highlight
from officials.erasure import official_forget
from officials.models import Erasure, Official, QuoteHandling
from officials.services import official_save
from partners.enums import ProgrammeRole
from partners.models import ProgrammeMembership
from tests.factories.accounts import UserFactory
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import CounterpartFactory, ItineraryItemFactory
from tests.factories.learning import FollowUpFactory, HighlightFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import ProgrammeMembershipFactory

NAME = "Zebedee Quarrington-Mwakilema"
EMAIL = "z.quarrington@interior.example.org"
PHONE = "+254 700 987 654"
OLD_PHONE = "+254 711 000 321"
ACCOUNT_EMAIL = "zq.account@example.org"
TRACES = (NAME, "Quarrington", EMAIL, PHONE, OLD_PHONE, "Deputy Warden of Kwale", ACCOUNT_EMAIL)
QUOTE = "We open the doors of the resource centre to every returnee."

TEXT_TYPES = ("text", "character varying", "character", "json", "jsonb")


def tables_holding(needle: str) -> list[tuple[str, str]]:
    """Every (table, column) of the database whose text or JSON holds `needle`."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type = ANY(%s) "
            "ORDER BY table_name, column_name",
            [list(TEXT_TYPES)],
        )
        for table, column in cursor.fetchall():
            cursor.execute(
                f'SELECT 1 FROM "{table}" WHERE "{column}"::text ILIKE %s LIMIT 1',
                [f"%{needle}%"],
            )
            if cursor.fetchone():
                found.append((table, column))
    return found


def traces() -> dict[str, list]:
    return {needle: tables_holding(needle) for needle in TRACES if tables_holding(needle)}


def log_entry(obj, user) -> None:
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action_flag=CHANGE,
        change_message=json.dumps([{"changed": {"fields": ["Phone"]}}]),
    )


@pytest.fixture
def person(programme, administrator):
    """Someone who is everywhere: member, counterpart, speaker, follow-up owner, with a
    history of edits and admin log entries naming them."""
    official = OfficialFactory(
        honorific="Dr",
        full_name=NAME,
        position="Deputy Warden of Kwale",
        email=EMAIL,
        phone=OLD_PHONE,
        notes="Prefers WhatsApp. Zebedee's office is on the 3rd floor.",
        gender="male",
        user=UserFactory(email=ACCOUNT_EMAIL, full_name=NAME),
    )
    official.phone = PHONE
    official_save(official=official, actor=administrator)
    delegation = DelegationFactory(programme=programme)
    member = DelegationMemberFactory(
        delegation=delegation, official=official, position="Deputy Warden of Kwale"
    )
    item = ItineraryItemFactory(delegation=delegation)
    counterpart = CounterpartFactory(
        item=item, official=official, position="Deputy Warden of Kwale"
    )
    HighlightFactory(delegation=delegation, kind=HighlightKind.QUOTE, text=QUOTE, speaker=official)
    FollowUpFactory(delegation=delegation, owner_official=official, description="Share the plan")
    # Their account: a programme role, an edit in its history.
    ProgrammeMembershipFactory(user=official.user, programme=programme, role=ProgrammeRole.STAFF)
    official.user.language = "fr"
    validated_save(official.user, actor=administrator)
    for obj in (official, member, counterpart, official.user):
        log_entry(obj, administrator)
    return official


def test_before_erasure_the_scan_finds_the_person_in_many_tables(person):
    """The check below can fail: the same scan sees the person before the erasure."""
    found = traces()
    tables = {table for hits in found.values() for table, _column in hits}
    assert {
        "officials_official",
        "officials_historicalofficial",
        "delegations_historicaldelegationmember",
        "itinerary_historicalcounterpart",
        "django_admin_log",
    } <= tables
    assert set(found) == set(TRACES)


def test_erasure_leaves_nothing_of_the_person_in_any_table(person, administrator):
    erasure = official_forget(official=person, actor=administrator, quotes=QuoteHandling.ANONYMISE)

    assert traces() == {}
    person.refresh_from_db()
    assert person.full_name == f"Person #{person.pk}"
    assert (person.honorific, person.position, person.email, person.phone, person.notes) == (
        "",
        "",
        "",
        "",
        "",
    )
    assert person.user is None
    # The links hold: they point at "Person #<id>".
    assert DelegationMember.objects.get(official=person).position == ""
    assert Counterpart.objects.get(official=person).position == ""
    assert FollowUp.objects.get().owner_official == person
    quote = Highlight.objects.get()
    assert (quote.text, quote.speaker, quote.attribution) == (QUOTE, None, Attribution.ANONYMOUS)
    assert not Highlight.history.filter(speaker_id=person.pk).exists()
    # The record says who, when and which id, and nothing about the person.
    assert (erasure.official_id, erasure.erased_by, erasure.quotes) == (
        person.pk,
        administrator,
        QuoteHandling.ANONYMISE,
    )


def test_erasure_deactivates_and_anonymises_their_user_account(person, administrator):
    user = person.user
    AccessLog.objects.create(
        username=ACCOUNT_EMAIL, ip_address="198.51.100.7", user_agent="Firefox", http_accept="*/*"
    )
    Session.objects.create(
        session_key="zq-session",
        session_data=SessionStore().encode({"_auth_user_id": str(user.pk)}),
        expire_date=timezone.now() + timedelta(hours=1),
    )

    official_forget(official=person, actor=administrator, quotes=QuoteHandling.ANONYMISE)

    user = User.objects.get(pk=user.pk)
    assert (user.full_name, user.email) == (
        f"Person #{person.pk}",
        f"erased-user-{user.pk}@erased.invalid",
    )
    assert not user.is_active and not user.has_usable_password()
    assert not ProgrammeMembership.objects.filter(user=user).exists()
    assert not Session.objects.filter(session_key="zq-session").exists()
    assert not AccessLog.objects.exists()
    assert set(User.history.filter(id=user.pk).values_list("full_name", "email")) == {
        (user.full_name, user.email)
    }
    assert traces() == {}


def test_erasing_ones_own_entry_is_refused(person):
    with pytest.raises(ValidationError, match="another administrator"):
        official_forget(official=person, actor=person.user, quotes=QuoteHandling.ANONYMISE)
    assert not Erasure.objects.exists()


def test_erasure_may_delete_the_quotes_with_their_history(person, administrator):
    official_forget(official=person, actor=administrator, quotes=QuoteHandling.DELETE)

    assert not Highlight.objects.exists()
    assert not Highlight.history.exists()
    assert tables_holding("resource centre to every returnee") == []


def test_erasure_twice_is_refused(person, administrator):
    official_forget(official=person, actor=administrator, quotes=QuoteHandling.ANONYMISE)

    with pytest.raises(ValidationError, match="already been erased"):
        official_forget(official=person, actor=administrator, quotes=QuoteHandling.ANONYMISE)
    assert Erasure.objects.count() == 1


def test_erasure_records_a_request_to_re_render_approved_versions(person, administrator):
    erasure = official_forget(
        official=person, actor=administrator, quotes="anonymise", rerender_approved=True
    )

    assert erasure.approved_versions_rerendered is True


def test_admin_action_erases_with_the_chosen_quote_handling(person, admin_client):
    response = admin_client.post(
        reverse("admin:officials_official_changelist"),
        {"action": "erase_people", "_selected_action": [person.pk], "quotes": "delete"},
        follow=True,
    )

    assert "1 person was erased." in response.content.decode()
    assert traces() == {}
    assert not Highlight.objects.exists()
    assert Erasure.objects.get().quotes == QuoteHandling.DELETE


def test_admin_action_without_a_quote_choice_erases_nothing(person, admin_client):
    response = admin_client.post(
        reverse("admin:officials_official_changelist"),
        {"action": "erase_people", "_selected_action": [person.pk], "quotes": ""},
        follow=True,
    )

    assert "Choose what happens to their quotes" in response.content.decode()
    assert not Erasure.objects.exists()
    assert Official.objects.get(pk=person.pk).full_name == NAME


def test_admin_action_is_refused_to_programme_staff(person, staff_client):
    response = staff_client.post(
        reverse("admin:officials_official_changelist"),
        {"action": "erase_people", "_selected_action": [person.pk], "quotes": "delete"},
    )

    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not Erasure.objects.exists()


def test_command_erases_and_names_the_administrator(person, administrator):
    call_command("official_forget", person.pk, "--quotes", "anonymise", "--by", administrator.email)

    assert traces() == {}
    assert Erasure.objects.get().erased_by == administrator


def test_reapply_after_restoring_an_older_backup_erases_again(
    person, administrator, tmp_path, django_capture_on_commit_callbacks
):
    log = tmp_path / "erasures.jsonl"
    with override_settings(ERASURE_LOG=str(log)):
        with django_capture_on_commit_callbacks(execute=True):
            official_forget(official=person, actor=administrator, quotes="anonymise")
        line = json.loads(log.read_text())
        assert line["official_id"] == person.pk and NAME not in log.read_text()

        # A backup from before the erasure comes back: the person and their history,
        # and no erasure record.
        Official.objects.filter(pk=person.pk).update(full_name=NAME, email=EMAIL, phone=PHONE)
        Official.history.filter(id=person.pk).update(full_name=NAME, email=EMAIL)
        Erasure.objects.all().delete()
        assert tables_holding(EMAIL)

        call_command("reapply_erasures")

    assert traces() == {}
    assert Erasure.objects.get().official_id == person.pk
