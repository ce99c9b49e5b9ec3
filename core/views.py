"""Shared view machinery: scope + permission, service forms (success messages, lost
updates, one save per submission), and the directory pages' list, breadcrumbs and
duplicate check."""

import time
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.messages.views import SuccessMessageMixin
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.exceptions import BadRequest, ValidationError
from django.db.models import QuerySet
from django.forms.utils import ErrorDict
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import RedirectView
from rules.contrib.views import PermissionRequiredMixin

from core.forms import add_service_error, add_submission_token, submission_token
from core.pagination import BoundedPaginator
from core.pending import BUTTON as PENDING_BUTTON
from core.pending import PARAM as PENDING_PARAM
from core.pending import pending_created, pending_keep, pending_restore, return_url

PAGE_SIZE = 25  # rows on a page of a filtered list


# Functions (user, obj) -> str | None that say why a user may not act on an object they can
# see, registered by the app that knows (delegations: "the report is with the managers").
DENIAL_REASONS: list[Callable[[object, object], str | None]] = []


def register_denial_reason(reason: Callable[[object, object], str | None]) -> None:
    if reason not in DENIAL_REASONS:
        DENIAL_REASONS.append(reason)


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

    def get_permission_denied_message(self) -> str:
        """The 403 page says why, when a registered reason knows (templates/403.html)."""
        obj = self.get_permission_object()
        for reason in DENIAL_REASONS:
            found = reason(self.request.user, obj)
            if found:
                return found
        return super().get_permission_denied_message()

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


class SubmissionOnce:
    """One save per submission token, in a cache whose `add()` is atomic.

    The first POST of a token claims it (`add` succeeds once, however close the second
    POST follows), saves, and leaves the URL of what it saved under the token. A later
    POST of the same token waits while the first is still saving, then answers with
    that URL. A save that fails releases its token: the corrected form posts it again.

    Why a cache and not a table: core has no models, and the claim must be one atomic
    step. Django's local-memory cache (the default) is atomic within a process; with
    several server processes, point `SUBMISSION_TOKEN_CACHE` at a shared cache alias
    (database or Redis cache: their `add()` is atomic too).
    """

    PENDING = "pending"
    TIMEOUT = 24 * 60 * 60  # a form left open all day still posts once
    WAIT = 10.0  # seconds a second POST waits for the first to finish
    POLL = 0.05

    def __init__(self, *, user, token: str):
        self.key = f"exchange:submission:{user.pk}:{token}"
        self.cache = caches[getattr(settings, "SUBMISSION_TOKEN_CACHE", DEFAULT_CACHE_ALIAS)]

    def claim(self) -> bool | str | None:
        """True: this request saves. A URL: an earlier one saved it. None: an earlier one
        is still saving after WAIT seconds."""
        deadline = time.monotonic() + self.WAIT
        while True:
            if self.cache.add(self.key, self.PENDING, self.TIMEOUT):
                return True
            value = self.cache.get(self.key)
            if value not in (None, self.PENDING):
                return value
            if time.monotonic() >= deadline:
                return None
            time.sleep(self.POLL)

    def earlier(self) -> str | None:
        """The URL an earlier POST of this token saved to (waiting while it saves), or
        None when the token was never used to save."""
        deadline = time.monotonic() + self.WAIT
        value = self.cache.get(self.key)
        while value == self.PENDING and time.monotonic() < deadline:
            time.sleep(self.POLL)
            value = self.cache.get(self.key)
        return value if value not in (None, self.PENDING) else None

    def done(self, url: str) -> None:
        self.cache.set(self.key, url, self.TIMEOUT)

    def release(self) -> None:
        self.cache.delete(self.key)


class OneObjectMixin:
    """The permission check and the page both ask for the object: read it once."""

    def get_object(self, queryset=None):
        if queryset is not None:
            return super().get_object(queryset)
        if not hasattr(self, "_object"):
            self._object = super().get_object()
        return self._object


class ServiceFormMixin(SuccessMessageMixin):
    """A form view whose `form_valid` hands the cleaned data to a service.

    The service saves (the form never does: no second `form.save()` behind its back).
    Its ValidationError lands on the form (field or top), the page re-renders with
    everything typed, and nothing is saved. A lost update (ConflictError) says what the
    others changed (core.forms.add_service_error).

    Every form gets a hidden one-time submission token (core.forms): the same POST sent
    twice (double click, resent after a timeout) saves once; the second answer is the
    first one's redirect.
    """

    def perform(self, form):
        raise NotImplementedError

    def get_form_kwargs(self):
        """Back from a create page opened without JavaScript (`?restore=<token>`): the
        form as the user left it, the new entry picked (core.pending)."""
        kwargs = super().get_form_kwargs()
        token = self.request.GET.get(PENDING_PARAM) if self.request.method == "GET" else None
        if token:
            data = pending_restore(
                session=self.request.session, token=token, path=self.request.path
            )
            if data is not None:
                kwargs["data"] = data
                self._restored = True
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        add_submission_token(form)
        if getattr(self, "_restored", False):
            # Not sent yet: shown as typed, without "this field is required" everywhere.
            form.full_clean()
            form._errors = ErrorDict()
        return form

    def already_saved(self, url: str) -> HttpResponseRedirect:
        messages.info(self.request, _("This form had already been sent: it was saved once."))
        return HttpResponseRedirect(url)

    def form_invalid(self, form):
        """A resent form may no longer validate because its first sending saved (the
        delegation "already exists"): answer as the first one did."""
        token = None if getattr(self, "_claimed", False) else submission_token(form)
        if token is not None:
            url = SubmissionOnce(user=self.request.user, token=token).earlier()
            if url:
                response = self.already_saved(url)
                if getattr(self.request, "htmx", False):
                    # htmx would follow a redirect into the fragment: go there instead.
                    response = HttpResponse(status=204, headers={"HX-Redirect": url})
                return response
        return super().form_invalid(form)

    def form_valid(self, form):
        token = submission_token(form)
        if token is None:
            return self.save_form(form)
        once = SubmissionOnce(user=self.request.user, token=token)
        claimed = once.claim()
        if claimed is None:
            self._claimed = True  # by the earlier request: nothing more to wait for
            form.add_error(
                None,
                _(
                    "This form is still being saved from an earlier click. Wait a moment, "
                    "then check the page before sending it again."
                ),
            )
            return self.form_invalid(form)
        if claimed is not True:
            return self.already_saved(claimed)
        self._claimed = True
        try:
            response = self.save_form(form)
        except BaseException:
            once.release()
            raise
        finally:
            self._claimed = False
        if isinstance(response, HttpResponseRedirect):
            once.done(response.url)
        else:
            once.release()
        return response

    def save_form(self, form):
        try:
            self.object = self.perform(form)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        message = self.get_success_message(form.cleaned_data)
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url())


class FilteredListMixin:
    """A filtered, paginated list (its template's pager: the {% pager %} tag, core.templatetags)."""

    paginate_by = PAGE_SIZE
    paginator_class = BoundedPaginator  # never counts the whole table
    create_permission = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filtered"] = any(
            value for key, value in self.request.GET.items() if key not in {"page", "o"}
        )
        context["can_create"] = self.request.user.has_perm(self.create_permission)
        return context


class CrumbsMixin:
    """The breadcrumbs (templates/includes/breadcrumbs.html): list, object, action."""

    list_crumb: tuple = ()
    action_label = ""

    def get_crumbs(self) -> list[tuple[str, str]]:
        label, url_name = self.list_crumb
        crumbs = [(label, reverse(url_name))]
        obj = getattr(self, "object", None)
        if obj is not None and obj.pk:
            crumbs.append((str(obj), self.object_url(obj)))
        if self.action_label:
            crumbs.append((self.action_label, ""))
        return crumbs

    def object_url(self, obj) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = self.get_crumbs()
        return context


class DuplicateCheckMixin:
    """Before adding an entry, look for likely duplicates. When there are some, show them
    with a "save anyway" box (form field `confirm_different`): nothing is saved until it
    is ticked, or until what was typed no longer looks like anyone already there."""

    def find_duplicates(self, form) -> list:
        raise NotImplementedError

    def form_valid(self, form):
        if not form.cleaned_data.get("confirm_different"):
            duplicates = self.find_duplicates(form)
            if duplicates:
                context = self.get_context_data(form=form, duplicates=duplicates)
                return self.render_to_response(context)
        return super().form_valid(form)


class InPlaceCreateMixin:
    """A create page that also opens in place, from an autocomplete's Create "<typed>".

    `?name=` starts the form with what was typed (`name_field`). Asked by htmx, the page
    answers its form alone (`includes/inplace_create.html`, fields prefixed so they never
    clash with the page behind), and a save answers the new row as an option the script
    picks (`includes/inplace_created.html`). Without JavaScript it is an ordinary page
    that, once saved, returns to `next`: the page the user came from (its Referer when
    the link gave none), on this site only."""

    name_field = "name"
    inplace_body = ""  # a template of what goes above the fields (a duplicate warning)

    @property
    def in_place(self) -> bool:
        return bool(getattr(self.request, "htmx", False))

    def get_prefix(self):
        return "inplace" if self.in_place else super().get_prefix()

    def get_initial(self):
        initial = super().get_initial()
        name = self.request.GET.get("name", "").replace("\x00", "").strip()
        if name:
            initial[self.name_field] = name[:200]
        return initial

    def next_url(self) -> str:
        wanted = self.request.POST.get("next") or self.request.GET.get("next")
        if wanted is None and self.request.method == "GET":
            wanted = self.request.META.get("HTTP_REFERER", "")
            if self.came_from_own_list(wanted):
                wanted = ""  # "Add" from the directory itself: the new entry's page is next
        ok = url_has_allowed_host_and_scheme(
            wanted or "",
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        )
        return wanted if ok and wanted != self.request.build_absolute_uri() else ""

    def came_from_own_list(self, referer: str) -> bool:
        """The Referer is this directory's own list (its "Add" button), not a form that
        needs the new entry back."""
        list_crumb = getattr(self, "list_crumb", ())
        if not referer or not list_crumb:
            return False
        return urlsplit(referer).path == reverse(list_crumb[1])

    def get_template_names(self):
        return ["includes/inplace_create.html"] if self.in_place else super().get_template_names()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            next_url=self.next_url(),
            inplace_body=self.inplace_body,
            inplace_title=getattr(self, "action_label", ""),
            **kwargs,
        )

    def get_success_url(self):
        next_url = self.next_url()
        if next_url:
            pending_created(session=self.request.session, next_url=next_url, pk=self.object.pk)
        return next_url or super().get_success_url()

    def get_success_message(self, cleaned_data):
        return "" if self.in_place else super().get_success_message(cleaned_data)

    def save_form(self, form):
        response = super().save_form(form)
        if self.in_place and isinstance(response, HttpResponseRedirect):
            return render(self.request, "includes/inplace_created.html", {"object": self.object})
        return response


def in_place_create_page(url: str) -> bool:
    """`url` is a path of this site whose view is a create page that opens in place."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return False
    try:
        view_class = getattr(resolve(parts.path).func, "view_class", None)
    except Resolver404:
        return False
    return isinstance(view_class, type) and issubclass(view_class, InPlaceCreateMixin)


class PendingFormView(LoginRequiredMixin, View):
    """POST, from an autocomplete's Create button without JavaScript (its formaction; the
    button's value: the autocomplete's name and the create page's path): keep the form
    the user was filling (core.pending), then open the create page with what was typed
    in the search box. Once saved there, the create page returns to the form, restored."""

    http_method_names = ["post"]

    def post(self, request):
        field, _space, create = request.POST.get(PENDING_BUTTON, "").partition(" ")
        field = field.replace("\x00", "")[:100]
        if not field or not in_place_create_page(create):
            raise BadRequest(_("This button does not lead to a create page."))
        typed = request.POST.get(f"{field}__search", "").replace("\x00", "").strip()[:200]
        query = {"name": typed} if typed else {}
        came_from = request.META.get("HTTP_REFERER", "")
        if url_has_allowed_host_and_scheme(
            came_from, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            parts = urlsplit(came_from)
            path = f"{parts.path}?{parts.query}" if parts.query else parts.path
            token = pending_keep(session=request.session, path=path, data=request.POST, field=field)
            query["next"] = return_url(path, token)
        target = urlsplit(create).path
        return HttpResponseRedirect(f"{target}?{urlencode(query)}" if query else target)


class HomeView(RedirectView):
    """The site's front door leads to the page `settings.HOME_URL_NAME` names: core sits
    below every app, so the project, not core, says which page that is."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs) -> str:
        return reverse(settings.HOME_URL_NAME)
