"""Forms of the organisation pages (and the base every directory form shares)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteModelChoiceField
from core.forms import add_version_field
from core.ids import id_formfield
from partners.enums import OrganisationKind
from partners.models import Organisation
from places.models import Place

MAX_PARENT_DEPTH = 20


def set_blank_label(field: forms.ChoiceField, label) -> None:
    """Say what an empty choice means instead of "---------"."""
    field.choices = [("", label), *((value, text) for value, text in field.choices if value)]


class ConfirmDifferentMixin:
    """The "save anyway" box the duplicate warning shows (and only it: not in the layout)."""

    confirm_label = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm_different"] = forms.BooleanField(
            label=self.confirm_label, required=False
        )


class OrganisationForm(forms.ModelForm):
    parent = AutocompleteModelChoiceField(
        Organisation.objects.all(),
        url_name="partners:organisation-autocomplete",
        label=_("Part of"),
        required=False,
        help_text=_("The organisation this one belongs to: IOM Kenya is part of IOM."),
    )
    place = AutocompleteModelChoiceField(
        Place.objects.select_related("parent"),
        url_name="places:autocomplete",
        label=_("Place"),
        required=False,
        help_text=_("Where its office is."),
    )

    class Meta:
        formfield_callback = id_formfield  # relations refuse non-ASCII ids (core.ids)
        model = Organisation
        fields = ["name", "acronym", "kind", "country", "parent", "place", "website", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("name", css_class="col-md-8"), Column("acronym", css_class="col-md-4")),
            Row(Column("kind", css_class="col-md-6"), Column("country", css_class="col-md-6")),
            Row(Column("parent", css_class="col-md-6"), Column("place", css_class="col-md-6")),
            "website",
            "notes",
        )

        self.fields["kind"].choices = [("", _("Choose a kind…")), *OrganisationKind.choices]
        set_blank_label(self.fields["country"], _("None (an international body)"))
        add_version_field(self, self.instance.version if self.instance.pk else None)

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if parent is None or self.instance.pk is None:
            return parent
        ancestor, depth = parent, 0
        while ancestor is not None and depth < MAX_PARENT_DEPTH:
            if ancestor.pk == self.instance.pk:
                raise forms.ValidationError(
                    _("An organisation cannot be part of itself or of one of its parts.")
                )
            ancestor, depth = ancestor.parent, depth + 1
        return parent


class OrganisationCreateForm(ConfirmDifferentMixin, OrganisationForm):
    confirm_label = _("This is a different organisation: save anyway")
