"""Submit, approve, send back and reopen on the report's and the delegation's admin pages:
a comment box and the buttons the user may press now, asked of the same predicates and
done by the same services as the staff review page (four eyes included)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.admin import error_text
from delegations import rules as delegation_rules
from delegations.services import (
    report_approve,
    report_check_reopener,
    report_check_reviewer,
    report_reopen,
    report_request_changes,
    report_submit,
)


def _submit(report, actor, comment):
    return report_submit(report=report, actor=actor)


def _approve(report, actor, comment):
    report_check_reviewer(report=report, actor=actor)
    return report_approve(report=report, actor=actor, comment=comment)


def _send_back(report, actor, comment):
    report_check_reviewer(report=report, actor=actor)
    return report_request_changes(report=report, actor=actor, comment=comment)


def _reopen(report, actor, comment):
    report_check_reopener(actor=actor)
    return report_reopen(report=report, actor=actor, comment=comment)


# name: (button, when it is offered, what it does, done message)
REVIEW_ACTIONS = {
    "submit": (
        _("Submit for review"),
        delegation_rules.can_submit_report,
        _submit,
        _("The report was submitted for review."),
    ),
    "approve": (
        _("Approve"),
        delegation_rules.can_review_report,
        _approve,
        _("The report was approved; the delegation is locked."),
    ),
    "send_back": (
        _("Send back for changes"),
        delegation_rules.can_review_report,
        _send_back,
        _("The report was sent back for changes."),
    ),
    "reopen": (
        _("Reopen"),
        delegation_rules.can_reopen_report,
        _reopen,
        _("The report was reopened."),
    ),
}


class ReviewButtonsMixin:
    """Adds `<id>/review/` and the review box (template `delegations/admin/review_box.html`)."""

    def report_of(self, obj):
        raise NotImplementedError

    def delegation_of_obj(self, obj):
        raise NotImplementedError

    def review_url(self, obj) -> str:
        opts = self.opts
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_review", args=[obj.pk])

    def get_urls(self):
        opts = self.opts
        return [
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(require_POST(self.review_view)),
                name=f"{opts.app_label}_{opts.model_name}_review",
            ),
            *super().get_urls(),
        ]

    def review_buttons(self, request, obj) -> list[tuple[str, str]]:
        delegation = self.delegation_of_obj(obj)
        return [
            (name, label)
            for name, (label, offered, _call, _done) in REVIEW_ACTIONS.items()
            if offered(request.user, delegation)
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            delegation = self.delegation_of_obj(obj)
            extra_context = {
                **(extra_context or {}),
                "review_buttons": self.review_buttons(request, obj),
                "review_url": self.review_url(obj),
                "review_status": self.report_of(obj).get_status_display(),
                "review_comment": request.GET.get("comment", ""),
                "held_by_four_eyes": delegation_rules.is_held_by_four_eyes(
                    request.user, delegation
                ),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def review_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        action = REVIEW_ACTIONS.get(request.POST.get("action", ""))
        comment = request.POST.get("comment", "").strip()[:2000]
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]
        )
        if action is None:
            self.message_user(request, _("Choose one of the buttons."), messages.ERROR)
            return HttpResponseRedirect(change_url)
        _label, _offered, call, done = action
        try:
            call(self.report_of(obj), request.user, comment)
        except (ValidationError, PermissionDenied) as error:
            self.message_user(
                request, error_text(error) or _("You may not do that."), messages.ERROR
            )
            return HttpResponseRedirect(f"{change_url}?{urlencode({'comment': comment})}")
        self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(change_url)
