"""Pages of delegations (placeholder list until the staff pages land)."""

from django.urls import path
from django.views.generic import ListView

from core.views import ScopedPermissionMixin
from delegations.selectors import delegations_for_user


class DelegationListView(ScopedPermissionMixin, ListView):
    permission_required = "delegations.list_delegations"
    template_name = "delegations/delegation_list.html"
    paginate_by = 25

    def get_scope(self):
        return delegations_for_user(user=self.request.user)


urlpatterns = [
    path("", DelegationListView.as_view(), name="list"),
]
