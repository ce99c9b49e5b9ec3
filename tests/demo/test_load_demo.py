"""load_demo: every fact of the seed story lands in the database.

Every test here reads one shared load (the `delegation` fixture); tests that run the
command themselves are in test_load_demo_runs.py.
"""

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from accounts.models import User
from delegations.enums import MemberRole, PlanningStatus, ReportStatus, SupportRole
from delegations.models import Delegation
from delegations.services import report_missing_pieces
from itinerary.enums import BeneficiaryCategory, CounterpartRole, ItemKind, SiteKind
from itinerary.models import Counterpart, ItineraryItem, Site, Topic
from learning.enums import FollowUpStatus, HighlightKind
from learning.models import FollowUp, Highlight
from officials.enums import Gender
from officials.models import Official
from partners.enums import OrganisationKind, ProgrammeRole
from partners.models import Organisation, Programme
from places.models import Place
from tests.demo.expected import DEMO_EMAILS, ELUNGATA_QUOTE

NAIROBI = ZoneInfo("Africa/Nairobi")


def item_of(delegation: Delegation, kind: str, title_part: str = "") -> ItineraryItem:
    return delegation.itinerary_items.get(kind=kind, title__icontains=title_part)


def test_load_demo_records_the_delegation_and_its_context(delegation):
    assert "whole-of-society" in delegation.title
    assert (delegation.start_date, delegation.end_date) == (date(2019, 7, 22), date(2019, 7, 26))
    assert [str(code) for code in delegation.sending_countries] == ["MZ"]
    assert [o.name for o in delegation.sending_organisations.all()] == [
        "Cabo Delgado Provincial Government"
    ]
    assert delegation.requested_by.name == "Government of Mozambique"
    assert delegation.arranged_by.name == "IOM Mozambique"
    assert delegation.host_country == "KE"
    assert delegation.host_organisation.name == "IOM Kenya"
    assert {place.name for place in delegation.destinations.all()} == {"Nairobi", "Coast Region"}
    assert delegation.status == PlanningStatus.COMPLETED
    for phrase in (
        "technical assistance to an IOM Member State",
        "comprehensive response to the effects of violent extremism",
        "learn from Kenya's long experience",
        "beyond humanitarian assistance",
        "youth",
    ):
        assert phrase.lower() in delegation.purpose.lower()
    for phrase in ("about 50,000 individuals", "2017 attacks", "Foreign fighters", "judicial"):
        assert phrase in delegation.background


def test_load_demo_records_phss_and_its_lead(delegation):
    phss = delegation.programme
    assert (phss.code, phss.name) == ("PHSS", "Programme for Human Security and Stabilization")
    assert phss.lead_organisation.acronym == "IOM"
    assert (phss.start_year, phss.start_note) == (2014, "since 2014")
    assert "185" in phss.description and "NCTC" in phss.description


def test_load_demo_builds_the_organisation_trees(delegation):
    iom = Organisation.objects.get(acronym="IOM")
    assert (iom.kind, iom.country, iom.parent) == (OrganisationKind.INTERNATIONAL, "", None)
    iom_kenya = Organisation.objects.get(name="IOM Kenya")
    assert (iom_kenya.parent, iom_kenya.country) == (iom, "KE")
    assert Organisation.objects.get(name="IOM Mombasa sub-office").parent == iom_kenya
    aps = Organisation.objects.get(name="Administration Police Service")
    assert aps.parent.name == "National Police Service"
    for service in (aps, aps.parent):
        assert (service.kind, service.country) == (OrganisationKind.SECURITY, "KE")
    mission = Organisation.objects.get(name="High Commission of Mozambique in Kenya")
    assert (mission.kind, mission.country, mission.place.name) == (
        OrganisationKind.DIPLOMATIC,
        "MZ",
        "Nairobi",
    )
    assert Organisation.objects.filter(name__icontains="Regional Security Committees").exists()
    assert Organisation.objects.get(acronym="NCTC").parent.name == "Office of the President"


def test_load_demo_places_the_coast_counties_and_sites(delegation):
    coast = Place.objects.get(name="Coast Region", parent__name="Kenya")
    assert set(coast.children.values_list("name", flat=True)) == {
        "Mombasa County",
        "Kwale County",
        "Kilifi County",
    }
    assert set(Place.objects.filter(country="KE").values_list("timezone", flat=True)) == {
        "Africa/Nairobi"
    }
    bongwe = Site.objects.get(name="Bongwe Secondary School")
    assert (bongwe.kind, bongwe.place.name) == (SiteKind.SCHOOL, "Kwale County")
    jitoni = Site.objects.get(name="Jitoni Resource Center")
    assert jitoni.kind == SiteKind.RESOURCE_CENTRE
    assert "uncertain" in jitoni.description.lower()


@pytest.mark.parametrize(
    ("honorific", "name", "position", "role", "gender"),
    [
        (
            "Mr",
            "António Domingos Mapure",
            "Provincial Permanent Secretary of Cabo Delgado",
            MemberRole.HEAD,
            Gender.MALE,
        ),
        (
            "Mr",
            "Diamantino Mateus Momade Abudala",
            "Advisor to the provincial governor for Social Area, Governance and Public "
            "Administration",
            MemberRole.MEMBER,
            Gender.MALE,
        ),
        (
            "Ms",
            "Nice Leonor Diogo Correia",
            "Provincial Director of Economy and Finance",
            MemberRole.MEMBER,
            Gender.FEMALE,
        ),
        (
            "Mr",
            "Alvaro Floriano Goncalves Junior",
            "Provincial Director of Justice, Constitutional and Religious Affairs",
            MemberRole.MEMBER,
            Gender.MALE,
        ),
    ],
)
def test_load_demo_records_each_member(delegation, honorific, name, position, role, gender):
    member = delegation.members.select_related("official").get(official__full_name=name)
    assert (member.role, member.position) == (role, position)
    official = member.official
    assert (official.honorific, official.position, official.gender) == (
        honorific,
        position,
        gender,
    )
    assert official.organisation.name == "Cabo Delgado Provincial Government"
    assert official.country == "MZ"


def test_load_demo_has_four_members_and_one_head(delegation):
    assert delegation.members.count() == 4
    head = delegation.members.get(role=MemberRole.HEAD)
    assert head.official.full_name == "António Domingos Mapure"
    assert delegation.members.order_by("order").first() == head


def test_load_demo_records_the_high_commissioner_as_a_counterpart(delegation):
    call = item_of(delegation, ItemKind.COURTESY_CALL)
    link = call.counterpart_links.get()
    official = link.official
    assert (official.honorific, official.full_name) == ("H.E.", "Lidiba Constantino Lidimba")
    assert official.position == "Mozambique High Commissioner to Kenya"
    assert official.gender == Gender.NOT_RECORDED
    assert official.organisation.name == "High Commission of Mozambique in Kenya"
    assert list(call.organisations.all()) == [official.organisation]


def test_load_demo_records_the_iom_kenya_briefing(delegation):
    briefing = item_of(delegation, ItemKind.BRIEFING, "IOM Kenya")
    presenter = briefing.counterpart_links.get(role=CounterpartRole.PRESENTER).official
    assert (presenter.honorific, presenter.full_name) == ("Mr", "Ferdinand Paredes")
    assert "Acting Chief of Mission" in presenter.position
    for fact in (
        "2014",
        "185 amnestied returnees",
        "Office of the President",
        "National Counter Terrorism Centre (NCTC) in 2017",
        "leadership and ownership of the Kenya government",
        "reintegration for individual returnees",
        "revitalization of affected communities",
        "county action planning",
        "border security management",
        "information, counselling and referral services (ICRS)",
    ):
        assert fact in briefing.summary
    figures = Highlight.objects.filter(item=briefing, kind=HighlightKind.KEY_FIGURE)
    assert (
        figures.filter(text__contains="185", speaker=presenter)
        .filter(text__contains="2014")
        .exists()
    )
    assert figures.filter(text__contains="NCTC").filter(text__contains="2017").exists()


def test_load_demo_records_the_displacement_figure(delegation):
    figure = delegation.highlights.get(kind=HighlightKind.KEY_FIGURE, text__contains="50,000")
    assert figure.speaker.full_name == "António Domingos Mapure"


def test_load_demo_records_the_administration_police_meeting(delegation):
    meeting = item_of(delegation, ItemKind.MEETING, "Administration Police")
    links = meeting.counterpart_links.select_related("official")
    assert {(link.official.display_name, link.role) for link in links} == {
        ("Mr Noor Gabow", CounterpartRole.REPRESENTED),
        ("Dr Mark Leruk", CounterpartRole.REPRESENTED),
    }
    assert [org.name for org in meeting.organisations.all()] == ["Administration Police Service"]
    assert set(meeting.topics.values_list("slug", flat=True)) == {
        "community-policing",
        "local-peace-conflict-management",
        "human-trafficking",
        "cross-border-confidence-building",
    }
    for fact in ("community policing", "local peace and conflict management", "human trafficking"):
        assert fact in meeting.summary


def test_load_demo_records_the_coast_region_counterparts_and_the_quote(delegation):
    meeting = item_of(delegation, ItemKind.MEETING, "Coast Region")
    people = {link.official.full_name: link for link in meeting.counterpart_links.all()}
    assert people["John Elungata"].official.position == "Regional Coordinator, Coast Region"
    assert people["Charles Muendo"].official.position == "Assistant Director of Immigration"
    assert meeting.organisations.filter(name__icontains="Regional Security Committees").exists()
    quote = Highlight.objects.get(delegation=delegation, kind=HighlightKind.QUOTE)
    assert quote.text == ELUNGATA_QUOTE
    assert (quote.speaker.full_name, quote.item) == ("John Elungata", meeting)
    plan = item_of(delegation, ItemKind.BRIEFING, "county action plan")
    assert "Mombasa county action plan on prevention of violent extremism" in plan.summary
    assert plan.place.name == "Mombasa"


def test_load_demo_records_the_site_visits(delegation):
    visits = delegation.itinerary_items.filter(kind=ItemKind.SITE_VISIT).select_related("site")
    assert {item.site.name for item in visits} == {
        "Bongwe Secondary School",
        "Jitoni Resource Center",
    }
    assert all(item.place == item.site.place for item in visits)


def test_load_demo_records_the_support_team(delegation):
    team = delegation.support_team.select_related("official__organisation")
    assert {assignment.official.display_name for assignment in team} == {
        "Ms Yoko Fujimura",
        "Mr Sam Cobrado",
        "Mr Bova Nyambu",
        "Ms Mary Mwangi",
        "Ms Hurriet Kabibi",
        "Ms Jacinta Muruanjama",
    }
    roles = [assignment.role for assignment in team]
    assert roles.count(SupportRole.FOCAL_POINT) == 1
    assert set(roles) == {SupportRole.FOCAL_POINT, SupportRole.LOGISTICS, SupportRole.FIELD_SUPPORT}
    assert {a.official.organisation.name for a in team} == {"IOM Mombasa sub-office"}
    assert Official.objects.get(full_name="Bova Nyambu").gender == Gender.MALE
    assert Official.objects.get(full_name="Hurriet Kabibi").gender == Gender.FEMALE


def test_load_demo_records_illustrative_beneficiary_groups(delegation):
    engagement = item_of(delegation, ItemKind.COMMUNITY_ENGAGEMENT)
    groups = list(engagement.beneficiary_groups.prefetch_related("origins"))
    assert {group.category for group in groups} == {
        BeneficiaryCategory.PROGRAMME_BENEFICIARIES,
        BeneficiaryCategory.SMALL_BUSINESS,
        BeneficiaryCategory.YOUTH_LEADERS,
    }
    origins = {place.name for group in groups for place in group.origins.all()}
    assert origins == {"Mombasa County", "Kwale County", "Kilifi County"}
    for group in groups:
        assert group.illustrative
        assert "illustrative" in group.description
        assert group.total == group.female + group.male + group.other > 0
        assert 0 < group.youth <= group.total


def test_load_demo_links_topics_objectives_and_items(delegation):
    assert set(Topic.objects.values_list("slug", flat=True)) >= {
        "community-policing",
        "local-peace-conflict-management",
        "human-trafficking",
        "cross-border-confidence-building",
        "county-action-planning",
        "border-security-management",
        "icrs",
        "reintegration",
    }
    objectives = delegation.learning_objectives.select_related("topic")
    assert objectives.count() >= 5
    for objective in objectives:
        assert objective.topic is not None
        assert objective.itinerary_items.exists(), objective.description


def test_load_demo_records_the_follow_up_and_the_lesson(delegation):
    follow_up = FollowUp.objects.get(delegation=delegation)
    assert follow_up.status == FollowUpStatus.PROPOSED
    assert "follow-up exchange with youth leaders" in follow_up.description
    assert follow_up.item.kind == ItemKind.COMMUNITY_ENGAGEMENT
    assert (
        delegation.highlights.filter(kind=HighlightKind.LESSON, text__icontains="critical role")
        .filter(text__icontains="community processes")
        .exists()
    )


def test_load_demo_writes_the_report_narrative_and_keeps_it_draft(delegation):
    report = delegation.report
    assert report.status == ReportStatus.DRAFT
    assert "Cabo Delgado" in report.summary and "22 to 26 July 2019" in report.summary
    assert "185" in report.key_learnings and "community processes" in report.key_learnings.lower()
    assert "youth leaders" in report.recommendations
    assert report.last_edited_by.email == "admin@exchange.example"
    assert report_missing_pieces(delegation) == []  # ready for the demo review flow


def test_load_demo_lays_out_an_illustrative_itinerary_in_nairobi_time(delegation):
    items = list(delegation.itinerary_items.select_related("place", "origin", "destination"))
    assert all(item.illustrative for item in items)
    for item in items:
        for moment in (item.starts_at, item.ends_at):
            assert date(2019, 7, 22) <= moment.astimezone(NAIROBI).date() <= date(2019, 7, 26)
        assert item.ends_at > item.starts_at
        where = item.place or item.origin
        assert where.timezone == "Africa/Nairobi"
    assert items[0].kind == ItemKind.ARRIVAL and items[0].place.name == "Nairobi"
    assert items[-1].kind == ItemKind.DEPARTURE
    kinds = {item.kind for item in items}
    assert kinds >= {
        ItemKind.ARRIVAL,
        ItemKind.BRIEFING,
        ItemKind.COURTESY_CALL,
        ItemKind.MEETING,
        ItemKind.TRAVEL,
        ItemKind.SITE_VISIT,
        ItemKind.COMMUNITY_ENGAGEMENT,
        ItemKind.DEBRIEF,
        ItemKind.DEPARTURE,
    }
    travel = next(item for item in items if item.kind == ItemKind.TRAVEL)
    assert (travel.origin.name, travel.destination.name) == ("Nairobi", "Mombasa")
    starts = [item.starts_at for item in items]
    assert all(a.tzinfo is not None for a in starts)


def test_load_demo_creates_the_demo_users(delegation):
    users = {user.email: user for user in User.objects.filter(email__in=DEMO_EMAILS)}
    assert set(users) == DEMO_EMAILS
    assert users["admin@exchange.example"].is_administrator
    assert users["admin@exchange.example"].is_staff
    phss = Programme.objects.get(code="PHSS")
    other = Programme.objects.exclude(pk=phss.pk).get()
    expected = {
        "phss.staff@exchange.example": {(phss, ProgrammeRole.STAFF)},
        "phss.manager@exchange.example": {(phss, ProgrammeRole.MANAGER)},
        "lmd.staff@exchange.example": {(other, ProgrammeRole.STAFF)},
    }
    for email, memberships in expected.items():
        user = users[email]
        assert not user.is_administrator
        assert {(m.programme, m.role) for m in user.memberships.all()} == memberships


def test_load_demo_counterparts_keep_their_position_at_the_time(delegation):
    link = Counterpart.objects.get(official__full_name="Ferdinand Paredes")
    assert link.position == "Acting Chief of Mission, IOM Kenya"


def test_load_demo_history_names_the_demo_administrator(delegation):
    admin = User.objects.get(email="admin@exchange.example")
    assert set(delegation.history.values_list("history_user", flat=True)) == {admin.pk}
    item = delegation.itinerary_items.first()
    assert set(item.history.values_list("history_user", flat=True)) == {admin.pk}
    assert Place.history.filter(history_user=admin).count() == Place.objects.count()


def test_load_demo_keeps_the_story_photo_credit_with_a_real_image(delegation):
    photo = delegation.attachments.get()
    assert (photo.kind, photo.credit, photo.content_type) == ("photo", "Photo: IOM", "image/png")
    assert photo.item.site.name == "Bongwe Secondary School"
    assert "placeholder" in photo.caption
    assert photo.file.name.startswith(f"attachments/{delegation.pk}/")
    assert "bongwe" not in photo.file.name  # stored under a generated name
    with photo.file.open("rb") as stored, Image.open(stored) as image:
        assert (image.format, image.size) == ("PNG", (640, 400))
    assert photo.size > 0
