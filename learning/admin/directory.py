"""The directory's admins as this layer extends them: "Merge into…", "Possible
duplicates", and deletes that never drop a link silently. Organisations and officials
are referenced from delegations, itinerary items, follow-ups and quotes (all at or below
learning), so the pages that list those references by delegation live here."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from core.admin import error_text
from core.ids import IdModelChoiceField, read_id
from learning.models import FollowUp
from learning.services import directory_merge, directory_merge_plan, directory_references
from officials import admin as officials_admin
from officials.models import Official
from officials.selectors import official_duplicate_pairs
from partners import admin as partners_admin
from partners.models import Organisation
from partners.selectors import organisation_duplicate_pairs

# A foreign key to each model, for the admin's own autocomplete widget.
TARGET_FIELDS = {
    Organisation: (Organisation, "parent"),
    Official: (FollowUp, "owner_official"),
}


class TargetSelect(AutocompleteSelect):
    """The admin's autocomplete, showing back only a chosen value that is an id
    (core.ids.read_id): typed junk ("abc", "²", "٣", a 20-digit number) comes back as the
    field's error, never a 500 nor another row."""

    def optgroups(self, name, value, attr=None):
        value = [v for v in value if read_id(str(v)) is not None]
        return super().optgroups(name, value, attr)


class MergeTargetForm(forms.Form):
    into = IdModelChoiceField(queryset=None, label=_("Merge into"))

    def __init__(self, *args, model, admin_site, exclude_pk, **kwargs):
        super().__init__(*args, **kwargs)
        source, name = TARGET_FIELDS[model]
        field = self.fields["into"]
        field.widget = TargetSelect(source._meta.get_field(name), admin_site)
        field.widget.is_required = True
        field.queryset = model._default_manager.exclude(pk=exclude_pk)  # sets the choices
        field.help_text = _("The record that stays: everything pointing at this one moves to it.")


class MergeAdminMixin:
    """Merge into… (one selected row), the merge page, Possible duplicates."""

    duplicate_pairs = None  # a function returning likely pairs

    def admin_name(self, view: str, *, namespaced: bool = True) -> str:
        name = f"{self.opts.app_label}_{self.opts.model_name}_{view}"
        return f"admin:{name}" if namespaced else name

    def get_urls(self):
        return [
            path(
                "<path:object_id>/merge/",
                self.admin_site.admin_view(self.merge_view),
                name=self.admin_name("merge", namespaced=False),
            ),
            path(
                "duplicates/",
                self.admin_site.admin_view(self.duplicates_view),
                name=self.admin_name("duplicates", namespaced=False),
            ),
            *super().get_urls(),
        ]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_delete_permission(request):
            actions["merge_into"] = self.get_action("merge_into")
        return actions

    @admin.action(description=_("Merge into… (choose one, the duplicate)"))
    def merge_into(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Select exactly one record: the duplicate."), messages.WARNING
            )
            return None
        return HttpResponseRedirect(self.merge_url(queryset.get().pk))

    def merge_url(self, pk, into=None) -> str:
        url = reverse(self.admin_name("merge"), args=[pk])
        return f"{url}?into={into}" if into else url

    def merge_view(self, request, object_id):
        if not (self.has_change_permission(request) and self.has_delete_permission(request)):
            raise PermissionDenied
        duplicate = self.get_object(request, unquote(object_id))
        if duplicate is None:
            raise Http404
        data = request.POST if request.method == "POST" else (request.GET or None)
        form = MergeTargetForm(
            data, model=self.model, admin_site=self.admin_site, exclude_pk=duplicate.pk
        )
        plan = None
        if form.is_bound and form.is_valid():
            target = form.cleaned_data["into"]
            plan = directory_merge_plan(duplicate=duplicate, target=target)
            if request.method == "POST" and "confirm" in request.POST:
                try:
                    directory_merge(duplicate=duplicate, target=target, actor=request.user)
                except ValidationError as error:
                    form.add_error(None, error_text(error))
                else:
                    done = _(
                        "Merged “%(duplicate)s” into “%(target)s”: %(count)d references moved."
                    ) % {"duplicate": duplicate, "target": target, "count": len(plan.moves)}
                    self.log_change(request, target, str(done))
                    self.message_user(request, done, messages.SUCCESS)
                    return HttpResponseRedirect(
                        reverse(self.admin_name("change"), args=[target.pk])
                    )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Merge “%(duplicate)s” into another") % {"duplicate": duplicate},
            "duplicate": duplicate,
            "form": form,
            "media": self.media + form.media,
            "plan": plan,
        }
        return TemplateResponse(request, "learning/admin/merge.html", context)

    def duplicates_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        pairs = [
            (first, second, self.merge_url(second.pk, into=first.pk))
            for first, second in type(self).duplicate_pairs()
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Possible duplicates: %(things)s")
            % {"things": self.opts.verbose_name_plural},
            "pairs": pairs,
            "can_merge": self.has_delete_permission(request),
        }
        return TemplateResponse(request, "learning/admin/duplicates.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "duplicates_url": reverse(self.admin_name("duplicates")),
        }
        return super().changelist_view(request, extra_context)

    def get_deleted_objects(self, objs, request):
        """References that a delete would drop without a word (links of itinerary items to
        the organisations met) protect the row, each named with its delegation, as do the
        references that already protect it."""
        deleted, counts, perms_needed, _protected = super().get_deleted_objects(objs, request)
        protected = []
        for obj in objs:
            for move in directory_references(obj):
                where = f" — {move.group}" if move.group not in (None, move.row) else ""
                protected.append(f"{move.model_label} · {move.field_label}: {move.row}{where}")
        if protected:
            protected.insert(0, str(_("Merge it into the record that stays instead:")))
        return deleted, counts, perms_needed, protected


for model, base in (
    (Organisation, partners_admin.OrganisationAdmin),
    (Official, officials_admin.OfficialAdmin),
):
    admin.site.unregister(model)
    admin.site.register(
        model,
        type(
            base.__name__,
            (MergeAdminMixin, base),
            {
                "__module__": __name__,
                "duplicate_pairs": staticmethod(
                    organisation_duplicate_pairs
                    if model is Organisation
                    else official_duplicate_pairs
                ),
                "change_list_template": "learning/admin/directory_change_list.html",
            },
        ),
    )
