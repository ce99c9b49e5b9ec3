"""XLSX workbooks (openpyxl, write-only so rows stream to a temporary file)."""

import tempfile

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from reports.exports.cells import safe_cell_value
from reports.exports.data import (
    counterparts_text,
    item_legs,
    items_of,
    legs_of,
    members_of,
    support_of,
    where,
    zones,
)

CHUNK = 500


def cell(sheet, value):
    """A cell whose text is always a string cell: never read as a formula."""
    value = safe_cell_value(value, quote=False)
    if isinstance(value, str):
        # openpyxl reads text starting with "=" as a formula; a string cell is never run.
        written = WriteOnlyCell(sheet, value=value)
        written.data_type = "s"
        return written
    if getattr(value, "tzinfo", None) is not None:
        value = value.replace(tzinfo=None)  # already local time; Excel has no zones
    return WriteOnlyCell(sheet, value=value)


def append(sheet, values) -> None:
    sheet.append([cell(sheet, value) for value in values])


def save(workbook: Workbook):
    """The workbook in a temporary file, rewound, for a FileResponse to stream."""
    # FileResponse streams and then closes it; a context manager would close it first.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle


def itinerary_header() -> tuple:
    """The itinerary's columns, in the workbook and the itinerary CSV."""
    return (
        _("Starts (local)"),
        _("Ends (local)"),
        _("Time zone"),
        _("Kind"),
        _("Title"),
        _("Place"),
        _("Site"),
        _("Counterparts"),
        _("Organisations met"),
        _("Illustrative times"),
        _("Leg order"),
        _("Leg"),
    )


def itinerary_rows(delegation, items: list, legs: list):
    """The items leg by leg (itinerary.legs), each with its leg's number and name; times
    local to where the item starts and ends."""
    placed = item_legs(delegation, items, legs)
    for item in sorted(items, key=lambda item: placed[item.pk].position):
        start_zone, end_zone = zones(item)
        zone = str(start_zone) if start_zone == end_zone else f"{start_zone} → {end_zone}"
        leg = placed[item.pk]
        yield (
            item.starts_at.astimezone(start_zone),
            item.ends_at.astimezone(end_zone),
            zone,
            item.get_kind_display(),
            item.title,
            where(item),
            item.site.name if item.site else "",
            "; ".join(counterparts_text(item)),
            "; ".join(str(o) for o in item.organisations.all()),
            _("yes") if item.illustrative else "",
            leg.order,
            leg.name,
        )


def delegation_workbook(delegation):
    workbook = Workbook(write_only=True)
    report = getattr(delegation, "report", None)
    overview = workbook.create_sheet(_("Overview"))
    for key, value in (
        (_("Title"), delegation.title),
        (_("Programme"), str(delegation.programme)),
        (_("Start date"), delegation.start_date),
        (_("End date"), delegation.end_date),
        (_("Sending countries"), ", ".join(c.name for c in delegation.sending_countries)),
        (_("Host country"), delegation.host_country.name),
        (_("Sending organisations"), "; ".join(map(str, delegation.sending_organisations.all()))),
        (_("Project"), delegation.project or ""),
        (
            _("Donors"),
            "; ".join(map(str, delegation.project.donors.all())) if delegation.project else "",
        ),
        (_("Host organisation"), delegation.host_organisation),
        (_("Purpose"), delegation.purpose),
        (_("Planning status"), delegation.get_status_display()),
        (_("Report status"), report.get_status_display() if report else ""),
    ):
        append(overview, (key, value))

    members = workbook.create_sheet(_("Members"))
    append(members, (_("Team"), _("Name"), _("Role"), _("Position"), _("Organisation")))
    for member in members_of(delegation):
        official = member.official
        append(
            members,
            (
                _("Delegation"),
                str(official),
                member.get_role_display(),
                member.position or official.position,
                official.organisation,
            ),
        )
    for support in support_of(delegation):
        official = support.official
        team = support.get_side_display()
        if support.leg_id:
            team = f"{team} ({support.leg.place})"
        append(
            members,
            (
                team,
                str(official),
                support.get_role_display(),
                official.position,
                official.organisation,
            ),
        )

    items = list(items_of(delegation))
    legs = list(legs_of(delegation))
    if legs:
        leg_sheet = workbook.create_sheet(_("Legs"))
        append(
            leg_sheet,
            (
                _("City or region"),
                _("First day"),
                _("Last day"),
                _("Local host"),
                _("Requested by"),
                _("Arranged by"),
                _("Support team"),
            ),
        )
        for leg in legs:
            append(
                leg_sheet,
                (
                    str(leg.place),
                    leg.start_date,
                    leg.end_date,
                    leg.host_organisation or "",
                    leg.requested_by or "",
                    leg.arranged_by or "",
                    "; ".join(str(row.official) for row in leg.support_team.all()),
                ),
            )
    itinerary = workbook.create_sheet(_("Itinerary"))
    append(itinerary, itinerary_header())
    for row in itinerary_rows(delegation, items, legs):
        append(itinerary, row)

    partners = workbook.create_sheet(_("Organisations and counterparts"))
    append(partners, (_("Item"), _("Organisation or person"), _("Role"), _("Position")))
    for item in items:
        for organisation in item.organisations.all():
            append(partners, (item.title, organisation, _("Organisation met"), ""))
        for link in item.counterpart_links.all():
            append(
                partners,
                (
                    item.title,
                    str(link.official),
                    link.get_role_display(),
                    link.position or link.official.position,
                ),
            )

    beneficiaries = workbook.create_sheet(_("Beneficiaries"))
    append(
        beneficiaries,
        (
            _("Item"),
            _("Category"),
            _("Description"),
            _("Women and girls"),
            _("Men and boys"),
            _("Other or not said"),
            _("Total"),
            _("Of whom youth"),
            _("Illustrative"),
        ),
    )
    for item in items:
        for group in item.beneficiary_groups.all():
            append(
                beneficiaries,
                (
                    item.title,
                    group.get_category_display(),
                    group.description,
                    group.female,
                    group.male,
                    group.other,
                    group.total,
                    group.youth,
                    _("yes") if group.illustrative else "",
                ),
            )

    follow_ups = workbook.create_sheet(_("Follow-ups"))
    append(follow_ups, follow_up_header())
    for follow_up in delegation.follow_ups.select_related(
        "item", "topic", "owner_organisation", "owner_official"
    ).order_by("due_date", "pk"):
        append(follow_ups, follow_up_row(follow_up)[1:])
    return save(workbook)


def follow_up_header():
    return (_("Description"), _("Item"), _("Topic"), _("Owner"), _("Due date"), _("Status"))


def follow_up_row(follow_up) -> tuple:
    owner = follow_up.owner_official or follow_up.owner_organisation
    return (
        follow_up.delegation.title if follow_up.delegation_id else "",
        follow_up.description,
        follow_up.item.title if follow_up.item else "",
        follow_up.topic.name if follow_up.topic else "",
        str(owner) if owner else "",
        follow_up.due_date,
        follow_up.get_status_display(),
    )


def delegation_header() -> tuple:
    return (
        _("Title"),
        _("Programme"),
        _("Start date"),
        _("End date"),
        _("Sending countries"),
        _("Host country"),
        _("Planning status"),
        _("Report status"),
        _("Members"),
        _("Itinerary items"),
        _("Sending organisations"),
        _("Project"),
        _("Donors"),
    )


def delegation_row(delegation) -> tuple:
    report = getattr(delegation, "report", None)
    return (
        delegation.title,
        delegation.programme.code,
        delegation.start_date,
        delegation.end_date,
        ", ".join(c.name for c in delegation.sending_countries),
        delegation.host_country.name,
        delegation.get_status_display(),
        report.get_status_display() if report else "",
        delegation.member_count,
        delegation.item_count,
        "; ".join(str(o) for o in delegation.sending_organisations.all()),
        str(delegation.project or ""),
        "; ".join(str(o) for o in delegation.project.donors.all()) if delegation.project else "",
    )


def counted(rows, progress):
    """The rows as they are, telling `progress` how many went by every CHUNK rows."""
    done = 0
    for done, row in enumerate(rows, start=1):
        yield row
        if progress is not None and done % CHUNK == 0:
            progress(done)
    if progress is not None:
        progress(done)


def delegations_workbook(delegations, progress=None):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Delegations"))
    append(sheet, delegation_header())
    for delegation in counted(delegations.iterator(chunk_size=CHUNK), progress):
        append(sheet, delegation_row(delegation))
    return save(workbook)


def rows_workbook(title: str, header, rows):
    """Any table as a one-sheet workbook, streamed from its rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    append(sheet, header)
    for row in rows:
        append(sheet, row)
    return save(workbook)


def organisation_header() -> tuple:
    return (
        _("Name"),
        _("Acronym"),
        _("Kind"),
        _("Country"),
        _("Place"),
        _("Part of"),
        _("Website"),
    )


def organisation_row(organisation) -> tuple:
    return (
        organisation.name,
        organisation.acronym,
        organisation.get_kind_display(),
        organisation.country.name if organisation.country else "",
        str(organisation.place) if organisation.place_id else "",
        organisation.parent.name if organisation.parent_id else "",
        organisation.website,
    )


def official_header() -> tuple:
    return (_("Name"), _("Position"), _("Organisation"), _("Country served"), _("Email"))


def official_row(official) -> tuple:
    return (
        official.display_name,
        official.position,
        str(official.organisation) if official.organisation_id else "",
        official.country.name if official.country else "",
        official.email,
    )
