"""The database holds "a delegation's project belongs to the delegation's programme".

PostgreSQL: a unique constraint on the project's (id, programme_id), which a composite
foreign key from the delegation's (project_id, programme_id) references. A delegation
without a project (project_id NULL) is not checked (MATCH SIMPLE). The key is DEFERRABLE,
INITIALLY IMMEDIATE: a bad row fails at its statement, and a transaction that moves a
project and its delegations to another programme together runs
`SET CONSTRAINTS delegations_delegation_project_in_programme DEFERRED` first. Changing a
project's programme while delegations of the old one use it is refused (NO ACTION).

Neither is declared on the models: Django has no composite foreign key, and the unique
pair cannot be broken (id is the primary key), so it would be a model constraint no
test could violate. Both live here only; `makemigrations` does not see them.

SQLite (`make run`, the demo) is skipped on purpose. It cannot add a constraint to an
existing table, and triggers in its place break Django's own SQLite migrations: Django
rebuilds a table to alter it (create new__x, copy, drop x, rename), and a trigger on
delegations_delegation that reads partners_project makes the rename of a rebuilt
partners_project fail ("error in trigger …: no such table"), while a rebuilt
delegations_delegation silently loses its triggers. On SQLite the rule is held by the
form and the services (delegation_create, delegation_update, project_save), as before.
"""

from django.db import migrations

UNIQUE = "partners_project_id_programme_key"
FOREIGN_KEY = "delegations_delegation_project_in_programme"

FORWARD = [
    f"ALTER TABLE partners_project ADD CONSTRAINT {UNIQUE} UNIQUE (id, programme_id)",
    f"ALTER TABLE delegations_delegation ADD CONSTRAINT {FOREIGN_KEY} "
    "FOREIGN KEY (project_id, programme_id) REFERENCES partners_project (id, programme_id) "
    "ON UPDATE NO ACTION ON DELETE NO ACTION DEFERRABLE INITIALLY IMMEDIATE",
]
BACKWARD = [
    f"ALTER TABLE delegations_delegation DROP CONSTRAINT {FOREIGN_KEY}",
    f"ALTER TABLE partners_project DROP CONSTRAINT {UNIQUE}",
]


def _mismatched(schema_editor) -> list[tuple]:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.id, d.title, d.programme_id, p.id, p.programme_id "
            "FROM delegations_delegation d JOIN partners_project p ON p.id = d.project_id "
            "WHERE p.programme_id <> d.programme_id ORDER BY d.id"
        )
        return cursor.fetchall()


def add_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite: see the module's docstring
    mismatched = _mismatched(schema_editor)
    if mismatched:
        rows = "; ".join(
            f"delegation {pk} “{title}” (programme {programme}) has project {project} "
            f"(programme {project_programme})"
            for pk, title, programme, project, project_programme in mismatched
        )
        raise RuntimeError(
            "Cannot add the rule that a delegation's project belongs to its programme: "
            f"{rows}. Choose another project or none for these delegations, then migrate."
        )
    for statement in FORWARD:
        schema_editor.execute(statement)


def drop_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("delegations", "0012_leg_versioned"),
        ("partners", "0005_project_versioned"),
    ]

    operations = [
        migrations.RunPython(add_constraints, drop_constraints, elidable=False),
    ]
