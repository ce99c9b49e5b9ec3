"""The log-in key is required and unique: two addresses that log in as one cannot both exist."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_fill_login_key")]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="login_key",
            field=models.CharField(
                editable=False,
                error_messages={"unique": "A user with this email address already exists."},
                help_text="The email address as log-ins compare it (accounts.logins.login_key).",
                max_length=254,
                unique=True,
                verbose_name="log-in key",
            ),
        ),
        migrations.AlterField(
            model_name="historicaluser",
            name="login_key",
            field=models.CharField(
                db_index=True,
                editable=False,
                error_messages={"unique": "A user with this email address already exists."},
                help_text="The email address as log-ins compare it (accounts.logins.login_key).",
                max_length=254,
                verbose_name="log-in key",
            ),
        ),
    ]
