"""Forms of the delegation pages: the delegation, its planning status, the list's filters."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Fieldset, Layout, Row, Submit
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.autocomplete import (
    AutocompleteModelChoiceField,
    MultiAutocompleteField,
    MultiChoiceAutocompleteField,
)
from core.forms import PlainBootstrapForm
from core.ids import id_formfield
from delegations.enums import PlanningStatus
from delegations.models import Delegation
from partners.enums import ProgrammeRole
from partners.models import Organisation, Project
from partners.selectors import programmes_for_user
from places.models import Place

ORGANISATION_FIELDS = ("requested_by", "arranged_by", "host_organisation")
LINK_FIELDS = ("destinations", "sending_organisations")


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
    sending_countries = MultiChoiceAutocompleteField(
        choices=list(countries),
        url_name="places:country-autocomplete",
        add_label=_("Add a sending country"),
        label=_("Sending countries"),
        help_text=_("One or more: type part of a country's name, then pick it."),
    )
    sending_organisations = MultiAutocompleteField(
        Organisation.objects.all(),
        url_name="partners:organisation-autocomplete",
        add_label=_("Add a sending organisation"),
        label=_("Sending organisations"),
        help_text=_("The governments or bodies that send the officials."),
    )
    destinations = MultiAutocompleteField(
        Place.objects.select_related("parent"),
        url_name="places:autocomplete",
        add_label=_("Add a destination"),
        ordered=True,
        label=_("Destinations"),
        help_text=_("The places the delegation travels to, in the order of travel."),
    )

    class Meta:
        formfield_callback = id_formfield  # relations refuse non-ASCII ids (core.ids)
        model = Delegation
        fields = (
            "title",
            "programme",
            "project",
            "purpose",
            "background",
            "sending_countries",
            "sending_organisations",
            *ORGANISATION_FIELDS,
            "host_country",
            "start_date",
            "end_date",
            "report_language",
        )
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "background": forms.Textarea(attrs={"rows": 4}),
            "start_date": DateInput(),
            "end_date": DateInput(),
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
        self.fields["project"].empty_label = _("No project")
        self.fields["project"].queryset = Project.objects.filter(
            programme__in=self.fields["programme"].queryset
        ).select_related("programme")
        self.fields["project"].label_from_instance = lambda project: (
            f"{project} ({project.programme.code})"
        )
        self.fields["project"].help_text = _(
            'A project of the delegation\'s programme. <a href="%(url)s">Add a project</a>.'
        ) % {"url": reverse("partners:project-create")}
        if self.instance.pk:
            self.initial["sending_countries"] = [
                str(code) for code in self.instance.sending_countries
            ]
            self.initial["destinations"] = self.instance.destinations_in_order
            self.fields["destinations"].widget.remember(self.instance.destinations_in_order)
            senders = list(self.instance.sending_organisations.all())
            self.initial["sending_organisations"] = senders
            self.fields["sending_organisations"].widget.remember(senders)
        if self.instance.pk:
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
        self.fields["report_language"].required = False
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
                    Column("project", css_class="col-lg-6"),
                ),
                Row(
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
                    Column("sending_organisations", css_class="col-md-6"),
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
                "destinations",
            ),
            *(("version",) if "version" in self.fields else ()),
            Div(
                Submit("save", _("Save delegation")),
                HTML(format_html('<a class="btn btn-link" href="{}">{}</a>', cancel, _("Cancel"))),
                css_class="d-flex gap-2 mt-3",
            ),
        )
        return helper

    def clean_report_language(self) -> str:
        """Left out of a post (a script, an older form): the language it had, or the site's."""
        return (
            self.cleaned_data.get("report_language")
            or self.instance.report_language
            or settings.LANGUAGE_CODE
        )

    def clean(self):
        cleaned = super().clean()
        programme, project = cleaned.get("programme"), cleaned.get("project")
        if programme and project and project.programme_id != programme.pk:
            self.add_error("project", _("Choose a project of the delegation's programme."))
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return cleaned

    def service_data(self) -> tuple[dict, dict]:
        """(the delegation's fields, its many-to-many links) as the services take them:
        destinations in the order of travel, and the sending organisations."""
        links = {name: list(self.cleaned_data[name]) for name in LINK_FIELDS}
        data = {name: self.cleaned_data[name] for name in self._meta.fields if name not in links}
        return data, links


class StatusForm(forms.Form):
    """One planning step, posted by the buttons on the delegation page."""

    to_status = forms.ChoiceField(label=_("New planning status"), choices=PlanningStatus.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)


class NoHeadForm(forms.Form):
    """A group visit without a head of delegation (1), or not (0); posted by a button on
    the delegation page or the review page (`next`: back to the delegation's own pages)."""

    no_head = forms.ChoiceField(choices=(("1", _("No head")), ("0", _("Has a head"))))
    next = forms.CharField(required=False, max_length=500)

    def next_url(self, delegation) -> str:
        detail = reverse("delegations:detail", args=[delegation.pk])
        wanted = (self.cleaned_data.get("next") or "") if self.is_valid() else ""
        # Only a page of this delegation: never an address elsewhere.
        if wanted.startswith(f"/delegations/{delegation.pk}/") and "//" not in wanted:
            return wanted
        return detail


class DelegationFilterForm(PlainBootstrapForm):
    """The list's filter form; django-filter adds the fields. Drawn on every view of the
    list, it is laid out by the list's own template
    (`templates/delegations/includes/filter_form.html`) rather than by crispy: the same
    markup for a fraction of the time (core.forms.PlainBootstrapForm)."""

    layout = (
        (
            ("q", "col-md-6 col-lg-3"),
            ("programme", "col-md-6 col-lg-3"),
            ("status", "col-sm-6 col-lg-3"),
            ("report_status", "col-sm-6 col-lg-3"),
        ),
        (  # and the buttons, in the last column of this row
            ("sending_country", "col-sm-6 col-lg-2"),
            ("host_country", "col-sm-6 col-lg-2"),
            ("starts_after", "col-sm-6 col-lg-2"),
            ("ends_before", "col-sm-6 col-lg-2"),
            ("sort", "col-sm-6 col-lg-2"),
        ),
    )
    widgets = {"starts_after": DateInput, "ends_before": DateInput}
