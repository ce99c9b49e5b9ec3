from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.filters import CountryFilter

from accounts import admin as accounts_admin
from accounts.models import User
from core.admin import (
    DuplicateWarningAdminForm,
    ServiceHistoryAdmin,
    ServiceInlineMixin,
    adopt,
    error_text,
    m2m_data,
)
from partners.models import Organisation, Programme, ProgrammeMembership, Project
from partners.selectors import folded_search_q, organisation_duplicates
from partners.services import (
    membership_set,
    organisation_save,
    programme_save,
    project_save,
    user_deactivate_and_end_memberships,
)


class OrganisationAdminForm(DuplicateWarningAdminForm):
    class Meta:
        model = Organisation
        fields = ("name", "acronym", "kind", "country", "place", "parent", "website", "notes")

    def find_duplicates(self, cleaned_data: dict) -> list:
        if not cleaned_data.get("name"):
            return []
        return organisation_duplicates(
            name=cleaned_data["name"],
            acronym=cleaned_data.get("acronym", ""),
            country=cleaned_data.get("country", ""),
        )


class FoldedSearchMixin:
    """Search that ignores punctuation and accents too: "I.O.M." finds "IOM"."""

    folded_search_fields: tuple[str, ...] = ()

    def widen_search(self, queryset, found, search_term: str):
        return found | queryset.filter(folded_search_q(self.folded_search_fields, search_term))


@admin.register(Organisation)
class OrganisationAdmin(FoldedSearchMixin, ServiceHistoryAdmin):
    form = OrganisationAdminForm
    folded_search_fields = ("name", "acronym")
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

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return [*fieldsets, (_("Duplicates"), {"fields": ("confirm_different",)})]
        return fieldsets

    def save_model(self, request, obj, form, change):
        organisation_save(organisation=obj)


class MembershipInline(ServiceInlineMixin, admin.TabularInline):
    model = ProgrammeMembership
    fields = ("user", "role")
    autocomplete_fields = ("user",)
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # Inactive users are never offered, nor accepted if typed in.
            kwargs["queryset"] = User.objects.filter(is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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


# --- Users, as programmes see them --------------------------------------------------------------


class UserMembershipInline(ServiceInlineMixin, admin.TabularInline):
    """A user's programme roles, on the user's page (and on the invitation)."""

    model = ProgrammeMembership
    fields = ("programme", "role")
    autocomplete_fields = ("programme",)
    extra = 0
    verbose_name = _("programme role")
    verbose_name_plural = _("programme roles")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("programme")

    def service_create(self, request, parent, form):
        data = form.cleaned_data
        return membership_set(
            user=parent, programme=data["programme"], role=data["role"], actor=request.user
        )

    def service_update(self, request, obj, form):
        if "programme" in form.changed_data:
            ProgrammeMembership.objects.filter(pk=obj.pk).delete()
        return membership_set(
            user=obj.user, programme=obj.programme, role=obj.role, actor=request.user
        )

    def service_delete(self, request, obj) -> None:
        obj.delete()


class ProgrammeFilter(admin.SimpleListFilter):
    title = _("programme")
    parameter_name = "programme"

    def lookups(self, request, model_admin):
        return [(programme.pk, programme.code) for programme in Programme.objects.order_by("code")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(memberships__programme=self.value()).distinct()
        return queryset


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(accounts_admin.UserAdmin):
    inlines = (UserMembershipInline,)
    list_display = (
        "email",
        "full_name",
        "programme_roles",
        "is_active",
        "locked_out",
        "is_staff",
        "last_login",
    )
    list_filter = (
        accounts_admin.LockedOutFilter,
        "is_active",
        ProgrammeFilter,
        "memberships__role",
        "is_staff",
        "groups",
    )
    actions = [*accounts_admin.UserAdmin.actions, "deactivate"]

    def get_queryset(self, request):
        memberships = ProgrammeMembership.objects.select_related("programme").order_by(
            "programme__code"
        )
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("memberships", queryset=memberships))
        )

    @admin.display(description=_("programmes"))
    def programme_roles(self, obj: User) -> str:
        return ", ".join(
            f"{m.programme.code} ({m.get_role_display()})" for m in obj.memberships.all()
        )

    def programmes_text(self, user: User) -> str:
        return self.programme_roles(user)

    @admin.action(
        description=_("Deactivate (ends their programme roles and sessions, keeps history)"),
        permissions=["change"],
    )
    def deactivate(self, request, queryset):
        done = 0
        for user in queryset:
            if user == request.user:
                self.message_user(request, _("You cannot deactivate yourself."), messages.ERROR)
                continue
            try:
                user_deactivate_and_end_memberships(user=user, actor=request.user)
            except ValidationError as error:
                self.message_user(request, f"{user}: {error_text(error)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d user deactivated.", "%(count)d users deactivated.", done)
                % {"count": done},
                messages.SUCCESS,
            )


@admin.register(Project)
class ProjectAdmin(ServiceHistoryAdmin):
    list_display = ("name", "code", "programme", "start_date", "end_date")
    list_filter = ("programme",)
    list_select_related = ("programme",)
    search_fields = ("name", "code", "programme__code", "donors__name")
    autocomplete_fields = ("programme", "donors")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("programme", "name", "code", "donors")}),
        (_("Dates"), {"fields": ("start_date", "end_date", "created_at", "updated_at")}),
    )

    def save_model(self, request, obj, form, change):
        donors = m2m_data(form, "donors", changed_only=change)
        adopt(obj, project_save(project=obj, actor=request.user, donors=donors))
