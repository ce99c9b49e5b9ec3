"""Merging duplicates in the directory: no reference is lost, and the history says so.

Every foreign key and many-to-many pointing at Organisation or Official is read from
`_meta`; each must have a row-maker in REFERENCE_ROWS, so a reference a new model adds
fails `test_every_reference_has_a_case` until it is covered here (and then is proved to
move by the merge tests)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.merge import reference_fields
from delegations.models import Delegation, DelegationMember
from itinerary.models import ItineraryItem
from learning.services import directory_merge, directory_merge_plan
from officials.models import Official
from partners.models import Organisation
from tests.factories.accounts import UserFactory
from tests.factories.delegations import (
    DelegationFactory,
    DelegationMemberFactory,
    LegFactory,
    SupportAssignmentFactory,
)
from tests.factories.itinerary import CounterpartFactory, ItineraryItemFactory, SiteFactory
from tests.factories.learning import FollowUpFactory, HighlightFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory, ProgrammeFactory, ProjectFactory
from tests.support.queries import assert_constant_queries


def _item_meeting(org):
    item = ItineraryItemFactory()
    item.organisations.add(org)
    return item


def _sent_by(org):
    delegation = DelegationFactory()
    delegation.sending_organisations.add(org)
    return delegation


def _donor_of(org):
    project = ProjectFactory()
    project.donors.add(org)
    return project


REFERENCE_ROWS = {
    ("partners.Organisation", "parent"): lambda o: OrganisationFactory(parent=o),
    ("partners.Programme", "lead_organisation"): lambda o: ProgrammeFactory(lead_organisation=o),
    ("officials.Official", "organisation"): lambda o: OfficialFactory(organisation=o),
    ("delegations.Delegation", "sending_organisations"): _sent_by,
    ("delegations.Leg", "host_organisation"): lambda o: LegFactory(host_organisation=o),
    ("delegations.Leg", "requested_by"): lambda o: LegFactory(requested_by=o),
    ("delegations.Leg", "arranged_by"): lambda o: LegFactory(arranged_by=o),
    ("partners.Project", "donors"): _donor_of,
    ("delegations.Delegation", "requested_by"): lambda o: DelegationFactory(requested_by=o),
    ("delegations.Delegation", "arranged_by"): lambda o: DelegationFactory(arranged_by=o),
    ("delegations.Delegation", "host_organisation"): lambda o: DelegationFactory(
        host_organisation=o
    ),
    ("itinerary.ItineraryItem", "organisations"): _item_meeting,
    ("itinerary.Site", "organisation"): lambda o: SiteFactory(organisation=o),
    ("learning.FollowUp", "owner_organisation"): lambda o: FollowUpFactory(owner_organisation=o),
    ("delegations.DelegationMember", "official"): lambda o: DelegationMemberFactory(official=o),
    ("delegations.SupportAssignment", "official"): lambda o: SupportAssignmentFactory(official=o),
    ("itinerary.Counterpart", "official"): lambda o: CounterpartFactory(official=o),
    ("learning.Highlight", "speaker"): lambda o: HighlightFactory(speaker=o),
    ("learning.FollowUp", "owner_official"): lambda o: FollowUpFactory(owner_official=o),
}


def keys(model) -> set[tuple[str, str]]:
    return {(ref.model._meta.label, ref.name) for ref in reference_fields(model)}


def test_every_reference_has_a_case():
    covered = set(REFERENCE_ROWS)
    assert keys(Organisation) | keys(Official) <= covered, "a new reference needs a case"


def pointing_at(obj) -> int:
    return sum(
        ref.model._default_manager.filter(**{ref.name: obj}).count()
        for ref in reference_fields(type(obj))
    )


@pytest.mark.parametrize("model", [Organisation, Official])
def test_merge_moves_every_reference_and_deletes_the_duplicate(model, administrator):
    factory = OrganisationFactory if model is Organisation else OfficialFactory
    duplicate, target = factory(), factory()
    for key in sorted(keys(model)):
        REFERENCE_ROWS[key](duplicate)
    count = pointing_at(duplicate)
    assert count == len(keys(model))

    directory_merge(duplicate=duplicate, target=target, actor=administrator)

    assert not model.objects.filter(pk=duplicate.pk).exists()
    assert pointing_at(target) == count
    for ref in reference_fields(model):
        assert ref.model._default_manager.filter(**{ref.name: duplicate.pk}).count() == 0


def test_merge_history_names_who_merged_what_into_what(administrator):
    duplicate = OrganisationFactory(name="I.O.M. Kenya")
    target = OrganisationFactory(name="IOM Kenya")
    delegation = DelegationFactory(host_organisation=duplicate)

    directory_merge(duplicate=duplicate, target=target, actor=administrator)

    row = Delegation.history.filter(id=delegation.pk).latest("history_date")
    assert row.history_user == administrator
    assert "I.O.M. Kenya" in row.history_change_reason
    assert "IOM Kenya" in row.history_change_reason
    gone = Organisation.history.filter(id=duplicate.pk).latest("history_date")
    assert gone.history_type == "-" and gone.history_user == administrator
    kept = Organisation.history.filter(id=target.pk).latest("history_date")
    assert "I.O.M. Kenya" in kept.history_change_reason


def test_merge_into_an_approved_delegation_is_a_logged_correction(administrator):
    duplicate, target = OfficialFactory(), OfficialFactory()
    member = DelegationMemberFactory(official=duplicate, delegation__locked=True)
    version = member.delegation.version

    plan = directory_merge_plan(duplicate=duplicate, target=target)
    assert [move.correction for move in plan.moves] == [True]
    directory_merge(duplicate=duplicate, target=target, actor=administrator)

    member.refresh_from_db()
    member.delegation.refresh_from_db()
    assert member.official == target
    assert member.delegation.locked and member.delegation.version == version
    row = DelegationMember.history.filter(id=member.pk).latest("history_date")
    assert row.history_change_reason.startswith("Correction after approval")


def test_merge_drops_a_row_the_target_already_has(administrator):
    duplicate, target = OfficialFactory(), OfficialFactory()
    delegation = DelegationFactory()
    DelegationMemberFactory(delegation=delegation, official=duplicate)
    DelegationMemberFactory(delegation=delegation, official=target)
    item = ItineraryItemFactory(delegation=delegation)

    directory_merge(duplicate=duplicate, target=target, actor=administrator)

    assert list(delegation.members.values_list("official", flat=True)) == [target.pk]
    assert item.pk  # nothing else touched


def test_merge_page_lists_references_by_model_and_delegation_then_merges(admin_client):
    duplicate = OrganisationFactory(name="I.O.M. Kenya")
    target = OrganisationFactory(name="IOM Kenya")
    delegation = DelegationFactory(title="Mombasa port visit", host_organisation=duplicate)
    item = _item_meeting(duplicate)
    url = reverse("admin:partners_organisation_merge", args=[duplicate.pk])

    preview = admin_client.get(url, {"into": target.pk})
    body = preview.content.decode()
    assert "Mombasa port visit" in body and item.title in body
    assert "organisations met" in body.lower()

    response = admin_client.post(url, {"into": target.pk, "confirm": "1"})

    assert response.status_code == 302
    delegation.refresh_from_db()
    assert delegation.host_organisation == target
    assert list(ItineraryItem.objects.get(pk=item.pk).organisations.all()) == [target]


def test_merge_page_refuses_merging_into_itself(admin_client):
    org = OrganisationFactory()
    url = reverse("admin:partners_organisation_merge", args=[org.pk])

    response = admin_client.post(url, {"into": org.pk, "confirm": "1"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Organisation.objects.filter(pk=org.pk).exists()


def test_merge_action_leads_to_the_merge_page(admin_client):
    org = OrganisationFactory()
    response = admin_client.post(
        reverse("admin:partners_organisation_changelist"),
        {"action": "merge_into", "_selected_action": [org.pk]},
    )
    assert response["Location"] == reverse("admin:partners_organisation_merge", args=[org.pk])


def test_possible_duplicates_lists_punctuation_twins(admin_client):
    OrganisationFactory(name="IOM Kenya", country="KE")
    OrganisationFactory(name="I.O.M. Kenya", country="KE")
    OrganisationFactory(name="IOM Kenya", country="UG")

    response = admin_client.get(reverse("admin:partners_organisation_duplicates"))

    assert response.context["pairs"][0][1].name == "I.O.M. Kenya"
    assert len(response.context["pairs"]) == 1


def test_official_duplicates_ignore_titles_and_word_order(admin_client):
    org = OrganisationFactory()
    OfficialFactory(full_name="Noor Gabow", organisation=org)
    OfficialFactory(full_name="Dr Gabow Noor", organisation=org, honorific="")

    response = admin_client.get(reverse("admin:officials_official_duplicates"))

    assert len(response.context["pairs"]) == 1


def test_admin_search_ignores_punctuation_and_accents(admin_client):
    OrganisationFactory(name="IOM Kenya")
    OrganisationFactory(name="Ministério da Saúde")
    url = reverse("admin:partners_organisation_changelist")

    assert "IOM Kenya" in admin_client.get(url, {"q": "I.O.M."}).content.decode()
    assert "Ministério da Saúde" in admin_client.get(url, {"q": "saude"}).content.decode()


def test_admin_add_form_warns_of_a_likely_duplicate(admin_client):
    OrganisationFactory(name="IOM Kenya", country="KE")
    url = reverse("admin:partners_organisation_add")
    data = {"name": "I.O.M. Kenya", "acronym": "", "kind": "international", "country": "KE"}

    warned = admin_client.post(url, data)
    assert "Likely already there" in warned.content.decode()
    assert Organisation.objects.count() == 1

    admin_client.post(url, {**data, "confirm_different": "on"})
    assert Organisation.objects.count() == 2


def test_deleting_an_organisation_met_on_an_item_is_refused_and_says_where(admin_client):
    org = OrganisationFactory()
    item = _item_meeting(org)
    url = reverse("admin:partners_organisation_delete", args=[org.pk])

    page = admin_client.get(url).content.decode()
    assert item.title in page and item.delegation.title in page

    admin_client.post(url, {"post": "yes"})
    assert Organisation.objects.filter(pk=org.pk).exists()
    assert list(item.organisations.all()) == [org]


@pytest.mark.parametrize("kind", ["members", "quotes", "items"])
def test_merge_page_queries_do_not_grow_with_references(admin_client, kind):
    duplicate, target = OfficialFactory(), OfficialFactory()
    HighlightFactory(speaker=duplicate)
    DelegationMemberFactory(official=duplicate)
    CounterpartFactory(official=duplicate)
    url = reverse("admin:officials_official_merge", args=[duplicate.pk]) + f"?into={target.pk}"
    makers = {
        "members": lambda: DelegationMemberFactory(official=duplicate),
        "quotes": lambda: HighlightFactory(speaker=duplicate),
        "items": lambda: CounterpartFactory(official=duplicate),
    }

    assert_constant_queries(admin_client, url, lambda n: [makers[kind]() for _ in range(n)], more=3)


def test_organisations_possible_duplicates_queries_do_not_grow(admin_client):
    OrganisationFactory(name="IOM Kenya")
    OrganisationFactory(name="I.O.M. Kenya")
    url = reverse("admin:partners_organisation_duplicates")

    def more(n):
        for i in range(n):
            OrganisationFactory(name=f"Port Office {i}")
            OrganisationFactory(name=f"Port-Office {i}.")

    assert_constant_queries(admin_client, url, more, more=3)


def test_merge_carries_the_duplicates_user_account_and_refuses_two(administrator, admin_client):
    account = UserFactory()
    duplicate, target = OfficialFactory(user=account), OfficialFactory()
    page = admin_client.get(
        reverse("admin:officials_official_merge", args=[duplicate.pk]), {"into": target.pk}
    )
    assert "user account goes to" in page.content.decode()

    directory_merge(duplicate=duplicate, target=target, actor=administrator)

    target.refresh_from_db()
    assert target.user == account
    other = OfficialFactory(user=UserFactory())
    with pytest.raises(ValidationError, match="Both have a user account"):
        directory_merge(duplicate=other, target=target, actor=administrator)
    assert Official.objects.filter(pk=other.pk).exists()
