"""Forms of the people directory."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteModelChoiceField
from core.forms import add_version_field
from officials.models import Official
from partners.forms import ConfirmDifferentMixin, NeedToKnowFormMixin, set_blank_label
from partners.models import Organisation


class OfficialForm(NeedToKnowFormMixin, forms.ModelForm):
    organisation = AutocompleteModelChoiceField(
        Organisation.objects.all(),
        url_name="partners:organisation-autocomplete",
        label=_("Organisation"),
        required=False,
    )

    class Meta:
        model = Official
        fields = [
            "honorific",
            "rank",
            "full_name",
            "position",
            "organisation",
            "country",
            "gender",
            "email",
            "phone",
            "notes",
            "sensitive",
        ]
        help_texts = {
            "full_name": _("As the person writes it, in one field: “António Domingos Mapure”."),
            "position": _("Their job title now."),
        }
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    private_fields = ("email", "phone", "notes")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("honorific", css_class="col-sm-4 col-md-2"),
                Column("rank", css_class="col-sm-8 col-md-4"),
                Column("full_name", css_class="col-md-6"),
            ),
            "position",
            Row(
                Column("organisation", css_class="col-md-6"),
                Column("country", css_class="col-md-6"),
            ),
            Row(
                *(
                    Column(name, css_class="col-md-4")
                    for name in self.present("gender", "email", "phone")
                )
            ),
            *self.present("notes"),
            "sensitive",
        )
        set_blank_label(self.fields["country"], _("Not recorded"))
        add_version_field(self, self.instance.version if self.instance.pk else None)


class OfficialCreateForm(ConfirmDifferentMixin, OfficialForm):
    confirm_label = _("This is a different person: save anyway")
