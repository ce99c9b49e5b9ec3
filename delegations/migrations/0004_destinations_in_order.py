"""Destinations keep the order of travel: the many-to-many's own table becomes the table of
a through model, DelegationDestination, with an `order` column (0005 fills it in the order
the rows were added). Rows and history are kept."""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "delegations_delegation_destinations"
UNIQUE = "delegations_destination_unique_place"


def drop_old_unique(apps, schema_editor):
    """The pair (delegation, place) was unique under a generated name; the model names it."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    for name, info in constraints.items():
        if (
            info["unique"]
            and not info["primary_key"]
            and sorted(info["columns"])
            == [
                "delegation_id",
                "place_id",
            ]
        ):
            if connection.vendor == "postgresql":
                schema_editor.execute(
                    f"ALTER TABLE {schema_editor.quote_name(TABLE)} "
                    f"DROP CONSTRAINT {schema_editor.quote_name(name)}"
                )
            else:
                schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [
        ("delegations", "0003_legs_projects_sides"),
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DelegationDestination",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "delegation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="delegations.delegation",
                                verbose_name="delegation",
                            ),
                        ),
                        (
                            "place",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="places.place",
                                verbose_name="place",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "destination",
                        "verbose_name_plural": "destinations",
                        "db_table": TABLE,
                        "ordering": ["delegation", "order", "pk"],
                    },
                ),
                migrations.AlterField(
                    model_name="delegation",
                    name="destinations",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="delegations",
                        through="delegations.DelegationDestination",
                        to="places.place",
                        verbose_name="destinations",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="delegationdestination",
            name="order",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="order of travel"),
        ),
        migrations.RunPython(drop_old_unique, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="delegationdestination",
            constraint=models.UniqueConstraint(
                fields=("delegation", "place"),
                name=UNIQUE,
                violation_error_message="This place is already a destination.",
            ),
        ),
        migrations.AddField(
            model_name="historicaldelegation_destinations",
            name="order",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="order of travel"),
        ),
        migrations.AlterField(
            model_name="historicaldelegation_destinations",
            name="delegation",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="delegations.delegation",
                verbose_name="delegation",
            ),
        ),
        migrations.AlterField(
            model_name="historicaldelegation_destinations",
            name="place",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="places.place",
                verbose_name="place",
            ),
        ),
    ]
