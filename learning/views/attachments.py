"""Photos and documents of a delegation. Files are served only from here (download and
thumbnail, each permission-checked), never from a media URL. Uploads, edits and deletes
happen in the attachments section of the delegation page, like the learning sections
(learning/views/sections.py): htmx gets the section back, anything else a full page.
"""

from pathlib import PurePath

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.ids import read_id
from delegations.selectors import delegations_for_user
from learning.forms.attachments import AttachmentEditForm, AttachmentUploadForm
from learning.models import Attachment
from learning.services import (
    RASTER_IMAGE_TYPES,
    attachment_delete,
    attachment_thumbnail,
    attachment_update,
    attachment_upload,
)
from learning.views.sections import InlineDeleteView, InlineFormView, InlineUpdateView, SectionView


def _no_sniffing(response: HttpResponse) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class AttachmentScopeMixin(LoginRequiredMixin, SingleObjectMixin):
    """An attachment whose delegation the user may see; 404 otherwise."""

    def get_queryset(self):
        return Attachment.objects.filter(
            delegation__in=delegations_for_user(user=self.request.user)
        )


class AttachmentDownloadView(AttachmentScopeMixin, View):
    """The file of an attachment whose delegation the user may see; 404 otherwise."""

    http_method_names = ["get", "head"]

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
        return _no_sniffing(response)


class AttachmentThumbnailView(AttachmentScopeMixin, View):
    """A small JPEG of a photo (made once, kept next to the file), with the download's check."""

    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs) -> HttpResponse:
        attachment = self.get_object()
        try:
            data = attachment_thumbnail(attachment=attachment)
        except (ValueError, OSError) as error:  # no raster image, or an unreadable one
            raise Http404("No thumbnail for this attachment.") from error
        response = HttpResponse(data, content_type="image/jpeg")
        # Not stored by the browser, like every logged-in response (core.middleware).
        return _no_sniffing(response)


class AttachmentMixin:
    section_name = "attachments"
    model = Attachment


class AttachmentCreateView(AttachmentMixin, InlineFormView):
    form_class = AttachmentUploadForm
    heading = _("Upload a photo or document")
    saved = _("The file was uploaded.")
    multipart = True

    def get_initial(self) -> dict:
        """`?item=<pk>` chooses the item (offered only if it is this delegation's)."""
        item = read_id(self.request.GET.get("item", ""))
        return {"item": item} if item is not None else {}

    def perform(self, form) -> Attachment:
        return attachment_upload(
            delegation=self.delegation,
            actor=self.request.user,
            upload=form.cleaned_data["file"],
            **form.service_data(),
        )


class AttachmentUpdateView(AttachmentMixin, InlineUpdateView):
    form_class = AttachmentEditForm
    heading = _("Edit the attachment")
    saved = _("The attachment was saved.")

    def perform(self, form) -> Attachment:
        return attachment_update(
            attachment=self.row,
            actor=self.request.user,
            data=form.service_data(),
            expected_version=form.cleaned_data.get("version"),
        )


class AttachmentDeleteView(AttachmentMixin, InlineDeleteView):
    heading = _("Delete the attachment")
    deleted = _("The attachment was deleted.")

    def perform(self) -> None:
        attachment_delete(attachment=self.row, actor=self.request.user)


urlpatterns = [
    path(
        "attachments/<int:pk>/download/",
        AttachmentDownloadView.as_view(),
        name="attachment-download",
    ),
    path(
        "attachments/<int:pk>/thumbnail/",
        AttachmentThumbnailView.as_view(),
        name="attachment-thumbnail",
    ),
    path(
        "delegations/<int:delegation_pk>/attachments/",
        SectionView.as_view(section_name="attachments"),
        name="attachments-section",
    ),
    path(
        "delegations/<int:delegation_pk>/attachments/add/",
        AttachmentCreateView.as_view(),
        name="attachment-create",
    ),
    path("attachments/<int:pk>/edit/", AttachmentUpdateView.as_view(), name="attachment-update"),
    path("attachments/<int:pk>/delete/", AttachmentDeleteView.as_view(), name="attachment-delete"),
]
