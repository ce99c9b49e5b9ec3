"""The small world every row of the permission matrix is filled from.

Programme A holds the delegation under test with one of everything (itinerary item,
objective, highlight, follow-up, photo, report, members, support team); programme B
holds another delegation, so cross-programme ids can be forged. One user per role.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from delegations.enums import MemberRole, PlanningStatus, ReportStatus, ReviewAction
from delegations.models import ApprovedRendition, ApprovedVersion, Delegation, Report, ReviewEvent
from jobs.models import ExportJob, ExportStatus
from partners.enums import ProgrammeRole
from tests.factories.accounts import AdministratorFactory, UserFactory
from tests.factories.delegations import (
    DelegationFactory,
    DelegationMemberFactory,
    LegFactory,
    SupportAssignmentFactory,
)
from tests.factories.itinerary import ItineraryItemFactory, SiteFactory, TopicFactory
from tests.factories.learning import (
    AttachmentFactory,
    FollowUpFactory,
    HighlightFactory,
    LearningObjectiveFactory,
)
from tests.factories.officials import OfficialFactory
from tests.factories.partners import (
    OrganisationFactory,
    ProgrammeFactory,
    ProgrammeMembershipFactory,
    ProjectFactory,
)
from tests.factories.places import PlaceFactory

ANONYMOUS = "anonymous"
STAFF = "staff"
OTHER_STAFF = "other-staff"
MANAGER = "manager"
OTHER_MANAGER = "other-manager"
ADMINISTRATOR = "administrator"
NOBODY = "no-programme"  # logged in, member of no programme (e.g. someone who left)
ROLES = (ANONYMOUS, STAFF, OTHER_STAFF, MANAGER, OTHER_MANAGER, ADMINISTRATOR, NOBODY)
OUTSIDERS = frozenset({OTHER_STAFF, OTHER_MANAGER, NOBODY})  # see nothing of programme A


@dataclass
class World:
    users: dict[str, User]
    programme: object
    other_programme: object
    place: object
    organisation: object
    delegation: Delegation
    other_delegation: Delegation
    head: object  # DelegationMember, the head of delegation
    member: object  # DelegationMember, second in order
    newcomer: object  # an Official not yet on any team
    support: object  # SupportAssignment, first in order
    site: object
    topic: object
    item: object
    objective: object
    highlight: object
    follow_up: object
    attachment: object
    other_item: object
    other_objective: object
    export_job: object  # a finished delegation list export staff asked for
    leg: object  # a Leg of the delegation, in Matrixville
    project: object  # a Project of programme A
    other_project: object  # a Project of programme B

    def fresh(self, obj):
        """The row as the database holds it now (after the request under test)."""
        return type(obj).objects.filter(pk=obj.pk).first()


def _user(email: str, programme=None, role=None) -> User:
    user = UserFactory(email=email)
    if programme is not None:
        ProgrammeMembershipFactory(user=user, programme=programme, role=role)
    return user


def _stored_version(delegation, *, approver) -> ApprovedVersion:
    """Version 1, as stored by an approval before the report was reopened."""
    event = ReviewEvent.objects.create(
        report=delegation.report,
        actor=approver,
        action=ReviewAction.APPROVE,
        from_status=ReportStatus.SUBMITTED,
        to_status=ReportStatus.APPROVED,
    )
    pdf, html = b"%PDF-1.4 Matrix stored PDF", b"<p>Matrix stored HTML</p>"
    version = ApprovedVersion.objects.create(
        report=delegation.report,
        review_event=event,
        number=1,
        approved_by=approver,
        approved_at=event.created_at,
    )
    rendition = ApprovedRendition(
        approved_version=version,
        language=delegation.report_language,
        html_sha256=hashlib.sha256(html).hexdigest(),
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
    )
    rendition.html.save("v1.html", ContentFile(html), save=False)
    rendition.pdf.save("v1.pdf", ContentFile(pdf), save=False)
    rendition.save()
    return version


def build_world() -> World:
    programme = ProgrammeFactory(code="MXA", name="Matrix programme A")
    other_programme = ProgrammeFactory(code="MXB", name="Matrix programme B")
    users = {
        STAFF: _user("mx.staff@example.org", programme, ProgrammeRole.STAFF),
        OTHER_STAFF: _user("mx.other-staff@example.org", other_programme, ProgrammeRole.STAFF),
        MANAGER: _user("mx.manager@example.org", programme, ProgrammeRole.MANAGER),
        OTHER_MANAGER: _user(
            "mx.other-manager@example.org", other_programme, ProgrammeRole.MANAGER
        ),
        ADMINISTRATOR: AdministratorFactory(email="mx.admin@example.org"),
        NOBODY: _user("mx.nobody@example.org"),
    }
    place = PlaceFactory(name="Matrixville", country="KE", timezone="Africa/Nairobi")
    organisation = OrganisationFactory(name="Matrix Organisation", acronym="MXO")
    delegation = DelegationFactory(
        programme=programme,
        title="Matrix delegation to Matrixville",
        status=PlanningStatus.CONFIRMED,
        feed_renewed_on=timezone.localdate(),  # a 2019 visit: its feed works after renewal
    )
    delegation.destinations.add(place)
    # Recorded as a group visit although it has a head: the no-head button's POST of "0"
    # has something to change.
    Delegation.objects.filter(pk=delegation.pk).update(no_head=True)
    Report.objects.filter(delegation=delegation).update(summary="Matrix report summary text")
    _stored_version(delegation, approver=users[MANAGER])
    other_delegation = DelegationFactory(
        programme=other_programme, title="Hidden delegation of programme B"
    )
    head = DelegationMemberFactory(
        delegation=delegation,
        official=OfficialFactory(full_name="Matrix Head Official", organisation=organisation),
        role=MemberRole.HEAD,
        order=1,
    )
    member = DelegationMemberFactory(
        delegation=delegation, official=OfficialFactory(full_name="Matrix Second Member"), order=2
    )
    DelegationMemberFactory(
        delegation=delegation, official=OfficialFactory(full_name="Matrix Third Member"), order=3
    )
    support = SupportAssignmentFactory(
        delegation=delegation, official=OfficialFactory(full_name="Matrix Support One"), order=1
    )
    SupportAssignmentFactory(
        delegation=delegation, official=OfficialFactory(full_name="Matrix Support Two"), order=2
    )
    topic = TopicFactory(name="Matrix topic", slug="matrix-topic")
    item = ItineraryItemFactory(
        delegation=delegation,
        title="Matrix briefing at the county",
        place=place,
        starts_at=datetime.datetime(2019, 7, 23, 6, 0, tzinfo=datetime.UTC),
    )
    other_item = ItineraryItemFactory(
        delegation=other_delegation, title="Hidden item of programme B", place=place
    )
    return World(
        users=users,
        programme=programme,
        other_programme=other_programme,
        place=place,
        organisation=organisation,
        delegation=delegation,
        other_delegation=other_delegation,
        head=head,
        member=member,
        newcomer=OfficialFactory(full_name="Matrix Newcomer Official"),
        support=support,
        site=SiteFactory(name="Matrix School", place=place),
        topic=topic,
        item=item,
        objective=LearningObjectiveFactory(
            delegation=delegation, topic=topic, description="Matrix objective on policing"
        ),
        highlight=HighlightFactory(delegation=delegation, text="Matrix highlight lesson"),
        follow_up=FollowUpFactory(
            delegation=delegation,
            description="Matrix follow-up to agree",
            due_date=timezone.localdate() + datetime.timedelta(days=3),
        ),
        attachment=AttachmentFactory(
            delegation=delegation, caption="Matrix photo caption", uploaded_by=users[STAFF]
        ),
        other_item=other_item,
        other_objective=LearningObjectiveFactory(
            delegation=other_delegation, topic=topic, description="Hidden objective of programme B"
        ),
        export_job=ExportJob.objects.create(
            user=users[STAFF],
            kind="delegations-csv",
            file_name="matrix-delegations.csv",
            status=ExportStatus.DONE,
            rows_done=1,
            file=ContentFile(b"Matrix export row\r\n", name="matrix-delegations.csv"),
        ),
        leg=LegFactory(delegation=delegation, place=place, notes="Matrix leg notes"),
        project=ProjectFactory(programme=programme, name="Matrix project of A"),
        other_project=ProjectFactory(programme=other_programme, name="Hidden project of B"),
    )


def approve(world: World) -> None:
    """The delegation's report approved and the delegation locked (rolled back after)."""
    Report.objects.filter(delegation=world.delegation).update(
        status=ReportStatus.APPROVED, submitted_by=world.users[STAFF], submitted_at=timezone.now()
    )
    Delegation.objects.filter(pk=world.delegation.pk).update(locked=True)


def submit(world: World) -> None:
    """The delegation's report with the managers: everything under it frozen."""
    Report.objects.filter(delegation=world.delegation).update(
        status=ReportStatus.SUBMITTED, submitted_by=world.users[STAFF], submitted_at=timezone.now()
    )
