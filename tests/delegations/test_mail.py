"""The review's mail goes out in each recipient's profile language, not in the language of
the request that caused it: a Portuguese and a French manager told of the same submission
read it in Portuguese and in French; a recipient with no language set reads the site's."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from delegations.enums import MemberRole, ReviewAction
from delegations.models import Delegation, Report
from delegations.services import report_approve, report_submit, report_update
from partners.enums import ProgrammeRole
from tests.factories.accounts import UserFactory
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.partners import ProgrammeMembershipFactory

TITLE = "Visita de Cabo Delgado"
SUBJECT = "[Exchange] Report %(action)s: %(title)s"
BODY = "%(actor)s: %(action)s.\n\n%(comment)s"


def _expected(language: str, action: str, actor: str, comment: str = "") -> tuple[str, str]:
    """The message as the catalogue of `language` writes it."""
    with translation.override(language):
        label = str(ReviewAction(action).label)
        subject = gettext(SUBJECT) % {"action": label.lower(), "title": TITLE}
        body = gettext(BODY) % {"actor": actor, "action": label, "comment": comment}
    return subject, body.strip()


def _member(programme, role, email: str, language: str):
    user = UserFactory(email=email, language=language)
    ProgrammeMembershipFactory(user=user, programme=programme, role=role)
    return user


@pytest.fixture
def report(programme, staff_user):
    delegation = DelegationFactory(programme=programme, title=TITLE)
    DelegationMemberFactory(delegation=delegation, role=MemberRole.HEAD)
    ItineraryItemFactory(delegation=delegation)
    report_update(report=delegation.report, actor=staff_user, summary="Uma semana.")
    return Report.objects.get(delegation=Delegation.objects.get(pk=delegation.pk))


@pytest.fixture
def managers(programme):
    return {
        language: _member(programme, ProgrammeRole.MANAGER, f"manager-{language}@example.org", lang)
        for language, lang in (("pt", "pt"), ("fr", "fr"), ("none", ""))
    }


def test_a_submission_reaches_each_manager_in_their_language_whatever_the_submitters(
    report, staff_user, managers, mailoutbox, django_capture_on_commit_callbacks
):
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        report_submit(report=report, actor=staff_user)  # asked from a French page

    mails = {message.to[0]: message for message in mailoutbox}
    assert sorted(mails) == sorted(user.email for user in managers.values())
    for key, language in (("pt", "pt"), ("fr", "fr"), ("none", "en")):
        mail = mails[managers[key].email]
        assert (mail.subject, mail.body) == _expected(language, "submit", str(staff_user))
    # The catalogues really translate them: three languages, three subjects.
    assert len({mail.subject for mail in mailoutbox}) == 3
    assert "Relatório" in mails["manager-pt@example.org"].subject


def test_an_approval_reaches_a_portuguese_author_in_portuguese(
    report, staff_user, managers, mailoutbox, django_capture_on_commit_callbacks
):
    staff_user.language = "pt"
    staff_user.save(update_fields=["language"])
    submitted = report_submit(report=report, actor=staff_user)
    mailoutbox.clear()

    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        report_approve(report=submitted, actor=managers["fr"], comment="Bem documentado.")

    [mail] = mailoutbox
    assert mail.to == [staff_user.email]
    assert (mail.subject, mail.body) == _expected(
        "pt", "approve", str(managers["fr"]), "Bem documentado."
    )
    assert mail.subject != _expected("en", "approve", str(managers["fr"]))[0]
