"""The permission matrix: one row per URL name (`admin:*` has its own test).

Adding a URL? Add its row here: usually one line, e.g.
    Url("learning:topic-list", get=WORKERS, scope=NONE, shows=lambda w: w.topic.name),
The table is kept as a table (`fmt: off`): one URL a line or a few.
"""

import base64

from django.core.files.uploadedfile import SimpleUploadedFile
from django.templatetags.static import static
from django.urls import reverse

from delegations.enums import PlanningStatus
from delegations.models import Delegation, DelegationMember, Leg, SupportAssignment
from itinerary.enums import ItemKind
from itinerary.models import ItineraryItem, Site, Topic
from itinerary.selectors import itinerary_entry
from learning.enums import AttachmentKind, FollowUpStatus, HighlightKind
from learning.models import Attachment, FollowUp, Highlight, LearningObjective
from officials.models import Official
from partners.models import Organisation, Project
from places.models import Place
from reports.views.exports import feed_token
from tests.factories.learning import png_bytes
from tests.security.matrix import (
    DIRECTORY_EDITORS,
    EDITORS,
    EDITS,
    GET,
    HIDDEN,
    INVALID,
    LIST,
    LOGGED_IN,
    NONE,
    POST,
    PUBLIC,
    READERS,
    REDIRECTED,
    WORKERS,
    Url,
)
from tests.security.matrix_world import ADMINISTRATOR, ANONYMOUS, MANAGER, OTHER_STAFF, STAFF
from tests.support.spreadsheets import item_row, xlsx_bytes

NEW = "Matrix changed text"  # what every successful POST writes somewhere


# --- URL kwargs ---------------------------------------------------------------------------------


def pk(attribute: str):
    return lambda w: {"pk": getattr(w, attribute).pk}


def delegation_pk(w) -> dict:
    return {"delegation_pk": w.delegation.pk}


def official_pk(w) -> dict:
    return {"pk": w.head.official_id}


# --- Where things go ----------------------------------------------------------------------------


def to(name: str, attribute: str = "delegation", anchor: str = ""):
    return lambda w: reverse(name, args=[getattr(w, attribute).pk]) + anchor


def visit_day_at(attribute: str):
    """The visit day of the item's local date, at the item (visits.views.day_url)."""

    def url(w) -> str:
        item = getattr(w, attribute)
        day = itinerary_entry(item).start.local.date().isoformat()
        return f"{to('visits:today')(w)}?day={day}#visit-item-{item.pk}"

    return url


def detail(anchor: str):
    return to("delegations:detail", anchor=f"#{anchor}")


def members_row(attribute: str, page: str):
    return lambda w: f"{to(page)(w)}#row-{getattr(w, attribute).pk}"


def exists(model, **lookup):
    return lambda w: model.objects.filter(**lookup).exists()


def gone(attribute: str):
    return lambda w: w.fresh(getattr(w, attribute)) is None


def now(attribute: str, name: str, value):
    return lambda w: getattr(w.fresh(getattr(w, attribute)), name) == value


# --- POST data ----------------------------------------------------------------------------------


def delegation_data(w, **extra) -> dict:
    return {
        "title": NEW,
        "programme": w.programme.pk,
        "sending_countries": ["MZ"],
        "host_country": "KE",
        "destinations": [w.place.pk],
        "start_date": "2019-07-22",
        "end_date": "2019-07-26",
        **extra,
    }


def management(prefix: str) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def item_data(w, **extra) -> dict:
    return {
        "kind": ItemKind.MEETING,
        "title": NEW,
        "place": w.place.pk,
        "starts_at_0": "2019-07-24",
        "starts_at_1": "09:00",
        "ends_at_0": "2019-07-24",
        "ends_at_1": "10:00",
        **management("counterparts"),
        **management("groups"),
        **extra,
    }


def followup_data(w, **extra) -> dict:
    return {"description": NEW, "status": FollowUpStatus.PROPOSED, **extra}


def upload(w) -> dict:
    photo = SimpleUploadedFile("matrix.png", png_bytes(), "image/png")
    return {"file": photo, "kind": AttachmentKind.PHOTO, "caption": NEW}


def import_data(w) -> dict:
    """A confirmed import of one item, the file carried as the preview carries it."""
    content = xlsx_bytes(itinerary=[item_row(Title=NEW, Place=w.place.name, Date="2019-07-24")])
    return {"content": base64.b64encode(content).decode(), "filename": "m.xlsx", "confirm": "1"}


def leg_data(w, **extra) -> dict:
    return {"place": w.place.pk, "start_date": "2019-07-23", "end_date": "2019-07-24", **extra}


def project_data(w, **extra) -> dict:
    return {"programme": w.programme.pk, "name": NEW, "code": "MX-NEW", **extra}


def once_approved(stored, live):
    """What the report shows: the version stored at approval (tests.security.matrix_world),
    once the report is approved; rendered from the records before."""
    return lambda w: stored if w.fresh(w.delegation.report).is_approved else live


def review_data(w) -> dict:
    version = w.fresh(w.delegation.report).version
    return {"action": "save", "summary": NEW, "version": version}


# --- The rows -----------------------------------------------------------------------------------

# The log-in page sends whoever is logged in home; the home page sends everyone to the list.
LOGGED_IN_HOME = {(role, method): REDIRECTED for role in LOGGED_IN for method in (GET, POST)}
HOME = {(role, GET): REDIRECTED for role in PUBLIC}
LOG_IN_AS_STAFF = {"username": "mx.staff@example.org", "password": "correct-horse-battery-staple"}
A_TITLE, B_TITLE = (lambda w: w.delegation.title), (lambda w: w.other_delegation.title)

# fmt: off
ROWS: tuple[Url, ...] = (
    # accounts and core ------------------------------------------------------------------------
    Url("login", get=PUBLIC, post=frozenset({ANONYMOUS}), scope=NONE, shows=lambda w: 'name="password"',
        data=lambda w: LOG_IN_AS_STAFF, goes_to=lambda w: reverse("core:home"), overrides=LOGGED_IN_HOME),
    Url("logout", get=None, post=PUBLIC, scope=NONE, data=lambda w: {}, goes_to=lambda w: reverse("login")),
    # "Forgot your password?" and the set-password link: public (their POSTs, throttled, are
    # tested in tests/partners/test_user_lifecycle.py; here they would trip the throttle).
    Url("password_reset", get=PUBLIC, scope=NONE, shows=lambda w: 'name="email"'),
    Url("admin_password_reset", get=PUBLIC, scope=NONE, shows=lambda w: 'name="email"'),
    Url("password_reset_done", get=PUBLIC, scope=NONE, shows=lambda w: "Check your mail"),
    Url("password_reset_confirm", args=lambda w: {"uidb64": "MQ", "token": "set-password"}, get=PUBLIC,
        scope=NONE, shows=lambda w: "has been used already or has expired"),
    Url("password_reset_complete", get=PUBLIC, scope=NONE, shows=lambda w: "Password set"),
    Url("core:health", get=PUBLIC, scope=NONE, shows=lambda w: '"status": "ok"'),
    Url("core:ready", get=PUBLIC, scope=NONE, shows=lambda w: '"database": "ok"'),
    Url("core:home", get=PUBLIC, scope=NONE, goes_to=lambda w: reverse("delegations:list"), overrides=HOME),
    # Create "…" without JavaScript: the form is kept in the session (core.pending), then the
    # create page opens with what was typed; the create page itself checks who may add.
    Url("core:pending-form", get=None, post=LOGGED_IN, scope=NONE,
        data=lambda w: {"pending_create": f"host_organisation {reverse('partners:organisation-create')}",
                        "host_organisation__search": "Kept"},
        goes_to=lambda w: f"{reverse('partners:organisation-create')}?name=Kept"),
    # The icon browsers ask for, for everyone: to the static file.
    Url("favicon", get=PUBLIC, scope=NONE, goes_to=lambda w: static("favicon.svg"), overrides=HOME),
    # The language switch: a POST from every page, for everyone (a GET answers 405).
    Url("set_language", get=None, post=PUBLIC, scope=NONE,
        data=lambda w: {"language": "pt", "next": reverse("delegations:list")},
        goes_to=lambda w: reverse("delegations:list")),
    # delegations -------------------------------------------------------------------------------
    Url("delegations:list", get=WORKERS, scope=LIST, shows=A_TITLE, other=B_TITLE),
    # Staff of programme B may create a delegation, but not in programme A: a form error.
    Url("delegations:create", get=DIRECTORY_EDITORS, post=DIRECTORY_EDITORS, scope=NONE,
        shows=lambda w: 'name="title"', data=delegation_data, changed=exists(Delegation, title=NEW),
        goes_to=lambda w: reverse("delegations:detail", args=[Delegation.objects.get(title=NEW).pk]),
        overrides={(OTHER_STAFF, POST): INVALID}),
    Url("delegations:detail", args=pk("delegation"), shows=A_TITLE),
    Url("delegations:update", args=pk("delegation"), get=EDITORS, post=EDITORS, locks=EDITS, shows=A_TITLE,
        data=lambda w: delegation_data(w, version=w.fresh(w.delegation).version),
        changed=now("delegation", "title", NEW), goes_to=to("delegations:detail")),
    # An approved report locks the content, not the calendar: the visit may still complete.
    Url("delegations:set-status", args=pk("delegation"), get=None, post=EDITORS,
        data=lambda w: {"to_status": PlanningStatus.COMPLETED},
        changed=now("delegation", "status", PlanningStatus.COMPLETED), goes_to=to("delegations:detail")),
    Url("delegations:members", args=pk("delegation"), get=EDITORS, post=EDITORS, locks=EDITS,
        shows=lambda w: w.head.official.full_name,
        data=lambda w: {"official": w.newcomer.pk, "role": "member", "position": ""},
        changed=lambda w: DelegationMember.objects.filter(official=w.newcomer).exists(),
        goes_to=to("delegations:members")),
    Url("delegations:member-update", args=pk("member"), get=EDITORS, post=EDITORS, locks=EDITS,
        shows=lambda w: w.member.official.full_name,
        data=lambda w: {"role": "member", "position": NEW, "order": 2, "version": w.fresh(w.member).version},
        changed=now("member", "position", NEW), goes_to=members_row("member", "delegations:members")),
    Url("delegations:member-remove", args=pk("member"), get=EDITORS, post=EDITORS, locks=EDITS,
        shows=lambda w: w.member.official.full_name, data=lambda w: {},
        changed=gone("member"), goes_to=to("delegations:members")),
    Url("delegations:member-move", args=pk("member"), get=None, post=EDITORS, locks=EDITS,
        data=lambda w: {"direction": "down"}, changed=now("member", "order", 3),
        goes_to=members_row("member", "delegations:members")),
    Url("delegations:support-team", args=pk("delegation"), get=EDITORS, post=EDITORS, locks=EDITS,
        shows=lambda w: w.support.official.full_name,
        data=lambda w: {"official": w.newcomer.pk, "role": "logistics"},
        changed=lambda w: SupportAssignment.objects.filter(official=w.newcomer).exists(),
        goes_to=to("delegations:support-team")),
    Url("delegations:support-update", args=pk("support"), get=EDITORS, post=EDITORS, locks=EDITS,
        shows=lambda w: w.support.official.full_name, data=lambda w: {"role": "logistics", "order": 1, "version": w.fresh(w.support).version},
        changed=now("support", "role", "logistics"),
        goes_to=members_row("support", "delegations:support-team")),
    Url("delegations:support-remove", args=pk("support"), get=EDITORS, post=EDITORS, locks=EDITS,
        shows=lambda w: w.support.official.full_name, data=lambda w: {},
        changed=gone("support"), goes_to=to("delegations:support-team")),
    Url("delegations:support-move", args=pk("support"), get=None, post=EDITORS, locks=EDITS,
        data=lambda w: {"direction": "down"}, changed=now("support", "order", 2),
        goes_to=members_row("support", "delegations:support-team")),
    Url("delegations:no-head", args=pk("delegation"), get=None, post=EDITORS, locks=(POST,),
        data=lambda w: {"no_head": "0"}, changed=now("delegation", "no_head", False),
        goes_to=to("delegations:detail")),
    Url("delegations:legs", args=pk("delegation"), get=EDITORS, post=EDITORS, locks=EDITS,
        shows=lambda w: "Matrix leg notes", data=lambda w: leg_data(w, notes=NEW),
        changed=exists(Leg, notes=NEW), goes_to=to("delegations:legs")),
    Url("delegations:leg-update", args=pk("leg"), get=EDITORS, post=EDITORS, locks=EDITS,
        shows=lambda w: "Matrix leg notes", data=lambda w: leg_data(w, notes=NEW, version=w.fresh(w.leg).version),
        changed=now("leg", "notes", NEW), goes_to=to("delegations:legs")),
    Url("delegations:leg-remove", args=pk("leg"), get=EDITORS, post=EDITORS, locks=EDITS,
        shows=lambda w: w.place.name, data=lambda w: {}, changed=gone("leg"),
        goes_to=to("delegations:legs")),
    # visits: itinerary, history, topics --------------------------------------------------------
    Url("itinerary:itinerary", args=pk("delegation"), shows=lambda w: w.item.title),
    Url("itinerary:item-create", args=pk("delegation"), get=EDITORS, post=EDITORS, locks=EDITS,
        shows=A_TITLE, data=item_data, changed=exists(ItineraryItem, title=NEW),
        goes_to=lambda w: to("itinerary:itinerary")(w) + f"#item-{ItineraryItem.objects.get(title=NEW).pk}"),
    Url("itinerary:item-update", args=pk("item"), get=EDITORS, post=EDITORS, locks=EDITS,
        shows=lambda w: w.item.title, data=lambda w: item_data(w, version=w.fresh(w.item).version),
        changed=now("item", "title", NEW), goes_to=lambda w: to("itinerary:itinerary")(w) + f"#item-{w.item.pk}"),
    Url("itinerary:item-delete", args=pk("item"), get=EDITORS, post=EDITORS, locks=EDITS,
        shows=lambda w: w.item.title, data=lambda w: {}, changed=gone("item"), goes_to=to("itinerary:itinerary")),
    Url("itinerary:itinerary-template", get=WORKERS, scope=NONE, shows=lambda w: "Counterparts"),
    Url("itinerary:itinerary-import", args=pk("delegation"), get=EDITORS, post=EDITORS, locks=EDITS,
        shows=A_TITLE, data=import_data, changed=exists(ItineraryItem, title=NEW), goes_to=to("itinerary:itinerary")),
    # A copy is a new delegation: an approved one may be copied too (no lock), by its staff.
    Url("learning:delegation-copy", args=pk("delegation"), get=EDITORS, post=EDITORS, shows=A_TITLE,
        data=lambda w: {"title": NEW, "start_date": "2020-07-20", "confirm": "1"},
        changed=exists(Delegation, title=NEW),
        goes_to=lambda w: reverse("delegations:detail", args=[Delegation.objects.get(title=NEW).pk])),
    Url("itinerary:zone-note", args=pk("delegation"), query={"starts_at_0": "2019-07-23"},
        shows=lambda w: "Africa/Nairobi (EAT)"),
    Url("timeline:delegation-history", args=pk("delegation"), shows=A_TITLE),
    Url("timeline:history-section", args=delegation_pk, shows=lambda w: w.follow_up.description),
    # visits: the visit day and its quick captures ---------------------------------------------
    Url("visits:today", args=pk("delegation"), query={"day": "2019-07-23"}, shows=lambda w: w.item.title),
    Url("visits:item-card", args=pk("item"), goes_to=visit_day_at("item"),
        overrides={(role, GET): REDIRECTED for role in READERS}),
    Url("visits:capture", args=lambda w: {"pk": w.item.pk, "what": "note"}, get=EDITORS, post=EDITORS,
        locks=EDITS, shows=lambda w: w.item.title, data=lambda w: {"kind": HighlightKind.LESSON, "text": NEW},
        changed=exists(Highlight, text=NEW), goes_to=visit_day_at("item")),
    # Topics are shared; what delegations did about one is each user's scope.
    Url("learning:topic-list", get=WORKERS, scope=NONE, shows=lambda w: w.topic.name),
    Url("learning:topic-detail", args=lambda w: {"topic": w.topic.slug}, get=WORKERS, scope=LIST,
        shows=lambda w: w.objective.description, other=lambda w: w.other_objective.description),
    # visits: learning --------------------------------------------------------------------------
    Url("learning:objectives-section", args=delegation_pk, shows=lambda w: w.objective.description),
    Url("learning:objective-create", args=delegation_pk, get=EDITORS, post=EDITORS, locks=EDITS,
        shows=A_TITLE, data=lambda w: {"description": NEW, "topic": w.topic.pk, "order": 2},
        changed=exists(LearningObjective, description=NEW), goes_to=detail("learning-objectives")),
    Url("learning:objective-update", args=pk("objective"), get=EDITORS, post=EDITORS, locks=EDITS,
        shows=lambda w: w.objective.description,
        data=lambda w: {"description": NEW, "topic": w.topic.pk, "order": 1, "version": w.fresh(w.objective).version},
        changed=now("objective", "description", NEW), goes_to=detail("learning-objectives")),
    Url("learning:objective-delete", args=pk("objective"), get=EDITORS, post=EDITORS, locks=EDITS,
        shows=lambda w: w.objective.description, data=lambda w: {},
        changed=gone("objective"), goes_to=detail("learning-objectives")),
    Url("learning:highlights-section", args=delegation_pk, shows=lambda w: w.highlight.text),
    Url("learning:highlight-create", args=delegation_pk, get=EDITORS, post=EDITORS, locks=EDITS,
        shows=A_TITLE, data=lambda w: {"kind": HighlightKind.LESSON, "text": NEW},
        changed=exists(Highlight, text=NEW), goes_to=detail("highlights")),
    Url("learning:highlight-update", args=pk("highlight"), get=EDITORS, post=EDITORS, locks=EDITS,
        shows=lambda w: w.highlight.text,
        data=lambda w: {"kind": HighlightKind.LESSON, "text": NEW, "version": w.fresh(w.highlight).version},
        changed=now("highlight", "text", NEW), goes_to=detail("highlights")),
    Url("learning:highlight-delete", args=pk("highlight"), get=EDITORS, post=EDITORS, locks=EDITS,
        shows=lambda w: w.highlight.text, data=lambda w: {},
        changed=gone("highlight"), goes_to=detail("highlights")),
    Url("learning:followups-section", args=delegation_pk, shows=lambda w: w.follow_up.description),
    Url("learning:followup-create", args=delegation_pk, get=EDITORS, post=EDITORS, locks=EDITS,
        shows=A_TITLE, data=followup_data, changed=exists(FollowUp, description=NEW),
        goes_to=detail("follow-ups")),
    Url("learning:followup-update", args=pk("follow_up"), get=EDITORS, post=EDITORS, locks=EDITS,
        shows=lambda w: w.follow_up.description,
        data=lambda w: followup_data(w, version=w.fresh(w.follow_up).version),
        changed=now("follow_up", "description", NEW), goes_to=detail("follow-ups")),
    Url("learning:followup-delete", args=pk("follow_up"), get=EDITORS, post=EDITORS, locks=EDITS,
        shows=lambda w: w.follow_up.description, data=lambda w: {},
        changed=gone("follow_up"), goes_to=detail("follow-ups")),
    # A follow-up lives on after approval: its status still moves (staff, administrators).
    Url("learning:followup-status", args=pk("follow_up"), get=None, post=EDITORS,
        data=lambda w: {"status": FollowUpStatus.AGREED, "version": w.fresh(w.follow_up).version},
        changed=now("follow_up", "status", FollowUpStatus.AGREED), goes_to=detail("follow-ups")),
    # visits: attachments -----------------------------------------------------------------------
    Url("learning:attachment-download", args=pk("attachment"), shows=lambda w: b"\x89PNG"),
    Url("learning:attachment-thumbnail", args=pk("attachment"), shows=lambda w: b"\xff\xd8"),
    Url("learning:attachments-section", args=delegation_pk, shows=lambda w: w.attachment.caption),
    Url("learning:attachment-create", args=delegation_pk, get=EDITORS, post=EDITORS, locks=EDITS,
        shows=A_TITLE, data=upload, changed=exists(Attachment, caption=NEW), goes_to=detail("attachments")),
    Url("learning:attachment-update", args=pk("attachment"), get=EDITORS, post=EDITORS, locks=EDITS,
        shows=lambda w: w.attachment.caption,
        data=lambda w: {"kind": AttachmentKind.PHOTO, "caption": NEW, "credit": "", "version": w.fresh(w.attachment).version},
        changed=now("attachment", "caption", NEW), goes_to=detail("attachments")),
    Url("learning:attachment-delete", args=pk("attachment"), get=EDITORS, post=EDITORS, locks=EDITS,
        shows=lambda w: w.attachment.caption, data=lambda w: {},
        changed=gone("attachment"), goes_to=detail("attachments")),
    # autocompletes: the shared directory, for whoever works on a programme ----------------------
    Url("itinerary:site-autocomplete", get=WORKERS, scope=NONE, query={"q": "Matrix"}, shows=lambda w: w.site.name),
    Url("itinerary:topic-autocomplete", get=WORKERS, scope=NONE, query={"q": "Matrix"}, shows=lambda w: w.topic.name),
    Url("officials:autocomplete", get=WORKERS, scope=NONE, query={"q": "Matrix Head"},
        shows=lambda w: w.head.official.full_name),
    Url("partners:organisation-autocomplete", get=WORKERS, scope=NONE, query={"q": "Matrix"},
        shows=lambda w: w.organisation.name),
    Url("places:autocomplete", get=WORKERS, scope=NONE, query={"q": "Matrixv"}, shows=lambda w: w.place.name),
    Url("places:country-autocomplete", get=WORKERS, scope=NONE, query={"q": "Sudan"},
        shows=lambda w: "South Sudan"),
    # the directory (shared by every programme) --------------------------------------------------
    Url("officials:list", get=WORKERS, scope=NONE, shows=lambda w: w.head.official.full_name),
    Url("officials:detail", args=official_pk, get=WORKERS, scope=NONE, shows=lambda w: w.head.official.full_name),
    Url("officials:create", get=DIRECTORY_EDITORS, post=DIRECTORY_EDITORS, scope=NONE,
        shows=lambda w: 'name="full_name"',
        data=lambda w: {"honorific": "Mr", "full_name": NEW, "gender": "male", "confirm_different": "on"},
        changed=exists(Official, full_name=NEW),
        goes_to=lambda w: reverse("officials:detail", args=[Official.objects.get(full_name=NEW).pk])),
    # Need-to-know: only the programme whose delegation involves the head (and administrators)
    # edits them and their organisation (the rest of the cases: test_directory_need_to_know).
    Url("officials:update", args=official_pk, get=EDITORS, post=EDITORS, scope=NONE,
        shows=lambda w: w.head.official.full_name,
        data=lambda w: {"honorific": "Mr", "full_name": NEW, "gender": "male", "version": w.fresh(w.head.official).version},
        changed=lambda w: Official.objects.get(pk=w.head.official_id).full_name == NEW,
        goes_to=lambda w: reverse("officials:detail", args=[w.head.official_id])),
    Url("partners:organisation-list", get=WORKERS, scope=NONE, shows=lambda w: w.organisation.name),
    Url("partners:organisation-detail", args=pk("organisation"), get=WORKERS, scope=NONE,
        shows=lambda w: w.organisation.name),
    Url("partners:organisation-create", get=DIRECTORY_EDITORS, post=DIRECTORY_EDITORS, scope=NONE,
        shows=lambda w: 'name="acronym"',
        data=lambda w: {"name": NEW, "kind": "ngo", "country": "KE", "confirm_different": "on"},
        changed=exists(Organisation, name=NEW),
        goes_to=lambda w: reverse("partners:organisation-detail", args=[Organisation.objects.get(name=NEW).pk])),
    Url("partners:organisation-update", args=pk("organisation"), get=EDITORS,
        post=EDITORS, scope=NONE, shows=lambda w: w.organisation.name,
        data=lambda w: {"name": NEW, "kind": "ngo", "country": "KE", "version": w.fresh(w.organisation).version},
        changed=now("organisation", "name", NEW), goes_to=to("partners:organisation-detail", "organisation")),
    # adding places, sites and topics (from their searches, or as pages) -------------------------
    Url("places:create", get=DIRECTORY_EDITORS, post=DIRECTORY_EDITORS, scope=NONE, shows=lambda w: 'name="timezone"',
        data=lambda w: {"name": NEW, "kind": "city", "country": "KE"}, changed=exists(Place, name=NEW),
        goes_to=lambda w: reverse("core:home")),
    Url("itinerary:site-create", get=DIRECTORY_EDITORS, post=DIRECTORY_EDITORS, scope=NONE, shows=lambda w: 'name="place"',
        data=lambda w: {"name": NEW, "kind": "other", "place": w.place.pk}, changed=exists(Site, name=NEW),
        goes_to=lambda w: reverse("core:home")),
    Url("itinerary:topic-create", get=DIRECTORY_EDITORS, post=DIRECTORY_EDITORS, scope=NONE, shows=lambda w: 'name="name"',
        data=lambda w: {"name": NEW}, changed=exists(Topic, name=NEW), goes_to=lambda w: reverse("core:home")),
    # Projects: each programme's own; staff add them to a programme they work on.
    Url("partners:project-list", get=WORKERS, scope=LIST, shows=lambda w: w.project.name,
        other=lambda w: w.other_project.name),
    Url("partners:project-create", get=DIRECTORY_EDITORS, post=DIRECTORY_EDITORS, scope=NONE,
        shows=lambda w: 'name="code"', data=project_data, changed=exists(Project, name=NEW),
        goes_to=lambda w: reverse("partners:project-list"), overrides={(OTHER_STAFF, POST): INVALID}),
    Url("partners:project-update", args=pk("project"), get=EDITORS, post=EDITORS,
        shows=lambda w: w.project.name, data=lambda w: project_data(w, version=w.fresh(w.project).version),
        changed=now("project", "name", NEW),
        goes_to=lambda w: reverse("partners:project-list")),
    # search and reports ------------------------------------------------------------------------
    Url("search:results", get=WORKERS, scope=LIST, query={"q": "delegation"}, shows=A_TITLE, other=B_TITLE),
    # Once approved, the report and its PDF are the version stored at approval.
    Url("reports:report", args=pk("delegation"), shows=once_approved("Matrix stored HTML", "Matrix report summary text")),
    Url("reports:report-pdf", args=pk("delegation"), shows=once_approved(b"Matrix stored PDF", "Matrix delegation")),
    # The approved versions as stored, for whoever reads the delegation.
    Url("reports:report-version-pdf", args=lambda w: {"pk": w.delegation.pk, "number": 1},
        shows=lambda w: b"Matrix stored PDF"),
    Url("reports:report-version-html", args=lambda w: {"pk": w.delegation.pk, "number": 1},
        shows=lambda w: "Matrix stored HTML"),
    # Staff see their draft reports, managers the follow-ups due soon, administrators both.
    Url("reports:dashboard", get=LOGGED_IN, scope=LIST, shows=lambda w: {
        STAFF: w.delegation.title, MANAGER: w.follow_up.description, ADMINISTRATOR: w.delegation.title}),
    Url("reports:review", args=pk("delegation"), post=EDITORS, locks=(POST,),
        shows=lambda w: "Matrix report summary text", data=review_data,
        changed=lambda w: w.fresh(w.delegation.report).summary == NEW, goes_to=to("reports:review")),
    Url("reports:itinerary-ics", args=pk("delegation"), shows=lambda w: w.item.title),
    Url("reports:itinerary-csv", args=pk("delegation"), shows=lambda w: w.item.title),
    # No log-in: the signed token is the key (a forged one: test_itinerary_feed_*).
    Url("reports:itinerary-feed", args=lambda w: {"token": feed_token(w.delegation)}, get=PUBLIC,
        scope=NONE, shows=lambda w: w.item.title),
    # Staff and administrators void it (managers read); not content, so open while locked too.
    Url("reports:itinerary-feed-renew", args=pk("delegation"), get=None, post=EDITORS,
        data=lambda w: {}, changed=now("delegation", "feed_generation", 2),
        goes_to=detail("report-links-heading")),
    Url("reports:export-xlsx", args=pk("delegation"), shows=A_TITLE),
    Url("reports:delegations-xlsx", get=WORKERS, scope=LIST, shows=A_TITLE, other=B_TITLE),
    Url("reports:delegations-csv", get=WORKERS, scope=LIST, shows=A_TITLE, other=B_TITLE),
    Url("reports:followups-csv", get=WORKERS, scope=LIST, shows=lambda w: w.follow_up.description),
    # jobs: an export is its asker's alone; anybody else gets 404 ------------------------------
    Url("jobs:export", args=pk("export_job"), get=frozenset({STAFF}), shows=lambda w: "Ready",
        overrides={(MANAGER, GET): HIDDEN, (ADMINISTRATOR, GET): HIDDEN}),
    Url("jobs:export-download", args=pk("export_job"), get=frozenset({STAFF}),
        shows=lambda w: b"Matrix export row",
        overrides={(MANAGER, GET): HIDDEN, (ADMINISTRATOR, GET): HIDDEN}),
)
# fmt: on

ROWS_BY_NAME = {row.name: row for row in ROWS}
