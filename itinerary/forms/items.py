"""The itinerary item form, with its counterparts and beneficiary groups as formsets.

Times are typed as the wall clock where the item happens: in the zone of its place
(the site's place for a site visit); for travel, the start in the origin's zone and the
end in the destination's. The form reads them in that zone and hands aware datetimes
to `itinerary.services`; editing shows the stored moments back in the same local time.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import add_service_error
from core.ids import IdModelMultipleChoiceField, id_formfield
from delegations.models import Delegation
from itinerary.enums import TRAVEL_KINDS, ItemKind
from itinerary.forms.widgets import AutocompleteField, LocalDateTimeField, MultiAutocompleteField
from itinerary.models import BeneficiaryGroup, Counterpart, ItineraryItem, Site
from itinerary.relations import ITEM_RELATIONS
from itinerary.services import item_check_schedule
from itinerary.where import item_place, item_where_errors, item_zones
from officials.models import Official
from partners.models import Organisation
from places.models import Place

# Which kinds each kind-dependent field shows for, when JavaScript runs (exchange.js).
SITE_KINDS = (ItemKind.SITE_VISIT, ItemKind.COMMUNITY_ENGAGEMENT)
PLACE_KINDS = tuple(
    kind for kind in ItemKind.values if kind not in (ItemKind.TRAVEL, ItemKind.SITE_VISIT)
)

# People are rarely met in groups on the way: the "people met" rows hide for travel.
PEOPLE_KINDS = tuple(kind for kind in ItemKind.values if kind not in TRAVEL_KINDS)


def follows(*kinds: str) -> str:
    """data-follows="kind:a,b" (an empty value: before a kind is chosen)."""
    return "kind:" + ",".join(kinds)


def zone_label(zone: ZoneInfo | None, day: date | None = None) -> str:
    """America/New_York (EDT): the abbreviation in force at noon on `day` (summer time in
    May), the zone's first of January abbreviation when no day is known."""
    if zone is None:
        return ""
    abbreviation = datetime.combine(day or date(2000, 1, 1), time(12), tzinfo=zone).tzname()
    return f"{zone.key} ({abbreviation})" if abbreviation else zone.key


def zone_note(zones: tuple, *, day: date | None, destinations=()) -> str:
    """The line above the item's times: in which zone(s) they are typed, named as on the
    item's own day; without a place yet, how to type them and the destinations' zones."""
    start, end = zones
    if start is not None and end is not None and start.key != end.key:
        return gettext("Start in %(start)s, end in %(end)s.") % {
            "start": zone_label(start, day),
            "end": zone_label(end, day),
        }
    if start is not None or end is not None:
        return gettext("Times are local: %(zone)s.") % {"zone": zone_label(start or end, day)}
    labels = sorted({zone_label(ZoneInfo(place.timezone), day) for place in destinations})
    hint = (
        gettext(" This delegation's destinations: %(zones)s.") % {"zones": ", ".join(labels)}
        if labels
        else ""
    )
    return (
        gettext(
            "Type the local time where it happens: in the zone of the place (a site's "
            "place for a site visit); for travel, departure in the origin's zone and "
            "arrival in the destination's."
        )
        + hint
    )


def local_wall_clock(moment: datetime | None, zone: ZoneInfo | None) -> datetime | None:
    """An aware moment as the naive wall clock in `zone` (what the user typed); UTC
    when no zone is known."""
    if moment is None:
        return None
    return moment.astimezone(zone or ZoneInfo("UTC")).replace(tzinfo=None)


def aware_in(wall_clock: datetime, zone: ZoneInfo) -> datetime:
    """The wall clock read in `zone`, as an aware UTC moment."""
    return wall_clock.replace(tzinfo=zone).astimezone(ZoneInfo("UTC"))


class ItineraryItemForm(forms.Form):
    """One item of the programme; `itinerary.services.item_create/item_update` save it."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Choose a kind…")), *ItemKind.choices]
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    place = AutocompleteField(
        Place.objects.select_related("parent"),
        url_name="places:autocomplete",
        label=_("Place"),
        required=False,
        help_text=_("Where it happens. For a site visit, the site's place is used."),
    )
    site = AutocompleteField(
        Site.objects.select_related("place__parent"),
        url_name="itinerary:site-autocomplete",
        label=_("Site"),
        required=False,
        help_text=_("A school, resource centre, office… Its place sets the time zone."),
    )
    origin = AutocompleteField(
        Place.objects.select_related("parent"),
        url_name="places:autocomplete",
        label=_("From"),
        required=False,
        help_text=_("Departure time is read in this place's zone."),
    )
    destination = AutocompleteField(
        Place.objects.select_related("parent"),
        url_name="places:autocomplete",
        label=_("To"),
        required=False,
        help_text=_("Arrival time is read in this place's zone."),
    )
    starts_at = LocalDateTimeField(
        label=_("Starts"), date_label=_("Start date"), time_label=_("Start time")
    )
    ends_at = LocalDateTimeField(
        label=_("Ends"), date_label=_("End date"), time_label=_("End time")
    )
    illustrative = forms.BooleanField(
        label=_("The times are illustrative (the record gives none)"), required=False
    )
    organisations = MultiAutocompleteField(
        Organisation.objects.all(),
        url_name="partners:organisation-autocomplete",
        label=_("Organisations met"),
        add_label=_("Add another organisation"),
        help_text=_("Organisations already linked to this delegation are listed; tick those met."),
    )
    topics = IdModelMultipleChoiceField(
        queryset=None, label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What came of it: agreements, follow-ups, lessons."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    ITEM_COLUMNS = (
        "kind",
        "title",
        "starts_at",
        "ends_at",
        "place",
        "site",
        "origin",
        "destination",
        "summary",
        "outcome",
        "illustrative",
    )

    def __init__(
        self,
        *args,
        delegation: Delegation,
        item: ItineraryItem | None = None,
        organisations=(),
        topics=(),
        day: date | None = None,
        **kwargs,
    ):
        self.delegation = delegation
        self.item = item
        if item is not None:
            kwargs["initial"] = {**self.initial_for(item), **(kwargs.get("initial") or {})}
        elif day is not None:
            kwargs["initial"] = {
                "starts_at": [day, None],
                "ends_at": [day, None],
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, **kwargs)
        # An edit must say which version it started from (a lost update is refused).
        self.fields["version"].required = item is not None
        self.fields["organisations"].offer(organisations)
        self.fields["topics"].queryset = topics
        # Links that higher apps own (itinerary.relations: learning's objectives).
        for name, relation in ITEM_RELATIONS.items():
            self.fields[name] = relation.field(delegation)
        if item is not None:
            for name in ("place", "site", "origin", "destination"):
                related = getattr(item, name)
                if related is not None:
                    self.fields[name].widget.remember([related])
        self.helper = self.build_helper()

    @staticmethod
    def initial_for(item: ItineraryItem) -> dict:
        start_zone, end_zone = item_zones(item)
        return {
            "kind": item.kind,
            "title": item.title,
            "place": item.place_id,
            "site": item.site_id,
            "origin": item.origin_id,
            "destination": item.destination_id,
            "starts_at": local_wall_clock(item.starts_at, start_zone),
            "ends_at": local_wall_clock(item.ends_at, end_zone),
            "illustrative": item.illustrative,
            "organisations": [organisation.pk for organisation in item.organisations.all()],
            "topics": [topic.pk for topic in item.topics.all()],
            **{name: relation.values(item) for name, relation in ITEM_RELATIONS.items()},
            "summary": item.summary,
            "outcome": item.outcome,
            "version": item.version,
        }

    def shown_value(self, name: str, value):
        """A stored value as this form shows it (core.forms.adopt_their_changes, after a
        refused lost update): the item's moments as the wall clock of where it happens."""
        if self.item is not None and name in ("starts_at", "ends_at"):
            start_zone, end_zone = item_zones(self.item)
            return local_wall_clock(value, start_zone if name == "starts_at" else end_zone)
        return value

    def build_helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(
            Fieldset(
                _("What"),
                Row(Column("kind", css_class="col-md-4"), Column("title", css_class="col-md-8")),
            ),
            Fieldset(
                _("Where"),
                Row(
                    Column("place", css_class="col-md-6", data_follows=follows("", *PLACE_KINDS)),
                    Column("site", css_class="col-md-6", data_follows=follows(*SITE_KINDS)),
                ),
                Div(
                    Row(
                        Column("origin", css_class="col-md-6"),
                        Column("destination", css_class="col-md-6"),
                    ),
                    data_follows=follows(ItemKind.TRAVEL),
                ),
            ),
            Fieldset(
                _("When, in local time"),
                # Asked again (itinerary:zone-note) as soon as the place or the day changes.
                HTML(
                    '<p class="form-text mt-0" id="zone-note" aria-live="polite" '
                    'hx-get="{{ zone_note_url }}" hx-swap="innerHTML" '
                    'hx-trigger="autocomplete:chosen from:closest form, '
                    'change from:#id_starts_at_0, change from:#id_kind" '
                    'hx-include="[name=kind], [name=place], [name=site], [name=origin], '
                    '[name=destination], [name=starts_at_0]">{{ form.zone_note }}</p>'
                ),
                Row(
                    Column("starts_at", css_class="col-md-6"),
                    Column("ends_at", css_class="col-md-6"),
                ),
                "illustrative",
            ),
            Fieldset(
                _("Who and what"),
                "organisations",
                InlineCheckboxes("topics"),
                *ITEM_RELATIONS,
            ),
            "version",
        )
        return helper

    # --- Time zones ---------------------------------------------------------------------------

    def zones(self) -> tuple[ZoneInfo | None, ZoneInfo | None]:
        """The zones of the start and end, from what was typed (or the item, unbound)."""
        if not self.is_bound:
            return item_zones(self.item) if self.item else (None, None)
        return item_zones(getattr(self, "cleaned_data", {}))

    def note_day(self) -> date:
        """The item's own day, for the zones' abbreviations: the start date typed (or the
        item's local start day), else the delegation's first day."""
        if self.is_bound:
            try:
                return date.fromisoformat(self.data.get("starts_at_0", ""))
            except ValueError:
                return self.delegation.start_date
        initial = self.initial.get("starts_at")
        if isinstance(initial, datetime):
            return initial.date()
        if isinstance(initial, list | tuple) and isinstance(initial[0], date):
            return initial[0]
        return self.delegation.start_date

    @property
    def zone_note(self) -> str:
        return zone_note(
            self.zones(), day=self.note_day(), destinations=self.delegation.destinations.all()
        )

    # --- Validation ---------------------------------------------------------------------------

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        # Fields that do not apply to the kind (hidden when JavaScript runs) are dropped.
        if kind != ItemKind.TRAVEL:
            data["origin"] = data["destination"] = None
        else:
            data["place"] = None
        if kind not in SITE_KINDS:
            data["site"] = None
        data["place"] = item_place(place=data.get("place"), site=data.get("site"))
        for name, error in item_where_errors(data).items():
            if name not in self.errors:
                self.add_error(name, error)
        start, end = self.zones()
        for name, where in (("starts_at", start), ("ends_at", end)):
            if data.get(name) is not None and where is not None:
                data[name] = aware_in(data[name], where)
            else:
                data.pop(name, None)  # never hand a naive time to the service
        if "starts_at" in data and "ends_at" in data:
            try:
                item_check_schedule(
                    delegation=self.delegation,
                    kind=kind,
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    place=data.get("place"),
                    origin=data.get("origin"),
                    destination=data.get("destination"),
                )
            except ValidationError as error:
                add_service_error(self, error)
        return data

    # --- What the services receive --------------------------------------------------------------

    def item_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.ITEM_COLUMNS}

    def relations(self) -> dict:
        return {
            name: list(self.cleaned_data.get(name) or ())
            for name in ("organisations", "topics", *ITEM_RELATIONS)
        }


# --- Counterparts and beneficiary groups ------------------------------------------------------


class CounterpartForm(forms.ModelForm):
    official = AutocompleteField(
        Official.objects.select_related("organisation"),
        url_name="officials:autocomplete",
        label=_("Official"),
        error_messages={
            "invalid_choice": _("Choose an official from the directory: this one is unknown."),
        },
    )

    class Meta:
        formfield_callback = id_formfield  # relations refuse non-ASCII ids (core.ids)
        model = Counterpart
        fields = ("official", "role", "position")
        labels = {"role": _("Role"), "position": _("Position at the time")}
        help_texts = {"position": _("Left blank: their position in the directory.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["official"].widget.remember([self.instance.official])

    def service_fields(self) -> dict:
        """A new row's fields; a stored row's, only those that changed."""
        names = self.changed_data if self.instance.pk else self.Meta.fields
        return {name: self.cleaned_data[name] for name in names if name != "DELETE"}


class BeneficiaryGroupForm(forms.ModelForm):
    origins = MultiAutocompleteField(
        Place.objects.select_related("parent"),
        url_name="places:autocomplete",
        label=_("From"),
        add_label=_("Add another place"),
    )

    class Meta:
        formfield_callback = id_formfield  # relations refuse non-ASCII ids (core.ids)
        model = BeneficiaryGroup
        fields = (
            "category",
            "description",
            "origins",
            "female",
            "male",
            "other",
            "youth",
            "illustrative",
        )
        labels = {"illustrative": _("The counts are illustrative")}

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origins"].offer(places)
        if self.instance.pk:
            self.fields["origins"].widget.remember(self.instance.origins.all())
        for name in ("female", "male", "other", "youth"):
            self.fields[name].widget.attrs.update({"min": 0, "inputmode": "numeric"})

    def clean(self):
        data = super().clean()
        counts = [data.get(name) for name in ("female", "male", "other")]
        youth = data.get("youth")
        if youth is not None and all(count is not None for count in counts):
            total = sum(counts)
            if youth > total:
                self.add_error(
                    "youth",
                    _(
                        "There cannot be more youth (%(youth)s) than people in the group (%(total)s)."
                    )
                    % {"youth": youth, "total": total},
                )
        return data

    def service_fields(self) -> dict:
        fields = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        fields["origins"] = list(fields["origins"] or ())
        fields["total"] = None  # recomputed from the counts by sex when all are known
        return fields


class RowsFormSet(forms.BaseInlineFormSet):
    """An inline formset whose "delete" box says "Remove" and whose rows read prefetched
    data; `itinerary.services.item_save` saves each row, never `save()`."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Django offers every row of the table as the hidden id: only this item's rows.
        form.fields[self.model._meta.pk.name].queryset = self.get_queryset()
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")

    def clean(self):
        super().clean()
        pk = self.model._meta.pk.name
        if any(pk in form.errors for form in self.forms):  # the id is a hidden field
            raise forms.ValidationError(
                _("A row here is no longer this item's: reload the page to see its rows.")
            )

    def rows_to_save(self):
        """(form, delete?) for every row that asks for a change."""
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                if form.instance.pk:
                    yield form, True
            elif form.has_changed() and hasattr(form, "cleaned_data"):
                yield form, False


CounterpartFormSet = forms.inlineformset_factory(
    ItineraryItem, Counterpart, form=CounterpartForm, formset=RowsFormSet, extra=1, can_delete=True
)
BeneficiaryGroupFormSet = forms.inlineformset_factory(
    ItineraryItem,
    BeneficiaryGroup,
    form=BeneficiaryGroupForm,
    formset=RowsFormSet,
    extra=1,
    can_delete=True,
)
