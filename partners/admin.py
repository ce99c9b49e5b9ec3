from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from core.admin import ServiceHistoryAdmin, ServiceInlineMixin, adopt
from partners.models import Organisation, Programme, ProgrammeMembership
from partners.services import membership_set, organisation_save, programme_save


@admin.register(Organisation)
class OrganisationAdmin(ServiceHistoryAdmin):
    list_display = ("name", "acronym", "kind", "country", "place", "parent")
    list_filter = ("kind", ("country", CountryFilter))
    list_select_related = ("place", "place__parent", "parent")
    search_fields = ("name", "acronym", "parent__name", "place__name")
    autocomplete_fields = ("place", "parent")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "acronym", "kind", "country", "place", "parent")}),
        (_("More"), {"fields": ("website", "notes", "sensitive", "created_at", "updated_at")}),
    )

    def save_model(self, request, obj, form, change):
        organisation_save(organisation=obj)


class MembershipInline(ServiceInlineMixin, admin.TabularInline):
    model = ProgrammeMembership
    fields = ("user", "role")
    autocomplete_fields = ("user",)
    extra = 0

    def service_create(self, request, parent, form):
        return membership_set(
            user=form.cleaned_data["user"], programme=parent, role=form.cleaned_data["role"]
        )

    def service_update(self, request, obj, form):
        if "user" in form.changed_data:
            # Someone else takes this place in the programme: the old role goes.
            ProgrammeMembership.objects.filter(pk=obj.pk).delete()
        return membership_set(user=obj.user, programme=obj.programme, role=obj.role)

    def service_delete(self, request, obj) -> None:
        obj.delete()


@admin.register(Programme)
class ProgrammeAdmin(ServiceHistoryAdmin):
    list_display = ("code", "name", "lead_organisation", "start", "end_date", "active")
    list_filter = ("active",)
    list_select_related = ("lead_organisation",)
    search_fields = ("code", "name", "lead_organisation__name", "lead_organisation__acronym")
    autocomplete_fields = ("lead_organisation",)
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("code", "name", "lead_organisation", "countries", "active")}),
        (_("Dates"), {"fields": ("start_year", "start_date", "start_note", "end_date")}),
        (_("More"), {"fields": ("description", "created_at", "updated_at")}),
    )
    inlines = (MembershipInline,)

    @admin.display(description=_("start"))
    def start(self, obj: Programme) -> str:
        return obj.start_note or str(obj.start_date or obj.start_year or "")

    def save_model(self, request, obj, form, change):
        programme_save(programme=obj)


@admin.register(ProgrammeMembership)
class ProgrammeMembershipAdmin(ServiceHistoryAdmin):
    list_display = ("user", "programme", "role")
    list_filter = ("role", "programme")
    list_select_related = ("user", "programme")
    search_fields = ("user__email", "user__full_name", "programme__code", "programme__name")
    autocomplete_fields = ("user", "programme")
    readonly_fields = ("created_at", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        # A membership is a user's role in one programme: change the role, not the pair.
        return ("user", "programme", *self.readonly_fields)

    def save_model(self, request, obj, form, change):
        adopt(obj, membership_set(user=obj.user, programme=obj.programme, role=obj.role))
