"""What an import would do, worked out without writing: every row with what it will
create (marked new) and every error, by sheet, row and column, in plain words.

`plan_import(delegation=..., sheets=...)` reads the rows `reading` gave, matches places,
organisations and officials by name (`matching`: a few queries for the whole file, never
one a row) and checks each item as the item service would (its kind, its place, its
times within the delegation's dates, no item twice). `saving` writes a plan without
errors.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from delegations.enums import MemberRole
from delegations.models import Delegation
from itinerary.enums import ItemKind
from itinerary.imports import cells, matching
from itinerary.imports.columns import ITINERARY, MEMBERS
from itinerary.imports.plan import ImportPlan, Pick, PlannedItem, PlannedMember, PlannedRow
from itinerary.imports.reading import Row
from itinerary.services import item_check_schedule
from officials.enums import Gender
from places.countries import country_code, key
from places.enums import PlaceKind
from places.timezones import single_zone_of_country

# Kinds whose item needs what the file has no column for.
NEEDS_THE_FORM = {
    ItemKind.TRAVEL: _("Travel needs a place of departure and a destination"),
    ItemKind.SITE_VISIT: _("A site visit needs a site"),
}


class Planner:
    def __init__(self, delegation: Delegation, sheets: dict[str, list[Row]]):
        self.delegation = delegation
        self.sheets = sheets
        self.new_places: dict[tuple, Pick] = {}
        self.new_organisations: dict[str, Pick] = {}
        self.new_officials: dict[str, Pick] = {}

    # --- Names, looked up once for the whole file ---------------------------------------------

    def load(self) -> None:
        place_names, organisation_names, official_names = set(), set(), set()
        for row in self.sheets.get(ITINERARY, ()):
            parts = cells.split(row.values["Place"], ",")
            place_names.update(parts[:-1] or parts)
            organisation_names.update(cells.split(row.values["Organisations"], ";"))
            for counterpart in cells.split(row.values["Counterparts"], ";", "\n"):
                name, _position, organisation = self._counterpart_parts(counterpart)
                official_names.add(name)
                organisation_names.add(organisation)
        for row in self.sheets.get(MEMBERS, ()):
            official_names.add(cells.text(row.values["Name"]))
            organisation_names.add(cells.text(row.values["Organisation"]))
        self.places = matching.places_named(place_names)
        self.organisations = matching.organisations_named(organisation_names)
        self.officials = matching.officials_named(official_names)

    @staticmethod
    def _counterpart_parts(text: str) -> tuple[str, str, str]:
        name, _comma, rest = text.partition(",")
        position, _comma, organisation = rest.rpartition(",") if "," in rest else (rest, "", "")
        return name.strip(), position.strip(), organisation.strip()

    # --- Places -----------------------------------------------------------------------------------

    def place(self, row: PlannedRow, text: str) -> Pick | None:
        parts = [part.strip() for part in text.split(",") if part.strip()]
        if not parts:
            row.refuse("Place", _("The place is missing: write it “City, Country”."))
            return None
        code = country_code(parts[-1]) if len(parts) > 1 else None
        if code is None:
            return self._known_place(row, parts)
        name, parents = parts[0], parts[1:-1]
        parent = None
        if parents:
            parent = matching.best(
                [p for p in self.places.get(key(parents[0]), []) if p.country == code]
            )
            if parent is None:
                row.refuse(
                    "Place",
                    _("“%(parent)s” is not a place Exchange knows in %(country)s.")
                    % {"parent": parents[0], "country": parts[-1]},
                )
                return None
        stored = [
            p
            for p in self.places.get(key(name), [])
            if p.country == code and (parent is None or p.parent_id == parent.pk)
        ]
        if stored:
            return Pick(label=str(stored[0]), obj=stored[0])
        return self._new_place(row, name=name, code=code, parent=parent, country=parts[-1])

    def _known_place(self, row: PlannedRow, parts: list[str]) -> Pick | None:
        candidates = self.places.get(key(parts[0]), [])
        if len(parts) > 1:  # "Town, Region": the region is its parent
            candidates = [p for p in candidates if p.parent and key(p.parent.name) == key(parts[1])]
            if not candidates:
                row.refuse(
                    "Place",
                    _(
                        "“%(country)s” is not a country Exchange knows: write it in English, "
                        "such as “Netherlands”, or as its code, such as “NL”."
                    )
                    % {"country": parts[-1]},
                )
                return None
        if len(candidates) == 1:
            return Pick(label=str(candidates[0]), obj=candidates[0])
        if candidates:
            row.refuse(
                "Place",
                _("Several places are called “%(name)s”: add the country, “%(name)s, Country”.")
                % {"name": parts[0]},
            )
        else:
            row.refuse(
                "Place",
                _("“%(name)s” is not a place Exchange knows: write it “City, Country” to add it.")
                % {"name": parts[0]},
            )
        return None

    def _new_place(self, row, *, name: str, code: str, parent, country: str) -> Pick | None:
        slot = (key(name), code, parent.pk if parent else None)
        if slot in self.new_places:
            return self.new_places[slot]
        zone = parent.timezone if parent is not None else single_zone_of_country(code)
        if not zone:
            row.refuse(
                "Place",
                _(
                    "%(country)s has several time zones: write the place under a known state "
                    "or region (“%(name)s, Region, %(country)s”), or add it from the place "
                    "search first."
                )
                % {"country": country, "name": name},
            )
            return None
        pick = Pick(
            label=f"{name}, {parent.name}" if parent else name,
            new={
                "name": name,
                "kind": PlaceKind.CITY,
                "country": code,
                "parent": parent,
                "timezone": zone,
            },
        )
        self.new_places[slot] = pick
        return pick

    # --- Organisations and officials ------------------------------------------------------------

    def organisation(self, name: str, *, country: str) -> Pick | None:
        if not name:
            return None
        stored = matching.best(self.organisations.get(key(name), []), country=country)
        if stored is not None:
            return Pick(label=str(stored), obj=stored)
        if key(name) not in self.new_organisations:
            self.new_organisations[key(name)] = Pick(
                label=name, new={"name": name, "kind": "other", "country": country}
            )
        return self.new_organisations[key(name)]

    def official(self, name: str, *, position: str, organisation: Pick | None, **fields) -> Pick:
        stored_organisation = organisation.obj if organisation and not organisation.is_new else None
        stored = matching.best(self.officials.get(key(name), []), organisation=stored_organisation)
        if stored is not None:
            return Pick(label=str(stored), obj=stored)
        if key(name) not in self.new_officials:
            self.new_officials[key(name)] = Pick(
                label=name,
                new={
                    "full_name": name,
                    "position": position,
                    "organisation": organisation,
                    **fields,
                },
            )
        return self.new_officials[key(name)]

    # --- Itinerary rows ---------------------------------------------------------------------------

    def item(self, row: Row) -> PlannedItem:
        values = row.values
        item = PlannedItem(sheet=ITINERARY, number=row.number, values=values)
        item.title = cells.text(values["Title"])
        if not item.title:
            item.refuse("Title", _("The title is missing."))
        elif len(item.title) > 300:
            item.refuse("Title", _("The title is longer than 300 characters."))
        kind = cells.choice(cells.text(values["Kind"]), ItemKind.choices)
        if kind is None:
            item.refuse(
                "Kind",
                _("“%(kind)s” is not a kind of item. The kinds are: %(kinds)s.")
                % {"kind": cells.text(values["Kind"]), "kinds": cells.labels(ItemKind.choices)},
            )
        elif kind in NEEDS_THE_FORM:
            item.refuse(
                "Kind",
                _("%(rule)s, which the file has no column for: add this item on the item form.")
                % {"rule": NEEDS_THE_FORM[kind]},
            )
        item.kind = kind or ""
        item.place = self.place(item, cells.text(values["Place"]))
        self._times(item)
        country = item.place.obj.country if item.place and item.place.obj else ""
        if item.place and item.place.is_new:
            country = item.place.new["country"]
        for name in cells.split(values["Organisations"], ";"):
            item.organisations.append(self.organisation(name, country=str(country)))
        for text in cells.split(values["Counterparts"], ";", "\n"):
            name, position, organisation_name = self._counterpart_parts(text)
            organisation = self.organisation(organisation_name, country=str(country))
            official = self.official(
                name, position=position, organisation=organisation, country=str(country)
            )
            if official not in [pick for pick, _position in item.counterparts]:
                item.counterparts.append((official, position))
        return item

    def _times(self, item: PlannedItem) -> None:
        values = item.values
        day = cells.as_date(values["Date"])
        if day is None:
            item.refuse(
                "Date",
                _("“%(value)s” is not a date: write it YYYY-MM-DD, such as 2026-05-11.")
                % {"value": cells.text(values["Date"])},
            )
        moments = {}
        for column in ("Start", "End"):
            moments[column] = cells.as_time(values[column])
            if moments[column] is None:
                item.refuse(
                    column,
                    _("“%(value)s” is not a time: write it HH:MM, such as 09:30.")
                    % {"value": cells.text(values[column])},
                )
        if day is None or None in moments.values() or item.place is None:
            return
        pick = item.place
        zone = ZoneInfo(pick.obj.timezone if pick.obj else pick.new["timezone"])
        item.starts_at = datetime.combine(day, moments["Start"], tzinfo=zone)
        item.ends_at = datetime.combine(day, moments["End"], tzinfo=zone)
        if item.ends_at <= item.starts_at:
            item.refuse(
                "End",
                _("The end, %(end)s, is not after the start.")
                % {"end": moments["End"].strftime("%H:%M")},
            )
            return
        try:
            item_check_schedule(
                delegation=self.delegation,
                kind=item.kind,
                starts_at=item.starts_at,
                ends_at=item.ends_at,
                place=pick.obj or _ZonedPlace(pick.new["timezone"]),
            )
        except ValidationError as error:
            for message in error.message_dict.get("starts_at", []):
                item.refuse("Date", message)

    # --- Member rows ------------------------------------------------------------------------------

    def member(self, row: Row) -> PlannedMember:
        values = row.values
        member = PlannedMember(sheet=MEMBERS, number=row.number, values=values)
        name = cells.text(values["Name"])
        if not name:
            member.refuse("Name", _("The name is missing."))
        role = cells.text(values["Role"])
        member.role = cells.choice(role, MemberRole.choices) if role else MemberRole.MEMBER
        if member.role is None:
            member.refuse(
                "Role",
                _("“%(role)s” is not a role in a delegation. The roles are: %(roles)s.")
                % {"role": role, "roles": cells.labels(MemberRole.choices)},
            )
        sex = cells.text(values["Sex"])
        gender = cells.choice(sex, Gender.choices) if sex else Gender.NOT_RECORDED
        gender = gender or {"f": Gender.FEMALE, "m": Gender.MALE}.get(key(sex))
        if gender is None:
            member.refuse(
                "Sex",
                _("“%(sex)s” is not understood: write %(choices)s, or leave it blank.")
                % {"sex": sex, "choices": cells.labels(Gender.choices)},
            )
        country_text = cells.text(values["Country"])
        country = country_code(country_text) if country_text else ""
        if country is None:
            member.refuse(
                "Country",
                _(
                    "“%(country)s” is not a country Exchange knows: write it in English, such as "
                    "“Netherlands”, or as its code, such as “NL”."
                )
                % {"country": country_text},
            )
        member.position = cells.text(values["Position"])
        if name:
            organisation = self.organisation(
                cells.text(values["Organisation"]), country=country or ""
            )
            member.official = self.official(
                name,
                position=member.position,
                organisation=organisation,
                gender=gender or Gender.NOT_RECORDED,
                country=country or "",
            )
        return member

    # --- The whole file ---------------------------------------------------------------------------

    def plan(self) -> ImportPlan:
        self.load()
        items = [self.item(row) for row in self.sheets.get(ITINERARY, ())]
        members = [self.member(row) for row in self.sheets.get(MEMBERS, ())]
        self._no_item_twice(items)
        self._no_member_twice(members)
        return ImportPlan(
            items=items,
            members=members,
            places=list(self.new_places.values()),
            organisations=list(self.new_organisations.values()),
            officials=list(self.new_officials.values()),
        )

    def _no_item_twice(self, items: list[PlannedItem]) -> None:
        stored = set(self.delegation.itinerary_items.values_list("starts_at", "title"))
        stored = {(moment, key(title)) for moment, title in stored}
        seen: dict[tuple, int] = {}
        for item in items:
            if item.starts_at is None or not item.title:
                continue
            slot = (item.starts_at, key(item.title))
            if slot in stored:
                item.refuse("Title", _("This item is already on the itinerary at that time."))
            elif slot in seen:
                item.refuse(
                    "Title",
                    _("Row %(row)s has the same item at the same time.") % {"row": seen[slot]},
                )
            seen.setdefault(slot, item.number)

    def _no_member_twice(self, members: list[PlannedMember]) -> None:
        stored = dict(self.delegation.members.values_list("official_id", "role"))
        heads = [m for m in members if m.role == MemberRole.HEAD]
        seen: dict[int, int] = {}
        for member in members:
            pick = member.official
            if pick is None:
                continue
            if pick.obj is not None and pick.obj.pk in stored:
                member.refuse(
                    "Name",
                    _("%(name)s is already a member of this delegation.") % {"name": pick.label},
                )
            elif id(pick) in seen:
                member.refuse(
                    "Name", _("Row %(row)s names the same person.") % {"row": seen[id(pick)]}
                )
            seen.setdefault(id(pick), member.number)
        if heads and MemberRole.HEAD in stored.values():
            for member in heads:
                member.refuse("Role", _("The delegation already has a head."))
        for member in heads[1:]:
            member.refuse(
                "Role",
                _("Row %(row)s already names the head of delegation.") % {"row": heads[0].number},
            )


@dataclass(frozen=True)
class _ZonedPlace:
    """A place still to create, as the schedule check reads it: its zone."""

    timezone: str


def plan_import(*, delegation: Delegation, sheets: dict[str, list[Row]]) -> ImportPlan:
    return Planner(delegation, sheets).plan()
