"""Forms of the team pages: add someone (from the directory, or new to it) to the
delegation or its host support team, and change their role and place."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteModelChoiceField
from core.forms import add_service_error, add_version_field
from core.ids import IdModelChoiceField, id_formfield
from delegations.enums import MemberRole, SupportRole, TeamSide
from delegations.models import Leg
from officials.models import Official
from partners.models import Organisation

ORDER_LIMITS = {"min_value": 0, "max_value": 32767}


def _helper(*rows) -> FormHelper:
    """Fields laid out side by side on wide screens; the page supplies the <form> tag."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(
        *(
            Div(*(Div(Field(name), css_class="col-md") for name in row), css_class="row")
            for row in rows
        )
    )
    return helper


class DescribedAutocompleteMixin:
    """Tie each autocomplete's search box to its help text and error message (the ids
    crispy gives them), so a screen reader reads them with the box."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.describe_autocompletes()

    def describe_autocompletes(self) -> None:
        errors = self._errors or {}  # never validates by itself
        for name, field in self.fields.items():
            if isinstance(field, AutocompleteModelChoiceField):
                auto_id = self[name].auto_id
                ids = [f"{auto_id}_error"] if name in errors else []
                ids += [f"{auto_id}_helptext"] if field.help_text else []
                field.widget.attrs["aria_describedby"] = " ".join(ids)

    def full_clean(self) -> None:
        super().full_clean()
        self.describe_autocompletes()


class ServiceErrorsMixin(DescribedAutocompleteMixin):
    """A service's ValidationError lands next to the field it names, or on top of the
    form when that field is not on it (never a 500)."""

    def add_service_error(self, error: ValidationError) -> None:
        add_service_error(self, error)  # a lost update also moves the form's version on
        self.describe_autocompletes()


class NewOfficialForm(DescribedAutocompleteMixin, forms.ModelForm):
    """The directory entry of someone not in it yet, typed where they are needed."""

    organisation = AutocompleteModelChoiceField(
        Organisation.objects.all(),
        url_name="partners:organisation-autocomplete",
        required=False,
        label=_("Organisation"),
    )

    class Meta:
        formfield_callback = id_formfield  # relations refuse non-ASCII ids (core.ids)
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
        ]
        labels = {"position": _("Current position (job title)")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "new")
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = False  # required only when used: see TeamAddForm
        self.helper = _helper(
            ("honorific", "rank", "full_name"),
            ("position", "organisation"),
            ("country", "gender", "email"),
        )

    def is_wanted(self) -> bool:
        """The user typed a name: they mean to add a new official."""
        return bool(self.is_bound and self.data.get(self.add_prefix("full_name"), "").strip())

    def full_clean(self) -> None:
        """Judged only when used: an untouched new-official part shows no errors."""
        if not self.is_wanted():
            self._errors = ErrorDict()
            self.cleaned_data = {}
            self.describe_autocompletes()
            return
        super().full_clean()

    def clean_full_name(self) -> str:
        full_name = self.cleaned_data["full_name"].strip()
        if not full_name:
            raise ValidationError(_("Give the new official's full name."), code="required")
        return full_name

    def official_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class TeamAddForm(ServiceErrorsMixin, forms.Form):
    """Someone to add: an official chosen from the directory, or a new one typed below."""

    official = AutocompleteModelChoiceField(
        Official.objects.all(),
        url_name="officials:autocomplete",
        required=False,
        label=_("Official"),
        help_text=_("Type part of a name, position or organisation, then pick from the list."),
        error_messages={
            "invalid_choice": _("This official is not in the directory: pick one from the list.")
        },
    )

    def __init__(self, *args, delegation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_official = NewOfficialForm(data=self.data if self.is_bound else None)

    @property
    def adds_new_official(self) -> bool:
        return self.new_official.is_wanted()

    def clean(self):
        cleaned = super().clean()
        if "official" in self.errors:
            return cleaned
        official = cleaned.get("official")
        if official is not None and self.adds_new_official:
            self.add_error(
                "official",
                _(
                    "Either pick an official from the directory or add a new one, not both: "
                    "clear the search or the new official's full name."
                ),
            )
        elif official is None and not self.adds_new_official:
            self.add_error(
                "official",
                _("Pick an official from the directory, or add a new one below."),
            )
        elif official is None and not self.new_official.is_valid():
            raise ValidationError(_("Check the new official's details below."), code="new_official")
        return cleaned

    def show_new_official(self) -> bool:
        """Open the new-official part when the user was using it."""
        return self.adds_new_official or bool(self.new_official.errors)


class MemberAddForm(TeamAddForm):
    role = forms.ChoiceField(
        label=_("Role in the delegation"), choices=MemberRole.choices, initial=MemberRole.MEMBER
    )
    position = forms.CharField(
        label=_("Position at the time of the visit"),
        max_length=300,
        required=False,
        help_text=_("Leave blank to use the official's current position."),
    )

    def service_kwargs(self) -> dict:
        return {
            "role": self.cleaned_data["role"],
            "position": self.cleaned_data["position"].strip() or None,
        }


class SupportPlaceMixin:
    """Which side someone supports, and for a host, which leg (blank: the whole visit).
    The form is told the delegation (`delegation=`) to offer its legs only."""

    def __init__(self, *args, delegation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["side"] = forms.ChoiceField(
            label=_("Side"),
            choices=TeamSide.choices,
            initial=TeamSide.HOST,
            required=False,  # left out: the hosts' team, as before sides existed
            help_text=_("The hosts' support team, or a focal point of the sending side."),
        )
        legs = delegation.legs.select_related("place") if delegation is not None else None
        self.fields["leg"] = IdModelChoiceField(  # refuses non-ASCII ids (core.ids)
            legs if legs is not None else Leg.objects.none(),
            label=_("Leg"),
            required=False,
            empty_label=_("The whole visit"),
            help_text=_("For the host support team of one leg of the visit."),
        )
        if legs is None or not legs.exists():
            self.fields["leg"].widget = forms.HiddenInput()

    def clean_side(self) -> str:
        return self.cleaned_data.get("side") or TeamSide.HOST

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("side") == TeamSide.SENDING and cleaned.get("leg"):
            self.add_error("leg", _("Only the host support team is assigned to a leg."))
        return cleaned


class SupportAddForm(SupportPlaceMixin, TeamAddForm):
    role = forms.ChoiceField(
        label=_("Role"), choices=SupportRole.choices, initial=SupportRole.FIELD_SUPPORT
    )

    def service_kwargs(self) -> dict:
        return {
            "role": self.cleaned_data["role"],
            "side": self.cleaned_data["side"],
            "leg": self.cleaned_data["leg"],
        }


class MemberUpdateForm(ServiceErrorsMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role in the delegation"), choices=MemberRole.choices)
    position = forms.CharField(
        label=_("Position at the time of the visit"), max_length=300, required=False
    )
    order = forms.IntegerField(
        label=_("Order"),
        help_text=_("Lower numbers come first; the head of delegation is always listed first."),
        **ORDER_LIMITS,
    )

    def __init__(self, *args, delegation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(("role", "order"), ("position",))
        add_version_field(self, self.initial.get("version"))


class SupportUpdateForm(SupportPlaceMixin, ServiceErrorsMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=SupportRole.choices)
    order = forms.IntegerField(
        label=_("Order"), help_text=_("Lower numbers come first."), **ORDER_LIMITS
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(("role", "order"), ("side", "leg"))
        add_version_field(self, self.initial.get("version"))
