"""A form left for a moment, without JavaScript, to create what its search did not find.

An autocomplete's Create button (includes/autocomplete_widget.html) submits the whole
form to `core:pending-form` (its `formaction`; its value names the autocomplete and the
create page). What the user typed is kept in their
session under a random token, and the create page opens with the typed name; its `next`
is the form's page with `?restore=<token>`. Saving there records the new entry under the
token (InPlaceCreateMixin). Back on the form's page, ServiceFormMixin binds the form to
what was kept, with the new entry picked in the field that asked for it.

Kept forms expire after MAX_AGE seconds, a session keeps the MAX_KEPT newest, and a
token restores once, on the page it was kept for. Files are never kept (the browser
sends them again only when chosen again).
"""

import secrets
import time
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.http import QueryDict

SESSION_KEY = "pending_forms"
PARAM = "restore"
BUTTON = "pending_create"  # the Create button's name; its value: "<field> <create path>"
MAX_AGE = 60 * 60
MAX_KEPT = 5
LEFT_OUT = {"csrfmiddlewaretoken", BUTTON}


def _kept(session) -> dict:
    """The session's kept forms, the expired ones dropped."""
    now = time.time()
    return {
        token: entry
        for token, entry in session.get(SESSION_KEY, {}).items()
        if now - entry["at"] < MAX_AGE
    }


def pending_keep(*, session, path: str, data: QueryDict, field: str) -> str:
    """Keep what was posted for the page at `path`; `field` is the autocomplete that
    asked (its search's name for a multiple one: "<name>__pick"). Returns the token."""
    token = secrets.token_urlsafe(16)
    kept = _kept(session)
    kept[token] = {
        "path": path,
        "field": field,
        "data": {key: data.getlist(key) for key in data if key not in LEFT_OUT},
        "created": None,
        "at": time.time(),
    }
    newest = sorted(kept.items(), key=lambda item: item[1]["at"])[-MAX_KEPT:]
    session[SESSION_KEY] = dict(newest)
    return token


def return_url(path: str, token: str) -> str:
    """`path` (with its query) and `?restore=<token>`, any older token replaced."""
    parts = urlsplit(path)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key != PARAM]
    query.append((PARAM, token))
    return urlunsplit(("", "", parts.path, urlencode(query), ""))


def token_of(url: str) -> str | None:
    return dict(parse_qsl(urlsplit(url).query)).get(PARAM)


def pending_created(*, session, next_url: str, pk) -> None:
    """The create page saved `pk`: the form it returns to (`next_url`) picks it."""
    token = token_of(next_url or "")
    kept = _kept(session)
    if token in kept:
        kept[token]["created"] = str(pk)
        session[SESSION_KEY] = kept


def pending_restore(*, session, token: str, path: str) -> QueryDict | None:
    """What was kept under `token` for the page at `path` (once), with the entry created
    meanwhile picked; None when there is nothing (expired, used, another page's)."""
    kept = _kept(session)
    entry = kept.get(token)
    if entry is None or urlsplit(entry["path"]).path != path:
        return None
    del kept[token]
    session[SESSION_KEY] = kept
    data = QueryDict(mutable=True)
    for key, values in entry["data"].items():
        data.setlist(key, values)
    field, created = entry["field"], entry["created"]
    if field.endswith("__pick"):  # a multiple autocomplete: one more box ticked
        name = field.removesuffix("__pick")
        data.pop(f"{field}__search", None)
        if created and created not in data.getlist(name):
            data.appendlist(name, created)
    elif created:
        data[field] = created
        data.pop(f"{field}__search", None)
    return data
