"""The delegation list's filter form, drawn by the list's own template
(templates/delegations/includes/filter_form.html, delegations.forms.DelegationFilterForm):
every field labelled, refused values marked where they were typed, nothing lost."""

import re

import pytest
from django.urls import reverse

from delegations.enums import PlanningStatus
from tests.factories.delegations import DelegationFactory

LIST = reverse("delegations:list")
FIELDS = {  # name: (label, widget)
    "q": ("Search", "input"),
    "programme": ("Programme", "select"),
    "status": ("Planning status", "select"),
    "report_status": ("Report status", "select"),
    "sending_country": ("Sending country", "select"),
    "host_country": ("Host country", "select"),
    "starts_after": ("Starts on or after", "input"),
    "ends_before": ("Ends on or before", "input"),
    "sort": ("Sort by", "select"),
}


def filter_form(response) -> str:
    html = response.content.decode()
    match = re.search(
        r'<form aria-label="Filter delegations" role="search" method="get">.*?</form>', html, re.S
    )
    assert match, "the filter form is on the page"
    return " ".join(match.group(0).split())


def widget(form: str, name: str) -> str:
    """The opening tag of a field's widget."""
    match = re.search(rf'<(input|select) [^>]*name="{name}"[^>]*>', form)
    assert match, name
    return match.group(0)


def field_block(form: str, name: str) -> str:
    """A field's box: from its wrapper to the next field's (or the buttons)."""
    start = form.index(f'<div id="div_id_{name}" class="mb-3">')
    ends = [form.find(marker, start + 1) for marker in ('<div id="div_id_', "<button")]
    return form[start : min(end for end in ends if end > 0)]


@pytest.fixture
def listed(programme):
    return DelegationFactory(
        programme=programme, sending_countries=["MZ"], host_country="KE", title="Listed"
    )


def test_every_filter_has_its_label_bound_to_its_widget_in_the_layout(staff_client, listed):
    form = filter_form(staff_client.get(LIST))
    for name, (label, tag) in FIELDS.items():
        assert f'<label for="id_{name}" class="form-label">{label}</label>' in form
        opening = widget(form, name)
        assert opening.startswith(f"<{tag} ") and f'id="id_{name}"' in opening
        assert "is-invalid" not in opening and "aria-invalid" not in opening
    # The rows and columns of DelegationFilterForm.layout, the buttons last.
    assert form.count('<div class="row">') == 2
    assert '<div class="col-md-6 col-lg-3"> <div id="div_id_q" class="mb-3">' in form
    assert '<div class="col-sm-6 col-lg-2"> <div id="div_id_sort" class="mb-3">' in form
    assert form.index('name="sort"') < form.index(
        '<button type="submit" class="btn btn-primary">Filter</button>'
    )
    assert f'<a class="btn btn-outline-secondary" href="{LIST}">Clear</a>' in form
    assert 'type="date"' in widget(form, "starts_after")
    assert '<option value="KE">Kenya</option>' in form


def test_a_refused_filter_shows_its_error_under_its_field_and_keeps_every_value(
    staff_client, listed
):
    response = staff_client.get(
        LIST,
        {
            "q": "Kenya visit",
            "status": PlanningStatus.PLANNED,
            "host_country": "KE",
            "starts_after": "not a date",
            "sort": "nonsense",
        },
    )
    assert response.status_code == 200
    form = filter_form(response)
    for name, message in (
        ("starts_after", "Enter a valid date."),
        ("sort", "Select a valid choice. nonsense is not one of the available choices."),
    ):
        opening = widget(form, name)
        assert "is-invalid" in opening and 'aria-invalid="true"' in opening
        assert f'aria-describedby="id_{name}_error"' in opening
        # The message in the field's own box, right under its widget, with the id the
        # widget names.
        block = field_block(form, name)
        error = (
            f'<div id="id_{name}_error" class="invalid-feedback"><span id="error_1_id_{name}">'
            f"<strong>{message}</strong></span></div>"
        )
        assert error in block
        assert block.index(opening) < block.index(error)
    # What was typed or chosen stays, refused or not.
    assert 'value="not a date"' in widget(form, "starts_after")
    assert 'value="Kenya visit"' in widget(form, "q")
    assert '<option value="planned" selected>Planned</option>' in form
    assert '<option value="KE" selected>Kenya</option>' in form
    # The fields that were fine are not marked.
    for name in ("q", "status", "host_country", "ends_before"):
        assert "is-invalid" not in widget(form, name)
    assert form.count("invalid-feedback") == 2
