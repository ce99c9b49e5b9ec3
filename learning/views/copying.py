""" "New delegation from this one": a preview of what the copy holds, then the save.

Nothing is written until the preview is confirmed (`confirm` posted); the source is any
delegation the user sees and works on as staff, an approved one included.
"""

from functools import cached_property

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from core.views import ScopedPermissionMixin, ServiceFormMixin
from delegations.models import Delegation
from delegations.selectors import delegations_for_user
from delegations.views.crumbs import delegation_crumbs
from learning.forms.copying import DelegationCopyForm
from learning.services.copying import copy_plan, copy_source_queryset, delegation_copy


class DelegationCopyView(ScopedPermissionMixin, ServiceFormMixin, FormView):
    permission_required = "delegations.copy_delegation_obj"
    template_name = "learning/delegation_copy.html"
    form_class = DelegationCopyForm
    success_message = gettext_lazy("“%(title)s” was created from the earlier visit.")

    @cached_property
    def source(self) -> Delegation:
        scope = delegations_for_user(user=self.request.user)
        return get_object_or_404(copy_source_queryset().filter(pk__in=scope), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.source

    def get_initial(self):
        return {"title": _("%(title)s (new visit)") % {"title": self.source.title}}

    def form_valid(self, form):
        self.plan = copy_plan(source=self.source, start_date=form.cleaned_data["start_date"])
        if "confirm" not in self.request.POST:
            return self.render_to_response(self.get_context_data(form=form, plan=self.plan))
        return super().form_valid(form)

    def perform(self, form):
        return delegation_copy(
            plan=self.plan,
            title=form.cleaned_data["title"],
            with_members=form.cleaned_data["with_members"],
            actor=self.request.user,
        )

    def get_success_url(self) -> str:
        return reverse("delegations:detail", args=[self.object.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            source=self.source,
            crumbs=delegation_crumbs(self.source, (_("New delegation from this one"), "")),
            **kwargs,
        )


urlpatterns = [
    path("delegations/<int:pk>/copy/", DelegationCopyView.as_view(), name="delegation-copy"),
]
