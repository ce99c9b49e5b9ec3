from django import forms
from django.core.exceptions import ValidationError

from core.forms import PlainBootstrapForm, add_service_error


class DateForm(forms.Form):
    start_date = forms.DateField()


def test_service_error_lands_on_the_field_the_form_has_and_on_top_otherwise():
    form = DateForm(data={"start_date": "2019-07-22"})
    assert form.is_valid()
    add_service_error(
        form, ValidationError({"start_date": "Items outside.", "status": "Not here."})
    )
    assert form.errors["start_date"] == ["Items outside."]
    assert form.non_field_errors() == ["Not here."]


def test_plain_service_error_goes_on_top():
    form = DateForm(data={"start_date": "2019-07-22"})
    form.is_valid()
    add_service_error(form, ValidationError("Locked."))
    assert form.non_field_errors() == ["Locked."]


# --- PlainBootstrapForm: a form drawn by its page's own template ----------------------------


class PlainForm(PlainBootstrapForm):
    layout = ((("q", "col-6"), ("kind", "col-3")), (("day", "col-3"), ("missing", "col-3")))
    widgets = {"day": forms.DateInput}

    q = forms.CharField(required=False)
    kind = forms.ChoiceField(
        required=False,
        choices=[("", "Any"), ("Places", [("city", "City"), ("farm", "Farm")]), ("x", "X")],
    )
    day = forms.DateField(required=False)


def test_plain_form_gives_each_widget_the_bootstrap_classes_crispy_gave():
    form = PlainForm(data={})
    assert form.is_valid()
    html = {name: str(form[name]) for name in ("q", "kind", "day")}
    assert 'class="textinput form-control"' in html["q"]
    assert 'class="select form-select"' in html["kind"]
    assert 'class="dateinput form-control"' in html["day"]
    assert "is-invalid" not in "".join(html.values())
    assert "aria-invalid" not in "".join(html.values())


def test_plain_form_marks_a_refused_field_and_points_it_at_its_errors():
    form = PlainForm(data={"q": "kept", "kind": "nonsense", "day": "not a date"})
    assert not form.is_valid()
    day = str(form["day"])
    assert 'class="dateinput form-control is-invalid"' in day
    assert 'aria-invalid="true"' in day and 'aria-describedby="id_day_error"' in day
    assert 'value="not a date"' in day  # what was typed stays
    assert 'class="select form-select is-invalid"' in str(form["kind"])
    assert 'value="kept"' in str(form["q"]) and "is-invalid" not in str(form["q"])


def test_plain_form_select_keeps_groups_and_the_chosen_option():
    form = PlainForm(data={"kind": "farm"})
    assert form.is_valid()
    html = " ".join(str(form["kind"]).split())
    assert '<option value="">Any</option>' in html
    assert '<optgroup label="Places"> <option value="city">City</option>' in html
    assert '<option value="farm" selected>Farm</option> </optgroup>' in html
    assert '<option value="x">X</option>' in html


def test_plain_form_rows_follow_the_layout_and_skip_fields_it_lacks():
    form = PlainForm()
    rows = [[(field.name, columns) for field, columns in row] for row in form.rows()]
    assert rows == [[("q", "col-6"), ("kind", "col-3")], [("day", "col-3")]]
