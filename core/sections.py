"""Sections that higher apps add to a lower app's page.

An organisation's page (partners) shows the delegations it hosted and the meetings where
it was met, a person's page (officials) the delegations they were part of: facts that
live in higher apps, which the lower app may not import. The lower app keeps a
`SectionRegistry` for its page; a higher app registers, from its `AppConfig.ready()`,
a template and a function that reads what the template shows. The page binds every
registered section to its object and includes the templates in order:

    {% for section in sections %}{% include section.template_name %}{% endfor %}

The template reads `section.data`. A context function returns None to leave its
section out (nothing to show); it reads with select_related/prefetch so the page's query
count does not grow with rows. A section registered with `paged=True` also receives the
page's query string as `params`, to read its own page number from it (core.pagination).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

ContextFunction = Callable[..., dict[str, Any] | None]


@dataclass(frozen=True, order=True)
class Section:
    order: int
    template_name: str
    context: ContextFunction = field(compare=False)
    paged: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class BoundSection:
    """A section read for one object and one user: what its template shows."""

    template_name: str
    data: dict[str, Any]


class SectionRegistry:
    """The sections of one page, in order. Registering a template twice keeps the first."""

    def __init__(self, page: str) -> None:
        self.page = page
        self._sections: list[Section] = []

    def register(
        self, template_name: str, *, order: int, context: ContextFunction, paged: bool = False
    ) -> None:
        """Add a section: `context(obj, user=user)` returns the dict its template reads
        (as `section.data`), or None when it has nothing to show; a paged section's is
        called as `context(obj, user=user, params=query_string)`."""
        if all(section.template_name != template_name for section in self._sections):
            self._sections.append(Section(order, template_name, context, paged))
            self._sections.sort()

    def __iter__(self):
        return iter(list(self._sections))

    def __len__(self) -> int:
        return len(self._sections)

    def bind(self, obj, *, user, params: Mapping[str, str] | None = None) -> list[BoundSection]:
        """Every section with what it shows of `obj` to `user`; empty ones left out. Paged
        sections read their page numbers from `params` (the request's GET)."""
        bound = []
        for section in self._sections:
            paging = {"params": params} if section.paged else {}
            data = section.context(obj, user=user, **paging)
            if data is not None:
                bound.append(BoundSection(section.template_name, data))
        return bound

    def __repr__(self) -> str:
        return f"<SectionRegistry {self.page}: {[s.template_name for s in self._sections]}>"
