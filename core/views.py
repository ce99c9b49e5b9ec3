"""Shared view machinery (scope + permission, success messages) and health endpoints."""

from django.contrib import messages
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpResponseRedirect, JsonResponse
from django.views.decorators.cache import never_cache
from rules.contrib.views import PermissionRequiredMixin

from core.forms import add_service_error


class ScopedPermissionMixin(PermissionRequiredMixin):
    """Objects come from the view's scope selector; a rules permission guards the action.

    Anonymous users are sent to log in. An object outside the scope answers 404 (the
    page never reveals it exists); an object in scope the user may not act on answers
    403. The view supplies `get_scope()` (a selector) and `permission_required`.
    """

    permission_required: str | tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        # Before the object is looked up: an anonymous user's scope is empty, and the
        # lookup would answer 404 where logging in is the answer.
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)

    def get_scope(self) -> QuerySet:
        raise NotImplementedError("A scoped view names the queryset the user may see.")

    def get_queryset(self) -> QuerySet:
        return self.get_scope()

    def get_permission_object(self):
        """The object the rules judge: the view's own object (404 when out of scope), or
        None for views without one. Views under a parent (an item of a delegation)
        return the parent."""
        if hasattr(self, "get_object") and (
            self.pk_url_kwarg in self.kwargs or self.slug_url_kwarg in self.kwargs
        ):
            return self.get_object()
        return None


class ServiceFormMixin(SuccessMessageMixin):
    """A form view whose `form_valid` hands the cleaned data to a service.

    The service saves (the form never does: no second `form.save()` behind its back).
    Its ValidationError lands on the form (field or top), the page re-renders with
    everything typed, and nothing is saved.
    """

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.perform(form)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        message = self.get_success_message(form.cleaned_data)
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url())


@never_cache
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
