"""Attachments: linked only through the permission-checked download view."""

import mimetypes
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from PIL import Image

from core.admin import ServiceHistoryAdmin, adopt, form_data
from delegations.admin import (
    DelegationScopedAdminMixin,
    SameDelegationFormMixin,
    update_under_delegation,
)
from delegations.services import ensure_unlocked
from delegations.services.common import stamp
from visits.enums import AttachmentKind
from visits.models import Attachment

RASTER_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


def sniff_content_type(upload) -> str:
    """The type from the content for images, from the name otherwise; never the browser's."""
    mime = None
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            mime = Image.MIME.get(image.format)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        mime = None
    finally:
        upload.seek(0)
    guessed = mimetypes.guess_type(upload.name)[0]
    if mime is None and guessed in RASTER_IMAGE_TYPES:
        guessed = None  # named like an image, but Pillow cannot read it as one
    return mime or guessed or "application/octet-stream"


class AttachmentAdminForm(SameDelegationFormMixin, forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ("delegation", "item", "file", "kind", "caption", "credit")
        widgets = {"file": forms.FileInput}

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if upload is None or "file" not in self.changed_data:
            return cleaned_data
        if upload.size > settings.ATTACHMENT_MAX_BYTES:
            self.add_error(
                "file",
                _("The file is larger than %(limit)s.")
                % {"limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
            )
            return cleaned_data
        self.upload_type = sniff_content_type(upload)
        if cleaned_data.get("kind") == AttachmentKind.PHOTO and (
            self.upload_type not in RASTER_IMAGE_TYPES
        ):
            self.add_error("file", _("A photo must be a PNG, JPEG, GIF or WebP image."))
        return cleaned_data


@transaction.atomic
def attachment_store(*, attachment: Attachment, upload, content_type: str, actor) -> Attachment:
    ensure_unlocked(attachment.delegation)
    attachment.original_name = PurePath(upload.name).name[:255]
    attachment.content_type = content_type
    attachment.size = upload.size
    attachment.uploaded_by = actor
    attachment.full_clean()
    stamp(attachment, actor)
    attachment.save()
    return attachment


@admin.register(Attachment)
class AttachmentAdmin(DelegationScopedAdminMixin, ServiceHistoryAdmin):
    """Files are linked through the permission-checked download view, never their URL."""

    form = AttachmentAdminForm
    list_display = ("__str__", "delegation", "kind", "item", "download", "size_display")
    list_filter = ("kind", "delegation__programme")
    list_select_related = ("delegation", "item")
    search_fields = ("caption", "original_name", "credit", "delegation__title")
    date_hierarchy = "created_at"
    autocomplete_fields = ("delegation", "item")
    readonly_fields = (
        "download",
        "content_type",
        "size_display",
        "uploaded_by",
        "created_at",
        "updated_at",
    )

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("delegation", "item", "file", "kind", "caption", "credit")
        return (
            "delegation",
            "item",
            "download",
            "kind",
            "caption",
            "credit",
            "content_type",
            "size_display",
            "uploaded_by",
            "created_at",
            "updated_at",
        )

    @admin.display(description=_("file"))
    def download(self, obj: Attachment):
        if obj.pk is None:
            return "–"
        url = reverse("visits:attachment-download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name or _("Download"))

    @admin.display(description=_("size"), ordering="size")
    def size_display(self, obj: Attachment) -> str:
        return filesizeformat(obj.size)

    def save_model(self, request, obj, form, change):
        if change:
            data = form_data(form, changed_only=True)
            adopt(obj, update_under_delegation(obj, actor=request.user, data=data))
        else:
            attachment_store(
                attachment=obj,
                upload=form.cleaned_data["file"],
                content_type=form.upload_type,
                actor=request.user,
            )
