"""The delegation list's rows, each written out once in Python, for a template that only
prints them.

Drawn through the template, a row cost more than the rest of the page put together: a
`{% url %}` per row, each date through the `date` filter, a Country object and a
translation for each country named, and `get_status_display`, which evaluates every
label of the field's choices each time (issue 13: the list at most 2.5 times a minimal
view of its rows). Here the link is reversed once, each country and status named once a
page, and the dates written with the very filter the template used.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django_countries import countries

from core.templatetags.dates import date
from delegations.enums import PlanningStatus, ReportStatus
from delegations.models import Delegation

DATES = "j M Y"  # "22 Jul 2019" (core.dates gives each language its form)
_ID = 2_147_483_647  # stands for the row's id in the link reversed once


@dataclass(frozen=True)
class Badge:
    label: str
    css_class: str


@dataclass(frozen=True)
class ListRow:
    delegation: Delegation
    url: str
    dates: str
    sending: str  # the sending countries' names, "Mozambique, Tanzania"
    host: str
    planning: Badge
    report: Badge | None


def list_rows(delegations: Iterable[Delegation]) -> list[ListRow]:
    """The rows of a page of delegations (each with its report), in the active language."""
    link = reverse("delegations:detail", args=[_ID])
    names: dict[str, str] = {}
    badges: dict[tuple[type, str], Badge] = {}

    def name(code: str) -> str:
        if code not in names:
            names[code] = str(countries.name(code)) if code else ""
        return names[code]

    def badge(enum: type[PlanningStatus] | type[ReportStatus], value: str) -> Badge:
        if (enum, value) not in badges:
            status = enum(value)
            badges[enum, value] = Badge(str(status.label), status.badge_class)
        return badges[enum, value]

    return [
        ListRow(
            delegation=delegation,
            url=link.replace(str(_ID), str(delegation.pk)),
            dates=f"{date(delegation.start_date, DATES)} – {date(delegation.end_date, DATES)}",
            sending=", ".join(name(country.code) for country in delegation.sending_countries),
            host=name(delegation.host_country.code),
            planning=badge(PlanningStatus, delegation.status),
            # A delegation made outside the services (an SQL import) may have no report row.
            report=badge(ReportStatus, delegation.report.status)
            if hasattr(delegation, "report")
            else None,
        )
        for delegation in delegations
    ]
