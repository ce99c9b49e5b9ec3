"""A field's value in words: what the change history and the conflict messages both say."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django_countries.fields import Country

from core.values import EMPTY, VALUE_LENGTH, value_in_words
from delegations.models import Delegation
from itinerary.models import ItineraryItem
from learning.enums import FollowUpStatus
from learning.models import FollowUp

MOMENT = datetime(2019, 7, 22, 6, 30, tzinfo=UTC)


def field(model, name):
    return model._meta.get_field(name)


@pytest.mark.parametrize(
    ("model", "name", "value", "words"),
    [
        (FollowUp, "description", None, EMPTY),
        (FollowUp, "description", "", EMPTY),
        (FollowUp, "description", "  Youth\n exchange  ", "Youth exchange"),
        (FollowUp, "status", FollowUpStatus.IN_PROGRESS, "In progress"),
        (FollowUp, "due_date", date(2019, 9, 30), "30 September 2019"),
        (Delegation, "host_country", Country("KE"), "Kenya"),
        (Delegation, "host_country", Country(""), EMPTY),
        (Delegation, "sending_countries", [Country("MZ"), Country("TZ")], "Mozambique, Tanzania"),
        (Delegation, "locked", True, "Yes"),
        (Delegation, "locked", False, "No"),
    ],
)
def test_plain_values_read_as_words(model, name, value, words):
    assert value_in_words(field(model, name), value) == words


def test_long_text_is_cut_with_an_ellipsis():
    words = value_in_words(field(FollowUp, "description"), "word " * 100)
    assert len(words) == VALUE_LENGTH and words.endswith("…")


def test_a_moment_reads_in_the_zone_given_else_in_the_sites(settings):
    settings.TIME_ZONE = "UTC"
    starts_at = field(ItineraryItem, "starts_at")
    assert value_in_words(starts_at, MOMENT) == "22 July 2019, 06:30 UTC"
    nairobi = value_in_words(starts_at, MOMENT, zone=ZoneInfo("Africa/Nairobi"))
    assert nairobi == "22 July 2019, 09:30 EAT"


def test_relations_are_named_by_the_callers_namer():
    owner = field(FollowUp, "owner_organisation")
    assert value_in_words(owner, 7, name=lambda pk: f"Organisation {pk}") == "Organisation 7"
    assert value_in_words(owner, None, name=lambda pk: "never asked") == EMPTY


def test_many_to_many_values_are_sorted_names_or_empty():
    topics = field(ItineraryItem, "topics")
    named = {1: "Reintegration", 2: "Community policing"}
    assert value_in_words(topics, [1, 2], name=named.get) == "Community policing; Reintegration"
    assert value_in_words(topics, [], name=named.get) == EMPTY
