"""The search queries themselves: the PostgreSQL conditions are the expressions the
migration indexed (the planner uses the indexes), and the portable fallback (SQLite,
`make run`) finds exact and accent-folded matches with the same scope."""

import pytest
from django.db import connection

from search.selectors import KINDS, KINDS_BY_KEY, PORTABLE, POSTGRESQL, search_groups, search_kind
from search.text import parse_query
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.learning import FollowUpFactory, HighlightFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory

INDEXED = {
    "officials": ("search_official_name_trgm", "search_official_document"),
    "organisations": (
        "search_organisation_name_trgm",
        "search_organisation_document",
        "search_organisation_initials",
    ),
    "delegations": ("search_delegation_title_trgm", "search_delegation_document"),
    "items": ("search_item_title_trgm", "search_item_document"),
    "highlights": ("search_highlight_text_trgm", "search_highlight_document"),
    "follow_ups": ("search_followup_text_trgm", "search_followup_document"),
    "sites": ("search_site_name_trgm", "search_site_document"),
    "places": ("search_place_name_trgm", "search_place_document"),
}


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # On a few test rows any plan is cheap: rule out full scans (sequential, or
        # walking the primary key) so the planner shows which search index it can use.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("key", list(INDEXED))
def test_postgresql_search_uses_the_migration_indexes(administrator, key):
    query = parse_query("Elungatta NCTC")

    explained = plan(search_kind(kind=KINDS_BY_KEY[key], query=query, user=administrator))

    for index in INDEXED[key]:
        assert f"Bitmap Index Scan on {index}" in explained, explained


def test_every_kind_is_indexed():
    assert set(INDEXED) == {kind.key for kind in KINDS}


def test_search_functions_fold_accents_and_case_and_are_immutable(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_fold('António ÇÃO'), search_initials('National Counter Terrorism "
            "Centre'), search_initials('Department of Immigration Services'), "
            "search_document('Mapure', 'Provincial Secretary')::text"
        )
        folded, nctc, dis, document = cursor.fetchone()
        cursor.execute(
            "SELECT proname, provolatile FROM pg_proc WHERE proname IN "
            "('search_fold', 'search_document', 'search_initials') ORDER BY proname"
        )
        volatility = dict(cursor.fetchall())

    assert (folded, nctc, dis) == ("antonio cao", "NCTC", "DIS")
    assert document == "'mapure':1A 'provincial':2B 'secretary':3B"
    assert volatility == {"search_document": "i", "search_fold": "i", "search_initials": "i"}


def test_connections_take_the_lower_word_similarity_threshold(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW pg_trgm.word_similarity_threshold")
        threshold = cursor.fetchone()[0]
        cursor.execute("SELECT 'natonal' <% search_fold('National Police Service')")
        natonal_matches = cursor.fetchone()[0]

    assert threshold == "0.5"
    assert natonal_matches is True


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("Antonio Mapure", True),  # accents folded
        ("MAPURE antónio", True),  # word order, case
        ("mapur", True),  # a prefix (a substring, for the fallback)
        ("Antonio Xavier", False),  # one of two words is not enough
    ],
)
@pytest.mark.parametrize("engine", [POSTGRESQL, PORTABLE])
def test_both_engines_fold_accents_and_ignore_word_order(administrator, engine, q, found):
    mapure = OfficialFactory(full_name="António Domingos Mapure")
    OfficialFactory(full_name="Someone Else")

    results = list(
        search_kind(
            kind=KINDS_BY_KEY["officials"], query=parse_query(q), user=administrator, engine=engine
        )
    )

    assert (results == [mapure]) is found


def test_only_postgresql_forgives_typos(administrator):
    elungata = OfficialFactory(full_name="John Elungata")
    query = parse_query("Elungatta")
    officials = KINDS_BY_KEY["officials"]

    typo = list(search_kind(kind=officials, query=query, user=administrator, engine=POSTGRESQL))
    fallback = search_kind(kind=officials, query=query, user=administrator, engine=PORTABLE)

    assert typo == [elungata]
    assert not fallback.exists()


@pytest.mark.parametrize("engine", [POSTGRESQL, PORTABLE])
def test_both_engines_match_acronyms(administrator, engine):
    nctc = OrganisationFactory(name="National Counter Terrorism Centre", acronym="NCTC")
    OrganisationFactory(name="National Police Service", acronym="NPS")

    results = list(
        search_kind(
            kind=KINDS_BY_KEY["organisations"],
            query=parse_query("nctc"),
            user=administrator,
            engine=engine,
        )
    )

    assert results == [nctc]


@pytest.mark.parametrize("engine", [POSTGRESQL, PORTABLE])
def test_both_engines_keep_to_the_users_programmes(staff_user, programme, other_programme, engine):
    mine = DelegationFactory(programme=programme, title="Garissa exchange")
    theirs = DelegationFactory(programme=other_programme, title="Garissa study tour")
    for delegation in (mine, theirs):
        ItineraryItemFactory(delegation=delegation, title="Garissa county briefing")
        HighlightFactory(delegation=delegation, text="Garissa county lesson")
        FollowUpFactory(delegation=delegation, description="Garissa county follow-up")

    groups = {
        group.kind.key: group
        for group in search_groups(query=parse_query("garissa"), user=staff_user, engine=engine)
    }

    for key in ("delegations", "items", "highlights", "follow_ups"):
        assert groups[key].total == 1, key
        delegation = getattr(groups[key].objects[0], "delegation", groups[key].objects[0])
        assert delegation == mine, key
