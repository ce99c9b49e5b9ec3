"""The log-in key column (accounts.logins.login_key), empty at first: 0004 fills it,
0005 makes it required and unique."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_administrators_group")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="login_key",
            field=models.CharField(editable=False, max_length=254, null=True),
        ),
        migrations.AddField(
            model_name="historicaluser",
            name="login_key",
            field=models.CharField(editable=False, max_length=254, null=True),
        ),
    ]
