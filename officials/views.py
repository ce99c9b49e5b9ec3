"""Pages of the people directory: list, a person's page, add, edit."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView

from core.views import (
    CrumbsMixin,
    DuplicateCheckMixin,
    FilteredListMixin,
    InPlaceCreateMixin,
    OneObjectMixin,
    ScopedPermissionMixin,
    ServiceFormMixin,
)
from officials.filters import OfficialFilter
from officials.forms import OfficialCreateForm, OfficialForm
from officials.selectors import official_duplicates, official_sections, officials_for_directory
from officials.services import official_save
from partners.forms import need_to_know_form_kwargs

CONTACT_PERMISSION = "officials.view_official_contact"


class OfficialScopeMixin(ScopedPermissionMixin, CrumbsMixin):
    list_crumb = (_("Officials"), "officials:list")

    def get_scope(self):
        return officials_for_directory()

    def object_url(self, obj) -> str:
        return reverse("officials:detail", args=[obj.pk])


class OfficialListView(OfficialScopeMixin, FilteredListMixin, FilterView):
    permission_required = "officials.list_officials"
    create_permission = "officials.create_official"
    filterset_class = OfficialFilter
    template_name = "officials/official_list.html"


class OfficialDetailView(OfficialScopeMixin, OneObjectMixin, DetailView):
    permission_required = "officials.view_official_obj"
    template_name = "officials/official_detail.html"
    context_object_name = "official"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        regions = official_sections.bind_regions(self.object, user=user, params=self.request.GET)
        context["sections"] = regions.get("", [])  # their work (main column)
        context["aside_sections"] = regions.get("aside", [])  # under "About" (its history)
        context["can_edit"] = user.has_perm("officials.change_official_obj", self.object)
        context["show_contact"] = user.has_perm(CONTACT_PERMISSION, self.object)
        return context


class OfficialFormMixin(ServiceFormMixin):
    template_name = "officials/official_form.html"
    context_object_name = "official"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        entry = getattr(self, "object", None)
        user = self.request.user
        return {**kwargs, **need_to_know_form_kwargs(user, entry, CONTACT_PERMISSION)}

    def perform(self, form):
        return official_save(
            official=form.instance,
            actor=self.request.user,
            expected_version=form.cleaned_data.get("version"),
        )

    def get_success_url(self):
        return reverse("officials:detail", args=[self.object.pk])


class OfficialCreateView(
    OfficialScopeMixin, InPlaceCreateMixin, DuplicateCheckMixin, OfficialFormMixin, CreateView
):
    permission_required = "officials.create_official"
    form_class = OfficialCreateForm
    action_label = _("Add an official")
    success_message = _("%(full_name)s was added to the directory.")
    name_field = "full_name"
    inplace_body = "officials/includes/official_duplicates.html"

    def find_duplicates(self, form) -> list:
        data = form.cleaned_data
        organisation = data.get("organisation")
        return official_duplicates(
            full_name=data["full_name"],
            organisation_id=organisation.pk if organisation else None,
            country=data.get("country", ""),
        )


class OfficialUpdateView(OfficialScopeMixin, OneObjectMixin, OfficialFormMixin, UpdateView):
    permission_required = "officials.change_official_obj"
    form_class = OfficialForm
    action_label = _("Edit")
    success_message = _("Your changes to %(full_name)s were saved.")
