"""Pages of organisations: list, page, add, edit."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView

from core.views import (
    CrumbsMixin,
    DuplicateCheckMixin,
    FilteredListMixin,
    OneObjectMixin,
    ScopedPermissionMixin,
    ServiceFormMixin,
)
from partners.filters import OrganisationFilter
from partners.forms import OrganisationCreateForm, OrganisationForm
from partners.selectors import (
    organisation_detail,
    organisation_duplicates,
    organisation_sections,
    organisations_for_directory,
)
from partners.services import organisation_save


class OrganisationScopeMixin(ScopedPermissionMixin, CrumbsMixin):
    list_crumb = (_("Organisations"), "partners:organisation-list")

    def get_scope(self):
        return organisations_for_directory()

    def object_url(self, obj) -> str:
        return reverse("partners:organisation-detail", args=[obj.pk])


class OrganisationListView(OrganisationScopeMixin, FilteredListMixin, FilterView):
    permission_required = "partners.list_organisations"
    create_permission = "partners.create_organisation"
    filterset_class = OrganisationFilter
    template_name = "partners/organisation_list.html"


class OrganisationDetailView(OrganisationScopeMixin, OneObjectMixin, DetailView):
    permission_required = "partners.view_organisation_obj"
    template_name = "partners/organisation_detail.html"
    context_object_name = "organisation"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(organisation_detail(organisation=self.object))
        # Its people beside its facts (aside), what delegations did with it (main).
        context["regions"] = organisation_sections.bind_regions(
            self.object, user=user, params=self.request.GET
        )
        context["can_edit"] = user.has_perm("partners.change_organisation_obj", self.object)
        return context


class OrganisationFormMixin(ServiceFormMixin):
    template_name = "partners/organisation_form.html"
    context_object_name = "organisation"

    def perform(self, form):
        return organisation_save(
            organisation=form.instance,
            actor=self.request.user,
            expected_version=form.cleaned_data.get("version"),
        )

    def get_success_url(self):
        return reverse("partners:organisation-detail", args=[self.object.pk])


class OrganisationCreateView(
    OrganisationScopeMixin, DuplicateCheckMixin, OrganisationFormMixin, CreateView
):
    permission_required = "partners.create_organisation"
    form_class = OrganisationCreateForm
    action_label = _("Add an organisation")
    success_message = _("%(name)s was added to the directory.")

    def find_duplicates(self, form) -> list:
        data = form.cleaned_data
        return organisation_duplicates(
            name=data["name"], acronym=data.get("acronym", ""), country=data.get("country", "")
        )


class OrganisationUpdateView(
    OrganisationScopeMixin, OneObjectMixin, OrganisationFormMixin, UpdateView
):
    permission_required = "partners.change_organisation_obj"
    form_class = OrganisationForm
    action_label = _("Edit")
    success_message = _("Your changes to %(name)s were saved.")
