"""The visit day's quick-capture forms: one small form per thing noted on an item.

Each reuses the rules of the form that edits the same rows elsewhere (the item form's
groups of people met, the delegation page's highlights and follow-ups), with only the
fields a phone needs; the services check again before saving.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteModelChoiceField
from itinerary.enums import CounterpartRole
from itinerary.forms.items import BeneficiaryGroupForm
from learning.enums import AttachmentKind
from learning.forms.sections import FollowUpForm, HighlightForm
from learning.services import attachment_check_upload
from officials.models import Official
from partners.models import Organisation


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


class OutcomeForm(forms.Form):
    """The item's summary and outcome, from the version the page showed (a lost update
    is refused and the form shows what changed)."""

    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outcome = forms.CharField(
        label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("summary", "outcome", "version"):
            self.initial.setdefault(name, getattr(item, name))
        self.fields["summary"].widget.attrs["autofocus"] = True
        self.helper = _helper(Field("summary"), Field("outcome"), Field("version"))

    def clean(self):
        if self.has_error("version"):  # a hidden field: say it where it shows
            self.add_error(
                None, _("This form lacks the version it was opened at: reload the page.")
            )
        return super().clean()


class PeopleMetForm(BeneficiaryGroupForm):
    """A group of people met, counted by sex and youth (where they came from is left to
    the item form)."""

    class Meta(BeneficiaryGroupForm.Meta):
        fields = ("category", "description", "female", "male", "other", "youth")

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].widget.attrs["autofocus"] = True
        self.helper = _helper(
            Field("category"),
            Field("description"),
            Row(
                Column("female", css_class="col-6 col-md-3"),
                Column("male", css_class="col-6 col-md-3"),
                Column("other", css_class="col-6 col-md-3"),
                Column("youth", css_class="col-6 col-md-3"),
            ),
        )

    def service_fields(self) -> dict:
        fields = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        fields["total"] = None  # from the counts by sex when all are known
        return fields


class CounterpartMetForm(forms.Form):
    """Someone met: picked from the directory, or added to it here (name, position,
    organisation) when they are not in it yet."""

    official = AutocompleteModelChoiceField(
        Official.objects.select_related("organisation"),
        url_name="officials:autocomplete",
        required=False,
        label=_("Someone in the directory"),
        help_text=_("Type a name, a position or an organisation."),
    )
    full_name = forms.CharField(
        label=_("Or a new person: full name"), max_length=200, required=False
    )
    position = forms.CharField(label=_("Position"), max_length=300, required=False)
    organisation = AutocompleteModelChoiceField(
        Organisation.objects.all(),
        url_name="partners:organisation-autocomplete",
        required=False,
        label=_("Organisation"),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=CounterpartRole.choices, initial=CounterpartRole.PARTICIPANT
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["official"].widget.attrs["autofocus"] = True
        self.helper = _helper(
            Field("official"),
            Field("full_name"),
            Row(
                Column("position", css_class="col-md-6"),
                Column("organisation", css_class="col-md-6"),
            ),
            Field("role"),
        )

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean(self):
        data = super().clean()
        official, full_name = data.get("official"), data.get("full_name")
        if official and full_name:
            self.add_error(
                "full_name", _("Either pick someone in the directory or type a new name, not both.")
            )
        elif not official and not full_name and "official" not in self.errors:
            self.add_error("official", _("Pick someone in the directory, or type a new name."))
        elif full_name and Official.objects.filter(full_name__iexact=full_name).exists():
            self.add_error(
                "full_name",
                _("%(name)s is already in the directory: pick them above.") % {"name": full_name},
            )
        if official and self.item.counterpart_links.filter(official=official).exists():
            self.add_error("official", _("This official is already listed for this item."))
        return data

    def new_official(self) -> dict | None:
        if self.cleaned_data.get("official"):
            return None
        return {
            "full_name": self.cleaned_data["full_name"],
            "position": self.cleaned_data["position"],
            "organisation": self.cleaned_data["organisation"],
        }


class PhotoForm(forms.Form):
    """A photo taken now (a phone opens its back camera) or chosen from the device."""

    file = forms.FileField(
        label=_("Photo"),
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=500, required=False)
    credit = forms.CharField(
        label=_("Credit"),
        max_length=200,
        required=False,
        help_text=_("For example “Photo: IOM”."),
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["autofocus"] = True
        self.helper = _helper(
            Field("file"),
            Row(Column("caption", css_class="col-md-8"), Column("credit", css_class="col-md-4")),
        )

    def clean(self):
        """The file's own checks (size, a raster image by its content), said next to it;
        the service checks again before storing."""
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if upload is not None:
            try:
                attachment_check_upload(upload=upload, kind=AttachmentKind.PHOTO)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned_data


class NoteForm(HighlightForm):
    """A highlight of the item: a quote (with its speaker, or anonymous, and how the report
    may name them), a lesson, an observation..."""

    class Meta(HighlightForm.Meta):
        fields = ("kind", "text", "speaker", "attribution")

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, delegation=item.delegation, **kwargs)
        self.helper = _helper(Field("kind"), Field("text"), Field("speaker"), Field("attribution"))


class FollowUpNoteForm(FollowUpForm):
    """Something to follow up after the item: what, who owns it, by when."""

    class Meta(FollowUpForm.Meta):
        fields = ("description", "owner_organisation", "due_date")

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, delegation=item.delegation, **kwargs)
        del self.fields["owner_official"], self.fields["version"]
        self.helper = _helper(
            Field("description"),
            Row(
                Column("owner_organisation", css_class="col-md-8"),
                Column("due_date", css_class="col-md-4"),
            ),
        )
