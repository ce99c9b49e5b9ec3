"""core.sections: the registry a lower app's page keeps for sections of higher apps."""

from core.sections import BoundSection, SectionRegistry


def test_sections_come_in_order_once_each_and_empty_ones_are_left_out():
    registry = SectionRegistry("page")
    registry.register("b.html", order=20, context=lambda obj, *, user: {"obj": obj, "who": user})
    registry.register("a.html", order=10, context=lambda obj, *, user: {"n": obj * 2})
    registry.register("a.html", order=5, context=lambda obj, *, user: {"twice": True})
    registry.register("empty.html", order=15, context=lambda obj, *, user: None)

    bound = registry.bind(21, user="ana")

    assert [section.template_name for section in registry] == ["a.html", "empty.html", "b.html"]
    assert bound == [
        BoundSection("a.html", {"n": 42}),
        BoundSection("b.html", {"obj": 21, "who": "ana"}),
    ]
