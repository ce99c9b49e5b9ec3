"""Data: number the destinations in the order they were added, and move each delegation's
single sending organisation, and the same column of its history rows, into the new
many-to-many `sending_organisations`."""

from django.db import migrations


def forwards(apps, schema_editor):
    Destination = apps.get_model("delegations", "DelegationDestination")
    order: dict[int, int] = {}
    for link in Destination.objects.order_by("delegation_id", "pk").only("pk", "delegation_id"):
        position = order.get(link.delegation_id, 0)
        order[link.delegation_id] = position + 1
        if position:
            Destination.objects.filter(pk=link.pk).update(order=position)

    Delegation = apps.get_model("delegations", "Delegation")
    Through = Delegation.sending_organisations.through
    Through.objects.bulk_create(
        Through(delegation_id=pk, organisation_id=organisation_id)
        for pk, organisation_id in Delegation.objects.filter(
            sending_organisation__isnull=False
        ).values_list("pk", "sending_organisation_id")
    )
    # A history row names the link row it copied; one since replaced has none left: 0.
    link_ids = {
        (delegation_id, organisation_id): pk
        for pk, delegation_id, organisation_id in Through.objects.values_list(
            "pk", "delegation_id", "organisation_id"
        )
    }
    Historical = apps.get_model("delegations", "HistoricalDelegation")
    HistoricalSenders = apps.get_model("delegations", "HistoricalDelegation_sending_organisations")
    HistoricalSenders.objects.bulk_create(
        HistoricalSenders(
            id=link_ids.get((pk, organisation_id), 0),
            history_id=history_id,
            delegation_id=pk,
            organisation_id=organisation_id,
        )
        for history_id, pk, organisation_id in Historical.objects.filter(
            sending_organisation__isnull=False
        ).values_list("history_id", "id", "sending_organisation_id")
    )


def backwards(apps, schema_editor):
    """The first sending organisation goes back into the single column."""
    Delegation = apps.get_model("delegations", "Delegation")
    Through = Delegation.sending_organisations.through
    for link in Through.objects.order_by("delegation_id", "pk"):
        Delegation.objects.filter(pk=link.delegation_id, sending_organisation__isnull=True).update(
            sending_organisation_id=link.organisation_id
        )


class Migration(migrations.Migration):
    dependencies = [("delegations", "0004_destinations_in_order")]

    operations = [migrations.RunPython(forwards, backwards)]
