"""core.sections: the one registry a page keeps for the sections apps add to it."""

import pytest
from django.db.models import Prefetch

from core.sections import SectionRegistry


def shown(bound) -> list[tuple[str, dict]]:
    return [(section.template_name, section.data) for section in bound]


def test_sections_come_in_order_once_each_and_empty_ones_are_left_out():
    registry = SectionRegistry("page")
    registry.register("b.html", order=20, context=lambda obj, *, user: {"obj": obj, "who": user})
    registry.register("a.html", order=10, context=lambda obj, *, user: {"n": obj * 2})
    registry.register("a.html", order=5, context=lambda obj, *, user: {"twice": True})
    registry.register("empty.html", order=15, context=lambda obj, *, user: None)

    bound = registry.bind(21, user="ana")

    assert [section.template_name for section in registry] == ["a.html", "empty.html", "b.html"]
    assert shown(bound) == [("a.html", {"n": 42}), ("b.html", {"obj": 21, "who": "ana"})]


def test_a_section_without_a_context_function_always_shows_and_reads_the_page_object():
    registry = SectionRegistry("page")
    registry.register("team.html", order=10, prefetch=("members",))

    assert shown(registry.bind(21, user="ana")) == [("team.html", {})]


def test_the_page_queryset_gets_every_sections_prefetch_once_in_order():
    members = Prefetch("members")
    registry = SectionRegistry("page")
    registry.register("b.html", order=20, prefetch=("items__place", members))
    registry.register("a.html", order=10, prefetch=(members,))
    registry.register("c.html", order=30)

    assert registry.prefetch_lookups() == [members, "items__place"]


def test_a_named_section_is_found_by_its_name_and_binds_alone():
    registry = SectionRegistry("page")
    registry.register("a.html", order=10, context=lambda obj, *, user: {"n": obj})
    objectives = registry.register(
        "objectives.html",
        order=20,
        context=lambda obj, *, user: {"obj": obj},
        name="objectives",
        url_name="delegations:detail",
        anchor="learning-objectives",
    )

    assert registry["objectives"] is objectives
    bound = objectives.bind(7, user="ana")
    assert (bound.name, bound.template_name, bound.data) == (
        "objectives",
        "objectives.html",
        {"obj": 7},
    )
    assert objectives.anchor == "learning-objectives"
    with pytest.raises(KeyError):
        registry["highlights"]
    with pytest.raises(KeyError):
        registry[""]  # an unnamed section is not found by the empty name


def test_a_name_is_unique_in_a_page_and_registering_a_template_again_keeps_the_first():
    registry = SectionRegistry("page")
    first = registry.register("a.html", order=10, name="a")

    assert registry.register("a.html", order=99, name="other") is first
    with pytest.raises(ValueError, match="already has a section named 'a'"):
        registry.register("b.html", order=20, name="a")
    assert [section.template_name for section in registry] == ["a.html"]


def test_a_section_alone_answers_at_its_url_for_the_object():
    registry = SectionRegistry("page")
    section = registry.register("a.html", order=10, name="a", url_name="delegations:detail")

    class Page:
        pk = 12

    assert section.url(Page()) == "/delegations/12/"


def test_each_bound_section_tells_its_region_for_a_page_of_columns():
    registry = SectionRegistry("page")
    registry.register("main.html", order=10, region="main")
    registry.register("aside.html", order=20, region="aside")

    assert [section.region for section in registry.bind(1, user="ana")] == ["main", "aside"]


def test_a_page_of_columns_binds_its_sections_by_region_each_region_present():
    registry = SectionRegistry("page")
    registry.register("people.html", order=5, region="aside")
    registry.register("later.html", order=20, region="main", context=lambda obj, *, user: None)
    registry.register("first.html", order=10, region="main")
    registry.register("note.html", order=30, region="foot", context=lambda obj, *, user: None)

    regions = registry.bind_regions(1, user="ana")

    assert {region: shown(bound) for region, bound in regions.items()} == {
        "aside": [("people.html", {})],
        "main": [("first.html", {})],
        "foot": [],
    }
