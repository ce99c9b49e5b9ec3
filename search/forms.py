from django import forms
from django.utils.translation import gettext_lazy as _

from search.selectors import KINDS
from search.text import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        # Longer queries are cut (search.text.parse_query), never refused.
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "class": "form-control",
                "maxlength": MAX_QUERY_LENGTH,
                "placeholder": _("A name, a place, a word from a quote… typos are fine"),
                "autocomplete": "off",
            }
        ),
    )
    type = forms.ChoiceField(
        label=_("Only"),
        required=False,
        choices=[("", _("Everything")), *((kind.key, kind.label) for kind in KINDS)],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def clean_q(self) -> str:
        return self.cleaned_data["q"].strip()
