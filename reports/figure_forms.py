"""The dashboard's filter for the programme figures: one programme, one year (GET)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Layout, Row
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from partners.selectors import programmes_for_user


class FigureFilterForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=None, required=False, empty_label=_("All your programmes")
    )
    year = forms.TypedChoiceField(
        label=_("Year the delegation started"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, data=None, *, user, years: list[int]):
        """`years`: the years delegations in the user's scope started, newest first."""
        super().__init__(data)
        self.fields["programme"].queryset = programmes_for_user(user=user).order_by("code")
        self.fields["year"].choices = [("", _("All years"))] + [(year, str(year)) for year in years]
        helper = FormHelper(self)
        helper.form_method = "get"
        helper.form_tag = True
        helper.disable_csrf = True
        helper.form_id = "figures-filter"
        helper.form_action = reverse("reports:dashboard") + "#figures"
        helper.attrs = {"aria-label": _("Filter the programme figures")}
        helper.layout = Layout(
            Row(
                Column("programme", css_class="col-md-5"),
                Column("year", css_class="col-sm-6 col-md-3"),
                Column(
                    Div(
                        HTML(
                            format_html(
                                '<button type="submit" class="btn btn-primary">{}</button>'
                                '<a class="btn btn-outline-secondary" href="{}#figures">{}</a>',
                                _("Show figures"),
                                reverse("reports:dashboard"),
                                _("Clear"),
                            )
                        ),
                        css_class="d-flex gap-2 align-items-end h-100 pb-3",
                    ),
                    css_class="col-sm-6 col-md-4",
                ),
            )
        )
        self.helper = helper

    def filters(self) -> dict:
        """The valid filters (an invalid one is ignored, and its error shown)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned.get(name) for name in ("programme", "year")}
