"""Learning objectives, highlights and follow-ups, edited in their sections of the
delegation page.

Every URL answers two ways. An htmx request (`request.htmx`) gets the section back,
re-rendered with the form, the confirmation or the saved rows in it (the section is its
own hx-target, swapped outerHTML). Any other request gets a full page extending
base.html, and a redirect to the delegation page after a successful save: the pages
work without JavaScript. The shared machinery here also serves attachments.py.

A successful in-place write also tells the page that the delegation's history grew (an
HX-Trigger header naming HISTORY_CHANGED): the Change history section at the foot of the
page reloads itself. A form with errors, a refused action or a GET sends nothing.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View
from django_htmx.http import trigger_client_event

from core.sections import Section
from core.views import ScopedPermissionMixin, ServiceFormMixin
from delegations.models import Delegation
from delegations.selectors import delegation_sections, delegations_for_user
from delegations.services import ConflictError, child_delete
from delegations.views.crumbs import delegation_crumbs
from learning.forms.sections import FollowUpForm, FollowUpStatusForm, HighlightForm, ObjectiveForm
from learning.models import FollowUp, Highlight, LearningObjective
from learning.services import (
    followup_create,
    followup_set_status,
    followup_update,
    highlight_add,
    highlight_update,
    objective_add,
    objective_update,
)


def detail_url(delegation_pk: int, anchor: str = "") -> str:
    url = reverse("delegations:detail", args=[delegation_pk])
    return f"{url}#{anchor}" if anchor else url


def errors_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


# The event a successful in-place write sends; the Change history section of the page
# (templates/timeline/includes/history_section.html) reloads itself on it.
HISTORY_CHANGED = "exchange:history-changed"


def history_changed(response: HttpResponse) -> HttpResponse:
    """Mark an htmx answer to a successful write: the page's history section reloads."""
    return trigger_client_event(response, HISTORY_CHANGED)


class SectionMixin(ScopedPermissionMixin):
    """A view of one section of a delegation's page (the delegation pk is in the URL): the
    section registered under `section_name` in delegations.selectors.delegation_sections
    (learning/sections.py, timeline/sections.py)."""

    section_name = ""  # set by each view (or by as_view for SectionView)
    permission_required = "delegations.change_delegation_obj"

    @cached_property
    def section(self) -> Section:
        return delegation_sections[self.section_name]

    def get_scope(self) -> QuerySet:
        return delegations_for_user(user=self.request.user)

    @cached_property
    def delegation(self) -> Delegation:
        return get_object_or_404(self.get_scope(), pk=self.kwargs["delegation_pk"])

    def get_permission_object(self) -> Delegation:
        return self.delegation

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        patch_vary_headers(response, ("HX-Request",))  # one URL, a fragment or a page
        return response

    def section_delegation(self) -> Delegation:
        """The delegation, read afresh with exactly what the section's template reads."""
        scope = self.get_scope().prefetch_related(*self.section.prefetch)
        return get_object_or_404(scope, pk=self.delegation.pk)

    def section_context(self, **state) -> dict:
        delegation = self.section_delegation()
        user = self.request.user
        return {
            "delegation": delegation,
            "section": self.section.bind(delegation, user=user, params=self.request.GET),
            "can_edit": user.has_perm("delegations.change_delegation_obj", delegation),
            "section_inline": state,
        }

    def render_section(self, **state) -> HttpResponse:
        return render(self.request, self.section.template_name, self.section_context(**state))

    def back_url(self) -> str:
        return detail_url(self.delegation.pk, self.section.anchor)

    def crumbs(self, label) -> list[tuple[str, str]]:
        return delegation_crumbs(self.delegation, (label, ""))

    def done(self, *, notice: str = "", error: str = "") -> HttpResponse:
        """After an action: the section for htmx (telling the page the history grew unless
        it failed), else a message and back to the page."""
        if self.request.htmx:
            response = self.render_section(notice=notice, error=error)
            return response if error else history_changed(response)
        if error:
            messages.error(self.request, error)
        elif notice:
            messages.success(self.request, notice)
        return redirect(self.back_url())


class RowMixin(SectionMixin):
    """A view of one row of a section (its pk in the URL), found through the scope."""

    model: type[Model]

    @cached_property
    def row(self) -> Model:
        rows = self.model.objects.select_related("delegation").filter(
            delegation__in=self.get_scope()
        )
        return get_object_or_404(rows, pk=self.kwargs["pk"])

    @cached_property
    def delegation(self) -> Delegation:
        return self.row.delegation


class SectionView(SectionMixin, TemplateView):
    """The section alone: the fragment for htmx ("Cancel"), a page of its own otherwise."""

    permission_required = "delegations.view_delegation_obj"
    template_name = "learning/section_page.html"
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        if request.htmx:
            return self.render_section()
        context = self.section_context()
        context.update(
            section_template=self.section.template_name,
            title=self.section.title,
            crumbs=self.crumbs(self.section.title),
        )
        return self.render_to_response(context)


class InlineFormView(SectionMixin, ServiceFormMixin, FormView):
    """Add or edit a row: the form opens inside the section (htmx) or on its own page."""

    template_name = "learning/form_page.html"
    heading: Promise
    saved: Promise
    multipart = False

    def get_instance(self) -> Model | None:
        return None

    def get_form_kwargs(self) -> dict:
        kwargs = super().get_form_kwargs()
        kwargs.update(delegation=self.delegation, instance=self.get_instance())
        return kwargs

    def form_state(self, form) -> dict:
        instance = self.get_instance()
        return {
            "mode": "edit" if instance is not None else "add",
            "row": instance.pk if instance is not None else None,
            "form": form,
            "action": self.request.path,
            "heading": self.heading,
            "multipart": self.multipart,
            "cancel_url": self.back_url(),
            "section_url": self.section.url(self.delegation),
        }

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context.update(
            delegation=self.delegation,
            title=self.heading,
            crumbs=self.crumbs(self.heading),
            state=self.form_state(context["form"]),
        )
        return context

    def render_to_response(self, context, **response_kwargs) -> HttpResponse:
        if self.request.htmx:
            return self.render_section(**context["state"])
        return super().render_to_response(context, **response_kwargs)

    def get_success_url(self) -> str:
        return self.back_url()

    def get_success_message(self, cleaned_data) -> str:
        return "" if self.request.htmx else str(self.saved)

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        if self.request.htmx and isinstance(response, HttpResponseRedirect):
            return history_changed(self.render_section(notice=str(self.saved)))
        return response


class InlineUpdateView(RowMixin, InlineFormView):
    def get_instance(self) -> Model:
        return self.row


class InlineDeleteView(RowMixin, TemplateView):
    """Ask first (in the row for htmx, on a page otherwise), then delete on POST."""

    template_name = "learning/confirm_delete.html"
    heading: Promise
    deleted: Promise

    def perform(self) -> None:
        child_delete(self.row, actor=self.request.user)

    def get(self, request, *args, **kwargs):
        if request.htmx:
            return self.render_section(mode="delete", row=self.row.pk, action=request.path)
        return self.render_to_response(
            {
                "delegation": self.delegation,
                "object": self.row,
                "title": self.heading,
                "crumbs": self.crumbs(self.heading),
                "cancel_url": self.back_url(),
            }
        )

    def post(self, request, *args, **kwargs):
        try:
            self.perform()
        except ValidationError as error:
            return self.done(error=errors_text(error))
        return self.done(notice=str(self.deleted))


# --- Learning objectives ------------------------------------------------------------------------


class ObjectiveMixin:
    section_name = "objectives"
    model = LearningObjective
    form_class = ObjectiveForm


class ObjectiveCreateView(ObjectiveMixin, InlineFormView):
    heading = _("Add a learning objective")
    saved = _("The learning objective was added.")

    def perform(self, form) -> LearningObjective:
        return objective_add(
            delegation=self.delegation,
            actor=self.request.user,
            description=form.cleaned_data["description"],
            topic=form.cleaned_data["topic"],
            order=form.cleaned_data["order"] or 0,
        )


class ObjectiveUpdateView(ObjectiveMixin, InlineUpdateView):
    heading = _("Edit the learning objective")
    saved = _("The learning objective was saved.")

    def perform(self, form) -> LearningObjective:
        data = form.service_data()
        data["order"] = data["order"] or 0
        return objective_update(
            objective=self.row,
            actor=self.request.user,
            data=data,
            expected_version=form.cleaned_data.get("version"),
        )


class ObjectiveDeleteView(ObjectiveMixin, InlineDeleteView):
    heading = _("Delete the learning objective")
    deleted = _("The learning objective was deleted.")


# --- Highlights ---------------------------------------------------------------------------------


class HighlightMixin:
    section_name = "highlights"
    model = Highlight
    form_class = HighlightForm


class HighlightCreateView(HighlightMixin, InlineFormView):
    heading = _("Add a highlight or quote")
    saved = _("The highlight was added.")

    def perform(self, form) -> Highlight:
        return highlight_add(
            delegation=self.delegation, actor=self.request.user, **form.service_data()
        )


class HighlightUpdateView(HighlightMixin, InlineUpdateView):
    heading = _("Edit the highlight")
    saved = _("The highlight was saved.")

    def perform(self, form) -> Highlight:
        return highlight_update(
            highlight=self.row,
            actor=self.request.user,
            data=form.service_data(),
            expected_version=form.cleaned_data.get("version"),
        )


class HighlightDeleteView(HighlightMixin, InlineDeleteView):
    heading = _("Delete the highlight")
    deleted = _("The highlight was deleted.")


# --- Follow-ups ---------------------------------------------------------------------------------


class FollowUpMixin:
    section_name = "followups"
    model = FollowUp
    form_class = FollowUpForm


class FollowUpCreateView(FollowUpMixin, InlineFormView):
    heading = _("Add a follow-up")
    saved = _("The follow-up was added.")

    def perform(self, form) -> FollowUp:
        return followup_create(
            delegation=self.delegation, actor=self.request.user, **form.service_data()
        )


class FollowUpUpdateView(FollowUpMixin, InlineUpdateView):
    heading = _("Edit the follow-up")
    saved = _("The follow-up was saved.")

    def perform(self, form) -> FollowUp:
        return followup_update(
            follow_up=self.row,
            actor=self.request.user,
            data=form.service_data(),
            expected_version=form.cleaned_data.get("version"),
        )


class FollowUpDeleteView(FollowUpMixin, InlineDeleteView):
    heading = _("Delete the follow-up")
    deleted = _("The follow-up was deleted.")


class FollowUpStatusView(FollowUpMixin, RowMixin, View):
    """One click: the row's small form posts the new status and the version it showed."""

    permission_required = "learning.set_followup_status"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = FollowUpStatusForm(request.POST)
        if not form.is_valid():
            if "status" in form.errors:
                return self.done(error=_("Choose one of the statuses offered."))
            return self.done(error=_("The status was not changed: reload the page and try again."))
        try:
            follow_up = followup_set_status(
                follow_up=self.row,
                actor=request.user,
                status=form.cleaned_data["status"],
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError:
            return self.done(
                error=_(
                    "Someone else changed this follow-up after you opened the page, so its "
                    "status was not changed. Its current status is shown now: choose again "
                    "if it still needs changing."
                )
            )
        except ValidationError as error:
            return self.done(error=errors_text(error))
        return self.done(
            notice=_("“%(follow_up)s” is now %(status)s.")
            % {"follow_up": follow_up, "status": follow_up.get_status_display()}
        )


def _row_urls(prefix: str, plural: str, create, update, delete) -> list:
    return [
        path(
            f"delegations/<int:delegation_pk>/{plural}/add/",
            create.as_view(),
            name=f"{prefix}-create",
        ),
        path(f"{plural}/<int:pk>/edit/", update.as_view(), name=f"{prefix}-update"),
        path(f"{plural}/<int:pk>/delete/", delete.as_view(), name=f"{prefix}-delete"),
    ]


def _section_url(section_name: str, plural: str):
    """The URL of the section alone: its url_name where it is registered."""
    return path(
        f"delegations/<int:delegation_pk>/{plural}/",
        SectionView.as_view(section_name=section_name),
        name=f"{section_name}-section",
    )


urlpatterns: list = [
    _section_url("objectives", "objectives"),
    *_row_urls(
        "objective", "objectives", ObjectiveCreateView, ObjectiveUpdateView, ObjectiveDeleteView
    ),
    _section_url("highlights", "highlights"),
    *_row_urls(
        "highlight", "highlights", HighlightCreateView, HighlightUpdateView, HighlightDeleteView
    ),
    _section_url("followups", "follow-ups"),
    *_row_urls(
        "followup", "follow-ups", FollowUpCreateView, FollowUpUpdateView, FollowUpDeleteView
    ),
    path("follow-ups/<int:pk>/status/", FollowUpStatusView.as_view(), name="followup-status"),
]
