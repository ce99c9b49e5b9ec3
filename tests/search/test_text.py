"""The words of a query and the marking of matches: folded alike, always escaped."""

import pytest

from search.text import MAX_WORDS, mark, matched_spans, parse_query, word_matches


@pytest.mark.parametrize(
    ("text", "words", "needed"),
    [
        ("Elungata", ("elungata",), 1),
        ("  António   MAPURE ", ("antonio", "mapure"), 2),
        ("Office of the President", ("office", "president"), 2),
        ("Kenya Police Service National", ("kenya", "police", "service", "national"), 3),
        ("the of", ("the", "of"), 2),  # nothing but small words: kept
        ("H.E. Lidimba", ("he", "lidimba"), 2),
        ("nctc NCTC", ("nctc",), 1),
        ("", (), 0),
    ],
)
def test_parse_query_folds_and_keeps_the_meaningful_words(text, words, needed):
    query = parse_query(text)

    assert query.words == words
    assert query.needed == needed
    assert bool(query) is bool(words)


def test_parse_query_cuts_long_queries():
    query = parse_query(" ".join(f"word{n}" for n in range(50)))

    assert len(query.words) == MAX_WORDS
    assert len(parse_query("x" * 1000).text) == 200


@pytest.mark.parametrize(
    ("token", "word", "matches"),
    [
        ("elungata", "elungatta", True),  # a doubled letter
        ("elungata", "elungta", True),  # a missing letter
        ("policing", "police", False),  # not a prefix, not close enough
        ("police", "pol", True),  # a prefix
        ("mapure", "map", True),
        ("nairobi", "nrb", False),  # short words match only as prefixes
        ("mombasa", "kenya", False),
    ],
)
def test_word_matches_prefixes_and_near_misses(token, word, matches):
    assert word_matches(token, word) is matches


def test_mark_wraps_matches_whatever_the_accents():
    assert mark("Mr António Domingos Mapure", ("antonio",)) == (
        "Mr <mark>António</mark> Domingos Mapure"
    )
    assert mark("ANTONIO", ("antónio",)) == "<mark>ANTONIO</mark>"


def test_mark_escapes_the_text_around_and_inside_marks():
    marked = mark('<script>alert("x")</script> Bold & <b>bolder</b>', ("bold", "script"))

    assert "<script>" not in marked and "<b>" not in marked
    assert marked == (
        "&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; "
        "<mark>Bold</mark> &amp; &lt;b&gt;<mark>bolder</mark>&lt;/b&gt;"
    )


def test_mark_cuts_long_text_around_the_first_match():
    text = " ".join(["filler"] * 60) + " the Makonde brothers " + " ".join(["tail"] * 60)

    marked = mark(text, ("makonde",), limit=80)

    assert marked.startswith("…") and marked.endswith("…")
    assert "<mark>Makonde</mark>" in marked
    assert len(marked) < 120


def test_matched_spans_of_nothing():
    assert matched_spans("", ("x",)) == []
    assert matched_spans("text", ()) == []
    assert mark("", ("x",)) == ""


@pytest.mark.parametrize(
    ("text", "words", "marked"),
    [
        (
            "National Counter Terrorism Centre",
            ("nctc",),
            "<mark>National</mark> <mark>Counter</mark> <mark>Terrorism</mark> <mark>Centre</mark>",
        ),
        # Small words in lower case give no initial, as in the search_initials function.
        (
            "Ministry of Ínterior",
            ("mi",),
            "<mark>Ministry</mark> of <mark>Ínterior</mark>",
        ),
        # Initials that are not the whole query word mark nothing.
        ("National Counter Terrorism Centre", ("nct",), "National Counter Terrorism Centre"),
        ("Administration Police Service", ("ap",), "Administration Police Service"),
    ],
)
def test_mark_marks_the_words_whose_initials_the_query_gave(text, words, marked):
    assert mark(text, words) == marked
