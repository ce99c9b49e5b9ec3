"""Sections: how an app adds a part to a page, including a page of a lower app.

A page that shows facts of several apps (the delegation page: its team, report, itinerary,
objectives, highlights...; an organisation's page: the delegations it hosted; a person's
page: the delegations they were part of; a topic's page) keeps one `SectionRegistry`. The
app that owns the facts registers a section in it; when that app sits above the page's app
in the layers (docs/architecture.md, "Layers") it does so from its `AppConfig.ready()`, so
the page's app never imports it:

    delegation_sections.register(
        "learning/includes/objectives_section.html",  # what the section renders
        order=20,                                    # its place on the page, smallest first
        prefetch=(Prefetch("learning_objectives", ...),),  # what its template reads
        name="objectives",                           # to re-render it alone (htmx)
        url_name="learning:objectives-section",
    )

A section has, besides its template and order, any of:

- `prefetch`: lookups for the page's own queryset (`registry.prefetch_lookups()`); the
  template then reads the page's object (`delegation.learning_objectives.all`).
- `context`: a function `context(obj, *, user)` that reads what the template shows, for
  this object and this user; the template reads it as `section.data`. It returns None to
  leave the section out (nothing to show). With `paged=True` it is also given the page's
  query string, `context(obj, *, user, params)`, to read its own page number from
  (core.pagination).
- `name` (unique in the registry, `registry[name]`), `url_name` (a URL taking the object's
  pk that answers the section alone, `section.url(obj)`), `anchor` (its element id) and
  `title`: for a section that is edited in place and re-rendered alone through htmx.
- `region`: where on a page of several columns it goes ("main", "aside"); "" otherwise.
  Such a page binds with `registry.bind_regions(...)`, its sections grouped by region.
- `deferred` (with `url_name`): on the page, the section is a placeholder that fetches
  itself from its URL once the page has loaded (htmx); its template renders the placeholder
  when `section.deferred` (bound through the registry) and the whole section when bound
  alone. For a section whose reads are many and not needed to use the page (the delegation
  page's change history): the page's own query count stays small.

The page's view binds the registry to its object, and its template includes the sections:

    context["sections"] = registry.bind(obj, user=request.user, params=request.GET)
    {% for section in sections %}{% include section.template_name %}{% endfor %}

A view that re-renders one section binds only that one (`section.bind(...)`), on the
object read with `section.prefetch`, and renders `section.template_name` with it as
`section`. Either way the page's query count does not grow with rows: a prefetch is one
query per lookup, and a context function reads with select_related/prefetch (a paged list
is a count and one query for the page).
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.urls import reverse

ContextFunction = Callable[..., dict[str, Any] | None]


@dataclass(frozen=True)
class Section:
    """One registered section of a page (see the module's docstring for each field)."""

    template_name: str
    order: int
    context: ContextFunction | None = None
    prefetch: tuple = ()
    paged: bool = False
    name: str = ""
    url_name: str = ""
    anchor: str = ""
    title: Any = ""
    region: str = ""
    deferred: bool = False

    def bind(self, obj, *, user, params: Mapping[str, str] | None = None) -> "BoundSection | None":
        """What the section shows of `obj` to `user`; None when it has nothing to show.
        A section without a context function always shows (its template reads `obj`)."""
        if self.context is None:
            return BoundSection(self, {})
        paging = {"params": params} if self.paged else {}
        data = self.context(obj, user=user, **paging)
        return None if data is None else BoundSection(self, data)

    def url(self, obj) -> str:
        """The URL that answers this section alone for `obj`."""
        return reverse(self.url_name, args=[obj.pk])


@dataclass(frozen=True)
class BoundSection:
    """A section read for one object and one user: what its template shows."""

    section: Section
    data: dict[str, Any]
    on_page: bool = False  # bound for the whole page (registry.bind), not alone

    @property
    def deferred(self) -> bool:
        """On the page, render only the placeholder that fetches the section."""
        return self.on_page and self.section.deferred

    @property
    def template_name(self) -> str:
        return self.section.template_name

    @property
    def name(self) -> str:
        return self.section.name

    @property
    def region(self) -> str:
        return self.section.region


class SectionRegistry:
    """The sections of one page, in order. Registering a template twice keeps the first."""

    def __init__(self, page: str) -> None:
        self.page = page
        self._sections: list[Section] = []

    def register(
        self,
        template_name: str,
        *,
        order: int,
        context: ContextFunction | None = None,
        prefetch=(),
        paged: bool = False,
        name: str = "",
        url_name: str = "",
        anchor: str = "",
        title: Any = "",
        region: str = "",
        deferred: bool = False,
    ) -> Section:
        """Add a section to the page and return it (the one already registered, if its
        template was). A name is unique in the page."""
        for section in self._sections:
            if section.template_name == template_name:
                return section
        if name and any(section.name == name for section in self._sections):
            raise ValueError(f"{self.page} already has a section named {name!r}")
        section = Section(
            template_name,
            order,
            context=context,
            prefetch=tuple(prefetch),
            paged=paged,
            name=name,
            url_name=url_name,
            anchor=anchor,
            title=title,
            region=region,
            deferred=deferred,
        )
        if deferred and not url_name:
            raise ValueError(f"{template_name}: a deferred section needs its url_name")
        self._sections.append(section)
        self._sections.sort(key=lambda registered: registered.order)
        return section

    def __iter__(self) -> Iterator[Section]:
        return iter(list(self._sections))

    def __len__(self) -> int:
        return len(self._sections)

    def __getitem__(self, name: str) -> Section:
        """The section registered under `name`."""
        for section in self._sections:
            if name and section.name == name:
                return section
        raise KeyError(f"{self.page} has no section named {name!r}")

    def prefetch_lookups(self) -> list:
        """Every section's prefetch lookups, each once: for the page's queryset."""
        lookups = [lookup for section in self._sections for lookup in section.prefetch]
        return list(dict.fromkeys(lookups))

    def bind(self, obj, *, user, params: Mapping[str, str] | None = None) -> list[BoundSection]:
        """Every section with what it shows of `obj` to `user`, in order; empty ones left
        out. Paged sections read their page numbers from `params` (the request's GET)."""
        bound = (section.bind(obj, user=user, params=params) for section in self._sections)
        return [replace(section, on_page=True) for section in bound if section is not None]

    def bind_regions(
        self, obj, *, user, params: Mapping[str, str] | None = None
    ) -> dict[str, list[BoundSection]]:
        """`bind`, grouped by region for a page of several columns: every region a section
        is registered in is a key, empty when none of its sections has anything to show."""
        regions: dict[str, list[BoundSection]] = {section.region: [] for section in self._sections}
        for bound in self.bind(obj, user=user, params=params):
            regions[bound.region].append(bound)
        return regions

    def __repr__(self) -> str:
        return f"<SectionRegistry {self.page}: {[s.template_name for s in self._sections]}>"
