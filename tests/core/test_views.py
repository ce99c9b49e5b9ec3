"""ServiceFormMixin: the service saves once; its refusal lands on the form."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.views.generic.edit import FormView

from core.views import ServiceFormMixin


class NameForm(forms.Form):
    name = forms.CharField()


class Recorder(ServiceFormMixin, FormView):
    form_class = NameForm
    template_name = "base.html"
    success_url = "/done/"
    success_message = "Saved %(name)s."
    calls: list = []

    def perform(self, form):
        self.calls.append(form.cleaned_data["name"])
        if form.cleaned_data["name"] == "bad":
            raise ValidationError({"name": "Not that one.", "other": "On top."})
        return object()


def post(name: str, calls: list):
    request = RequestFactory().post("/", {"name": name})
    request.session = {}
    request._messages = FallbackStorage(request)
    return request, Recorder.as_view(calls=calls)(request)


def test_service_form_saves_once_and_says_so():
    calls = []
    request, response = post("Elungata", calls)
    assert calls == ["Elungata"]
    assert (response.status_code, response["Location"]) == (302, "/done/")
    assert [str(m) for m in get_messages(request)] == ["Saved Elungata."]


def test_service_refusal_rerenders_the_form_with_the_errors(db):
    calls = []
    _request, response = post("bad", calls)
    assert response.status_code == 200
    form = response.context_data["form"]
    assert form.errors["name"] == ["Not that one."]
    assert form.non_field_errors() == ["On top."]
    assert form.data["name"] == "bad"
