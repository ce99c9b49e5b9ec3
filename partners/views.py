"""Pages of organisations: list, page, add, edit — and the directory's shared view mixins."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView

from core.views import OneObjectMixin, ScopedPermissionMixin, ServiceFormMixin
from partners.filters import OrganisationFilter
from partners.forms import OrganisationCreateForm, OrganisationForm
from partners.selectors import (
    organisation_detail,
    organisation_duplicates,
    organisation_sections,
    organisations_for_directory,
)
from partners.services import organisation_save

PAGE_SIZE = 25


class FilteredListMixin:
    """A filtered, paginated list (its template's pager: the {% pager %} tag, core.templatetags)."""

    paginate_by = PAGE_SIZE
    create_permission = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filtered"] = any(
            value for key, value in self.request.GET.items() if key not in {"page", "o"}
        )
        context["can_create"] = self.request.user.has_perm(self.create_permission)
        return context


class CrumbsMixin:
    """The breadcrumbs (templates/includes/breadcrumbs.html): list, object, action."""

    list_crumb: tuple = ()
    action_label = ""

    def get_crumbs(self) -> list[tuple[str, str]]:
        label, url_name = self.list_crumb
        crumbs = [(label, reverse(url_name))]
        obj = getattr(self, "object", None)
        if obj is not None and obj.pk:
            crumbs.append((str(obj), self.object_url(obj)))
        if self.action_label:
            crumbs.append((self.action_label, ""))
        return crumbs

    def object_url(self, obj) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = self.get_crumbs()
        return context


class DuplicateCheckMixin:
    """Before adding an entry, look for likely duplicates. When there are some, show them
    with a "save anyway" box (form field `confirm_different`): nothing is saved until it
    is ticked, or until what was typed no longer looks like anyone already there."""

    def find_duplicates(self, form) -> list:
        raise NotImplementedError

    def form_valid(self, form):
        if not form.cleaned_data.get("confirm_different"):
            duplicates = self.find_duplicates(form)
            if duplicates:
                context = self.get_context_data(form=form, duplicates=duplicates)
                return self.render_to_response(context)
        return super().form_valid(form)


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
        context["sections"] = organisation_sections.bind(
            self.object, user=user, params=self.request.GET
        )
        context["can_edit"] = user.has_perm("partners.change_organisation_obj", self.object)
        return context


class OrganisationFormMixin(ServiceFormMixin):
    template_name = "partners/organisation_form.html"
    context_object_name = "organisation"

    def perform(self, form):
        return organisation_save(organisation=form.instance, actor=self.request.user)

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
