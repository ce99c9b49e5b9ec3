from django.db import migrations, models

import delegations.models


class Migration(migrations.Migration):
    """The version's own file columns, copied to its renditions by 0014. Each first takes
    an empty default (no change in the database) so that going back can add it again to
    existing rows, which 0014 then fills."""

    dependencies = [
        ("delegations", "0015_approved_renditions_from_versions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="approvedversion",
            name="html",
            field=models.FileField(
                default="",
                max_length=300,
                upload_to=delegations.models.approved_version_upload_to,
                verbose_name="HTML",
            ),
        ),
        migrations.AlterField(
            model_name="approvedversion",
            name="pdf",
            field=models.FileField(
                default="",
                max_length=300,
                upload_to=delegations.models.approved_version_upload_to,
                verbose_name="PDF",
            ),
        ),
        migrations.AlterField(
            model_name="approvedversion",
            name="html_sha256",
            field=models.CharField(default="", max_length=64, verbose_name="SHA-256 of the HTML"),
        ),
        migrations.AlterField(
            model_name="approvedversion",
            name="pdf_sha256",
            field=models.CharField(default="", max_length=64, verbose_name="SHA-256 of the PDF"),
        ),
        migrations.RemoveField(model_name="approvedversion", name="html"),
        migrations.RemoveField(model_name="approvedversion", name="html_sha256"),
        migrations.RemoveField(model_name="approvedversion", name="pdf"),
        migrations.RemoveField(model_name="approvedversion", name="pdf_sha256"),
    ]
