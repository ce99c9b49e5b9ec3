"""The visit day (`visits:today`): a phone's page for the day of a visit, and its quick
captures (`visits:capture`), each a small form that saves one thing on one item.

Like the delegation page's sections (learning/views/sections.py), a capture answers two
ways: an htmx request gets the item's card back (with the form open, sent back with its
errors, or closed on the saved record), any other request a page of its own and, once
saved, a redirect to the day: the page works without JavaScript.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.dateparse import parse_date
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, View

from core.views import OneObjectMixin, ScopedPermissionMixin, ServiceFormMixin
from delegations.models import Delegation
from delegations.selectors import delegations_for_user
from delegations.views.crumbs import delegation_crumbs
from itinerary.models import ItineraryItem
from itinerary.selectors import items_for_user, itinerary_entry
from itinerary.services import beneficiaries_record, item_update
from learning.enums import AttachmentKind
from learning.services import attachment_upload, followup_create, highlight_add
from learning.views.sections import history_changed
from visits import forms
from visits.selectors import visit_day, visit_delegation_queryset, visit_item_queryset
from visits.services import counterpart_meet

VIEW = "delegations.view_delegation_obj"
CHANGE = "delegations.change_delegation_obj"


def day_url(delegation_pk: int, day: date | None = None, item_pk: int | None = None) -> str:
    url = reverse("visits:today", args=[delegation_pk])
    if day is not None:
        url += f"?day={day.isoformat()}"
    return f"{url}#visit-item-{item_pk}" if item_pk else url


class VisitDayView(OneObjectMixin, ScopedPermissionMixin, DetailView):
    """The day's items in the visit's local time, what is on now and next, and a button
    per thing to note on each item. `?day=YYYY-MM-DD` picks another day of the visit."""

    permission_required = VIEW
    template_name = "visits/visit_day.html"
    context_object_name = "delegation"

    def get_scope(self):
        return visit_delegation_queryset(delegations_for_user(user=self.request.user))

    def get_context_data(self, **kwargs):
        delegation = self.object
        wanted = self.request.GET.get("day", "")
        try:
            day = parse_date(wanted) if wanted else None
        except ValueError:  # a well-formed but impossible date (2019-02-30)
            day = None
        visit = visit_day(delegation, day=day)
        return super().get_context_data(
            visit=visit,
            captures=CAPTURES.values(),
            can_edit=self.request.user.has_perm(CHANGE, delegation),
            crumbs=delegation_crumbs(delegation, (_("Visit day"), "")),
            **kwargs,
        )


# --- Quick captures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Capture:
    """One thing to note on an item: its form, its words, and what saves it."""

    name: str
    form_class: type
    save: Callable  # save(item=..., form=..., actor=...): calls the owning app's service
    label: Promise  # the button
    heading: Promise
    saved: Promise
    multipart: bool = False


def _outcome(*, item, form, actor):
    data = {name: form.cleaned_data[name] for name in ("summary", "outcome")}
    return item_update(
        item=item, actor=actor, data=data, expected_version=form.cleaned_data["version"]
    )


def _people(*, item, form, actor):
    return beneficiaries_record(item=item, actor=actor, **form.service_fields())


def _counterpart(*, item, form, actor):
    return counterpart_meet(
        item=item,
        actor=actor,
        role=form.cleaned_data["role"],
        official=form.cleaned_data["official"],
        new_official=form.new_official(),
    )


def _photo(*, item, form, actor):
    return attachment_upload(
        delegation=item.delegation,
        actor=actor,
        upload=form.cleaned_data["file"],
        kind=AttachmentKind.PHOTO,
        item=item,
        caption=form.cleaned_data["caption"],
        credit=form.cleaned_data["credit"],
    )


def _note(*, item, form, actor):
    return highlight_add(delegation=item.delegation, actor=actor, item=item, **form.service_data())


def _follow_up(*, item, form, actor):
    return followup_create(
        delegation=item.delegation, actor=actor, item=item, **form.service_data()
    )


CAPTURES = {
    capture.name: capture
    for capture in (
        Capture(
            "outcome",
            forms.OutcomeForm,
            _outcome,
            _("Summary and outcome"),
            _("Summary and outcome"),
            _("The summary and outcome were saved."),
        ),
        Capture(
            "people",
            forms.PeopleMetForm,
            _people,
            _("People met"),
            _("A group of people met"),
            _("The group of people met was recorded."),
        ),
        Capture(
            "counterpart",
            forms.CounterpartMetForm,
            _counterpart,
            _("Counterpart"),
            _("A counterpart met"),
            _("The counterpart was added."),
        ),
        Capture(
            "photo",
            forms.PhotoForm,
            _photo,
            _("Photo"),
            _("A photo"),
            _("The photo was uploaded."),
            multipart=True,
        ),
        Capture(
            "note",
            forms.NoteForm,
            _note,
            _("Highlight or quote"),
            _("A highlight or quote"),
            _("The highlight was added."),
        ),
        Capture(
            "follow-up",
            forms.FollowUpNoteForm,
            _follow_up,
            _("Follow-up"),
            _("A follow-up"),
            _("The follow-up was added."),
        ),
    )
}


class ItemMixin(ScopedPermissionMixin):
    """A view of one item of the visit day (its pk in the URL), found through the scope."""

    def get_scope(self):
        return items_for_user(user=self.request.user)

    @cached_property
    def item(self) -> ItineraryItem:
        return get_object_or_404(self.get_scope(), pk=self.kwargs["pk"])

    def get_permission_object(self) -> Delegation:
        return self.item.delegation

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        patch_vary_headers(response, ("HX-Request",))  # one URL, a fragment or a page
        return response

    def day_url(self) -> str:
        day = itinerary_entry(self.item).start.local.date()
        return day_url(self.item.delegation_id, day, self.item.pk)

    def render_card(self, *, capture=None, form=None, notice: str = "") -> HttpResponse:
        """The item's card, read afresh, with `capture`'s form open in it if given."""
        item = get_object_or_404(visit_item_queryset(), pk=self.item.pk)
        delegation = self.item.delegation
        return render(
            self.request,
            "visits/includes/day_item.html",
            {
                "entry": itinerary_entry(item),
                "delegation": delegation,
                "can_edit": self.request.user.has_perm(CHANGE, delegation),
                "captures": CAPTURES.values(),
                "open": capture,
                "form": form,
                "notice": notice,
            },
        )


class CaptureView(ItemMixin, ServiceFormMixin, FormView):
    """One capture on one item: `what` names it (CAPTURES); anything else answers 404."""

    permission_required = CHANGE
    template_name = "visits/capture_page.html"

    @cached_property
    def capture(self) -> Capture:
        try:
            return CAPTURES[self.kwargs["what"]]
        except KeyError as error:
            raise Http404("No such capture.") from error

    def get_permission_object(self) -> Delegation:
        self.capture  # an unknown capture answers 404 before anything else  # noqa: B018
        return super().get_permission_object()

    def get_form_class(self):
        return self.capture.form_class

    def get_form_kwargs(self) -> dict:
        kwargs = super().get_form_kwargs()
        kwargs["item"] = self.item
        return kwargs

    def perform(self, form):
        return self.capture.save(item=self.item, form=form, actor=self.request.user)

    def get_success_url(self) -> str:
        return self.day_url()

    def get_success_message(self, cleaned_data) -> str:
        return "" if self.request.htmx else str(self.capture.saved)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        delegation = self.item.delegation
        context.update(
            delegation=delegation,
            entry=itinerary_entry(self.item),
            capture=self.capture,
            title=self.capture.heading,
            back_url=self.day_url(),
            crumbs=delegation_crumbs(
                delegation, (_("Visit day"), self.day_url()), (self.capture.heading, "")
            ),
        )
        return context

    def render_to_response(self, context, **response_kwargs) -> HttpResponse:
        if self.request.htmx:
            return self.render_card(capture=self.capture, form=context["form"])
        return super().render_to_response(context, **response_kwargs)

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        if self.request.htmx and isinstance(response, HttpResponseRedirect):
            return history_changed(self.render_card(notice=str(self.capture.saved)))
        return response


class ItemCardView(ItemMixin, View):
    """The item's card alone, every form closed ("Cancel" with htmx); without htmx, the
    day at that item."""

    permission_required = VIEW
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        if request.htmx:
            return self.render_card()
        return HttpResponseRedirect(self.day_url())


app_name = "visits"

urlpatterns = [
    path("delegations/<int:pk>/today/", VisitDayView.as_view(), name="today"),
    path("items/<int:pk>/day-card/", ItemCardView.as_view(), name="item-card"),
    path("items/<int:pk>/record/<slug:what>/", CaptureView.as_view(), name="capture"),
]
