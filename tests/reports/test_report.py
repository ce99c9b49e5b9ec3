"""The delegation report page (reports:report) and its participation figures."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from delegations.enums import MemberRole, ReportStatus
from delegations.models import Delegation
from learning.enums import HighlightKind
from officials.enums import Gender
from reports import figures
from reports.selectors import learning_chain, organisations_engaged, report_delegation_queryset
from tests.factories.accounts import AdministratorFactory
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import (
    BeneficiaryGroupFactory,
    CounterpartFactory,
    ItineraryItemFactory,
    TopicFactory,
)
from tests.factories.learning import (
    AttachmentFactory,
    FollowUpFactory,
    HighlightFactory,
    LearningObjectiveFactory,
)
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory
from tests.factories.places import PlaceFactory
from tests.support.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def report_url(delegation) -> str:
    return reverse("reports:report", args=[delegation.pk])


def text_of(response) -> str:
    """The page as one line of text, tags removed, so facts split across tags still match."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


# --- The demo story -----------------------------------------------------------------------------

STORY_FACTS = [
    "António Domingos Mapure",
    "Provincial Permanent Secretary",
    "Diamantino Mateus Momade Abudala",
    "Nice Leonor Diogo Correia",
    "Provincial Director of Economy and Finance",
    "Alvaro Floriano Goncalves Junior",
    "Provincial Director of Justice",
    "Lidiba Constantino Lidimba",
    "High Commissioner",
    "Ferdinand Paredes",
    "Acting Chief of Mission",
    "185",
    "2014",
    "NCTC",
    "2017",
    "Administration Police Service",
    "National Police Service",
    "Noor Gabow",
    "Mark Leruk",
    "Mombasa county action plan",
    "John Elungata",
    "43rd tribe",
    "Charles Muendo",
    "Assistant Director of Immigration",
    "Regional Security Committees",
    "Bongwe Secondary School",
    "Jitoni Resource Cent",
    "Mombasa",
    "Kwale",
    "Kilifi",
    "Yoko Fujimura",
    "Sam Cobrado",
    "Bova Nyambu",
    "Mary Mwangi",
    "Hurriet Kabibi",
    "Jacinta Muruanjama",
    "50,000",
    "foreign fighters",
    "youth leaders",
    "Photo: IOM",
    "Community policing",
    "illustrative",
]


@pytest.fixture
def demo_report(client):
    call_command("load_demo", stdout=io.StringIO())
    delegation = Delegation.objects.get(
        programme__code="PHSS", start_date=datetime.date(2019, 7, 22)
    )
    client.force_login(AdministratorFactory(email="report-reader@example.org"))
    return delegation, client.get(report_url(delegation))


def test_report_of_demo_tells_every_fact_of_the_story(demo_report):
    delegation, response = demo_report
    assert response.status_code == 200
    text = text_of(response).lower()
    missing = [fact for fact in STORY_FACTS if fact.lower() not in text]
    assert missing == []
    # Three illustrative groups from the three counties, counted once under one label.
    figures_text = text_of(response).split("Participation figures")[1]
    assert "Beneficiaries met (3 groups) illustrative counts 16 19 0 — 35 23" in figures_text
    assert "Kilifi County, Kwale County, Mombasa County 16 19 0 35 23" in figures_text
    # The head is marked, and comes first among the members.
    members = re.search(r'id="people-heading".*?</table>', response.content.decode(), re.S)[0]
    assert 'class="report-head"' in members
    assert members.index("Mapure") < members.index("Abudala")
    # Photos come through the permission-checked view.
    photo = delegation.attachments.filter(kind="photo").first()
    assert reverse("learning:attachment-thumbnail", args=[photo.pk]) in response.content.decode()


# --- Scope --------------------------------------------------------------------------------------


def test_report_out_of_programme_answers_404(other_staff_client):
    delegation = DelegationFactory()
    assert other_staff_client.get(report_url(delegation)).status_code == 404


def test_report_anonymous_redirects_to_login(client, programme):
    delegation = DelegationFactory(programme=programme)
    response = client.get(report_url(delegation))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["staff_client", "manager_client"])
def test_report_in_programme_shows_report_read_only(request, who, programme):
    delegation = DelegationFactory(programme=programme, title="Visit to learn")
    response = request.getfixturevalue(who).get(report_url(delegation))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Visit to learn" in content
    assert "Draft" in content
    assert "<form" not in content.split('id="main"')[1]
    assert reverse("itinerary:item-create", args=[delegation.pk]) not in content


def test_report_approved_drops_draft_marker(staff_client, staff_user, programme):
    delegation = DelegationFactory(programme=programme)
    report = delegation.report
    report.status = ReportStatus.APPROVED
    report.submitted_by = staff_user
    report.submitted_at = timezone.now()
    report.save()
    content = staff_client.get(report_url(delegation)).content.decode()
    assert "report-draft-mark" not in content
    assert "Approved" in content


def test_report_escapes_script_in_free_text(staff_client, programme):
    delegation = DelegationFactory(programme=programme, purpose="<script>alert(1)</script>")
    delegation.report.summary = "<script>alert(2)</script>\nSecond line"
    delegation.report.save()
    content = staff_client.get(report_url(delegation)).content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(1)" in content
    assert "&lt;script&gt;alert(2)&lt;/script&gt;<br>Second line" in content


# --- Query count --------------------------------------------------------------------------------


def test_report_queries_constant_with_rows(staff_client, programme):
    delegation = DelegationFactory(programme=programme)
    topic = TopicFactory()
    objective = LearningObjectiveFactory(delegation=delegation, topic=topic)

    def add_rows(n):
        for _ in range(n):
            DelegationMemberFactory(delegation=delegation)
            item = ItineraryItemFactory(delegation=delegation)
            item.organisations.add(OrganisationFactory())
            item.objectives.add(objective)
            item.topics.add(topic)
            CounterpartFactory(item=item)
            group = BeneficiaryGroupFactory(item=item)
            group.origins.add(PlaceFactory())
            HighlightFactory(delegation=delegation, item=item, topic=topic)
            FollowUpFactory(delegation=delegation, objective=objective)
            AttachmentFactory(delegation=delegation)

    add_rows(1)
    assert_constant_queries(staff_client, report_url(delegation), add_rows)


# --- Figures on hand-counted data ---------------------------------------------------------------


def test_figures_members_by_gender_counts_each_member():
    delegation = DelegationFactory()
    for gender in [Gender.MALE, Gender.MALE, Gender.FEMALE, Gender.NOT_RECORDED]:
        DelegationMemberFactory(delegation=delegation, official=OfficialFactory(gender=gender))
    assert figures.members_by_gender(delegation.members.all()) == figures.GenderCount(
        female=1, male=2, other=0, not_recorded=1
    )


def test_figures_counterparts_counted_once_across_items():
    delegation = DelegationFactory()
    woman, man = OfficialFactory(gender=Gender.FEMALE), OfficialFactory(gender=Gender.MALE)
    for _ in range(2):
        item = ItineraryItemFactory(delegation=delegation)
        CounterpartFactory(item=item, official=woman)
        CounterpartFactory(item=item, official=man)
    count = figures.counterparts_by_gender(delegation.itinerary_items.all())
    assert (count.female, count.male, count.total) == (1, 1, 2)


def beneficiaries(delegation):
    loaded = report_delegation_queryset(user=AdministratorFactory()).get(pk=delegation.pk)
    return figures.beneficiary_figures(
        g for item in loaded.itinerary_items.all() for g in item.beneficiary_groups.all()
    )


def test_figures_beneficiaries_sum_known_and_flag_unknown():
    item = ItineraryItemFactory()
    BeneficiaryGroupFactory(item=item, female=5, male=7, other=0, total=12, youth=6)
    BeneficiaryGroupFactory(item=item, female=3, male=None, other=None, total=None, youth=None)
    result = beneficiaries(item.delegation)
    assert result.female == figures.Sum(8, True)
    assert result.male == figures.Sum(7, False)
    assert result.total == figures.Sum(12, False)
    assert result.youth == figures.Sum(6, False)
    assert result.groups == 2


def test_figures_beneficiaries_all_unknown_is_none_not_zero():
    item = ItineraryItemFactory()
    BeneficiaryGroupFactory(item=item, female=None, male=None, other=None, total=None, youth=None)
    result = beneficiaries(item.delegation)
    assert result.total == figures.Sum(None, False)


def test_figures_total_from_counts_when_total_missing():
    item = ItineraryItemFactory()
    BeneficiaryGroupFactory(item=item, female=2, male=3, other=1, total=None, youth=None)
    assert beneficiaries(item.delegation).total == figures.Sum(6, True)


def test_figures_group_of_several_origins_counts_once_under_combined_label():
    item = ItineraryItemFactory()
    mombasa, kwale, kilifi = (PlaceFactory(name=n) for n in ("Mombasa", "Kwale", "Kilifi"))
    several = BeneficiaryGroupFactory(item=item, female=4, male=6, other=0, total=10, youth=3)
    several.origins.add(mombasa, kwale, kilifi)
    alone = BeneficiaryGroupFactory(item=item, female=1, male=1, other=0, total=2, youth=0)
    alone.origins.add(mombasa)
    BeneficiaryGroupFactory(item=item, female=1, male=0, other=0, total=1, youth=1)
    result = beneficiaries(item.delegation)
    rows = {row.label: row.total.value for row in result.by_origin}
    assert rows == {"Kilifi, Kwale, Mombasa": 10, "Mombasa": 2, "Origin not recorded": 1}
    assert sum(rows.values()) == result.total.value == 13


def test_figures_illustrative_flag_carried():
    item = ItineraryItemFactory()
    BeneficiaryGroupFactory(item=item, illustrative=True)
    assert beneficiaries(item.delegation).illustrative is True


def test_report_figures_table_shows_not_recorded(staff_client, programme):
    delegation = DelegationFactory(programme=programme)
    item = ItineraryItemFactory(delegation=delegation)
    BeneficiaryGroupFactory(item=item, female=None, male=None, other=None, total=None, youth=None)
    text = text_of(staff_client.get(report_url(delegation)))
    figures_text = text.split("Participation figures")[1]
    assert "People taking part, by sex" in figures_text
    assert "Beneficiaries met (1 group) not recorded not recorded not recorded" in figures_text


# --- The learning chain and organisations -------------------------------------------------------


def test_learning_chain_links_items_lessons_and_follow_ups():
    delegation = DelegationFactory()
    topic, other_topic = TopicFactory(), TopicFactory()
    objective = LearningObjectiveFactory(delegation=delegation, topic=topic)
    served = ItineraryItemFactory(delegation=delegation, title="Served")
    served.objectives.add(objective)
    ItineraryItemFactory(delegation=delegation, title="Unrelated")
    by_topic = HighlightFactory(delegation=delegation, topic=topic, text="By topic")
    on_item = HighlightFactory(
        delegation=delegation, item=served, topic=other_topic, text="On item"
    )
    HighlightFactory(delegation=delegation, topic=other_topic, text="Elsewhere")
    HighlightFactory(delegation=delegation, topic=topic, kind=HighlightKind.OBSERVATION)
    follow_up = FollowUpFactory(delegation=delegation, objective=objective)
    FollowUpFactory(delegation=delegation)
    loaded = report_delegation_queryset(user=AdministratorFactory()).get(pk=delegation.pk)
    [chain] = learning_chain(loaded)
    assert [entry.item.title for entry in chain.items] == ["Served"]
    assert {lesson.pk for lesson in chain.lessons} == {by_topic.pk, on_item.pk}
    assert chain.follow_ups == [follow_up]


def test_organisations_engaged_grouped_by_kind_with_counterparts():
    delegation = DelegationFactory()
    police = OrganisationFactory(name="Police", kind="security")
    ministry = OrganisationFactory(name="Ministry", kind="government")
    item = ItineraryItemFactory(delegation=delegation)
    item.organisations.add(police)
    CounterpartFactory(
        item=item, official=OfficialFactory(full_name="Officer", organisation=police)
    )
    CounterpartFactory(
        item=item, official=OfficialFactory(full_name="Clerk", organisation=ministry)
    )
    loaded = report_delegation_queryset(user=AdministratorFactory()).get(pk=delegation.pk)
    groups = {
        group.label: {
            e.organisation.name: [c.official.full_name for c in e.counterparts]
            for e in group.engagements
        }
        for group in organisations_engaged(loaded)
    }
    assert groups == {
        "Government": {"Ministry": ["Clerk"]},
        "Security service": {"Police": ["Officer"]},
    }


def test_report_members_head_first(staff_client, programme):
    delegation = DelegationFactory(programme=programme)
    DelegationMemberFactory(
        delegation=delegation, official=OfficialFactory(full_name="Zed Member"), order=0
    )
    DelegationMemberFactory(
        delegation=delegation,
        official=OfficialFactory(full_name="Ann Head"),
        role=MemberRole.HEAD,
        order=5,
    )
    text = text_of(staff_client.get(report_url(delegation)))
    assert text.index("Ann Head") < text.index("Zed Member")
