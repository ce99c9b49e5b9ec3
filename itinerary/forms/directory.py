"""Forms that add a site or a topic (pages, or opened in place from their search)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteModelChoiceField
from itinerary.models import Site, Topic
from partners.models import Organisation
from places.models import Place


class SiteForm(forms.ModelForm):
    place = AutocompleteModelChoiceField(
        Place.objects.select_related("parent"), url_name="places:autocomplete", label=_("Place")
    )
    organisation = AutocompleteModelChoiceField(
        Organisation.objects.all(),
        url_name="partners:organisation-autocomplete",
        label=_("Operating organisation"),
        required=False,
    )

    class Meta:
        model = Site
        fields = ["name", "kind", "place", "organisation", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("name", css_class="col-md-7"), Column("kind", css_class="col-md-5")),
            Row(
                Column("place", css_class="col-md-6"), Column("organisation", css_class="col-md-6")
            ),
            "description",
        )


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
