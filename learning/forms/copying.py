"""The form of "New delegation from this one": a title, the new first day, the members."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _


class DelegationCopyForm(forms.Form):
    title = forms.CharField(label=_("Title of the new delegation"), max_length=300)
    start_date = forms.DateField(
        label=_("First day of the new visit"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Every date moves by as many days; times stay the same where they happen."),
    )
    with_members = forms.BooleanField(
        label=_("Copy the members too"),
        required=False,
        help_text=_("The same people, roles and positions; leave it unticked for a new group."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("title", css_class="col-md-7"), Column("start_date", css_class="col-md-5")),
            "with_members",
        )

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].replace("\x00", "").strip()
        if not title:
            raise forms.ValidationError(_("Give the new delegation a title."))
        return title
