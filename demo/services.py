"""Load the seed story (demo.story) through the services, idempotently.

Every row is looked up by its natural key; what is missing is created through the
service that owns it, and nothing that exists is ever updated. A second run therefore
writes nothing at all, history included. The whole load is one transaction, and every
history row it writes names the demo administrator.

Users are looked up by email and keep whatever password they have: the fixed demo
password is set only when the user is created.
"""

import io
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import password_validation
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.db.models import Q
from PIL import Image, ImageDraw

from accounts.models import User
from accounts.services import user_make_administrator
from delegations.enums import PlanningStatus
from delegations.models import Delegation, DelegationMember, SupportAssignment
from delegations.services import (
    delegation_create,
    delegation_set_status,
    member_add,
    report_update,
    support_assign,
)
from demo.story import directory, findings, visit
from demo.story.specs import (
    ItemSpec,
    ObjectiveSpec,
    OfficialSpec,
    OrganisationSpec,
    PlaceSpec,
    ProgrammeSpec,
    SiteSpec,
    TopicSpec,
    UserSpec,
)
from itinerary.models import BeneficiaryGroup, Counterpart, ItineraryItem, Site, Topic
from itinerary.services import (
    beneficiaries_record,
    counterpart_add,
    item_create,
    site_save,
    topic_save,
)
from learning.enums import AttachmentKind, Consent
from learning.models import Attachment, FollowUp, Highlight, LearningObjective
from learning.services import (
    attachment_check_upload,
    attachment_store,
    followup_create,
    highlight_add,
    objective_add,
)
from officials.enums import Gender, Honorific
from officials.models import Official
from officials.services import official_save
from partners.models import Organisation, Programme, ProgrammeMembership
from partners.services import membership_set, organisation_save, programme_save
from places.models import Place
from places.services import place_save

GENDER_BY_HONORIFIC = {
    Honorific.MR: Gender.MALE,
    Honorific.MS: Gender.FEMALE,
    Honorific.MRS: Gender.FEMALE,
}
# A delegation the demo creates is a visit that happened: it walks to "completed".
PLANNING_STEPS = (PlanningStatus.PLANNED, PlanningStatus.CONFIRMED, PlanningStatus.COMPLETED)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    label: str
    password: str
    created: bool


@dataclass
class DemoLoadResult:
    delegation: Delegation
    logins: list[DemoLogin] = field(default_factory=list)
    created: Counter = field(default_factory=Counter)

    @property
    def created_total(self) -> int:
        return sum(self.created.values())

    def created_by_model(self) -> list[str]:
        """What was created, in words: ["11 places", "1 delegation", ...]."""
        words = []
        for model, count in self.created.items():
            meta = model._meta
            words.append(f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}")
        return words


def _placeholder_png() -> bytes:
    """A plain image standing in for the story's photograph (drawn, not downloaded)."""
    image = Image.new("RGB", (640, 400), (0, 51, 160))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, 640, 400), fill=(245, 245, 245))
    draw.text((24, 340), "Bongwe Secondary School, Kwale County - Photo: IOM", fill=(20, 20, 20))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@transaction.atomic
def demo_load() -> DemoLoadResult:
    """Create whatever of the demo is missing; return what exists and what was created."""
    return _Loader().load()


class _Loader:
    def __init__(self) -> None:
        self.created: Counter = Counter()
        self.logins: list[DemoLogin] = []
        self.actor: User | None = None
        self.places: dict[str, Place] = {}
        self.organisations: dict[str, Organisation] = {}
        self.programmes: dict[str, Programme] = {}
        self.officials: dict[str, Official] = {}
        self.topics: dict[str, Topic] = {}
        self.sites: dict[str, Site] = {}
        self.objectives: dict[str, LearningObjective] = {}
        self.items: dict[str, ItineraryItem] = {}

    def _count(self, obj: models.Model) -> None:
        self.created[type(obj)] += 1

    def load(self) -> DemoLoadResult:
        self.actor = self._user(directory.ADMIN_USER)
        self._directory()
        delegation = self._delegation()
        return DemoLoadResult(delegation=delegation, logins=self.logins, created=self.created)

    # --- Who and where ------------------------------------------------------------------

    def _directory(self) -> None:
        for spec in directory.PLACES:
            self.places[spec.key] = self._place(spec)
        for spec in directory.ORGANISATIONS:
            self.organisations[spec.key] = self._organisation(spec)
        for spec in (directory.PHSS, directory.OTHER_PROGRAMME):
            self.programmes[spec.code] = self._programme(spec)
        for spec in directory.USERS:
            if spec is not directory.ADMIN_USER:
                self._membership(spec, self._user(spec))
        for spec in directory.OFFICIALS:
            self.officials[spec.key] = self._official(spec)
        for spec in directory.TOPICS:
            self.topics[spec.slug] = self._topic(spec)
        for spec in directory.SITES:
            self.sites[spec.key] = self._site(spec)

    def _user(self, spec: UserSpec) -> User:
        user = User.objects.filter(email__iexact=spec.email).first()
        created = user is None
        if created:
            probe = User(email=spec.email, full_name=spec.full_name)
            password_validation.validate_password(spec.password, probe)
            user = User.objects.create_user(
                email=spec.email, password=spec.password, full_name=spec.full_name
            )
            self._count(user)
            if spec.administrator:
                user_make_administrator(user=user)
        self.logins.append(DemoLogin(spec.email, spec.label, spec.password, created))
        return user

    def _membership(self, spec: UserSpec, user: User) -> None:
        programme = self.programmes[spec.programme]
        if ProgrammeMembership.objects.filter(user=user, programme=programme).exists():
            return
        self._count(
            membership_set(user=user, programme=programme, role=spec.role, actor=self.actor)
        )

    def _place(self, spec: PlaceSpec) -> Place:
        parent = self.places.get(spec.parent) if spec.parent else None
        place = Place.objects.filter(
            name__iexact=spec.name, country=spec.country, parent=parent
        ).first()
        if place is None:
            place = place_save(
                place=Place(name=spec.name, kind=spec.kind, country=spec.country, parent=parent),
                actor=self.actor,
            )
            self._count(place)
        return place

    def _organisation(self, spec: OrganisationSpec) -> Organisation:
        organisation = Organisation.objects.filter(
            name__iexact=spec.name, country=spec.country
        ).first()
        if organisation is None:
            organisation = organisation_save(
                organisation=Organisation(
                    name=spec.name,
                    acronym=spec.acronym,
                    kind=spec.kind,
                    country=spec.country,
                    place=self.places.get(spec.place) if spec.place else None,
                    parent=self.organisations.get(spec.parent) if spec.parent else None,
                    website=spec.website,
                    notes=spec.notes,
                ),
                actor=self.actor,
            )
            self._count(organisation)
        return organisation

    def _programme(self, spec: ProgrammeSpec) -> Programme:
        programme = Programme.objects.filter(code__iexact=spec.code).first()
        if programme is None:
            programme = programme_save(
                programme=Programme(
                    code=spec.code,
                    name=spec.name,
                    lead_organisation=self.organisations[spec.lead],
                    countries=list(spec.countries),
                    description=spec.description,
                    start_year=spec.start_year,
                    start_note=spec.start_note,
                ),
                actor=self.actor,
            )
            self._count(programme)
        return programme

    def _official(self, spec: OfficialSpec) -> Official:
        organisation = self.organisations[spec.organisation]
        official = Official.objects.filter(
            full_name__iexact=spec.full_name, organisation=organisation
        ).first()
        if official is None:
            official = official_save(
                official=Official(
                    honorific=spec.honorific,
                    full_name=spec.full_name,
                    position=spec.position,
                    organisation=organisation,
                    country=spec.country,
                    gender=GENDER_BY_HONORIFIC.get(spec.honorific, Gender.NOT_RECORDED),
                    notes=spec.notes,
                ),
                actor=self.actor,
            )
            self._count(official)
        return official

    def _topic(self, spec: TopicSpec) -> Topic:
        topic = Topic.objects.filter(Q(slug=spec.slug) | Q(name__iexact=spec.name)).first()
        if topic is None:
            topic = topic_save(
                topic=Topic(name=spec.name, slug=spec.slug, description=spec.description),
                actor=self.actor,
            )
            self._count(topic)
        return topic

    def _site(self, spec: SiteSpec) -> Site:
        place = self.places[spec.place]
        site = Site.objects.filter(name__iexact=spec.name, place=place).first()
        if site is None:
            site = site_save(
                site=Site(
                    name=spec.name, kind=spec.kind, place=place, description=spec.description
                ),
                actor=self.actor,
            )
            self._count(site)
        return site

    # --- The visit ----------------------------------------------------------------------

    def _delegation(self) -> Delegation:
        spec = visit.DELEGATION
        programme = self.programmes[directory.PHSS.code]
        delegation = Delegation.objects.filter(
            programme=programme, title__iexact=spec.title, start_date=visit.DELEGATION_START
        ).first()
        created = delegation is None
        if created:
            delegation = delegation_create(
                actor=self.actor,
                destinations=[self.places[key] for key in visit.DELEGATION_DESTINATIONS],
                title=spec.title,
                programme=programme,
                purpose=visit.DELEGATION_PURPOSE,
                background=visit.DELEGATION_BACKGROUND,
                sending_countries=list(spec.sending_countries),
                sending_organisations=[
                    self.organisations[key] for key in spec.sending_organisations
                ],
                requested_by=self.organisations[spec.requested_by],
                arranged_by=self.organisations[spec.arranged_by],
                host_country=spec.host_country,
                host_organisation=self.organisations[spec.host_organisation],
                start_date=visit.DELEGATION_START,
                end_date=visit.DELEGATION_END,
            )
            self._count(delegation)
            self._count(delegation.report)
        if delegation.locked:
            # An approved report freezes the delegation: what exists stays as it is.
            return delegation
        self._team(delegation)
        for order, spec_objective in enumerate(visit.OBJECTIVES, start=1):
            self.objectives[spec_objective.key] = self._objective(delegation, spec_objective, order)
        for spec_item in visit.ITINERARY:
            self.items[spec_item.key] = self._item(delegation, spec_item)
        self._findings(delegation)
        self._photos(delegation)
        if created:
            self._narrate_and_complete(delegation)
            delegation.refresh_from_db()
        return delegation

    def _team(self, delegation: Delegation) -> None:
        for order, (key, role) in enumerate(visit.MEMBERS, start=1):
            official = self.officials[key]
            if not DelegationMember.objects.filter(
                delegation=delegation, official=official
            ).exists():
                self._count(
                    member_add(
                        delegation=delegation,
                        official=official,
                        actor=self.actor,
                        role=role,
                        order=order,
                    )
                )
        for order, (key, role) in enumerate(visit.SUPPORT_TEAM, start=1):
            official = self.officials[key]
            if not SupportAssignment.objects.filter(
                delegation=delegation, official=official
            ).exists():
                self._count(
                    support_assign(
                        delegation=delegation,
                        official=official,
                        actor=self.actor,
                        role=role,
                        order=order,
                    )
                )

    def _objective(
        self, delegation: Delegation, spec: ObjectiveSpec, order: int
    ) -> LearningObjective:
        objective = LearningObjective.objects.filter(
            delegation=delegation, description=spec.description
        ).first()
        if objective is None:
            objective = objective_add(
                delegation=delegation,
                actor=self.actor,
                description=spec.description,
                topic=self.topics[spec.topic],
                order=order,
            )
            self._count(objective)
        return objective

    def _item(self, delegation: Delegation, spec: ItemSpec) -> ItineraryItem:
        item = ItineraryItem.objects.filter(
            delegation=delegation, starts_at=spec.starts_at, title=spec.title
        ).first()
        if item is None:
            item = item_create(
                delegation=delegation,
                actor=self.actor,
                organisations=[self.organisations[key] for key in spec.organisations],
                topics=[self.topics[slug] for slug in spec.topics],
                linked={"objectives": [self.objectives[key] for key in spec.objectives]},
                kind=spec.kind,
                title=spec.title,
                starts_at=spec.starts_at,
                ends_at=spec.ends_at,
                place=self.places[spec.place] if spec.place else None,
                site=self.sites[spec.site] if spec.site else None,
                origin=self.places[spec.origin] if spec.origin else None,
                destination=self.places[spec.destination] if spec.destination else None,
                summary=spec.summary,
                outcome=spec.outcome,
                illustrative=True,
            )
            self._count(item)
        for key, role in spec.counterparts:
            official = self.officials[key]
            if not Counterpart.objects.filter(item=item, official=official).exists():
                self._count(
                    counterpart_add(item=item, official=official, actor=self.actor, role=role)
                )
        return item

    # --- What came out of it ------------------------------------------------------------

    def _findings(self, delegation: Delegation) -> None:
        for spec in findings.BENEFICIARIES:
            item = self.items[spec.item]
            if BeneficiaryGroup.objects.filter(item=item, category=spec.category).exists():
                continue
            group = beneficiaries_record(
                item=item,
                actor=self.actor,
                origins=[self.places[key] for key in spec.origins],
                category=spec.category,
                description=spec.description,
                female=spec.female,
                male=spec.male,
                other=spec.other,
                youth=spec.youth,
                illustrative=True,
            )
            self._count(group)
        for order, spec in enumerate(findings.HIGHLIGHTS, start=1):
            if Highlight.objects.filter(
                delegation=delegation, kind=spec.kind, text=spec.text
            ).exists():
                continue
            highlight = highlight_add(
                delegation=delegation,
                actor=self.actor,
                item=self.items[spec.item] if spec.item else None,
                kind=spec.kind,
                text=spec.text,
                speaker=self.officials[spec.speaker] if spec.speaker else None,
                topic=self.topics[spec.topic] if spec.topic else None,
                order=order,
            )
            self._count(highlight)
        for spec in findings.FOLLOW_UPS:
            if FollowUp.objects.filter(
                delegation=delegation, description=spec.description
            ).exists():
                continue
            follow_up = followup_create(
                delegation=delegation,
                actor=self.actor,
                item=self.items[spec.item] if spec.item else None,
                objective=self.objectives[spec.objective] if spec.objective else None,
                topic=self.topics[spec.topic] if spec.topic else None,
                description=spec.description,
                status=spec.status,
            )
            self._count(follow_up)

    def _photos(self, delegation: Delegation) -> None:
        for item_key, caption, credit in findings.PHOTOS:
            if Attachment.objects.filter(delegation=delegation, caption=caption).exists():
                continue
            upload = SimpleUploadedFile("bongwe-secondary-school.png", _placeholder_png())
            kind = AttachmentKind.PHOTO
            attachment = attachment_store(
                attachment=Attachment(
                    delegation=delegation,
                    item=self.items[item_key],
                    file=upload,
                    kind=kind,
                    caption=caption,
                    credit=credit,
                    # A drawn placeholder: no one to recognise, cleared for the report.
                    consent=Consent.NOT_NEEDED,
                    may_publish=True,
                ),
                upload=upload,
                content_type=attachment_check_upload(upload=upload, kind=kind),
                actor=self.actor,
            )
            self._count(attachment)

    def _narrate_and_complete(self, delegation: Delegation) -> None:
        """Only for a delegation created by this run: its report and status are still new."""
        report_update(
            report=delegation.report,
            actor=self.actor,
            summary=findings.REPORT_SUMMARY,
            key_learnings=findings.REPORT_KEY_LEARNINGS,
            recommendations=findings.REPORT_RECOMMENDATIONS,
        )
        for status in PLANNING_STEPS:
            delegation = delegation_set_status(
                delegation=delegation, actor=self.actor, to_status=status
            )
