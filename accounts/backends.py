"""Authentication by email; the Administrators group carries every admin permission."""

from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Email log-in (case-insensitive), plus: an active administrator has every permission.

    Administrators are the superusers and the members of the *Administrators* group
    (created by a data migration). Programme roles never come from groups: they come
    from `partners.ProgrammeMembership`.
    """

    def has_perm(self, user_obj, perm, obj=None):
        if getattr(user_obj, "is_administrator", False):
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if getattr(user_obj, "is_administrator", False):
            return True
        return super().has_module_perms(user_obj, app_label)
