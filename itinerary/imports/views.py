"""The import pages: the template to download, the upload, its preview and the save.

Nothing is saved until the preview is confirmed (`confirm` posted with the file sent
back); the confirmation plans the file again against what is stored then.
"""

from functools import cached_property

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from core.views import ScopedPermissionMixin, ServiceFormMixin
from delegations.models import Delegation
from delegations.selectors import delegations_for_user
from delegations.views.crumbs import delegation_crumbs
from itinerary.enums import ItemKind
from itinerary.imports.columns import HEADERS, XLSX_TYPE, template_workbook
from itinerary.imports.forms import ItineraryImportForm
from itinerary.imports.planning import NEEDS_THE_FORM, plan_import
from itinerary.imports.saving import itinerary_import_save

CHANGE = "delegations.change_delegation_obj"


class TemplateDownloadView(ScopedPermissionMixin, View):
    """The XLSX template, for whoever may read the directory (it holds no data)."""

    permission_required = "partners.list_organisations"

    def get(self, request):
        response = HttpResponse(template_workbook(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = 'attachment; filename="exchange-itinerary-template.xlsx"'
        return response


class ItineraryImportView(ScopedPermissionMixin, ServiceFormMixin, FormView):
    permission_required = CHANGE
    template_name = "itinerary/itinerary_import.html"
    form_class = ItineraryImportForm

    @cached_property
    def delegation(self) -> Delegation:
        return get_object_or_404(delegations_for_user(user=self.request.user), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.delegation

    def form_valid(self, form):
        self.plan = plan_import(delegation=self.delegation, sheets=form.cleaned_data["sheets"])
        if "confirm" not in self.request.POST or self.plan.errors or self.plan.is_empty:
            form.carry()
            return self.render_to_response(self.get_context_data(form=form, plan=self.plan))
        return super().form_valid(form)

    def perform(self, form):
        self.added = itinerary_import_save(
            delegation=self.delegation, plan=self.plan, actor=self.request.user
        )
        return self.delegation

    def get_success_message(self, cleaned_data) -> str:
        added = self.added
        return (
            _(
                "Imported %(items)s itinerary items and %(members)s members; added %(places)s "
                "places, %(organisations)s organisations and %(officials)s officials."
            )
            % added
        )

    def get_success_url(self) -> str:
        return reverse("itinerary:itinerary", args=[self.delegation.pk])

    def get_context_data(self, **kwargs):
        delegation = self.delegation
        return super().get_context_data(
            delegation=delegation,
            headers=HEADERS,
            kinds=[label for value, label in ItemKind.choices if value not in NEEDS_THE_FORM],
            crumbs=delegation_crumbs(
                delegation,
                (_("Itinerary"), reverse("itinerary:itinerary", args=[delegation.pk])),
                (_("Import from a spreadsheet"), ""),
            ),
            **kwargs,
        )


urlpatterns = [
    path("itinerary-template.xlsx", TemplateDownloadView.as_view(), name="itinerary-template"),
    path(
        "delegations/<int:pk>/itinerary/import/",
        ItineraryImportView.as_view(),
        name="itinerary-import",
    ),
]
