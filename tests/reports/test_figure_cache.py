"""The dashboard's cached figures (reports.figure_cache): after writes through the services
commit, the worker's refresh (run eagerly here) leaves figures equal to a fresh recount
(`programme_figures`), for every scope and filter; stale entries say since when and are
counted again; the page's query count does not grow with the delegations."""

import datetime

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from delegations.enums import PlanningStatus
from delegations.models import Delegation
from delegations.services import (
    delegation_create,
    delegation_set_status,
    delegation_update,
    member_add,
    member_remove,
)
from itinerary.enums import BeneficiaryCategory, CounterpartRole, ItemKind
from itinerary.services import beneficiaries_record, counterpart_add, item_create, item_delete
from learning.enums import FollowUpStatus
from learning.services import followup_create, followup_set_status
from officials.enums import Gender
from officials.services import official_save
from reports.figure_cache import GENERATION, KEY, refresh
from reports.partial_counts import OtherNotRecorded, beneficiaries_other_not_recorded
from reports.programme_figures import figures_scope, programme_figures
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import (
    NAIROBI_MORNING,
    BeneficiaryGroupFactory,
    CounterpartFactory,
    ItineraryItemFactory,
)
from tests.factories.learning import FollowUpFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory
from tests.factories.places import PlaceFactory
from tests.support.queries import queries_for

URL = reverse("reports:dashboard")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what a commit runs once the block is done (the test's own
    transaction never commits): the figures' refresh, queued on commit, runs eagerly."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def snapshot(figures) -> tuple:
    """Every number the figures show (organisations by id and counts)."""
    return (
        figures.years,
        figures.people,
        figures.beneficiary_groups,
        figures.illustrative,
        [(o.pk, o.hosted, o.arranged, o.met, o.engagements) for o in figures.organisations],
        figures.follow_ups,
    )


def shown(client, user, params=None, *, context=False):
    """The dashboard's figures as `user` sees them, and what the view read."""
    client.force_login(user)
    page = client.get(URL, params or {}).context
    if context:
        return page
    return page["figures"], page["figures_counted"]


def assert_matches_recount(client, user, **filters):
    params = {name: getattr(value, "pk", value) for name, value in filters.items()}
    page = shown(client, user, params, context=True)
    recount = programme_figures(user=user, **filters)
    assert snapshot(page["figures"]) == snapshot(recount)
    # The "at least" of groups counted without "other" nor a total, from the same counts.
    scope = figures_scope(user=user, **filters)
    assert page["beneficiaries_other_not_recorded"] == beneficiaries_other_not_recorded(scope)
    return page["figures"], page["figures_counted"]


def _delegation(actor, programme, title, year=2019, **fields):
    return delegation_create(
        actor=actor,
        programme=programme,
        title=title,
        sending_countries=["MZ"],
        host_country="KE",
        start_date=datetime.date(year, 7, 22),
        end_date=datetime.date(year, 7, 26),
        **fields,
    )


def _item(delegation, actor, **fields):
    return item_create(
        delegation=delegation,
        actor=actor,
        kind=ItemKind.MEETING,
        title="Meeting",
        starts_at=NAIROBI_MORNING.replace(year=delegation.start_date.year),
        ends_at=NAIROBI_MORNING.replace(year=delegation.start_date.year)
        + datetime.timedelta(hours=1),
        place=PlaceFactory(),
        **fields,
    )


def test_figures_match_a_recount_after_creating_editing_and_deleting_through_services(
    shared_cache,
    client,
    committed,
    programme,
    other_programme,
    staff_user,
    manager,
    other_staff,
    administrator,
):
    today = timezone.localdate()
    host, met = OrganisationFactory(name="Host Agency"), OrganisationFactory(name="Met Council")
    woman = OfficialFactory(gender=Gender.FEMALE)
    with committed():
        first = _delegation(staff_user, programme, "First", host_organisation=host)
        second = _delegation(staff_user, programme, "Second", year=2020, arranged_by=met)
        elsewhere = _delegation(other_staff, other_programme, "Elsewhere", host_organisation=met)
        member = member_add(delegation=first, official=woman, actor=staff_user)
        member_add(delegation=second, official=OfficialFactory(), actor=staff_user)
        item = _item(first, staff_user, organisations=[met])
        counterpart_add(item=item, official=woman, actor=staff_user, role=CounterpartRole.HOST)
        group = beneficiaries_record(
            item=item,
            actor=staff_user,
            category=BeneficiaryCategory.YOUTH_LEADERS,
            female=3,
            male=4,
            other=0,
            youth=2,
        )
        beneficiaries_record(  # women and men counted, "other" and the total left blank
            item=item,
            actor=staff_user,
            category=BeneficiaryCategory.YOUTH_LEADERS,
            female=5,
            male=6,
        )
        follow_up = followup_create(
            delegation=first,
            actor=staff_user,
            description="Train the trainers",
            status=FollowUpStatus.AGREED,
            due_date=today - datetime.timedelta(days=2),
        )
        followup_create(delegation=elsewhere, actor=other_staff, description="Share the plan")
    figures, counted = assert_matches_recount(client, manager)
    assert figures.delegations == 2 and figures.follow_ups.overdue == 1
    assert shown(client, manager, context=True)["beneficiaries_other_not_recorded"] == (
        OtherNotRecorded(groups=1, people=11)
    )
    # Served from the cache, as the refresh stored it (a live count would be "now").
    assert counted.as_of == cache.get(KEY.format(programme.pk))["computed_at"]
    assert not counted.updating

    with committed():
        delegation_set_status(delegation=first, actor=staff_user, to_status=PlanningStatus.PLANNED)
        followup_set_status(follow_up=follow_up, actor=staff_user, status=FollowUpStatus.DONE)
        beneficiaries_record(item=item, actor=staff_user, group=group, female=10)
        woman.gender = Gender.OTHER  # her sex, on the directory entry
        official_save(official=woman, actor=staff_user)
    figures, _counted = assert_matches_recount(client, manager)
    assert figures.status_totals[1] == 1  # planned
    assert figures.people[0].other.value == 1 and figures.people[2].female.value == 10 + 5

    with committed():
        item_delete(item=item, actor=staff_user)
        member_remove(member=member, actor=staff_user)
        with transaction.atomic():  # as the admin deletes a delegation (its rows cascade)
            Delegation.objects.get(pk=second.pk).delete()
    figures, _counted = assert_matches_recount(client, manager)
    assert figures.delegations == 1 and figures.people[0].total.value == 0
    assert figures.organisations[0].name == "Host Agency"

    # Every scope and filter composes the per-programme entries into the recount's numbers.
    assert_matches_recount(client, other_staff)
    assert_matches_recount(client, staff_user)
    assert_matches_recount(client, administrator)
    assert_matches_recount(client, administrator, programme=other_programme)
    assert_matches_recount(client, administrator, year=2019)


def test_moving_a_delegation_refreshes_both_programmes(
    shared_cache,
    client,
    committed,
    programme,
    other_programme,
    staff_user,
    manager,
    other_staff,
    administrator,
):
    with committed():
        moved = _delegation(administrator, programme, "Moving")
        DelegationMemberFactory(delegation=moved)
    assert shown(client, manager)[0].delegations == 1
    assert shown(client, other_staff)[0].delegations == 0
    with committed():
        delegation_update(
            delegation=moved, actor=administrator, data={"programme": other_programme}
        )
    assert assert_matches_recount(client, manager)[0].delegations == 0
    assert assert_matches_recount(client, other_staff)[0].delegations == 1


def test_a_rolled_back_write_queues_nothing(
    shared_cache, client, committed, programme, staff_user, manager
):
    with committed():
        _delegation(staff_user, programme, "Kept")
    before = cache.get(KEY.format(programme.pk))
    generation = cache.get(GENERATION.format(programme.pk))
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        _delegation(staff_user, programme, "Rolled back")
        raise RuntimeError("the request failed")
    assert cache.get(KEY.format(programme.pk)) == before
    assert cache.get(GENERATION.format(programme.pk)) == generation
    assert assert_matches_recount(client, manager)[0].delegations == 1


def test_stale_figures_say_since_when_and_are_counted_again(
    client, committed, monkeypatch, settings, programme, staff_user, manager
):
    with committed():
        delegation = _delegation(staff_user, programme, "Planned visit")
    stored = cache.get(KEY.format(programme.pk))
    # A change past the services (an SQL import, an erasure's bulk update) leaves no
    # history row: the cached figures do not know of it yet.
    with committed():
        Delegation.objects.filter(pk=delegation.pk).update(status=PlanningStatus.CANCELLED)
    client.force_login(manager)
    response = client.get(URL)
    figures = response.context["figures"]
    recount = programme_figures(user=manager)
    assert snapshot(figures) != snapshot(recount)
    assert figures.status_totals[0] == 1  # still counted as a draft
    as_of = timezone.localtime(stored["computed_at"]).strftime("%H:%M")
    text = response.content.decode()
    assert f"Figures as of {as_of}." in text
    assert "A newer count is on its way" not in text

    # Once the entry is older than DASHBOARD_FIGURES_MAX_AGE, a view shows it one last
    # time, saying a newer count is coming, and queues that count (run eagerly here).
    later = timezone.now() + datetime.timedelta(seconds=settings.DASHBOARD_FIGURES_MAX_AGE + 60)
    monkeypatch.setattr(timezone, "now", lambda: later)
    text = client.get(URL).content.decode()
    assert "A newer count is on its way" in text
    figures, counted = assert_matches_recount(client, manager)
    assert figures.status_totals[4] == 1  # cancelled
    assert counted.as_of == later and not counted.updating


def test_a_flushed_cache_is_counted_during_the_view_and_stored(
    client, committed, programme, staff_user, manager
):
    with committed():
        delegation = _delegation(staff_user, programme, "Counted")
        ItineraryItemFactory(delegation=delegation)
    cache.clear()
    figures, _counted = assert_matches_recount(client, manager)
    assert figures.delegations == 1
    assert cache.get(KEY.format(programme.pk))["counts"]


def test_uncommitted_changes_are_counted_live_in_their_transaction(
    client, committed, programme, staff_user, manager
):
    with committed():
        _delegation(staff_user, programme, "Committed")
    stored = cache.get(KEY.format(programme.pk))
    DelegationFactory(programme=programme)  # in the test's transaction, never committed
    figures, _counted = assert_matches_recount(client, manager)
    assert figures.delegations == 2
    assert cache.get(KEY.format(programme.pk)) == stored  # nothing uncommitted is stored


def test_a_refresh_skips_what_is_counted_and_never_overwrites_a_newer_count(
    shared_cache, committed, programme, staff_user
):
    with committed():
        _delegation(staff_user, programme, "Counted once")
    key = KEY.format(programme.pk)
    assert refresh([programme.pk]) == []  # this generation is counted already
    newer = {**cache.get(key), "generation": cache.get(GENERATION.format(programme.pk)) + 1}
    cache.set(key, newer)  # another worker stored a later count meanwhile
    assert refresh([programme.pk], force=True) == [programme.pk]
    assert cache.get(key) == newer


def _add_delegations(programme, n, today):
    organisation = OrganisationFactory()
    for i in range(n):
        delegation = DelegationFactory(
            programme=programme,
            status=PlanningStatus.values[i % 5],
            start_date=datetime.date(2015 + i % 8, 7, 22),
            end_date=datetime.date(2015 + i % 8, 7, 26),
            host_organisation=OrganisationFactory(),
            arranged_by=organisation,
        )
        DelegationMemberFactory(delegation=delegation, official__gender=Gender.FEMALE)
        item = ItineraryItemFactory(delegation=delegation)
        item.organisations.add(organisation)
        CounterpartFactory(item=item)
        BeneficiaryGroupFactory(item=item)
        FollowUpFactory(delegation=delegation, due_date=today - datetime.timedelta(days=i))


@pytest.mark.parametrize("role", ["manager", "staff", "admin"])
def test_dashboard_queries_are_the_same_with_3_and_with_30_delegations(
    client, committed, programme, other_programme, staff_user, manager, administrator, role
):
    user = {"manager": manager, "staff": staff_user, "admin": administrator}[role]
    client.force_login(user)
    today = timezone.localdate()
    with committed():
        _add_delegations(programme, 3, today)
        _add_delegations(other_programme, 3, today)
    with_3 = queries_for(client, URL)
    with committed():
        _add_delegations(programme, 27, today)
        _add_delegations(other_programme, 27, today)
    assert queries_for(client, URL) == with_3
    figures, _counted = assert_matches_recount(client, user)
    assert figures.delegations == (60 if role == "admin" else 30)
