"""English, Portuguese and French: the switch, remembered on the profile; a first visit
that follows the browser; dates and country names in the reader's language; the report
in any language whatever the interface's (issue 14)."""

import io

import pypdf
import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from core.dates import local_date
from delegations.models import Delegation
from tests.factories.delegations import DelegationFactory


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("accept", "lang", "heading"),
    [
        ("pt-PT,pt;q=0.9", "pt", "Iniciar sessão no Exchange"),
        ("pt-MZ", "pt", "Iniciar sessão no Exchange"),
        ("fr-FR,fr;q=0.8,en;q=0.5", "fr", "Se connecter à Exchange"),
        ("de-DE", "en", "Log in to Exchange"),
    ],
)
def test_a_first_visit_follows_the_browser(client, db, accept, lang, heading):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=accept)
    html = page(response)
    assert f'<html lang="{lang}">' in html
    assert heading in html
    assert response["Content-Language"] == lang


def test_the_switch_sits_in_the_navigation_with_each_language_named_in_itself(client, db):
    html = page(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fr"))
    assert f'action="{reverse("set_language")}"' in html
    assert 'lang="pt" title="Português"' in html
    assert 'lang="fr" title="Français"' in html
    assert 'value="fr" lang="fr" title="Français" aria-label="FR Français" aria-pressed="true"' in (
        html
    )


def test_the_choice_is_remembered_on_the_profile_and_wins_over_the_browser(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": reverse("delegations:list")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("delegations:list")
    staff_user.refresh_from_db()
    assert staff_user.language == "fr"

    # Another browser, set to Portuguese, with no language cookie: the profile wins.
    elsewhere = Client()
    elsewhere.force_login(staff_user)
    html = page(elsewhere.get(reverse("delegations:list"), HTTP_ACCEPT_LANGUAGE="pt"))
    assert '<html lang="fr">' in html
    assert "Trouver une délégation" in html


def test_a_visitor_who_is_not_logged_in_keeps_the_choice_in_a_cookie(client, db):
    client.post(reverse("set_language"), {"language": "pt", "next": reverse("login")})
    html = page(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fr"))
    assert '<html lang="pt">' in html


def test_a_language_not_offered_changes_nothing(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("set_language"), {"language": "de", "next": "/"})
    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert staff_user.language == ""
    assert '<html lang="en">' in page(client.get(reverse("delegations:list")))


def test_the_switch_never_leads_off_the_site(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("set_language"), {"language": "pt", "next": "https://evil.example/"}
    )
    assert "evil.example" not in response["Location"]


def test_the_switch_takes_only_posts(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("set_language"), {"language": "pt"}).status_code == 405


@pytest.mark.parametrize(
    ("model", "field", "make"),
    [
        (User, "language", lambda: User.objects.create_user("x@example.org", "pw-123456789")),
        (Delegation, "report_language", DelegationFactory),
    ],
)
def test_only_the_languages_offered_can_be_stored(db, model, field, make):
    row = make()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{field: "de"})


@pytest.mark.parametrize(
    ("lang", "long", "short"),
    [
        ("en", "22 July 2019", "22 Jul 2019"),
        ("pt", "22 de Julho de 2019", "22 Jul 2019"),
        ("fr", "22 juillet 2019", "22 juil. 2019"),
    ],
)
def test_dates_read_in_the_language(lang, long, short):
    import datetime

    day = datetime.date(2019, 7, 22)
    with translation.override(lang):
        assert local_date(day, "j F Y") == long
        assert local_date(day, "j M Y") == short


@pytest.mark.parametrize(
    ("lang", "dates", "countries"),
    [
        ("pt", "22 de Julho de 2019 – 26 de Julho de 2019", ("Moçambique", "Quénia")),
        ("fr", "22 juillet 2019 – 26 juillet 2019", ("Mozambique", "Kenya")),
    ],
)
def test_the_delegation_page_reads_dates_and_countries_in_the_language(
    client, staff_user, programme, lang, dates, countries
):
    delegation = DelegationFactory(programme=programme)
    staff_user.language = lang
    staff_user.save(update_fields=["language"])
    client.force_login(staff_user)
    html = page(client.get(reverse("delegations:detail", args=[delegation.pk])))
    assert dates in html
    for country in countries:
        assert country in html


def test_the_report_reads_in_another_language_inside_an_english_interface(
    client, staff_user, programme
):
    delegation = DelegationFactory(programme=programme, title="Visita de estudo a Mombaça")
    client.force_login(staff_user)
    url = reverse("reports:report", args=[delegation.pk])
    html = page(client.get(url, {"lang": "pt"}))
    assert '<html lang="en">' in html
    assert '<div lang="pt">' in html
    assert "Relatório da delegação" in html
    assert ">Delegations</a>" in html  # the navigation stays in the interface's language
    assert "Visita de estudo a Mombaça" in html  # what people typed stays as typed
    # Each language's PDF link reads in that language.
    assert "PDF em português" in html
    assert "PDF en français" in html


def test_the_report_opens_in_the_delegations_report_language(client, staff_user, programme):
    delegation = DelegationFactory(programme=programme, report_language="fr")
    client.force_login(staff_user)
    url = reverse("reports:report", args=[delegation.pk])
    assert "Rapport de la délégation" in page(client.get(url))
    # A language not offered is ignored, never an error.
    assert "Rapport de la délégation" in page(client.get(url, {"lang": "xx"}))


def test_the_delegation_form_sets_the_report_language(client, staff_user, programme):
    delegation = DelegationFactory(programme=programme)
    client.force_login(staff_user)
    form = client.get(reverse("delegations:update", args=[delegation.pk])).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("destinations", "sending_countries")
    }
    data.update(
        programme=programme.pk,
        sending_countries=["MZ"],
        report_language="pt",
        version=delegation.version,
    )
    response = client.post(reverse("delegations:update", args=[delegation.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    delegation.refresh_from_db()
    assert delegation.report_language == "pt"


@pytest.mark.demo
def test_the_demo_report_pdf_in_portuguese_reads_back_with_portuguese_headings(
    demo_client,
):
    client = demo_client("phss.manager@exchange.example")
    delegation = Delegation.objects.get(programme__code="PHSS")
    response = client.get(reverse("reports:report-pdf", args=[delegation.pk]), {"lang": "pt"})
    assert response.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for heading in ("Relatório da delegação", "Programa da visita", "Membros da delegação"):
        assert heading in text
    assert "Delegation report" not in text
