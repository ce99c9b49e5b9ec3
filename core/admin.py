"""Shared admin machinery: saves through services, their errors on the form, thin actions.

The admin validates a form, then saves. A service that refuses (a rule the form
cannot see, a lost update, a lock taken meanwhile) raises `ValidationError` while
saving; `ServiceAdminMixin` then rolls the whole save back and renders the same
form again with the service's errors on it, so what the user typed is kept and
nothing answers 500.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from core.forms import add_service_error

_SERVICE_ERROR = "_admin_service_error"


def error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def form_data(
    form: forms.ModelForm, *, changed_only: bool = False, exclude: Iterable[str] = ()
) -> dict[str, Any]:
    """The form's cleaned values of the model's own columns (many-to-many left out)."""
    columns = {
        field.name for field in form._meta.model._meta.concrete_fields if not field.primary_key
    }
    names = form.changed_data if changed_only else list(form.cleaned_data)
    return {
        name: form.cleaned_data[name]
        for name in names
        if name in columns and name in form.cleaned_data and name not in exclude
    }


def m2m_data(form: forms.ModelForm, name: str, *, changed_only: bool = False):
    """A many-to-many value for a service, or None ("leave as is") when unchanged."""
    if name not in form.cleaned_data or (changed_only and name not in form.changed_data):
        return None
    return list(form.cleaned_data[name])


def adopt(target: models.Model, saved: models.Model) -> models.Model:
    """Copy the row a service saved onto the instance the admin keeps working with."""
    if target is not saved:
        for field in saved._meta.concrete_fields:
            setattr(target, field.attname, getattr(saved, field.attname))
        target._state.adding = False
        target._state.db = saved._state.db
    return target


class VersionedAdminForm(forms.ModelForm):
    """Carries the version the user loaded, so a service can refuse a lost update."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version


class CommentActionForm(helpers.ActionForm):
    """The changelist's action bar with a comment, for actions that must say why."""

    comment = forms.CharField(
        label=_("Comment or reason:"),
        required=False,
        max_length=2000,
        help_text=_("Required to send a report back, to reopen, or to reopen a delegation."),
    )


def action_comment(request) -> str:
    return request.POST.get("comment", "").strip()


class ServiceAdminMixin:
    """Saves go through services; their ValidationErrors come back as form errors.

    Inlines that mix in `ServiceInlineMixin` save each row through their own
    `service_create` / `service_update` / `service_delete`. History can be read but
    not reverted from the admin: a revert would write around the services.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # The save ran inside the admin's transaction, which has now rolled back.
            if request.method != "POST" or hasattr(request, _SERVICE_ERROR):
                raise
            setattr(request, _SERVICE_ERROR, error)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def response_action(self, request, queryset):
        """An action on the selected rows runs in one transaction: a bulk delete that
        fails on its last row deletes none (run_service_action still reports each
        refusal, as each service call is its own savepoint)."""
        with transaction.atomic():
            return super().response_action(request, queryset)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        error = getattr(request, _SERVICE_ERROR, None)
        if error is None:
            return form_class

        class ServiceErrorForm(form_class):
            def clean(self):
                cleaned_data = super().clean()
                add_service_error(self, error)
                return cleaned_data

        ServiceErrorForm.__name__ = form_class.__name__
        return ServiceErrorForm

    def get_fieldsets(self, request, obj=None):
        """Keep the hidden expected version in the form whenever the user may save."""
        fieldsets = super().get_fieldsets(request, obj)
        form = getattr(self, "form", None)
        if form is None or "expected_version" not in getattr(form, "declared_fields", {}):
            return fieldsets
        names = flatten_fieldsets(fieldsets)
        wanted = obj is not None and self.has_change_permission(request, obj)
        if wanted and "expected_version" not in names:
            (name, options), *rest = fieldsets
            options = {**options, "fields": (*options["fields"], "expected_version")}
            return [(name, options), *rest]
        if not wanted and "expected_version" in names:
            return [
                (
                    name,
                    {
                        **options,
                        "fields": tuple(f for f in options["fields"] if f != "expected_version"),
                    },
                )
                for name, options in fieldsets
            ]
        return fieldsets

    def save_related(self, request, form, formsets, change):
        """Many-to-many fields are the service's to set (in `save_model`)."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        inline = getattr(formset, "service_inline", None)
        if inline is None:
            super().save_formset(request, form, formset, change)
            return
        # Fills new_objects / changed_objects / deleted_objects for the change
        # message, without writing anything.
        formset.save(commit=False)
        forms_by_instance = {id(f.instance): f for f in formset.forms}
        for obj in formset.deleted_objects:
            inline.service_delete(request, obj)
        for obj, _changed in formset.changed_objects:
            adopt(obj, inline.service_update(request, obj, forms_by_instance[id(obj)]))
        for obj in formset.new_objects:
            adopt(obj, inline.service_create(request, formset.instance, forms_by_instance[id(obj)]))

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def run_service_action(
        self,
        request,
        queryset,
        call: Callable[[models.Model], Any],
        *,
        done: Callable[[int], str],
    ) -> None:
        """Call a service on each selected row; report what was done and each refusal."""
        count = 0
        for obj in queryset:
            try:
                call(obj)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(
                    request,
                    _("%(object)s: %(error)s") % {"object": obj, "error": error_text(error)},
                    messages.ERROR,
                )
            else:
                count += 1
        if count:
            self.message_user(request, done(count), messages.SUCCESS)


class ServiceInlineMixin:
    """An inline whose rows are written by services (see `ServiceAdminMixin.save_formset`)."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.service_inline = self
        return formset

    def service_create(self, request, parent, form):
        raise NotImplementedError

    def service_update(self, request, obj, form):
        raise NotImplementedError

    def service_delete(self, request, obj) -> None:
        raise NotImplementedError


class ReadOnlyInlineMixin:
    """An inline that shows rows and never writes them."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdminMixin:
    """A model written only by services (an audit trail): the admin shows it, no more."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    """The History page names a choice by its label ("In progress"), not its stored value."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.choices and not field.many_to_many and not isinstance(value, list | tuple):
            return dict(field.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


def is_autocomplete(request) -> bool:
    return request.path.endswith("/autocomplete/")


class ExactFirstSearchMixin:
    """An admin autocomplete offers the row whose name is what was typed first, then those
    starting with it: "United States" before "New York, United States". The name is the
    first search field."""

    def widen_search(self, queryset, found, search_term: str):
        """More rows a search finds beyond Django's own (see partners.admin)."""
        return found

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        queryset = self.widen_search(queryset, found, term) if term else found
        fields = [name for name in self.get_search_fields(request) if "__" not in name]
        if not (term and fields and is_autocomplete(request)):
            return queryset, may_have_duplicates
        name = fields[0].lstrip("^=@")
        rank = models.Case(
            models.When(**{f"{name}__iexact": term}, then=0),
            models.When(**{f"{name}__istartswith": term}, then=1),
            default=2,
            output_field=models.IntegerField(),
        )
        ordering = self.get_ordering(request) or self.model._meta.ordering or ("pk",)
        return queryset.annotate(exact_rank=rank).order_by("exact_rank", *ordering), (
            may_have_duplicates
        )


class CountriesSelectMultiple(FilteredSelectMultiple):
    """The two-box widget in a box of its own: its script puts the boxes before the
    select, which would otherwise land them before the field's label."""

    def render(self, name, value, attrs=None, renderer=None):
        return format_html("<div>{}</div>", super().render(name, value, attrs, renderer))


class SearchableCountriesMixin:
    """A list of countries to choose several from (249 of them) gets the admin's
    filter-as-you-type two-box widget."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, CountryField) and db_field.multiple:
            kwargs["widget"] = CountriesSelectMultiple(db_field.verbose_name, is_stacked=False)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class DuplicateWarningAdminForm(forms.ModelForm):
    """An add form that warns of likely duplicates with the staff pages' own check
    (`find_duplicates`), and saves anyway only once "not a duplicate" is ticked."""

    confirm_different = forms.BooleanField(
        label=_("Not a duplicate: save anyway"),
        required=False,
        help_text=_("Tick only after checking the likely duplicates listed above."),
    )

    def find_duplicates(self, cleaned_data: dict) -> list:
        raise NotImplementedError

    def clean(self):
        cleaned_data = super().clean()
        if (
            self.instance.pk is None
            and not self.errors
            and not cleaned_data.get("confirm_different")
        ):
            duplicates = self.find_duplicates(cleaned_data)
            if duplicates:
                raise ValidationError(
                    _(
                        "Likely already there: %(names)s. Use that one, or tick “Not a "
                        "duplicate: save anyway”."
                    )
                    % {"names": "; ".join(str(duplicate) for duplicate in duplicates[:10])}
                )
        return cleaned_data


class ServiceHistoryAdmin(
    SearchableCountriesMixin, ExactFirstSearchMixin, ServiceAdminMixin, SimpleHistoryAdmin
):
    """The base of every admin here: saves through services, history to read."""

    # A change reason not given reads "–", not "None"; no inline style (the CSP).
    object_history_list_template = "includes/admin_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)
