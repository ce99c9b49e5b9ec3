"""The change history of a delegation: anyone who may see the delegation may read it.

Two URLs: the whole history, page by page, and the Change history section of the
delegation page on its own (its latest changes), which the section reloads through htmx
after an in-place edit of the page (learning.views.sections.HISTORY_CHANGED).
"""

from django.urls import path
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from core.views import OneObjectMixin, ScopedPermissionMixin
from delegations.selectors import delegations_for_user
from delegations.views.crumbs import delegation_crumbs
from learning.views.sections import SectionView
from timeline.selectors import delegation_history_page


class DelegationHistoryView(OneObjectMixin, ScopedPermissionMixin, DetailView):
    """Every change of the delegation and of what hangs from it, newest first, by page."""

    permission_required = "delegations.view_delegation_obj"
    template_name = "timeline/delegation_history.html"
    context_object_name = "delegation"

    def get_scope(self):
        return delegations_for_user(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delegation = self.object
        page, saves = delegation_history_page(
            delegation=delegation, number=self.request.GET.get("page")
        )
        context.update(
            page_obj=page,
            saves=saves,
            crumbs=delegation_crumbs(delegation, (_("Change history"), "")),
        )
        return context


urlpatterns = [
    path(
        "delegations/<int:pk>/history/",
        DelegationHistoryView.as_view(),
        name="delegation-history",
    ),
    # The section alone: what it reloads (htmx), a page of its own otherwise. Read-only,
    # with the delegation page's permission and scope (SectionView).
    path(
        "delegations/<int:delegation_pk>/history/latest/",
        SectionView.as_view(section_name="history"),
        name="history-section",
    ),
]
