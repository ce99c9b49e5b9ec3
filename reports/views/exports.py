"""Exports of delegations: the itinerary as iCalendar (also as a secret feed for phones),
a delegation's workbook, and the delegation list and follow-ups as XLSX and CSV."""

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.ids import read_id
from core.middleware import cache_privately
from core.views import OneObjectMixin, ScopedPermissionMixin
from delegations.models import Delegation
from delegations.selectors import delegations_for_user
from delegations.services import delegation_renew_feed
from jobs.services import export_job_create
from reports.exports.csv import delegations_csv, follow_ups_csv, itinerary_csv
from reports.exports.data import follow_ups_in, listed_delegations, with_counts
from reports.exports.ics import itinerary_calendar
from reports.exports.xlsx import delegation_workbook, delegations_workbook
from reports.tasks import export_delegations

FEED_SALT = "itinerary-feed"
FEED_MAX_AGE = 5 * 60  # seconds a phone may keep the feed before asking again
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def feed_token(delegation) -> str:
    """The secret of a delegation's subscribable itinerary feed: its pk and the generation
    of its address, signed. Renewing the address (a new generation) voids older ones."""
    return signing.Signer(salt=FEED_SALT).sign(f"{delegation.pk}.{delegation.feed_generation}")


def feed_delegation(token: str) -> Delegation:
    """The delegation whose current feed address `token` is; 404 for anything else.
    An address made before generations existed ("pk" alone) is the first generation."""
    try:
        value = signing.Signer(salt=FEED_SALT).unsign(token)
    except signing.BadSignature as error:
        raise Http404 from error
    pk, _dot, generation = value.partition(".")
    pk, generation = read_id(pk), read_id(generation or "1")
    if pk is None or generation is None:
        raise Http404
    delegation = (
        Delegation.objects.select_related("programme")
        .filter(pk=pk, feed_generation=generation)
        .first()
    )
    if delegation is None or delegation.feed_expires_on < timezone.localdate():
        raise Http404  # expired: FEED_DAYS_AFTER_VISIT after the visit, renewable
    return delegation


def file_name(title: str, extension: str) -> str:
    return f"{slugify(title)[:80] or 'delegation'}.{extension}"


def calendar_response(delegation) -> HttpResponse:
    response = HttpResponse(
        itinerary_calendar(delegation), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{file_name(delegation.title, "ics")}"'
    return response


class DelegationExportMixin(OneObjectMixin, ScopedPermissionMixin, SingleObjectMixin):
    permission_required = "delegations.view_delegation_obj"

    def get_scope(self):
        return (
            delegations_for_user(user=self.request.user)
            .select_related("host_organisation", "project")
            .prefetch_related("sending_organisations", "project__donors")
        )


class ItineraryCalendarView(DelegationExportMixin, View):
    def get(self, request, *args, **kwargs):
        return calendar_response(self.get_object())


class ItineraryFeedView(View):
    """No login (phones subscribe by URL): the signed token is the key."""

    def get(self, request, token):
        # Phones poll the feed: they may keep it a few minutes, shared caches never.
        return cache_privately(calendar_response(feed_delegation(token)), seconds=FEED_MAX_AGE)


class ItineraryFeedRenewView(DelegationExportMixin, View):
    """POST: a new subscription address, for staff and administrators (it cuts off
    every delegate's subscription; managers, who only read, may not)."""

    http_method_names = ["post"]
    permission_required = "delegations.renew_feed"

    def post(self, request, *args, **kwargs):
        delegation_renew_feed(delegation=self.get_object(), actor=request.user)
        messages.success(
            request,
            _(
                "The calendar subscription has a new address; the old one no longer works. "
                "Share the new one with the delegation."
            ),
        )
        url = reverse("delegations:detail", args=[self.get_object().pk])
        return HttpResponseRedirect(f"{url}#report-links-heading")


class DelegationWorkbookView(DelegationExportMixin, View):
    def get(self, request, *args, **kwargs):
        delegation = self.get_object()
        return FileResponse(
            delegation_workbook(delegation),
            as_attachment=True,
            filename=file_name(delegation.title, "xlsx"),
            content_type=XLSX,
        )


class ItineraryCsvView(DelegationExportMixin, View):
    """The itinerary as CSV, one item a row, with its leg's number and name."""

    def get(self, request, *args, **kwargs):
        delegation = self.get_object()
        response = StreamingHttpResponse(itinerary_csv(delegation), content_type=CSV)
        name = file_name(f"{delegation.title} itinerary", "csv")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class DelegationListExportMixin(ScopedPermissionMixin):
    """The delegations of the list page, filtered by the same FilterSet and query. More
    than EXPORT_INLINE_LIMIT of them are written by the worker: the user is sent to the
    export's progress page (jobs), which offers the file when it is ready."""

    permission_required = "delegations.list_delegations"
    export_kind = ""
    export_file_name = ""

    def filtered(self):
        return listed_delegations(user=self.request.user, params=self.request.GET)

    def get(self, request):
        """After the permission check (dispatch): the file now, or the job's page."""
        limit = settings.EXPORT_INLINE_LIMIT
        # Looks at no more than one row past the limit (no count of everything).
        if len(self.filtered().values_list("pk", flat=True)[: limit + 1]) <= limit:
            return self.response(self.filtered())
        job = export_job_create(
            user=request.user,
            kind=self.export_kind,
            query=request.GET.urlencode(),
            file_name=self.export_file_name,
            task=export_delegations,
        )
        return HttpResponseRedirect(reverse("jobs:export", args=[job.pk]))


class DelegationsWorkbookView(DelegationListExportMixin, View):
    export_kind = "delegations-xlsx"
    export_file_name = "delegations.xlsx"

    def response(self, delegations):
        return FileResponse(
            delegations_workbook(with_counts(delegations)),
            as_attachment=True,
            filename="delegations.xlsx",
            content_type=XLSX,
        )


class DelegationsCsvView(DelegationListExportMixin, View):
    export_kind = "delegations-csv"
    export_file_name = "delegations.csv"

    def response(self, delegations):
        response = StreamingHttpResponse(
            delegations_csv(with_counts(delegations)), content_type=CSV
        )
        response["Content-Disposition"] = 'attachment; filename="delegations.csv"'
        return response


class FollowUpsCsvView(ScopedPermissionMixin, View):
    permission_required = "delegations.list_delegations"

    def get_scope(self):
        return delegations_for_user(user=self.request.user)

    def get(self, request):
        response = StreamingHttpResponse(
            follow_ups_csv(follow_ups_in(self.get_scope())), content_type=CSV
        )
        response["Content-Disposition"] = 'attachment; filename="follow-ups.csv"'
        return response


urlpatterns: list = [
    path(
        "delegations/<int:pk>/itinerary.ics",
        ItineraryCalendarView.as_view(),
        name="itinerary-ics",
    ),
    path(
        "delegations/<int:pk>/itinerary.csv",
        ItineraryCsvView.as_view(),
        name="itinerary-csv",
    ),
    path("feeds/<str:token>.ics", ItineraryFeedView.as_view(), name="itinerary-feed"),
    path(
        "delegations/<int:pk>/feed/renew/",
        ItineraryFeedRenewView.as_view(),
        name="itinerary-feed-renew",
    ),
    path(
        "delegations/<int:pk>/export.xlsx",
        DelegationWorkbookView.as_view(),
        name="export-xlsx",
    ),
    path("delegations.xlsx", DelegationsWorkbookView.as_view(), name="delegations-xlsx"),
    path("delegations.csv", DelegationsCsvView.as_view(), name="delegations-csv"),
    path("follow-ups.csv", FollowUpsCsvView.as_view(), name="followups-csv"),
]
