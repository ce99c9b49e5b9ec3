"""Pages of organisations (placeholder list until the directory pages land)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import ListView

from partners.models import Organisation


class OrganisationListView(LoginRequiredMixin, ListView):
    queryset = Organisation.objects.select_related("parent")
    template_name = "partners/organisation_list.html"
    paginate_by = 25
