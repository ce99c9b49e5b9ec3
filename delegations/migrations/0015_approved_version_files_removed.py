from django.db import migrations


class Migration(migrations.Migration):
    """The version's own file columns, copied to its renditions by 0014."""

    dependencies = [
        ("delegations", "0014_approved_renditions_from_versions"),
    ]

    operations = [
        migrations.RemoveField(model_name="approvedversion", name="html"),
        migrations.RemoveField(model_name="approvedversion", name="html_sha256"),
        migrations.RemoveField(model_name="approvedversion", name="pdf"),
        migrations.RemoveField(model_name="approvedversion", name="pdf_sha256"),
    ]
