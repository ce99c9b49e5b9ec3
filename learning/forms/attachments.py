"""Forms of the delegation page's attachments: upload a file, or edit what is said about it.

What the file is gets decided by `learning.services.attachment_upload` from its content;
its errors land on the file field (the view's ServiceFormMixin).
"""

from crispy_forms.layout import Column, Field, Fieldset, Row
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from core.forms import add_version_field
from core.ids import id_formfield
from learning.enums import Consent
from learning.forms.sections import DelegationRowForm, _helper
from learning.models import Attachment
from learning.services import ATTACHMENT_TYPES, ATTACHMENT_TYPES_HELP, attachment_check_upload

CONSENT_FIELDS = ("people_identifiable", "children_present", "consent", "may_publish")

# What the file chooser offers first; the content is what counts (see the services).
ACCEPT = ",".join(sorted({suffix for suffixes in ATTACHMENT_TYPES.values() for suffix in suffixes}))


def _upload_help() -> str:
    return _("%(types)s At most %(limit)s.") % {
        "types": ATTACHMENT_TYPES_HELP,
        "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
    }


class AttachmentEditForm(DelegationRowForm):
    """Kind, caption, credit, itinerary item and consent of a file already uploaded."""

    class Meta:
        formfield_callback = id_formfield  # relations refuse non-ASCII ids (core.ids)
        model = Attachment
        fields = ("kind", "caption", "credit", "item", *CONSENT_FIELDS)
        help_texts = {"credit": _("For example “Photo: IOM”.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("kind", css_class="col-md-4"), Column("item", css_class="col-md-8")),
            Row(Column("caption", css_class="col-md-8"), Column("credit", css_class="col-md-4")),
            Fieldset(
                _("People and publication"),
                Row(
                    Column("people_identifiable", css_class="col-md-4"),
                    Column("children_present", css_class="col-md-4"),
                    Column("consent", css_class="col-md-4"),
                ),
                "may_publish",
            ),
        )
        self.fields["consent"].required = False  # left empty: not recorded
        add_version_field(self, self.instance.version if self.instance.pk else None)

    def clean_consent(self) -> str:
        return self.cleaned_data.get("consent") or Consent.NOT_RECORDED


class AttachmentUploadForm(AttachmentEditForm):
    """A new file, with what is said about it."""

    file = forms.FileField(
        label=_("File"),
        help_text=lazy(_upload_help, str)(),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )

    class Meta(AttachmentEditForm.Meta):
        fields = ("file", "kind", "caption", "credit", "item", *CONSENT_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout.insert(0, Field("file"))

    def clean(self):
        """The file's own checks (size, type by content) together with the other fields:
        a refused file is said next to it even when another field is wrong too, so the
        user does not pick it again only to learn it was too large. The service checks
        again before storing."""
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if upload is not None:
            try:
                attachment_check_upload(upload=upload, kind=cleaned_data.get("kind"))
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned_data

    def service_data(self) -> dict:
        names = ("kind", "caption", "credit", "item", *CONSENT_FIELDS)
        return {name: self.cleaned_data[name] for name in names}
