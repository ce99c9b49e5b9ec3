"""Forms of the organisation and project pages (and the base every directory form shares)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteModelChoiceField, MultiAutocompleteField
from core.forms import add_version_field
from core.ids import id_formfield
from partners.enums import OrganisationKind
from partners.models import Organisation, Project
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


class NeedToKnowFormMixin:
    """A directory form for someone who may edit the entry but not read its private fields
    (a sensitive entry, for anyone but an administrator): those fields are left out, so
    they are neither shown nor changed. Only an administrator lifts the sensitive flag."""

    private_fields: tuple[str, ...] = ()

    def __init__(self, *args, private: bool = True, may_unflag: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not private:
            for name in self.private_fields:
                del self.fields[name]
        if not may_unflag and self.instance.sensitive:
            self.fields["sensitive"].disabled = True
            self.fields["sensitive"].help_text = _("Only an administrator can lift this flag.")

    def present(self, *names: str) -> list[str]:
        return [name for name in names if name in self.fields]


def need_to_know_form_kwargs(user, entry, private_permission: str) -> dict:
    """The NeedToKnowFormMixin arguments for `user` editing `entry` (None: a new entry)."""
    if entry is None or entry.pk is None:
        return {}
    return {
        "private": user.has_perm(private_permission, entry),
        "may_unflag": bool(getattr(user, "is_administrator", False)),
    }


class OrganisationForm(NeedToKnowFormMixin, forms.ModelForm):
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
        fields = [
            "name",
            "acronym",
            "kind",
            "country",
            "parent",
            "place",
            "website",
            "notes",
            "sensitive",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    private_fields = ("notes",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("name", css_class="col-md-8"), Column("acronym", css_class="col-md-4")),
            Row(Column("kind", css_class="col-md-6"), Column("country", css_class="col-md-6")),
            Row(Column("parent", css_class="col-md-6"), Column("place", css_class="col-md-6")),
            "website",
            *self.present("notes"),
            "sensitive",
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


class ProjectForm(forms.ModelForm):
    """A project of a programme the user is staff of; project_save saves it with donors."""

    donors = MultiAutocompleteField(
        Organisation.objects.all(),
        url_name="partners:organisation-autocomplete",
        add_label=_("Add a donor"),
        label=_("Donors"),
        help_text=_("The governments or bodies that fund the project."),
    )

    class Meta:
        model = Project
        fields = ["programme", "name", "code", "start_date", "end_date"]
        formfield_callback = id_formfield  # relations refuse non-ASCII ids (core.ids)
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].empty_label = _("Choose a programme")
        if self.instance.pk:
            donors = list(self.instance.donors.all())
            self.initial["donors"] = donors
            self.fields["donors"].widget.remember(donors)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("programme", css_class="col-md-6"), Column("code", css_class="col-md-6")),
            "name",
            "donors",
            Row(
                Column("start_date", css_class="col-sm-6"),
                Column("end_date", css_class="col-sm-6"),
            ),
        )
        add_version_field(self, self.instance.version if self.instance.pk else None)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The project cannot end before it starts."))
        return cleaned
