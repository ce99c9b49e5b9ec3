"""Pages of the itinerary. Attachments are served only from here, never from a media URL."""

from pathlib import PurePath

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse
from django.urls import path
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from delegations.selectors import delegations_for_user
from visits.models import Attachment
from visits.services import RASTER_IMAGE_TYPES


class AttachmentDownloadView(LoginRequiredMixin, SingleObjectMixin, View):
    """The file of an attachment whose delegation the user may see; 404 otherwise."""

    http_method_names = ["get", "head"]

    def get_queryset(self):
        return Attachment.objects.filter(
            delegation__in=delegations_for_user(user=self.request.user)
        )

    def get(self, request, *args, **kwargs) -> FileResponse:
        attachment = self.get_object()
        content_type = attachment.content_type or "application/octet-stream"
        response = FileResponse(
            attachment.file.open("rb"),
            # Raster images show in the browser; anything else (SVG, HTML) is downloaded.
            as_attachment=content_type not in RASTER_IMAGE_TYPES,
            filename=attachment.original_name or PurePath(attachment.file.name).name,
            content_type=content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response


urlpatterns = [
    path(
        "attachments/<int:pk>/download/",
        AttachmentDownloadView.as_view(),
        name="attachment-download",
    ),
]
