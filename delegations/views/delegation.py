"""Pages of the delegation itself: the list, the page of a visit, its form, its status."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, DetailView, UpdateView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from core.pagination import BoundedPaginator
from core.views import OneObjectMixin, ScopedPermissionMixin, ServiceFormMixin
from delegations import services
from delegations.filters import DEFAULT_ORDER, DelegationFilter
from delegations.forms import DelegationForm, NoHeadForm, StatusForm
from delegations.rules import is_administrator, is_programme_staff
from delegations.selectors import (
    delegation_detail_queryset,
    delegation_list_tools,
    delegation_sections,
    delegations_for_user,
    delegations_listed_for,
    planning_actions,
)
from delegations.views.crumbs import delegation_crumbs
from delegations.views.list_rows import list_rows

# Staff move the planning (the service refuses what the lock or the transition forbids);
# managers only read.
can_set_status = is_administrator | is_programme_staff


class DelegationListView(ScopedPermissionMixin, FilterView):
    permission_required = "delegations.list_delegations"
    template_name = "delegations/delegation_list.html"
    filterset_class = DelegationFilter
    paginate_by = 25
    paginator_class = BoundedPaginator  # never counts every delegation

    def get_scope(self):
        return delegations_listed_for(user=self.request.user).order_by(*DEFAULT_ORDER)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            can_create=user.has_perm("delegations.create_delegation"),
            filtered=any(value for key, value in self.request.GET.items() if key != "page"),
            page_query=query.urlencode(),
            rows=list_rows(context["object_list"]),
            tools=delegation_list_tools.bind(None, user=user),
        )
        return context


class DelegationDetailView(OneObjectMixin, ScopedPermissionMixin, DetailView):
    permission_required = "delegations.view_delegation_obj"
    template_name = "delegations/delegation_detail.html"
    context_object_name = "delegation"

    def get_scope(self):
        return delegation_detail_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delegation = self.object
        user = self.request.user
        context.update(
            can_edit=user.has_perm("delegations.change_delegation_obj", delegation),
            sections=delegation_sections.bind(delegation, user=user, params=self.request.GET),
            planning_actions=planning_actions(user=user, delegation=delegation),
            days=(delegation.end_date - delegation.start_date).days + 1,
            crumbs=delegation_crumbs(delegation),
        )
        return context


class DelegationFormMixin(ServiceFormMixin):
    form_class = DelegationForm
    template_name = "delegations/delegation_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_success_url(self):
        return reverse("delegations:detail", args=[self.object.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object is not None:
            context["crumbs"] = delegation_crumbs(self.object, (_("Edit"), ""))
        else:
            context["crumbs"] = [
                (_("Delegations"), reverse("delegations:list")),
                (_("New delegation"), ""),
            ]
        return context


class DelegationCreateView(DelegationFormMixin, ScopedPermissionMixin, CreateView):
    permission_required = "delegations.create_delegation"
    success_message = gettext_lazy("Delegation “%(title)s” created.")

    def perform(self, form):
        data, links = form.service_data()
        return services.delegation_create(actor=self.request.user, **links, **data)


class DelegationUpdateView(DelegationFormMixin, OneObjectMixin, ScopedPermissionMixin, UpdateView):
    permission_required = "delegations.change_delegation_obj"
    success_message = gettext_lazy("Delegation “%(title)s” saved.")

    def get_scope(self):
        return delegations_for_user(user=self.request.user)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # The form works on a copy: a refused save leaves the page's delegation as it is.
        kwargs["instance"] = copy.copy(self.object)
        return kwargs

    def perform(self, form):
        data, links = form.service_data()
        return services.delegation_update(
            delegation=self.object,
            actor=self.request.user,
            data=data,
            **links,
            expected_version=form.cleaned_data["version"],
        )


class DelegationStatusView(OneObjectMixin, ScopedPermissionMixin, SingleObjectMixin, View):
    """POST one planning step; the outcome comes back as a message on the delegation page."""

    http_method_names = ["post"]

    def get_scope(self):
        return delegations_for_user(user=self.request.user)

    def has_permission(self):
        return can_set_status.test(self.request.user, self.get_permission_object())

    def post(self, request, *args, **kwargs):
        delegation = self.get_object()
        form = StatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a planning status from the page."))
        else:
            try:
                updated = services.delegation_set_status(
                    delegation=delegation,
                    actor=request.user,
                    to_status=form.cleaned_data["to_status"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    _("Planning status is now “%(status)s”.")
                    % {"status": updated.get_status_display()},
                )
        return HttpResponseRedirect(reverse("delegations:detail", args=[delegation.pk]))


class DelegationNoHeadView(OneObjectMixin, ScopedPermissionMixin, SingleObjectMixin, View):
    """POST no_head=1: the delegation travels without a head (a group visit); 0 takes it
    back. The outcome comes back as a message on the page it came from (`next`)."""

    http_method_names = ["post"]

    def get_scope(self):
        return delegations_for_user(user=self.request.user)

    def has_permission(self):
        # Staff and administrators reach it (anything else: 405 for GET, as for the
        # planning buttons); the POST itself needs the right to edit (locked: 403).
        return can_set_status.test(self.request.user, self.get_permission_object())

    def post(self, request, *args, **kwargs):
        delegation = self.get_object()
        if not request.user.has_perm("delegations.change_delegation_obj", delegation):
            # Why, as every edit page says it: approved, or with the managers.
            raise PermissionDenied(self.get_permission_denied_message())
        form = NoHeadForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say whether the delegation travels without a head."))
        else:
            no_head = form.cleaned_data["no_head"] == "1"
            try:
                services.delegation_set_no_head(
                    delegation=delegation, actor=request.user, no_head=no_head
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    _("Recorded: a group visit without a head of delegation.")
                    if no_head
                    else _("The delegation needs a head of delegation again."),
                )
        return HttpResponseRedirect(form.next_url(delegation))


urlpatterns = [
    path("", DelegationListView.as_view(), name="list"),
    path("new/", DelegationCreateView.as_view(), name="create"),
    path("<int:pk>/", DelegationDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", DelegationUpdateView.as_view(), name="update"),
    path("<int:pk>/status/", DelegationStatusView.as_view(), name="set-status"),
    path("<int:pk>/no-head/", DelegationNoHeadView.as_view(), name="no-head"),
]
