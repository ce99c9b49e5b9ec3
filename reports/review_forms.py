"""Forms of the review page: the narrative, and the comment an action carries."""

from django import forms
from django.utils.translation import gettext_lazy as _

from delegations.models import Report


class NarrativeForm(forms.ModelForm):
    """The report's narrative; `version` is the one the user loaded (stale -> refused)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Report
        fields = ["summary", "key_learnings", "recommendations"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "key_learnings": forms.Textarea(attrs={"rows": 4}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
        }


class CommentForm(forms.Form):
    """The comment an action carries; required when sending back or reopening."""

    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, required: bool = True, label=None, prefix=None, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.fields["comment"].required = required
        if label is not None:
            self.fields["comment"].label = label
