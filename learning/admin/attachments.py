"""Attachments: linked only through the permission-checked download view."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import ServiceHistoryAdmin, adopt, form_data
from delegations.admin import (
    DelegationScopedAdminMixin,
    SameDelegationFormMixin,
)
from delegations.services import child_update
from learning.enums import Consent
from learning.forms.attachments import CONSENT_FIELDS
from learning.models import Attachment
from learning.services import attachment_check_upload, attachment_store


class AttachmentAdminForm(SameDelegationFormMixin, forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ("delegation", "item", "file", "kind", "caption", "credit", *CONSENT_FIELDS)
        widgets = {"file": forms.FileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "consent" in self.fields:  # not on a locked delegation's read-only row
            self.fields["consent"].required = False  # left empty: not recorded

    def clean_consent(self) -> str:
        return self.cleaned_data.get("consent") or Consent.NOT_RECORDED

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if upload is not None and "file" in self.changed_data:
            try:
                self.upload_type = attachment_check_upload(
                    upload=upload, kind=cleaned_data.get("kind")
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned_data


@admin.register(Attachment)
class AttachmentAdmin(DelegationScopedAdminMixin, ServiceHistoryAdmin):
    """Files are linked through the permission-checked download view, never their URL."""

    form = AttachmentAdminForm
    list_display = ("__str__", "delegation_short", "kind", "item", "download", "size_display")
    list_filter = ("kind", "may_publish", "consent", "delegation__programme")
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
            return ("delegation", "item", "file", "kind", "caption", "credit", *CONSENT_FIELDS)
        return (
            "delegation",
            "item",
            "download",
            "kind",
            "caption",
            "credit",
            *CONSENT_FIELDS,
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
        url = reverse("learning:attachment-download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name or _("Download"))

    @admin.display(description=_("size"), ordering="size")
    def size_display(self, obj: Attachment) -> str:
        return filesizeformat(obj.size)

    def save_model(self, request, obj, form, change):
        if change:
            data = form_data(form, changed_only=True)
            adopt(obj, child_update(obj, actor=request.user, data=data))
        else:
            attachment_store(
                attachment=obj,
                upload=form.cleaned_data["file"],
                content_type=form.upload_type,
                actor=request.user,
            )
