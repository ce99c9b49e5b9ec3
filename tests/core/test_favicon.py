"""The icon: every page links it, and /favicon.ico (asked by pages without the link, such
as the admin's) leads to it instead of a 404 in the log."""

from django.templatetags.static import static


def test_favicon_ico_leads_to_the_icon_for_anyone(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == static("favicon.svg")


def test_pages_link_the_icon(client):
    page = client.get("/accounts/login/").content.decode()

    assert f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">' in page
