"""The itinerary: the day-by-day page of a delegation, and the item form with its rows.

An item, its counterparts and its beneficiary groups are validated together and saved
in one transaction by `itinerary.services.item_save`. Nothing is saved unless all is.
"""

from datetime import date, timedelta
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DeleteView, DetailView, FormView

from core.forms import add_service_error
from core.ids import read_id
from core.views import OneObjectMixin, ScopedPermissionMixin, ServiceFormMixin
from delegations.models import Delegation
from delegations.selectors import delegations_for_user
from delegations.views.crumbs import delegation_crumbs
from itinerary.forms import (
    PEOPLE_KINDS,
    BeneficiaryGroupFormSet,
    CounterpartFormSet,
    ItineraryItemForm,
    follows,
)
from itinerary.forms.items import zone_note
from itinerary.models import BeneficiaryGroup, Counterpart, ItineraryItem, Site, Topic
from itinerary.relations import item_relation_prefetch
from itinerary.selectors import (
    items_for_user,
    itinerary_days,
    itinerary_delegation_queryset,
    itinerary_entry,
    itinerary_page_tools,
    organisations_of_delegation,
    places_of_delegation,
)
from itinerary.services import RowChange, RowsRefused, item_delete, item_save
from itinerary.where import item_zones
from places.models import Place

VIEW = "delegations.view_delegation_obj"
CHANGE = "delegations.change_delegation_obj"


def itinerary_crumbs(delegation: Delegation, *more) -> list[tuple[str, str]]:
    """Delegations > the delegation > Itinerary > `more` (the item pages)."""
    return delegation_crumbs(
        delegation, (_("Itinerary"), reverse("itinerary:itinerary", args=[delegation.pk])), *more
    )


class ItineraryView(OneObjectMixin, ScopedPermissionMixin, DetailView):
    """Every day of the visit, empty days included, each item in its local time."""

    permission_required = VIEW
    template_name = "itinerary/itinerary.html"
    context_object_name = "delegation"

    def get_scope(self):
        return itinerary_delegation_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        delegation = self.object
        return super().get_context_data(
            days=itinerary_days(delegation),
            can_edit=self.request.user.has_perm(CHANGE, delegation),
            crumbs=delegation_crumbs(delegation, (_("Itinerary"), "")),
            tools=itinerary_page_tools.bind(delegation, user=self.request.user),
            **kwargs,
        )


def row_changes(formset, rows: dict):
    """The changes a formset's rows ask for, as `item_save` takes them; `rows` learns
    which row form each came from (to put a refusal on it)."""
    for row, remove in formset.rows_to_save():
        change = RowChange(
            row=row.instance if row.instance.pk else None,
            data={} if remove else row.service_fields(),
            remove=remove,
        )
        rows[change] = row
        yield change


class ItemFormView(ScopedPermissionMixin, ServiceFormMixin, FormView):
    """Shared by create and update: the item form, its two formsets, one transaction."""

    permission_required = CHANGE
    template_name = "itinerary/item_form.html"
    form_class = ItineraryItemForm
    success_message = gettext_lazy("Saved “%(title)s”.")
    item: ItineraryItem | None = None

    @cached_property
    def delegation(self) -> Delegation:
        raise NotImplementedError

    def get_permission_object(self):
        return self.delegation

    # --- Forms ----------------------------------------------------------------------------------

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "delegation": self.delegation,
            "item": self.item,
            "organisations": organisations_of_delegation(self.delegation),
            "topics": Topic.objects.order_by("name"),
        }

    @cached_property
    def formsets(self):
        data = self.request.POST if self.request.method == "POST" else None
        parent = self.item or ItineraryItem(delegation=self.delegation)
        places = list(places_of_delegation(self.delegation))
        counterparts = CounterpartFormSet(
            data,
            instance=parent,
            prefix="counterparts",
            queryset=Counterpart.objects.select_related("official__organisation").order_by("pk"),
        )
        groups = BeneficiaryGroupFormSet(
            data,
            instance=parent,
            prefix="groups",
            queryset=BeneficiaryGroup.objects.prefetch_related(
                Prefetch("origins", queryset=Place.objects.select_related("parent"))
            ).order_by("pk"),
            form_kwargs={"places": places},
        )
        return counterparts, groups

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        valid = [form.is_valid(), *(formset.is_valid() for formset in self.formsets)]
        return self.form_valid(form) if all(valid) else self.form_invalid(form)

    # --- Saving ---------------------------------------------------------------------------------

    def perform(self, form):
        """`item_save` decides and saves, in one transaction; a refused row's error goes
        on its row, and the form says nothing was saved."""
        rows = {}  # each change asked for, and the row form that asks it
        counterparts, groups = ([*row_changes(formset, rows)] for formset in self.formsets)
        try:
            return item_save(
                delegation=self.delegation,
                item=self.item,
                actor=self.request.user,
                data=form.item_data(),
                relations=form.relations(),
                expected_version=form.cleaned_data.get("version"),
                counterparts=counterparts,
                groups=groups,
            )
        except RowsRefused as refused:
            for change, error in refused.refusals:
                add_service_error(rows[change], error)
            raise

    def get_success_url(self) -> str:
        return f"{reverse('itinerary:itinerary', args=[self.delegation.pk])}#item-{self.object.pk}"

    # --- Page -----------------------------------------------------------------------------------

    def get_context_data(self, **kwargs):
        counterparts, groups = self.formsets
        if "form" not in kwargs:
            kwargs["form"] = self.get_form()
        form = kwargs["form"]
        return super().get_context_data(
            has_errors=form.is_bound
            and bool(form.errors or any(not formset.is_valid() for formset in self.formsets)),
            people_follow=follows("", *PEOPLE_KINDS),
            delegation=self.delegation,
            item=self.item,
            counterparts=counterparts,
            groups=groups,
            itinerary_url=reverse("itinerary:itinerary", args=[self.delegation.pk]),
            zone_note_url=reverse("itinerary:zone-note", args=[self.delegation.pk]),
            **kwargs,
        )


class ZoneNoteView(OneObjectMixin, ScopedPermissionMixin, DetailView):
    """The item form's zone note for what is typed so far (GET kind, place, site, origin,
    destination, starts_at_0): asked again by htmx as soon as the place or the day
    changes. Ids that name nothing are ignored; a bad date falls back to the first day."""

    permission_required = VIEW

    def get_scope(self):
        return delegations_for_user(user=self.request.user).prefetch_related("destinations")

    def render_to_response(self, context, **response_kwargs):
        delegation = self.object
        query = self.request.GET
        where = {"kind": query.get("kind", "")}
        for name in ("place", "origin", "destination"):
            where[name] = _one(Place.objects, query.get(name))
        where["site"] = _one(Site.objects.select_related("place"), query.get("site"))
        try:
            day = date.fromisoformat(query.get("starts_at_0", ""))
        except ValueError:
            day = delegation.start_date
        note = zone_note(item_zones(where), day=day, destinations=delegation.destinations.all())
        # htmx puts it in the page as HTML: place names are escaped.
        return HttpResponse(escape(note))


def _one(queryset, pk):
    """The row whose primary key `pk` is, or None for anything else (blank, text, "²",
    an id beyond a bigint, gone): core.ids reads it."""
    number = read_id(pk)
    return queryset.filter(pk=number).first() if number is not None else None


class ItemCreateView(ItemFormView):
    @cached_property
    def delegation(self) -> Delegation:
        return get_object_or_404(
            delegations_for_user(user=self.request.user).prefetch_related("destinations"),
            pk=self.kwargs["pk"],
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "day": self.requested_day()}

    def requested_day(self) -> date | None:
        """?day=2019-07-23 from the itinerary's "add on this day" link, if it is one."""
        try:
            day = date.fromisoformat(self.request.GET.get("day", ""))
        except ValueError:
            return None
        first = self.delegation.start_date - timedelta(days=1)
        last = self.delegation.end_date + timedelta(days=1)
        return day if first <= day <= last else None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            crumbs=itinerary_crumbs(self.delegation, (_("Add an item"), "")), **kwargs
        )


class ItemMixin:
    """Views of one item: the item from the user's scope (404 otherwise); the rules judge
    its delegation."""

    def get_item_queryset(self):
        return items_for_user(user=self.request.user)

    @cached_property
    def item(self) -> ItineraryItem:
        return get_object_or_404(self.get_item_queryset(), pk=self.kwargs["pk"])

    @cached_property
    def delegation(self) -> Delegation:
        return self.item.delegation

    def get_permission_object(self):
        return self.delegation


class ItemUpdateView(ItemMixin, ItemFormView):
    def get_item_queryset(self):
        return (
            super()
            .get_item_queryset()
            .prefetch_related(
                "organisations", "topics", "delegation__destinations", *item_relation_prefetch()
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            crumbs=itinerary_crumbs(self.delegation, (_("Edit an item"), "")), **kwargs
        )


class ItemDeleteView(ItemMixin, ScopedPermissionMixin, DeleteView):
    """Asks first (GET), removes on POST through `itinerary.services.item_delete`."""

    permission_required = CHANGE
    template_name = "itinerary/item_confirm_delete.html"
    context_object_name = "item"

    def get_object(self, queryset=None):
        return self.item

    def get_scope(self):
        return self.get_item_queryset()

    def form_valid(self, form):
        title = self.item.title
        try:
            item_delete(item=self.item, actor=self.request.user)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Removed “%(title)s” from the itinerary.") % {"title": title}
        )
        return redirect("itinerary:itinerary", pk=self.delegation.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            delegation=self.delegation,
            entry=itinerary_entry(self.item),
            counterpart_count=self.item.counterpart_links.count(),
            group_count=self.item.beneficiary_groups.count(),
            crumbs=itinerary_crumbs(self.delegation, (_("Remove an item"), "")),
            **kwargs,
        )


urlpatterns = [
    path("delegations/<int:pk>/itinerary/", ItineraryView.as_view(), name="itinerary"),
    path("delegations/<int:pk>/itinerary/add/", ItemCreateView.as_view(), name="item-create"),
    path("items/<int:pk>/edit/", ItemUpdateView.as_view(), name="item-update"),
    path("items/<int:pk>/delete/", ItemDeleteView.as_view(), name="item-delete"),
    path("delegations/<int:pk>/itinerary/zone-note/", ZoneNoteView.as_view(), name="zone-note"),
]
