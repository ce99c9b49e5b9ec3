"""The import's one form: the file, or (after the preview) the same file sent back."""

import base64
import binascii

from django import forms
from django.utils.translation import gettext_lazy as _

from itinerary.imports.reading import MAX_BYTES, ImportFileError, read_upload


class ItineraryImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        required=False,
        help_text=_("The template filled in (.xlsx), or one sheet saved as .csv (UTF-8)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    # The previewed file, carried to the confirmation: the server keeps nothing meanwhile.
    content = forms.CharField(widget=forms.HiddenInput, required=False)
    filename = forms.CharField(widget=forms.HiddenInput, required=False, max_length=255)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            name, content = upload.name, upload.read(MAX_BYTES + 1)
        elif cleaned.get("content"):
            name = cleaned.get("filename") or ""
            try:
                content = base64.b64decode(cleaned["content"], validate=True)
            except (binascii.Error, ValueError):
                self.add_error("file", _("The file sent back was damaged: upload it again."))
                return cleaned
        else:
            self.add_error("file", _("Choose a spreadsheet to import."))
            return cleaned
        try:
            cleaned["sheets"] = read_upload(name=name, content=content)
        except ImportFileError as error:
            self.add_error("file", error.message)
            return cleaned
        cleaned["carried"] = {"content": base64.b64encode(content).decode(), "filename": name}
        return cleaned

    def carry(self) -> None:
        """Keep the file in the form for the confirmation (hidden fields)."""
        self.data = self.data.copy()
        self.data.update(self.cleaned_data["carried"])
