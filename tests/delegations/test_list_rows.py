"""The delegation list's rows, written out in Python (delegations.views.list_rows): the same
words as the template filters and model methods gave, in the reader's language."""

import datetime

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from delegations.enums import PlanningStatus, ReportStatus
from delegations.models import Delegation, Report
from delegations.views.list_rows import list_rows
from tests.factories.delegations import DelegationFactory

# What the list's template wrote for each row before list_rows: the reference.
TEMPLATE = engines["django"].from_string(
    "{% for d in rows %}"
    "{{ d.start_date|date:'j M Y' }} – {{ d.end_date|date:'j M Y' }}|"
    "{% for country in d.sending_countries %}{{ country.name }}"
    "{% if not forloop.last %}, {% endif %}{% endfor %}|{{ d.host_country.name }}|"
    "{{ d.get_status_display }}|{{ d.status_badge_class }}|"
    "{{ d.report.get_status_display }}|{{ d.report.status_badge_class }}\n"
    "{% endfor %}"
)


@pytest.fixture
def delegations(programme):
    DelegationFactory(
        programme=programme,
        sending_countries=["MZ", "TZ"],
        host_country="KE",
        start_date=datetime.date(2019, 7, 22),
        end_date=datetime.date(2019, 8, 2),
        status=PlanningStatus.CONFIRMED,
    )
    second = DelegationFactory(
        programme=programme,
        sending_countries=["KE"],
        host_country="MZ",
        start_date=datetime.date(2020, 2, 1),
        end_date=datetime.date(2020, 2, 5),
    )
    Report.objects.filter(delegation=second).update(status=ReportStatus.CHANGES_REQUESTED)
    return list(Delegation.objects.select_related("programme", "report").order_by("pk"))


def written(rows) -> str:
    return "".join(
        f"{row.dates}|{row.sending}|{row.host}|{row.planning.label}|{row.planning.css_class}|"
        f"{row.report.label}|{row.report.css_class}\n"
        for row in rows
    )


@pytest.mark.parametrize("language", ["en", "pt", "fr"])
def test_rows_say_what_the_template_said_in_each_language(delegations, language):
    with translation.override(language):
        rows = written(list_rows(delegations))
        assert rows == TEMPLATE.render({"rows": delegations})
    if language != "en":  # the words are the language's own: months, countries, statuses
        with translation.override("en"):
            assert rows != written(list_rows(delegations))


def test_rows_read_as_expected_in_english(delegations):
    with translation.override("en"):
        first, second = list_rows(delegations)
    assert first.dates == "22 Jul 2019 – 2 Aug 2019"
    assert (first.sending, first.host) == ("Mozambique, Tanzania", "Kenya")
    assert (first.planning.label, second.report.label) == ("Confirmed", "Changes requested")
    assert first.planning.css_class == PlanningStatus.CONFIRMED.badge_class
    assert first.delegation is delegations[0]


def test_each_row_links_to_its_own_delegation(programme):
    DelegationFactory(programme=programme)
    delegation = Delegation.objects.select_related("report").get()
    for pk in (delegation.pk, 7, 2_147_483_646):  # ids of any length
        delegation.pk = pk
        assert list_rows([delegation])[0].url == reverse("delegations:detail", args=[pk])


def test_no_rows_for_no_delegations():
    assert list_rows([]) == []


def test_a_delegation_without_a_report_row_is_listed_without_a_report_badge(
    client, staff_user, programme
):
    """Made outside the services (an SQL import, a script): no report row. The list shows
    it, with its planning status and an empty report cell, never a 500."""
    Delegation.objects.create(
        title="Imported visit",
        programme=programme,
        sending_countries=["UG"],
        host_country="NL",
        start_date="2025-05-11",
        end_date="2025-05-15",
    )
    (row,) = list_rows(Delegation.objects.select_related("report"))
    assert row.report is None and row.planning.label
    client.force_login(staff_user)
    response = client.get(reverse("delegations:list"))
    assert response.status_code == 200
    assert "Imported visit" in response.content.decode()
