"""The people of a delegation: its members and the host support team.

Each team has a page (the rows, moved up and down in place, and a form to add someone,
from the directory or new to it), an edit page per row and a remove confirmation.
Every page needs "delegations.change_delegation_obj" on the delegation; the scope is
`delegations_for_user`, so another programme's delegation answers 404.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from core.views import ScopedPermissionMixin, ServiceFormMixin
from delegations import services
from delegations.enums import MemberRole
from delegations.models import DelegationMember, SupportAssignment
from delegations.selectors import delegations_for_user
from delegations.services.team import members_in_order, support_in_order
from delegations.team_forms import (
    MemberAddForm,
    MemberUpdateForm,
    SupportAddForm,
    SupportUpdateForm,
)
from delegations.views.crumbs import delegation_crumbs


@dataclass(frozen=True)
class Team:
    """What differs between the two teams: rows, forms, services, words, URL names."""

    key: str
    model: type
    rows: Callable
    title: str
    add_title: str
    add_form: type
    update_form: type
    update_fields: tuple[str, ...]
    add: Callable
    add_new: Callable
    update: Callable
    remove: Callable
    move: Callable
    added: str
    removed: str
    remove_question: str
    joins: tuple[str, ...] = ()  # what the team page shows beyond the official

    @property
    def page_url(self) -> str:
        return "delegations:members" if self.key == "members" else "delegations:support-team"

    @property
    def row_url_prefix(self) -> str:
        return "delegations:member-" if self.key == "members" else "delegations:support-"


MEMBERS = Team(
    key="members",
    model=DelegationMember,
    rows=members_in_order,
    title=gettext_lazy("Delegation members"),
    add_title=gettext_lazy("Add a member"),
    add_form=MemberAddForm,
    update_form=MemberUpdateForm,
    update_fields=("role", "position", "order"),
    add=services.member_add,
    add_new=services.member_add_new_official,
    update=lambda *, row, actor, expected_version=None, **fields: services.member_update(
        member=row, actor=actor, expected_version=expected_version, **fields
    ),
    remove=lambda *, row, actor: services.member_remove(member=row, actor=actor),
    move=lambda *, row, direction, actor: services.member_move(
        member=row, direction=direction, actor=actor
    ),
    added=gettext_lazy("%(name)s was added to the delegation."),
    removed=gettext_lazy("%(name)s was removed from the delegation."),
    remove_question=gettext_lazy("Remove %(name)s from the delegation?"),
)

SUPPORT = Team(
    key="support",
    model=SupportAssignment,
    rows=support_in_order,
    title=gettext_lazy("Support team and focal points"),
    add_title=gettext_lazy("Add someone to the support team"),
    add_form=SupportAddForm,
    update_form=SupportUpdateForm,
    update_fields=("role", "side", "leg", "order"),
    joins=("leg__place",),
    add=services.support_assign,
    add_new=services.support_assign_new_official,
    update=lambda *, row, actor, expected_version=None, **fields: services.support_update(
        assignment=row, actor=actor, expected_version=expected_version, **fields
    ),
    remove=lambda *, row, actor: services.support_remove(assignment=row, actor=actor),
    move=lambda *, row, direction, actor: services.support_move(
        assignment=row, direction=direction, actor=actor
    ),
    added=gettext_lazy("%(name)s was added to the support team."),
    removed=gettext_lazy("%(name)s was removed from the support team."),
    remove_question=gettext_lazy("Remove %(name)s from the support team?"),
)


def _say(error: ValidationError) -> str:
    return " ".join(error.messages)


class TeamMixin(ScopedPermissionMixin):
    """Log in first (then 404 out of scope, 403 without the right to edit): the scoped
    permission check does all three."""

    permission_required = "delegations.change_delegation_obj"
    team: Team | None = None  # set by as_view()

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(self.get_scope(), pk=self.kwargs["pk"])
        return self._object

    def get_permission_object(self):
        return self.get_object()

    def page_url(self, delegation, row=None) -> str:
        url = reverse(self.team.page_url, args=[delegation.pk])
        return f"{url}#row-{row.pk}" if row is not None else url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["team"] = self.team
        return context


class TeamPageView(TeamMixin, ServiceFormMixin, FormView):
    """A team's rows in order, each editable, movable and removable, and the add form
    (one-time token: two posts of one submission add one person, not two)."""

    def get_scope(self):
        return delegations_for_user(user=self.request.user)

    def get_form_class(self):
        return self.team.add_form

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "delegation": self.get_object()}

    def get_context_data(self, **kwargs):
        delegation = self.get_object()
        rows = list(
            self.team.rows(delegation.pk).select_related("official__organisation", *self.team.joins)
        )
        # The head of delegation stays first: neither it nor the row under it moves up.
        first = 1 if rows and rows[0].role == MemberRole.HEAD and self.team is MEMBERS else 0
        for index, row in enumerate(rows):
            row.can_move_up = index > first
            row.can_move_down = first <= index < len(rows) - 1
        return super().get_context_data(
            delegation=delegation,
            rows=rows,
            editable=not delegation.locked,
            crumbs=delegation_crumbs(delegation, (self.team.title, "")),
            **kwargs,
        )

    def perform(self, form):
        delegation = self.get_object()
        data = form.cleaned_data
        if data["official"] is None:
            return self.team.add_new(
                delegation=delegation,
                official_fields=form.new_official.official_fields(),
                actor=self.request.user,
                **form.service_kwargs(),
            )
        return self.team.add(
            delegation=delegation,
            official=data["official"],
            actor=self.request.user,
            **form.service_kwargs(),
        )

    def save_form(self, form):
        """ServiceFormMixin's, with the team form's own error placement (the new official's
        fields are a form of their own)."""
        try:
            row = self.perform(form)
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(self.request, self.team.added % {"name": row.official})
        return HttpResponseRedirect(self.page_url(self.get_object()))


class RowMixin(TeamMixin):
    """A view of one row of a team: scoped through its delegation, judged on it."""

    def get_scope(self):
        return self.team.model.objects.filter(
            delegation__in=delegations_for_user(user=self.request.user)
        ).select_related("delegation__programme", "delegation__report", "official__organisation")

    def get_permission_object(self):
        return self.get_object().delegation

    def get_context_data(self, **kwargs):
        row = self.get_object()
        back_url = self.page_url(row.delegation)
        return super().get_context_data(
            row=row,
            delegation=row.delegation,
            back_url=back_url,
            crumbs=delegation_crumbs(
                row.delegation, (self.team.title, back_url), (row.official.display_name, "")
            ),
            **kwargs,
        )


class RowUpdateView(RowMixin, FormView):
    template_name = "delegations/team_row_form.html"

    def get_form_class(self):
        return self.team.update_form

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "delegation": self.get_object().delegation}

    def get_initial(self):
        row = self.get_object()
        return {name: getattr(row, name) for name in (*self.team.update_fields, "version")}

    def form_valid(self, form):
        row = self.get_object()
        fields = dict(form.cleaned_data)
        version = fields.pop("version")
        try:
            self.team.update(row=row, actor=self.request.user, expected_version=version, **fields)
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved %(name)s.") % {"name": row.official})
        return HttpResponseRedirect(self.page_url(row.delegation, row))


class RowRemoveView(RowMixin, TemplateView):
    """GET asks to confirm; POST removes."""

    template_name = "delegations/team_confirm_remove.html"

    def get_context_data(self, **kwargs):
        question = self.team.remove_question % {"name": self.get_object().official}
        return super().get_context_data(question=question, **kwargs)

    def post(self, request, *args, **kwargs):
        row = self.get_object()
        try:
            self.team.remove(row=row, actor=request.user)
        except ValidationError as error:
            messages.error(request, _say(error))
        else:
            messages.success(request, self.team.removed % {"name": row.official})
        return HttpResponseRedirect(self.page_url(row.delegation))


class RowMoveView(RowMixin, View):
    """POST direction=up|down: swap the row with its neighbour."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        row = self.get_object()
        direction = request.POST.get("direction", "")
        try:
            self.team.move(row=row, direction=direction, actor=request.user)
        except ValidationError as error:
            messages.error(request, _say(error))
        else:
            message = _("Moved %(name)s up.") if direction == "up" else _("Moved %(name)s down.")
            messages.success(request, message % {"name": row.official})
        return HttpResponseRedirect(self.page_url(row.delegation, row))


def _views(team: Team, page_template: str) -> dict:
    return {
        "page": TeamPageView.as_view(team=team, template_name=page_template),
        "update": RowUpdateView.as_view(team=team),
        "remove": RowRemoveView.as_view(team=team),
        "move": RowMoveView.as_view(team=team),
    }


_members = _views(MEMBERS, "delegations/team_page.html")
_support = _views(SUPPORT, "delegations/team_page.html")

urlpatterns: list = [
    path("<int:pk>/members/", _members["page"], name="members"),
    path("members/<int:pk>/edit/", _members["update"], name="member-update"),
    path("members/<int:pk>/remove/", _members["remove"], name="member-remove"),
    path("members/<int:pk>/move/", _members["move"], name="member-move"),
    path("<int:pk>/support-team/", _support["page"], name="support-team"),
    path("support-team/<int:pk>/edit/", _support["update"], name="support-update"),
    path("support-team/<int:pk>/remove/", _support["remove"], name="support-remove"),
    path("support-team/<int:pk>/move/", _support["move"], name="support-move"),
]
