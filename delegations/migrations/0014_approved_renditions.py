import django.db.models.deletion
from django.db import migrations, models

import delegations.models


class Migration(migrations.Migration):
    """An approved version's files move to renditions, one per language (issue 14). This
    step creates the table; 0014 copies the files' names and hashes; 0015 drops the old
    columns."""

    dependencies = [
        ("delegations", "0013_project_in_delegation_programme"),
    ]

    operations = [
        # Here, not in 0015: going back, 0014 fills the columns again before this returns.
        migrations.RemoveConstraint(
            model_name="approvedversion",
            name="delegations_approved_version_sha256",
        ),
        migrations.CreateModel(
            name="ApprovedRendition",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        choices=[("en", "English"), ("pt", "Portuguese"), ("fr", "French")],
                        max_length=8,
                        verbose_name="language",
                    ),
                ),
                (
                    "html",
                    models.FileField(
                        max_length=300,
                        upload_to=delegations.models.approved_version_upload_to,
                        verbose_name="HTML",
                    ),
                ),
                (
                    "pdf",
                    models.FileField(
                        max_length=300,
                        upload_to=delegations.models.approved_version_upload_to,
                        verbose_name="PDF",
                    ),
                ),
                (
                    "html_sha256",
                    models.CharField(max_length=64, verbose_name="SHA-256 of the HTML"),
                ),
                ("pdf_sha256", models.CharField(max_length=64, verbose_name="SHA-256 of the PDF")),
                (
                    "approved_version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="renditions",
                        to="delegations.approvedversion",
                        verbose_name="approved version",
                    ),
                ),
            ],
            options={
                "verbose_name": "approved rendition",
                "verbose_name_plural": "approved renditions",
                "ordering": ["approved_version", "language"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("approved_version", "language"),
                        name="delegations_approved_rendition_unique_language",
                        violation_error_message="This version is already stored in this language.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("language__in", ["en", "pt", "fr"])),
                        name="delegations_approved_rendition_language_offered",
                        violation_error_message="Choose one of the languages offered.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("html_sha256__regex", "^[0-9a-f]{64}$"),
                            ("pdf_sha256__regex", "^[0-9a-f]{64}$"),
                        ),
                        name="delegations_approved_rendition_sha256",
                        violation_error_message="A SHA-256 is 64 hexadecimal digits.",
                    ),
                ],
            },
        ),
    ]
