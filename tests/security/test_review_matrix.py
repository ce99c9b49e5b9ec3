"""The review page's decisions, action by action, against every role of the matrix.

The permission matrix (test_permission_matrix.py) POSTs only `save` to reports:review;
here every other action (submit, approve, send back, reopen) meets every role, with the
report in the state where the action makes sense:
- submit: a draft, or a report sent back for changes; the programme's staff and
  administrators may, a manager answers 403 (the page's narrative and submission are the
  staff's);
- approve / send back: a submitted report; the programme's managers and administrators
  may, but never one they submitted or last edited (four eyes); anyone else in scope is
  sent back to the page with the service's refusal;
- reopen: an approved (locked) report; administrators only, with a reason.
Each case checks the answer and the database afterwards: the report's status, its
ReviewEvent rows and Delegation.locked move as the action says, or not at all.
"""

from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from core.services import stamp
from delegations.enums import ReportStatus, ReviewAction
from delegations.models import Delegation, Report, ReviewEvent
from tests.security.matrix import FORBIDDEN, HIDDEN, INVALID, LOGIN, OK, REFUSED
from tests.security.matrix_world import (
    ADMINISTRATOR,
    ANONYMOUS,
    MANAGER,
    OUTSIDERS,
    ROLES,
    STAFF,
    World,
)

DRAFT, SUBMITTED = ReportStatus.DRAFT, ReportStatus.SUBMITTED
CHANGES, APPROVED = ReportStatus.CHANGES_REQUESTED, ReportStatus.APPROVED
COMMENT = "Matrix review comment"
REQUIRED = "This field is required."
NOT_A_REVIEWER = "Only a manager of this programme can decide on this report."
FOUR_EYES = (
    "You submitted this report or changed its delegation since the last approved version: "
    "another manager must decide (four eyes)."
)
NOT_AN_ADMINISTRATOR = "Only an administrator can reopen an approved report."


@dataclass(frozen=True)
class Action:
    name: str  # the form's `action`
    event: str  # the ReviewEvent it writes
    starts: tuple[str, ...]  # the report states it makes sense in
    ends: str  # the report's state after it
    locked: bool  # Delegation.locked after it
    allowed: frozenset
    refusal: str  # what an in-scope role without the right gets
    refusal_message: str = ""  # the page's words, for REFUSED
    comment: str | None = None  # None: the action posts no comment
    success: str = ""


ACTIONS = {
    action.name: action
    for action in (
        Action(
            "submit",
            ReviewAction.SUBMIT,
            (DRAFT, CHANGES),
            SUBMITTED,
            locked=False,
            allowed=frozenset({STAFF, ADMINISTRATOR}),
            refusal=FORBIDDEN,
            success="The report was submitted for review.",
        ),
        Action(
            "approve",
            ReviewAction.APPROVE,
            (SUBMITTED,),
            APPROVED,
            locked=True,
            allowed=frozenset({MANAGER, ADMINISTRATOR}),
            refusal=REFUSED,
            refusal_message=NOT_A_REVIEWER,
            comment=COMMENT,  # optional; given, it is kept on the event
            success="The report was approved.",
        ),
        Action(
            "send_back",
            ReviewAction.REQUEST_CHANGES,
            (SUBMITTED,),
            CHANGES,
            locked=False,
            allowed=frozenset({MANAGER, ADMINISTRATOR}),
            refusal=REFUSED,
            refusal_message=NOT_A_REVIEWER,
            comment=COMMENT,
            success="The report was sent back to its authors.",
        ),
        Action(
            "reopen",
            ReviewAction.REOPEN,
            (APPROVED, SUBMITTED),  # an administrator takes a submitted report back too
            DRAFT,
            locked=False,
            allowed=frozenset({ADMINISTRATOR}),
            refusal=REFUSED,
            refusal_message=NOT_AN_ADMINISTRATOR,
            comment=COMMENT,
            success="The report was reopened.",
        ),
    )
}


@dataclass(frozen=True)
class Case:
    action: Action
    role: str
    state: str
    outcome: str
    message: str = ""  # REFUSED: the refusal on the page
    submitted_by: str = STAFF  # who submitted the report (submitted or approved states)
    last_edited_by: str = STAFF
    changed_item_by: str | None = None  # who the history shows editing an item
    comment: str | None = None  # None: the action's own comment


def expected(action: Action, role: str) -> tuple[str, str]:
    if role == ANONYMOUS:
        return LOGIN, ""
    if role in OUTSIDERS:
        return HIDDEN, ""
    if role in action.allowed:
        return OK, action.success
    return action.refusal, action.refusal_message


def cases():
    for action in ACTIONS.values():
        for state in action.starts:
            for role in ROLES:
                outcome, message = expected(action, role)
                yield pytest.param(
                    Case(action, role, state, outcome, message),
                    id=f"{action.name}-{state}-{role}",
                )
    # Four eyes: a reviewer who submitted the report, last edited it, or changed anything
    # under the delegation (the history says so) may not decide on it.
    for name in ("approve", "send_back"):
        for role in (MANAGER, ADMINISTRATOR):
            for authorship in ("submitted", "last-edited", "changed-item"):
                author = {f"{authorship.replace('-', '_')}_by": role}
                yield pytest.param(
                    Case(ACTIONS[name], role, SUBMITTED, REFUSED, FOUR_EYES, **author),
                    id=f"{name}-submitted-{role}-who-{authorship}-four-eyes",
                )
    # A decision that needs a reason is refused without one; someone who may not decide
    # is told that first, not asked for a comment on a form they are never shown.
    for name in ("send_back", "reopen"):
        action = ACTIONS[name]
        for role in (STAFF, MANAGER, ADMINISTRATOR):
            if role in action.allowed:
                outcome, message = INVALID, REQUIRED
            else:
                outcome, message = expected(action, role)
            for label, comment in (("empty", ""), ("blank", "   ")):
                yield pytest.param(
                    Case(action, role, action.starts[0], outcome, message, comment=comment),
                    id=f"{name}-{action.starts[0]}-{role}-{label}-comment",
                )


def put_report(world: World, case: Case) -> None:
    """The report in the case's state, as the review would have left it."""
    users = world.users
    reviewed = case.state in (SUBMITTED, APPROVED, CHANGES)
    Report.objects.filter(delegation=world.delegation).update(
        status=case.state,
        submitted_by=users[case.submitted_by] if reviewed else None,
        submitted_at=timezone.now() if reviewed else None,
        last_edited_by=users[case.last_edited_by],
    )
    Delegation.objects.filter(pk=world.delegation.pk).update(locked=case.state == APPROVED)
    if case.changed_item_by is not None:  # an edit made before the submission
        item = world.item
        item.title = "Matrix briefing, retitled"
        stamp(item, users[case.changed_item_by])
        item.save()


def database(world: World) -> dict:
    report = Report.objects.get(delegation=world.delegation)
    return {
        "status": report.status,
        "submitted_by": report.submitted_by_id,
        "last_edited_by": report.last_edited_by_id,
        "summary": report.summary,
        "version": report.version,
        "locked": Delegation.objects.get(pk=world.delegation.pk).locked,
        "other report": Report.objects.filter(delegation=world.other_delegation)
        .values("status", "version")
        .get(),
        "events": list(
            ReviewEvent.objects.order_by("pk").values_list(
                "report_id", "action", "actor_id", "from_status", "to_status", "comment"
            )
        ),
    }


def post_data(case: Case) -> dict:
    data = {"action": case.action.name}
    comment = case.action.comment if case.comment is None else case.comment
    if comment is not None:
        data[f"{case.action.name}-comment"] = comment
    return data


def page_messages(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("case", list(cases()))
def test_review_action(case, world, client, db):
    put_report(world, case)
    before = database(world)
    user = world.users.get(case.role)
    if user is not None:
        client.force_login(user)
    url = reverse("reports:review", args=[world.delegation.pk])

    response = client.post(url, post_data(case))

    after = database(world)
    if case.outcome == OK:
        assert response.status_code == 302, page_messages(response)
        assert response["Location"] == url
        assert page_messages(response) == [("success", case.message)]
        check_moved(case, before, after, world, user)
        return
    if case.outcome == LOGIN:
        assert response.status_code == 302
        location = urlparse(response["Location"])
        assert location.path == reverse("login")
        assert parse_qs(location.query)["next"] == [url]
    elif case.outcome in (HIDDEN, FORBIDDEN):
        assert response.status_code == {HIDDEN: 404, FORBIDDEN: 403}[case.outcome]
        assert world.delegation.title.encode() not in response.content
    elif case.outcome == REFUSED:
        assert response.status_code == 302
        assert response["Location"] == url
        assert page_messages(response) == [("error", case.message)]
    elif case.outcome == INVALID:
        assert response.status_code == 200
        form = response.context[f"{case.action.name}_form"]
        assert form.errors == {"comment": [REQUIRED]}
        assert page_messages(response) == [("error", "Please correct the errors below.")]
        text = response.content.decode()
        assert f'name="{case.action.name}-comment"' in text and REQUIRED in text
    else:  # pragma: no cover - a typo in the cases
        raise AssertionError(f"unknown outcome {case.outcome}")
    assert after == before, f"{case.outcome}: yet the POST changed the database"


def check_moved(case: Case, before: dict, after: dict, world: World, user) -> None:
    action, report = case.action, world.delegation.report
    assert after["status"] == action.ends
    assert after["locked"] is action.locked
    assert after["events"] == [
        *before["events"],
        (report.pk, action.event, user.pk, case.state, action.ends, action.comment or ""),
    ]
    assert after["version"] == before["version"] + 1
    if action.name == "submit":
        assert after["submitted_by"] == user.pk
    else:
        assert after["submitted_by"] == before["submitted_by"]
    assert (after["summary"], after["last_edited_by"]) == (
        before["summary"],
        before["last_edited_by"],
    )
    assert after["other report"] == before["other report"]
