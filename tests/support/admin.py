"""Helpers the admin tests share."""

from django.db.models import Model
from django.urls import reverse


def admin_url(model: type[Model], view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def change_url(obj: Model) -> str:
    return admin_url(type(obj), "change", obj.pk)


def management_data(client, url: str) -> dict[str, str]:
    """Empty management forms for every inline of an admin add or change page."""
    response = client.get(url)
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]
