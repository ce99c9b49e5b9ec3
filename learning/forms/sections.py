"""Forms of the delegation page's learning sections: objectives, highlights, follow-ups.

Item and objective choices are only the delegation's own: a forged id of another
delegation's row fails as "not one of the available choices" on its field.
"""

from zoneinfo import ZoneInfo

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteModelChoiceField
from core.dates import local_date
from core.forms import add_version_field
from core.ids import IdModelChoiceField, id_formfield
from delegations.models import Delegation
from itinerary.models import ItineraryItem, Topic
from learning.enums import Attribution, FollowUpStatus, HighlightKind
from learning.models import FollowUp, Highlight, LearningObjective
from officials.models import Official
from partners.models import Organisation


class ItemChoiceField(IdModelChoiceField):
    """An itinerary item of this delegation, shown with its local date."""

    def label_from_instance(self, obj: ItineraryItem) -> str:
        place = obj.place or obj.origin
        moment = obj.starts_at
        if place is not None:
            moment = timezone.localtime(moment, ZoneInfo(place.timezone))
        return f"{local_date(moment, 'j M')} · {obj.title}"


class ObjectiveChoiceField(IdModelChoiceField):
    def label_from_instance(self, obj: LearningObjective) -> str:
        text = obj.description
        return text if len(text) <= 90 else f"{text[:87]}…"


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


class DelegationRowForm(forms.ModelForm):
    """A row under a delegation: the choices of items and objectives are that delegation's."""

    def __init__(self, *args, delegation: Delegation, **kwargs):
        super().__init__(*args, **kwargs)
        self.delegation = delegation
        if "item" in self.fields:
            self.fields["item"] = ItemChoiceField(
                queryset=delegation.itinerary_items.select_related("place", "origin").order_by(
                    "starts_at", "pk"
                ),
                required=False,
                label=_("Itinerary item"),
                empty_label=_("— none —"),
            )
        if "objective" in self.fields:
            self.fields["objective"] = ObjectiveChoiceField(
                queryset=delegation.learning_objectives.all(),
                required=False,
                label=_("Learning objective"),
                empty_label=_("— none —"),
            )
        if "topic" in self.fields:
            self.fields["topic"].queryset = Topic.objects.order_by("name")
            self.fields["topic"].empty_label = _("— none —")
        first = next(iter(self.fields.values()))
        first.widget.attrs["autofocus"] = True  # htmx focuses it once the form is swapped in

    def service_data(self) -> dict:
        """The cleaned values of the form's own fields (the version left out)."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ObjectiveForm(DelegationRowForm):
    class Meta:
        formfield_callback = id_formfield  # relations refuse non-ASCII ids (core.ids)
        model = LearningObjective
        fields = ("description", "topic", "order")
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"order": _("Objectives are listed by this number.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("order", self.delegation.learning_objectives.count() + 1)
        self.helper = _helper(
            Field("description"),
            Row(Column("topic", css_class="col-md-8"), Column("order", css_class="col-md-4")),
        )
        add_version_field(self, self.instance.version if self.instance.pk else None)

    def clean_description(self) -> str:
        description = self.cleaned_data["description"].strip()
        duplicates = self.delegation.learning_objectives.filter(description__iexact=description)
        if self.instance.pk is not None:
            duplicates = duplicates.exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise forms.ValidationError(_("The delegation already has this objective."))
        return description


class HighlightForm(DelegationRowForm):
    speaker = AutocompleteModelChoiceField(
        Official.objects.select_related("organisation"),
        url_name="officials:autocomplete",
        required=False,
        label=_("Speaker"),
        help_text=_(
            "Needed for a quote, unless it is anonymous. Type a name, a position or an "
            "organisation."
        ),
    )

    class Meta:
        formfield_callback = id_formfield  # relations refuse non-ASCII ids (core.ids)
        model = Highlight
        fields = ("kind", "text", "speaker", "attribution", "topic", "item")
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("kind", css_class="col-md-4"), Column("speaker", css_class="col-md-8")),
            Field("text"),
            Field("attribution"),
            Row(Column("topic", css_class="col-md-6"), Column("item", css_class="col-md-6")),
        )
        if "attribution" in self.fields:  # a subclass may leave it out
            self.fields["attribution"].required = False  # left empty: named
        add_version_field(self, self.instance.version if self.instance.pk else None)

    def clean_attribution(self) -> str:
        return self.cleaned_data.get("attribution") or Attribution.NAMED

    def clean(self):
        cleaned_data = super().clean()
        is_quote = cleaned_data.get("kind") == HighlightKind.QUOTE
        anonymous = cleaned_data.get("attribution") == Attribution.ANONYMOUS
        if (
            is_quote
            and not anonymous
            and not cleaned_data.get("speaker")
            and "speaker" not in self.errors
        ):
            self.add_error("speaker", _("A quote needs a speaker, unless it is anonymous."))
        return cleaned_data


class FollowUpForm(DelegationRowForm):
    owner_organisation = AutocompleteModelChoiceField(
        Organisation.objects.all(),
        url_name="partners:organisation-autocomplete",
        required=False,
        label=_("Owner (organisation)"),
    )
    owner_official = AutocompleteModelChoiceField(
        Official.objects.select_related("organisation"),
        url_name="officials:autocomplete",
        required=False,
        label=_("Owner (person)"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        formfield_callback = id_formfield  # relations refuse non-ASCII ids (core.ids)
        model = FollowUp
        fields = (
            "description",
            "owner_organisation",
            "owner_official",
            "due_date",
            "status",
            "item",
            "topic",
            "objective",
        )
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An edit must say which version it started from (a lost update is refused).
        self.fields["version"].required = self.instance.pk is not None
        if self.instance.pk is not None and not self.is_bound:
            self.initial["version"] = self.instance.version
        self.helper = _helper(
            Field("description"),
            Row(
                Column("owner_organisation", css_class="col-md-6"),
                Column("owner_official", css_class="col-md-6"),
            ),
            Row(Column("due_date", css_class="col-md-6"), Column("status", css_class="col-md-6")),
            Row(
                Column("item", css_class="col-md-4"),
                Column("topic", css_class="col-md-4"),
                Column("objective", css_class="col-md-4"),
            ),
            Field("version"),
        )


class FollowUpStatusForm(forms.Form):
    """One click on a follow-up's row: the new status and the version the row showed."""

    status = forms.ChoiceField(choices=FollowUpStatus.choices)
    version = forms.IntegerField(min_value=1)
