"""Forms of the delegation pages: the delegation, its planning status, the list's filters."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Fieldset, Layout, Row, Submit
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteModelChoiceField
from delegations.enums import PlanningStatus
from delegations.models import Delegation
from partners.enums import ProgrammeRole
from partners.models import Organisation
from partners.selectors import programmes_for_user
from places.models import Place

ORGANISATION_FIELDS = ("sending_organisation", "requested_by", "arranged_by", "host_organisation")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def editable_programmes(user):
    """Where the user may record a delegation: programmes they are staff of (all of them
    for administrators). Managers read; they do not create."""
    return programmes_for_user(user=user, roles=(ProgrammeRole.STAFF,)).order_by("code")


class DelegationForm(forms.ModelForm):
    """The delegation's own facts. Its planning status moves with its own buttons, and the
    view hands the cleaned data to delegations.services (create / update)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Delegation
        fields = (
            "title",
            "programme",
            "purpose",
            "background",
            "sending_countries",
            *ORGANISATION_FIELDS,
            "host_country",
            "destinations",
            "start_date",
            "end_date",
            "report_language",
        )
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "background": forms.Textarea(attrs={"rows": 4}),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "destinations": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "sending_countries": _("One or more. Click a country to choose it or to leave it out."),
            "destinations": _("The places the delegation travels to."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = editable_programmes(user)
        self.fields["programme"].empty_label = _("Choose a programme")
        for name in ORGANISATION_FIELDS:
            model_field = Delegation._meta.get_field(name)
            self.fields[name] = AutocompleteModelChoiceField(
                Organisation.objects.all(),
                url_name="partners:organisation-autocomplete",
                required=False,
                label=capfirst(model_field.verbose_name),
                help_text=_("Type part of the name or the acronym, then pick from the list."),
            )
        self.fields["destinations"].queryset = Place.objects.select_related("parent").order_by(
            "country", "name", "pk"
        )
        self.fields["sending_countries"].widget.attrs.update(
            {
                "size": 7,
                # static/js/delegations.js: a filter box, click to choose, what is chosen.
                "data-filterable": "",
                "data-filter-label": _("Filter the countries"),
                "data-filter-placeholder": _("Type to filter the countries…"),
                "data-chosen-label": _("Chosen:"),
                "data-none-label": _("No country chosen yet."),
            }
        )
        if self.instance.pk:
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
        self.helper = self._helper()

    def _helper(self) -> FormHelper:
        helper = FormHelper(self)
        cancel = (
            reverse("delegations:detail", args=[self.instance.pk])
            if self.instance.pk
            else reverse("delegations:list")
        )
        helper.layout = Layout(
            Fieldset(
                _("The visit"),
                "title",
                Row(
                    Column("programme", css_class="col-lg-6"),
                    Column("start_date", css_class="col-sm-6 col-lg-3"),
                    Column("end_date", css_class="col-sm-6 col-lg-3"),
                ),
                "purpose",
                "background",
                Row(Column("report_language", css_class="col-md-6 col-lg-3")),
            ),
            Fieldset(
                _("Who travels"),
                Row(
                    Column("sending_countries", css_class="col-md-6"),
                    Column("sending_organisation", css_class="col-md-6"),
                ),
                Row(
                    Column("requested_by", css_class="col-md-6"),
                    Column("arranged_by", css_class="col-md-6"),
                ),
            ),
            Fieldset(
                _("Where to"),
                Row(
                    Column("host_country", css_class="col-md-6"),
                    Column("host_organisation", css_class="col-md-6"),
                ),
                Field("destinations", wrapper_class="destinations-choices"),
            ),
            *(("version",) if "version" in self.fields else ()),
            Div(
                Submit("save", _("Save delegation")),
                HTML(format_html('<a class="btn btn-link" href="{}">{}</a>', cancel, _("Cancel"))),
                css_class="d-flex gap-2 mt-3",
            ),
        )
        return helper

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return cleaned

    def service_data(self) -> tuple[dict, list]:
        """(the delegation's fields, its destinations) as the services take them."""
        data = {
            name: self.cleaned_data[name] for name in self._meta.fields if name != "destinations"
        }
        return data, list(self.cleaned_data["destinations"])


class StatusForm(forms.Form):
    """One planning step, posted by the buttons on the delegation page."""

    to_status = forms.ChoiceField(label=_("New planning status"), choices=PlanningStatus.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)


class DelegationFilterForm(forms.Form):
    """The list's filter form; django-filter adds the fields, crispy lays them out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        helper = FormHelper(self)
        helper.form_method = "get"
        helper.form_tag = True
        helper.disable_csrf = True
        helper.attrs = {"aria-label": _("Filter delegations"), "role": "search"}
        helper.layout = Layout(
            Row(
                Column("q", css_class="col-md-6 col-lg-3"),
                Column("programme", css_class="col-md-6 col-lg-3"),
                Column("status", css_class="col-sm-6 col-lg-3"),
                Column("report_status", css_class="col-sm-6 col-lg-3"),
            ),
            Row(
                Column("sending_country", css_class="col-sm-6 col-lg-2"),
                Column("host_country", css_class="col-sm-6 col-lg-2"),
                Column("starts_after", css_class="col-sm-6 col-lg-2"),
                Column("ends_before", css_class="col-sm-6 col-lg-2"),
                Column("sort", css_class="col-sm-6 col-lg-2"),
                Column(
                    Div(
                        HTML(
                            format_html(
                                '<button type="submit" class="btn btn-primary">{}</button>'
                                '<a class="btn btn-outline-secondary" href="{}">{}</a>',
                                _("Filter"),
                                reverse("delegations:list"),
                                _("Clear"),
                            )
                        ),
                        css_class="d-flex gap-2 align-items-end h-100 pb-3",
                    ),
                    css_class="col-sm-6 col-lg-2",
                ),
            ),
        )
        for name in ("starts_after", "ends_before"):
            if name in self.fields:
                self.fields[name].widget = DateInput()
        self.helper = helper
