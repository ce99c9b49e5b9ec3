from django import forms
from django.core.exceptions import ValidationError

from core.forms import add_service_error


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
