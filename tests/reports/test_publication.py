"""What leaves the team (learning.publication): the PDF keeps only what may be published
and says what it left out; the internal report page shows everything, marked; quotes name
their speaker as their attribution says."""

import io

import pypdf
import pytest
from django.urls import reverse

from learning.enums import Attribution, Consent, HighlightKind
from learning.publication import publishable, split_publishable
from tests.factories.delegations import DelegationFactory
from tests.factories.learning import AttachmentFactory, HighlightFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory


@pytest.fixture
def delegation(programme):
    delegation = DelegationFactory(programme=programme)
    speaker = OfficialFactory(
        full_name="Halima Boru",
        position="County Commissioner",
        organisation=OrganisationFactory(name="Isiolo County"),
    )
    for text, attribution in (
        ("Named words stay named.", Attribution.NAMED),
        ("Role words keep the role.", Attribution.ROLE),
        ("Nobody's words stay nobody's.", Attribution.ANONYMOUS),
        ("Words for the team alone.", Attribution.NOT_FOR_PUBLICATION),
    ):
        HighlightFactory(
            delegation=delegation,
            kind=HighlightKind.QUOTE,
            text=text,
            speaker=speaker,
            attribution=attribution,
        )
    AttachmentFactory(delegation=delegation, caption="Cleared photo", may_publish=True)
    AttachmentFactory(
        delegation=delegation,
        caption="Children at the centre",
        people_identifiable=True,
        children_present=True,
        consent=Consent.NO,
        may_publish=False,
    )
    return delegation


def pdf_text(response) -> str:
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_pdf_leaves_out_what_may_not_be_published_and_says_so(staff_client, delegation):
    text = pdf_text(staff_client.get(reverse("reports:report-pdf", args=[delegation.pk])))

    assert "Named words stay named." in text and "Halima Boru, County Commissioner" in text
    assert "Role words keep the role." in text and "County Commissioner, Isiolo County" in text
    assert "Nobody's words stay nobody's." in text and "Anonymous" in text
    assert text.count("Halima Boru") == 1  # only the named quote names her
    assert "Words for the team alone." not in text
    assert "Cleared photo" in text and "Children at the centre" not in text
    assert (
        "Left out of this version: 1 photo without the consent or clearance to be "
        "published; 1 quote not for publication." in text
    )


def test_the_internal_page_shows_everything_marked(staff_client, delegation):
    html = staff_client.get(reverse("reports:report", args=[delegation.pk])).content.decode()

    assert "Words for the team alone." in html and "Children at the centre" in html
    assert "Not for publication: no consent recorded" in html
    for label in ("By role only", "Anonymous", "Not for publication"):
        assert label in html
    assert "Left out of this version" not in html


def test_the_internal_page_is_for_readers_of_the_delegation_only(other_staff_client, delegation):
    response = other_staff_client.get(reverse("reports:report", args=[delegation.pk]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_publishable_is_the_one_predicate(delegation):
    records = [*delegation.highlights.all(), *delegation.attachments.all()]

    split = split_publishable(records)

    assert [str(r) for r in split.withheld] == [
        "Quote: Words for the team alone.",
        "Children at the centre",
    ]
    assert all(publishable(r) for r in split.published)
