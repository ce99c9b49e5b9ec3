"""The vocabulary of the permission matrix: role sets, outcomes, one row per URL name,
and how a row's expectation for (role, method, state) is worked out.

A row says who may GET and who may POST; its scope says what everybody else gets:
OBJECT  the URL names a row of programme A: programme B's people get 404;
LIST    a list, export or dashboard of what the user may see: B's people get 200 without
        A's content (and A's people get it without B's, when the row names that);
NONE    the same for every programme (the shared directory, autocompletes, public pages).
`locks` names the methods that edit the delegation: once its report is approved, or while
it is submitted, staff get 403 (saying why, when submitted) and an administrator's save is
refused by the service (nothing changes).
`shows` may give a {role: content} dict where each role's page shows something else.
"""

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape

import openpyxl
import pypdf

from tests.security.matrix_world import (
    ADMINISTRATOR,
    ANONYMOUS,
    MANAGER,
    NOBODY,
    OTHER_STAFF,
    OUTSIDERS,
    ROLES,
    STAFF,
    World,
)

GET, POST = "GET", "POST"
OPEN, APPROVED, SUBMITTED = "open", "approved", "submitted"

PUBLIC = frozenset(ROLES)
LOGGED_IN = PUBLIC - {ANONYMOUS}
WORKERS = LOGGED_IN - {NOBODY}  # whoever works on a programme, and administrators
READERS = frozenset({STAFF, MANAGER, ADMINISTRATOR})  # of programme A's delegation
EDITORS = frozenset({STAFF, ADMINISTRATOR})
DIRECTORY_EDITORS = frozenset({STAFF, OTHER_STAFF, ADMINISTRATOR})  # staff of any programme

OBJECT, LIST, NONE = "object", "list", "none"
EDITS = (GET, POST)

# Outcomes
OK = "ok"  # GET 200 with the content; POST 302 to where it goes, with the change made
LOGIN = "login"  # 302 to the log-in page, with next=
HIDDEN = "hidden"  # 404
FORBIDDEN = "forbidden"  # 403
NOT_ALLOWED = "not-allowed"  # 405 (a POST-only URL, to someone who passed the checks)
REFUSED = "refused"  # the page answers (200 or 302 with a message), nothing changes
INVALID = "invalid"  # the form comes back (200) with an error, nothing changes
REDIRECTED = "redirected"  # 302 to the row's `goes_to`, nothing else checked

Builder = Callable[[World], object]


def no_args(world: World) -> dict:
    return {}


@dataclass(frozen=True)
class Url:
    name: str
    args: Callable[[World], dict] = no_args
    get: frozenset | None = READERS  # None: POST only (405 to who passes the checks)
    post: frozenset | None = None  # None: not tested with POST (no form, no action)
    scope: str = OBJECT
    shows: Builder | None = None  # str or bytes an allowed GET contains
    other: Builder | None = None  # LIST rows: what only programme B's readers see
    query: dict = field(default_factory=dict)
    data: Builder | None = None  # POST data (files included)
    changed: Callable[[World], bool] | None = None  # the POST's effect, read from the DB
    goes_to: Callable[[World], str] | None = None  # where a successful POST redirects
    locks: tuple[str, ...] = ()  # EDITS: the GET and POST of an edit page; (POST,): the POST
    overrides: dict = field(default_factory=dict)  # {(role, method): outcome}

    def methods(self) -> tuple[str, ...]:
        return (GET, POST) if self.post is not None else (GET,)


def expected(row: Url, role: str, method: str, state: str) -> str:
    if (role, method) in row.overrides:
        return row.overrides[(role, method)]
    allowed, success = (row.get, OK) if method == GET else (row.post, OK)
    if method == GET and row.get is None:
        allowed, success = row.post, NOT_ALLOWED
    if role == ANONYMOUS and ANONYMOUS not in allowed:
        return LOGIN
    if row.scope == OBJECT and role in OUTSIDERS:
        return HIDDEN
    if role not in allowed:
        return FORBIDDEN
    # Approved (locked) or submitted (frozen under review): the same refusal.
    if state in (APPROVED, SUBMITTED) and method in row.locks:
        if role != ADMINISTRATOR:
            return FORBIDDEN
        if method == POST:
            return REFUSED
    return success


def states(row: Url, role: str) -> tuple[str, ...]:
    """The approved (locked) and submitted (frozen) states are checked for the roles they
    change something for."""
    if row.scope == OBJECT and role in (STAFF, ADMINISTRATOR):
        return (OPEN, APPROVED, SUBMITTED)
    return (OPEN,)


# --- Reading a response -------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def text_of(response, raw: bytes | None = None) -> str:
    """What a person would read: the page's text, a workbook's cells, a PDF's text."""
    raw = body(response) if raw is None else raw
    content_type = response.get("Content-Type", "")
    if content_type.startswith(XLSX):
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
        return "\n".join(
            str(value)
            for sheet in book.worksheets
            for values in sheet.iter_rows(values_only=True)
            for value in values
            if value is not None
        )
    if content_type.startswith("application/pdf"):
        return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(raw)).pages)
    if content_type.startswith(("image/", "application/octet-stream")):
        return ""
    html = raw.decode()
    html = re.sub(r"<(script|template)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?mark>", "", html)  # search results mark the words found
    return unescape(re.sub(r"\s+", " ", html))


def contains(response, raw: bytes, wanted) -> bool:
    if isinstance(wanted, bytes):
        return wanted in raw
    return wanted in text_of(response, raw)
