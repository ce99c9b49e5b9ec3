"""Pages of organisations (list, page, add, edit) and of projects (list, add, edit)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView
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
from partners.enums import ProgrammeRole
from partners.filters import OrganisationFilter
from partners.forms import (
    OrganisationCreateForm,
    OrganisationForm,
    ProjectForm,
    need_to_know_form_kwargs,
)
from partners.selectors import (
    organisation_detail,
    organisation_duplicates,
    organisation_sections,
    organisations_for_directory,
    programmes_for_user,
    projects_for_user,
)
from partners.services import organisation_save, project_save

NOTES_PERMISSION = "partners.view_organisation_notes"


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
        context["show_notes"] = user.has_perm(NOTES_PERMISSION, self.object)
        return context


class OrganisationFormMixin(ServiceFormMixin):
    template_name = "partners/organisation_form.html"
    context_object_name = "organisation"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        entry = getattr(self, "object", None)
        user = self.request.user
        return {**kwargs, **need_to_know_form_kwargs(user, entry, NOTES_PERMISSION)}

    def perform(self, form):
        return organisation_save(
            organisation=form.instance,
            actor=self.request.user,
            expected_version=form.cleaned_data.get("version"),
        )

    def get_success_url(self):
        return reverse("partners:organisation-detail", args=[self.object.pk])


class OrganisationCreateView(
    OrganisationScopeMixin,
    InPlaceCreateMixin,
    DuplicateCheckMixin,
    OrganisationFormMixin,
    CreateView,
):
    permission_required = "partners.create_organisation"
    form_class = OrganisationCreateForm
    action_label = _("Add an organisation")
    success_message = _("%(name)s was added to the directory.")
    inplace_body = "partners/includes/organisation_duplicates.html"

    def find_duplicates(self, form) -> list:
        data = form.cleaned_data
        return organisation_duplicates(
            name=data["name"],
            acronym=data.get("acronym", ""),
            country=data.get("country", ""),
            parent=data.get("parent"),
        )


class OrganisationUpdateView(
    OrganisationScopeMixin, OneObjectMixin, OrganisationFormMixin, UpdateView
):
    permission_required = "partners.change_organisation_obj"
    form_class = OrganisationForm
    action_label = _("Edit")
    success_message = _("Your changes to %(name)s were saved.")


class ProjectScopeMixin(ScopedPermissionMixin, CrumbsMixin):
    list_crumb = (_("Projects"), "partners:project-list")

    def get_scope(self):
        return projects_for_user(user=self.request.user)

    def object_url(self, obj) -> str:
        return reverse("partners:project-update", args=[obj.pk])


class ProjectListView(ProjectScopeMixin, ListView):
    """The projects of the user's programmes, with their donors."""

    permission_required = "partners.list_projects"
    template_name = "partners/project_list.html"
    context_object_name = "projects"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_create"] = user.has_perm("partners.create_project")
        context["editable"] = set(
            programmes_for_user(user=user, roles=(ProgrammeRole.STAFF,)).values_list(
                "pk", flat=True
            )
        )
        return context


class ProjectFormMixin(ServiceFormMixin):
    template_name = "partners/project_form.html"
    context_object_name = "project"
    form_class = ProjectForm

    def get_form_kwargs(self):
        programmes = programmes_for_user(user=self.request.user, roles=(ProgrammeRole.STAFF,))
        return {**super().get_form_kwargs(), "programmes": programmes.order_by("code")}

    def perform(self, form):
        return project_save(
            project=form.instance,
            actor=self.request.user,
            donors=form.cleaned_data["donors"],
            expected_version=form.cleaned_data.get("version"),
        )

    def get_success_url(self):
        return reverse("partners:project-list")


class ProjectCreateView(ProjectScopeMixin, ProjectFormMixin, CreateView):
    permission_required = "partners.create_project"
    action_label = _("Add a project")
    success_message = _("The project “%(name)s” was added.")


class ProjectUpdateView(ProjectScopeMixin, OneObjectMixin, ProjectFormMixin, UpdateView):
    permission_required = "partners.change_project_obj"
    action_label = _("Edit")
    success_message = _("Your changes to “%(name)s” were saved.")
