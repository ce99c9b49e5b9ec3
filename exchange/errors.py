"""The project's 403 page: it also tells a user who works on no programme yet who can
add them to one (programmes and their people are the administrators'). Like Django's own
handler it passes the refusal's reason (`exception`) to the page, which shows it."""

from django.db.models import Q
from django.shortcuts import render

from accounts.models import ADMINISTRATORS_GROUP, User

SHOWN_ADMINISTRATORS = 5


def permission_denied(request, exception=None):
    user = request.user
    context = {"exception": str(exception) if exception is not None else ""}
    if user.is_authenticated and not user.is_administrator and not user.memberships.exists():
        context["administrators"] = list(
            User.objects.filter(
                Q(groups__name=ADMINISTRATORS_GROUP) | Q(is_superuser=True), is_active=True
            )
            .distinct()
            .order_by("email")[:SHOWN_ADMINISTRATORS]
        )
        context["no_programme"] = True
    return render(request, "403.html", context, status=403)
