"""Pages of the people directory (placeholder list until the directory pages land)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import ListView

from officials.models import Official


class OfficialListView(LoginRequiredMixin, ListView):
    queryset = Official.objects.select_related("organisation")
    template_name = "officials/official_list.html"
    paginate_by = 25
