"""Where people find the report, its review and the exports: the delegation page, the
list and the navigation."""

from django.urls import reverse
from django.utils import timezone

from tests.factories.delegations import DelegationFactory


def test_delegation_page_links_the_report_review_exports_and_a_working_phone_feed(
    staff_client, programme, client
):
    today = timezone.localdate()  # a visit that ends today: its feed works
    delegation = DelegationFactory(programme=programme, start_date=today, end_date=today)
    html = staff_client.get(reverse("delegations:detail", args=[delegation.pk])).content.decode()
    for url_name in (
        "reports:report",
        "reports:report-pdf",
        "reports:review",
        "reports:export-xlsx",
        "reports:itinerary-ics",
        "reports:itinerary-csv",
    ):
        assert f'href="{reverse(url_name, args=[delegation.pk])}"' in html
    feed = html.split('id="itinerary-feed-url" type="text" readonly value="', 1)[1].split('"')[0]
    assert feed.startswith("http://testserver/reports/feeds/")
    client.logout()
    response = client.get(feed.removeprefix("http://testserver"))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"BEGIN:VCALENDAR" in body


def test_list_exports_carry_the_list_filters_and_the_navigation_names_reports(staff_client):
    html = staff_client.get(reverse("delegations:list"), {"status": "draft"}).content.decode()
    assert f'href="{reverse("reports:delegations-xlsx")}?status=draft"' in html
    assert f'href="{reverse("reports:delegations-csv")}?status=draft"' in html
    assert f'href="{reverse("reports:dashboard")}"' in html
