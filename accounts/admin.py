"""The user admin: invite (no invented passwords), the log-in lock and Unlock.

partners.admin extends it (memberships inline, programmes, Deactivate): programmes sit
above accounts."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from accounts.mail import in_language_of
from accounts.models import User
from accounts.services import user_create_invited, user_send_invitation, user_unlock_log_in
from accounts.throttling import locked_out_q
from core.admin import adopt, form_data


class UserInviteAdminForm(forms.ModelForm):
    """Who to invite: they choose their own password from the link they are mailed."""

    class Meta:
        model = User
        fields = ("email", "full_name", "language")
        help_texts = {"language": _("The invitation and every later mail are written in it.")}

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"email": forms.EmailField}


class LockedOutFilter(admin.SimpleListFilter):
    title = _("log-in")
    parameter_name = "locked_out"

    def lookups(self, request, model_admin):
        return (("yes", _("Locked out")),)

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(locked_out_now=True)
        return queryset


class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    form = UserChangeAdminForm
    add_form = UserInviteAdminForm
    # The plain add page: Django's user add page speaks of passwords the invitation has not.
    add_form_template = "admin/change_form.html"
    ordering = ("email",)
    list_display = ("email", "full_name", "is_active", "locked_out", "is_staff", "last_login")
    list_filter = (LockedOutFilter, "is_active", "is_staff", "is_superuser", "groups")
    search_fields = ("email", "full_name")
    date_hierarchy = "date_joined"
    actions = ["unlock"]
    readonly_fields = ("log_in_state",)
    fieldsets = (
        (None, {"fields": ("email", "password", "log_in_state")}),
        (_("Personal info"), {"fields": ("full_name",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            _("Invite a user"),
            {
                "fields": ("email", "full_name", "language"),
                "description": _(
                    "They are mailed a link to choose their own password (it works once, "
                    "for a few days). Give them their programme roles below."
                ),
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(locked_out_now=locked_out_q())

    def get_search_results(self, request, queryset, search_term):
        """An autocomplete (a membership, an official's account) offers active users only."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.path.endswith("/autocomplete/"):
            queryset = queryset.filter(is_active=True)
        return queryset, may_have_duplicates

    @admin.display(description=_("locked out"), boolean=True, ordering="locked_out_now")
    def locked_out(self, obj: User) -> bool:
        return bool(getattr(obj, "locked_out_now", False))

    @admin.display(description=_("log-in"))
    def log_in_state(self, obj: User) -> str:
        if obj.pk is None:
            return "–"
        if getattr(obj, "locked_out_now", False):
            return _(
                "Locked out after too many failed log-ins. Select the user in the list and "
                "choose “Unlock log-in”, or wait for the pause to end."
            )
        if not obj.is_active:
            return _("Deactivated: cannot log in.")
        if not obj.has_usable_password():
            return _("No password yet (invited, or reset by an administrator).")
        return _("Can log in.")

    @admin.action(description=_("Unlock log-in (forget failed attempts)"), permissions=["change"])
    def unlock(self, request, queryset):
        count = sum(1 for user in queryset if user_unlock_log_in(user=user))
        self.message_user(
            request,
            ngettext("%(count)d user unlocked.", "%(count)d users unlocked.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        adopt(obj, user_create_invited(actor=request.user, **form_data(form)))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            self.send_invitation(request, form.instance)

    def send_invitation(self, request, user: User) -> None:
        with in_language_of(user):  # the roles' names as the mail is written
            programmes = self.programmes_text(user)
        user_send_invitation(
            user=user,
            inviter=request.user,
            domain=request.get_host(),
            use_https=request.is_secure(),
            programmes=programmes,
        )
        self.message_user(
            request,
            _("%(email)s was mailed a link to choose a password.") % {"email": user.email},
            messages.SUCCESS,
        )

    def programmes_text(self, user: User) -> str:
        return ""


admin.site.register(User, UserAdmin)
