"""The directory admin's personal-data actions: erase a person, their subject access ZIP.
Thin: they call officials.erasure and officials.subject_access."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from officials.erasure import official_forget
from officials.models import QuoteHandling
from officials.subject_access import official_subject_access, subject_access_file_name


class PersonalDataActionForm(helpers.ActionForm):
    """The action bar with what an erasure needs to know."""

    quotes = forms.ChoiceField(
        label=_("Their quotes:"),
        required=False,
        choices=[("", _("(choose, to erase)")), *QuoteHandling.choices],
    )
    rerender_approved = forms.BooleanField(
        label=_("Re-render approved report versions too"), required=False
    )


@admin.action(description=_("Erase the selected people (cannot be undone)"))
def erase_people(modeladmin, request, queryset):
    quotes = request.POST.get("quotes", "")
    if quotes not in QuoteHandling.values:
        modeladmin.message_user(
            request,
            _("Choose what happens to their quotes (made anonymous or deleted), then erase."),
            messages.ERROR,
        )
        return
    rerender = request.POST.get("rerender_approved") in ("on", "true", "1")
    modeladmin.run_service_action(
        request,
        queryset,
        lambda official: official_forget(
            official=official, actor=request.user, quotes=quotes, rerender_approved=rerender
        ),
        done=lambda count: (
            ngettext("%(count)d person was erased.", "%(count)d people were erased.", count)
            % {"count": count}
        ),
    )


@admin.action(description=_("Download everything stored about the person (ZIP)"))
def download_subject_access(modeladmin, request, queryset):
    people = list(queryset.select_related("user")[:2])
    if len(people) != 1:
        modeladmin.message_user(
            request, _("Select exactly one person for a subject access ZIP."), messages.ERROR
        )
        return None
    official = people[0]
    response = HttpResponse(
        official_subject_access(official=official), content_type="application/zip"
    )
    name = subject_access_file_name(official)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
