"""Migrations 0014-0016: a version stored before renditions existed keeps its files and
hashes as one rendition in its delegation's report language; going back restores them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from delegations.enums import ReportStatus, ReviewAction
from delegations.models import ReviewEvent
from tests.factories.accounts import UserFactory
from tests.factories.delegations import DelegationFactory

BEFORE = [("delegations", "0013_project_in_delegation_programme")]
AFTER = [("delegations", "0016_approved_version_files_removed")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest():
    """Whatever the test leaves, the database ends fully migrated for the tests after it
    (going back also unapplied what depends on these, e.g. reports 0001)."""
    yield
    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_stored_version_becomes_its_report_languages_rendition_and_back(back_to_the_latest):
    _migrate(BEFORE)
    delegation = DelegationFactory(report_language="pt")
    actor = UserFactory()
    event = ReviewEvent.objects.create(
        report=delegation.report,
        actor=actor,
        action=ReviewAction.APPROVE,
        from_status=ReportStatus.SUBMITTED,
        to_status=ReportStatus.APPROVED,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO delegations_approvedversion (report_id, review_event_id, number, html,"
            " pdf, html_sha256, pdf_sha256, approved_by_id, approved_at)"
            " VALUES (%s, %s, 1, 'reports/1/v1.html', 'reports/1/v1.pdf', %s, %s, %s, now())",
            [delegation.report.pk, event.pk, "a" * 64, "b" * 64, actor.pk],
        )

    state = _migrate(AFTER)
    [rendition] = state.get_model("delegations", "ApprovedRendition").objects.all()
    assert (rendition.language, rendition.html.name, rendition.pdf.name) == (
        "pt",
        "reports/1/v1.html",
        "reports/1/v1.pdf",
    )
    assert (rendition.html_sha256, rendition.pdf_sha256) == ("a" * 64, "b" * 64)
    assert rendition.approved_version.number == 1

    _migrate(BEFORE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT html, pdf, html_sha256, pdf_sha256 FROM delegations_approvedversion")
        assert cursor.fetchall() == [("reports/1/v1.html", "reports/1/v1.pdf", "a" * 64, "b" * 64)]
    _migrate(AFTER)
