"""The report's review page (status, missing pieces, narrative, actions, timeline) and the
dashboard of what waits for whom."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView

from core.forms import add_service_error
from core.views import ScopedPermissionMixin
from delegations import rules as delegation_rules
from delegations.selectors import delegations_for_user
from delegations.services import (
    ConflictError,
    head_is_missing,
    other_reviewers,
    report_approve,
    report_check_reopener,
    report_check_reviewer,
    report_missing_pieces,
    report_reopen,
    report_request_changes,
    report_submit,
    report_update,
)
from delegations.views.crumbs import delegation_crumbs
from delegations.views.refusals import frozen_refusal
from reports.dashboard import dashboard_context
from reports.review_forms import CommentForm, NarrativeForm
from reports.selectors import changes_since_last_review

WRITE_PERMISSIONS = {
    "save": "delegations.change_delegation_obj",
    "submit": "delegations.submit_report",
}

# The comment each decision carries: (label, required).
COMMENT_FORMS = {
    "approve": (gettext_lazy("Comment (optional)"), False),
    "send_back": (gettext_lazy("What needs to change"), True),
    "reopen": (gettext_lazy("Why reopen"), True),
}


def comment_form(name: str, data=None) -> CommentForm:
    label, required = COMMENT_FORMS[name]
    return CommentForm(data, prefix=name, required=required, label=label)


def _messages_of(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


class ReviewView(ScopedPermissionMixin, DetailView):
    template_name = "reports/review.html"
    context_object_name = "delegation"
    permission_required = "delegations.view_delegation_obj"

    ACTIONS = ("save", "submit", "approve", "send_back", "reopen")

    def get_scope(self):
        return delegations_for_user(user=self.request.user).select_related(
            "report__submitted_by", "report__last_edited_by"
        )

    # --- what the user may do -------------------------------------------------------------
    # The predicates decide (delegations.rules); the services check again on each action.
    OFFERS = {
        "edit": delegation_rules.can_edit_report,
        "submit": delegation_rules.can_submit_report,
        "review": delegation_rules.can_review_report,
        "reopen": delegation_rules.can_reopen_report,
    }

    def _can(self) -> dict[str, bool]:
        user, delegation = self.request.user, self.object
        return {name: bool(rule(user, delegation)) for name, rule in self.OFFERS.items()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delegation, report = self.object, self.object.report
        can = self._can()
        four_eyes_blocked = bool(
            delegation_rules.is_held_by_four_eyes(self.request.user, delegation)
        )
        context.update(
            report=report,
            can=can,
            # Nothing to do here: the page says whose turn it is instead.
            no_action=not (can["submit"] or can["review"] or can["reopen"] or four_eyes_blocked),
            missing=report_missing_pieces(delegation) if report.in_writing else [],
            events=report.events.select_related("actor", "approved_version")
            .prefetch_related("approved_version__renditions")
            .order_by("-created_at", "-pk"),
            review_changes=changes_since_last_review(delegation),
            # Nobody could review it: the page says so before the button, and who can fix it.
            no_reviewer=report.in_writing
            and not other_reviewers(delegation, actor=self.request.user).exists(),
            head_missing=report.in_writing and head_is_missing(delegation),
            four_eyes_blocked=four_eyes_blocked,
            crumbs=delegation_crumbs(delegation, (_("Review"), "")),
        )
        context.setdefault(
            "narrative_form",
            NarrativeForm(instance=report, initial={"version": report.version}),
        )
        for name in COMMENT_FORMS:
            context.setdefault(f"{name}_form", comment_form(name))
        return context

    # --- actions --------------------------------------------------------------------------
    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        action = request.POST.get("action")
        if action not in self.ACTIONS:
            messages.error(request, _("Choose an action."))
            return self._back()
        # Writing the narrative and submitting are the staff's: anyone else answers 403
        # (managers are read-only here). Decisions answer with the service's own words.
        needed = WRITE_PERMISSIONS.get(action)
        if needed and not request.user.has_perm(needed, self.object):
            reason = frozen_refusal(request.user, self.object)  # under review: say so
            raise PermissionDenied(reason or _("You may not do this on this report."))
        report = self.object.report
        handler = getattr(self, f"do_{action}")
        try:
            result = handler(report)
        except PermissionDenied as error:
            messages.error(request, str(error) or _("You may not do this."))
            return self._back()
        except ValidationError as error:
            messages.error(request, _messages_of(error))
            if getattr(self, "_form", None) is not None:
                return self._rerender()  # what was typed stays on the page
            return self._back()
        if result is not None:  # a form with errors: show it again with what was typed
            return result
        return self._back()

    def _back(self):
        return HttpResponseRedirect(reverse("reports:review", args=[self.object.pk]))

    def _rerender(self):
        self.object = self.get_object()  # fresh status after a refusal
        extra = {self._form_name: self._form}
        return self.render_to_response(self.get_context_data(**extra))

    def _bind(self, name: str, form):
        self._form_name, self._form = name, form
        if not form.is_valid():
            messages.error(self.request, _("Please correct the errors below."))
            self.object = self.get_object()
            return self.render_to_response(self.get_context_data(**{name: form}))
        return None

    def do_save(self, report):
        form = NarrativeForm(self.request.POST, instance=report)
        invalid = self._bind("narrative_form", form)
        if invalid:
            return invalid
        data = form.cleaned_data
        try:
            report_update(
                report=report,
                actor=self.request.user,
                expected_version=data["version"],
                summary=data["summary"],
                key_learnings=data["key_learnings"],
                recommendations=data["recommendations"],
            )
        except ConflictError as error:
            # Keep what was typed; the form says what the others changed (core.forms).
            add_service_error(form, error)
            messages.error(self.request, _("The narrative was not saved: see why below."))
            self.object = self.get_object()
            return self.render_to_response(self.get_context_data(narrative_form=form))
        messages.success(self.request, _("The report was saved."))
        return None

    def do_submit(self, report):
        report_submit(report=report, actor=self.request.user)
        messages.success(self.request, _("The report was submitted for review."))

    # A decision checks who decides before it reads the comment: someone who may not
    # decide is told so, not asked for a comment on a form they are never shown.
    def do_approve(self, report):
        report_check_reviewer(report=report, actor=self.request.user)
        form = comment_form("approve", self.request.POST)
        invalid = self._bind("approve_form", form)
        if invalid:
            return invalid
        report_approve(report=report, actor=self.request.user, comment=form.cleaned_data["comment"])
        messages.success(self.request, _("The report was approved."))

    def do_send_back(self, report):
        report_check_reviewer(report=report, actor=self.request.user)
        form = comment_form("send_back", self.request.POST)
        invalid = self._bind("send_back_form", form)
        if invalid:
            return invalid
        report_request_changes(
            report=report, actor=self.request.user, comment=form.cleaned_data["comment"]
        )
        messages.success(self.request, _("The report was sent back to its authors."))

    def do_reopen(self, report):
        report_check_reopener(actor=self.request.user)
        form = comment_form("reopen", self.request.POST)
        invalid = self._bind("reopen_form", form)
        if invalid:
            return invalid
        report_reopen(report=report, actor=self.request.user, comment=form.cleaned_data["comment"])
        messages.success(self.request, _("The report was reopened."))


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(dashboard_context(user=self.request.user, params=self.request.GET))
        context["crumbs"] = [(_("Dashboard"), "")]
        return context


urlpatterns: list = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("delegations/<int:pk>/review/", ReviewView.as_view(), name="review"),
]
