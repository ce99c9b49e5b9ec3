"""The form of a leg of a visit: where, which days, and who hosts it locally."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteModelChoiceField
from core.forms import add_version_field
from delegations.forms import DateInput
from delegations.models import Leg
from delegations.services.legs import LEG_FIELDS
from delegations.team_forms import ServiceErrorsMixin
from partners.models import Organisation
from places.models import Place

LEG_ORGANISATIONS = ("host_organisation", "requested_by", "arranged_by")


class LegForm(ServiceErrorsMixin, forms.ModelForm):
    place = AutocompleteModelChoiceField(
        Place.objects.select_related("parent"),
        url_name="places:autocomplete",
        label=_("City or region"),
        help_text=_("Type part of the name, then pick from the list."),
    )

    class Meta:
        model = Leg
        fields = list(LEG_FIELDS)
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, delegation, **kwargs):
        super().__init__(*args, **kwargs)
        self.delegation = delegation
        for name in LEG_ORGANISATIONS:
            self.fields[name] = AutocompleteModelChoiceField(
                Organisation.objects.all(),
                url_name="partners:organisation-autocomplete",
                required=False,
                label=capfirst(Leg._meta.get_field(name).verbose_name),
                help_text=_("Blank: as for the whole visit."),
            )
        if not self.instance.pk:
            self.initial.setdefault("start_date", delegation.start_date)
            self.initial.setdefault("end_date", delegation.end_date)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("place", css_class="col-lg-6"),
                Column("start_date", css_class="col-sm-6 col-lg-3"),
                Column("end_date", css_class="col-sm-6 col-lg-3"),
            ),
            Row(
                Column("host_organisation", css_class="col-lg-4"),
                Column("requested_by", css_class="col-lg-4"),
                Column("arranged_by", css_class="col-lg-4"),
            ),
            "notes",
        )
        add_version_field(self, self.instance.version if self.instance.pk else None)
        self.describe_autocompletes()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        return cleaned

    def _post_clean(self):
        """The model's own checks run in the service (with the delegation set)."""

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in LEG_FIELDS}
