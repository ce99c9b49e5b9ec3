"""The legs of a visit: a page listing them with a form to add one, an edit page per leg
and a remove confirmation. Every page needs "delegations.change_delegation_obj" on the
delegation; the scope is `delegations_for_user` (another programme's: 404)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from core.views import ScopedPermissionMixin
from delegations import services
from delegations.leg_forms import LegForm
from delegations.models import Leg
from delegations.selectors import delegations_for_user
from delegations.views.crumbs import delegation_crumbs

LEG_JOINS = ("place__parent", "host_organisation", "requested_by", "arranged_by")


class LegMixin(ScopedPermissionMixin):
    permission_required = "delegations.change_delegation_obj"

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(self.get_scope(), pk=self.kwargs["pk"])
        return self._object

    def legs_url(self, delegation) -> str:
        return reverse("delegations:legs", args=[delegation.pk])


class LegsPageView(LegMixin, FormView):
    """The visit's legs in order of their days, and the form to add one."""

    template_name = "delegations/legs_page.html"
    form_class = LegForm

    def get_scope(self):
        return delegations_for_user(user=self.request.user)

    def get_permission_object(self):
        return self.get_object()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "delegation": self.get_object()}

    def get_context_data(self, **kwargs):
        delegation = self.get_object()
        return super().get_context_data(
            delegation=delegation,
            legs=delegation.legs.select_related(*LEG_JOINS).prefetch_related(
                "support_team__official"
            ),
            editable=not delegation.locked,
            crumbs=delegation_crumbs(delegation, (_("Legs"), "")),
            **kwargs,
        )

    def form_valid(self, form):
        delegation = self.get_object()
        try:
            leg = services.leg_add(
                delegation=delegation, actor=self.request.user, **form.service_data()
            )
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(self.request, _("The leg in %(place)s was added.") % {"place": leg.place})
        return HttpResponseRedirect(self.legs_url(delegation))


class LegRowMixin(LegMixin):
    def get_scope(self):
        return Leg.objects.filter(
            delegation__in=delegations_for_user(user=self.request.user)
        ).select_related("delegation__programme", "delegation__report", *LEG_JOINS)

    def get_permission_object(self):
        return self.get_object().delegation

    def get_context_data(self, **kwargs):
        leg = self.get_object()
        back_url = self.legs_url(leg.delegation)
        return super().get_context_data(
            leg=leg,
            delegation=leg.delegation,
            back_url=back_url,
            crumbs=delegation_crumbs(leg.delegation, (_("Legs"), back_url), (str(leg.place), "")),
            **kwargs,
        )


class LegUpdateView(LegRowMixin, FormView):
    template_name = "delegations/leg_form.html"
    form_class = LegForm

    def get_form_kwargs(self):
        leg = self.get_object()
        return {**super().get_form_kwargs(), "delegation": leg.delegation, "instance": leg}

    def form_valid(self, form):
        leg = self.get_object()
        try:
            services.leg_update(
                leg=leg,
                actor=self.request.user,
                data=form.service_data(),
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved the leg in %(place)s.") % {"place": leg.place})
        return HttpResponseRedirect(self.legs_url(leg.delegation))


class LegRemoveView(LegRowMixin, TemplateView):
    """GET asks to confirm; POST removes."""

    template_name = "delegations/leg_confirm_remove.html"

    def post(self, request, *args, **kwargs):
        leg = self.get_object()
        try:
            services.leg_remove(leg=leg, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The leg in %(place)s was removed.") % {"place": leg.place})
        return HttpResponseRedirect(self.legs_url(leg.delegation))


urlpatterns: list = [
    path("<int:pk>/legs/", LegsPageView.as_view(), name="legs"),
    path("legs/<int:pk>/edit/", LegUpdateView.as_view(), name="leg-update"),
    path("legs/<int:pk>/remove/", LegRemoveView.as_view(), name="leg-remove"),
]
