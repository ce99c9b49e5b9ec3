from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("delegations", "0005_fill_destination_order_and_senders")]

    operations = [
        migrations.RemoveField(
            model_name="delegation",
            name="sending_organisation",
        ),
        migrations.RemoveField(
            model_name="historicaldelegation",
            name="sending_organisation",
        ),
    ]
