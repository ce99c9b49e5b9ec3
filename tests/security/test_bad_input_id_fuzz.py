"""Finding 4: ids with digits that are not ASCII ("²".isdigit() is true, int("²") fails;
int("٣") is 3). A fuzz test: every form of every page of the permission matrix, each of
its id fields (a choice of rows, in the form or in its formsets) posted such a value, is
refused on that field; never a 500, never saved as some other row's id."""

import re

import pytest
from django import forms
from django.urls import reverse

from tests.security.bad_input_forms import stored
from tests.security.matrix_rows import ROWS
from tests.security.matrix_world import ADMINISTRATOR, STAFF

# superscript two, mathematical bold one, digits mixed (plus, below, a real id in
# Arabic-Indic and in full-width digits)
NOT_ASCII_IDS = ["²", "𝟙", "1²"]
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
FORM_ROWS = [
    row
    for row in ROWS
    if row.get is not None and row.post is not None and row.data and row.name != "login"
]
FORMSET_ROW = re.compile(r"-(\d+|__prefix__)$")
# What puts a form that is used only when filled in to use (a new person on a team page).
IN_USE = {"new-": {"new-full_name": "Fuzz Person", "official": ""}}


def bad_values(field) -> list[str]:
    """The values above, and the id of a row really offered written in other digits
    (int() would read it as that row)."""
    offered = field.queryset.order_by("pk").values_list("pk", flat=True).first()
    spelt = [str(offered).translate(ARABIC_INDIC), str(offered).translate(FULL_WIDTH)]
    return NOT_ASCII_IDS + (spelt if offered else [])


def poster(row) -> str:
    return STAFF if STAFF in row.post else ADMINISTRATOR


def forms_on(response):
    """(form, formset or None) for every form the page's context holds."""
    found, seen = [], set()

    def visit(value, depth=0):
        if id(value) in seen or depth > 2:
            return
        seen.add(id(value))
        if isinstance(value, forms.BaseFormSet):
            found.append((value.empty_form, value))
        elif isinstance(value, forms.BaseForm):
            found.append((value, None))
        elif isinstance(value, dict):
            for inner in value.values():
                visit(inner, depth + 1)
        elif isinstance(value, list | tuple):
            for inner in value:
                visit(inner, depth + 1)

    for context in response.context or []:
        for value in context.flatten().values():
            visit(value)
    return found


def id_fields(response) -> list[tuple[str, dict, str, list[str]]]:
    """(posted name, extra data it needs, field name, values to try) of each id field."""
    fields = []
    for form, formset in forms_on(response):
        if formset is None and FORMSET_ROW.search(form.prefix or ""):
            continue  # a formset's row: reached through its formset below
        for name, field in form.fields.items():
            if not isinstance(field, forms.ModelChoiceField) or field.disabled:
                continue
            if formset is None:
                key = form.add_prefix(name)
                extra = next((data for start, data in IN_USE.items() if key.startswith(start)), {})
            else:
                prefix = formset.prefix
                extra = {f"{prefix}-TOTAL_FORMS": str(formset.initial_form_count() + 1)}
                key = f"{prefix}-{formset.initial_form_count()}-{name}"
            fields.append((key, extra, name, bad_values(field)))
    unique = {key: (key, extra, name, values) for key, extra, name, values in fields}
    return list(unique.values())


def errors_on(response, name: str) -> bool:
    for form, formset in forms_on(response):
        if formset is not None:
            if any(name in row.errors for row in formset.forms if row.is_bound):
                return True
        elif form.is_bound and name in form.errors:
            return True
    return False


@pytest.mark.slow
@pytest.mark.parametrize("row", FORM_ROWS, ids=[row.name for row in FORM_ROWS])
def test_not_ascii_digits_in_every_id_field_are_refused_on_the_field(row, world, client, db):
    client.force_login(world.users[poster(row)])
    url = reverse(row.name, kwargs=row.args(world))
    page = client.get(url, row.query)
    assert page.status_code == 200
    fields = id_fields(page)
    if not fields:
        return  # a form without id fields (the log-in, the review)
    for key, extra, name, values in fields:
        for value in values:
            before = stored()
            response = client.post(url, {**row.data(world), **extra, key: value})
            assert response.status_code == 200, (key, value, response.status_code)
            assert errors_on(response, name), (key, value, "no error on the field")
            assert stored() == before, (key, value)


def test_the_fuzz_finds_the_id_fields_of_the_item_form(world, client, db):
    """The walk reaches formset fields too (a group's origins, a counterpart's official)."""
    row = next(row for row in FORM_ROWS if row.name == "itinerary:item-create")
    client.force_login(world.users[STAFF])
    page = client.get(reverse(row.name, kwargs=row.args(world)))
    keys = {key for key, _extra, _name, _values in id_fields(page)}
    assert {
        "place",
        "organisations",
        "topics",
        "groups-0-origins",
        "counterparts-0-official",
    } <= keys


@pytest.mark.parametrize("value", NOT_ASCII_IDS)
def test_not_ascii_digits_in_query_strings_are_ignored(value, world, client, db):
    client.force_login(world.users[STAFF])
    url = reverse("learning:attachment-create", args=[world.delegation.pk])
    response = client.get(url, {"item": value})
    assert response.status_code == 200
    assert response.context["form"]["item"].value() in (None, "")
