from django.db import migrations


def versions_to_renditions(apps, schema_editor):
    """Each version stored before renditions existed keeps its files as one rendition, in
    its delegation's report language (the language it was stored in)."""
    ApprovedVersion = apps.get_model("delegations", "ApprovedVersion")
    ApprovedRendition = apps.get_model("delegations", "ApprovedRendition")
    versions = ApprovedVersion.objects.select_related("report__delegation")
    ApprovedRendition.objects.bulk_create(
        ApprovedRendition(
            approved_version=version,
            language=version.report.delegation.report_language,
            html=version.html.name,
            pdf=version.pdf.name,
            html_sha256=version.html_sha256,
            pdf_sha256=version.pdf_sha256,
        )
        for version in versions.iterator()
    )


def renditions_to_versions(apps, schema_editor):
    """Back: each version takes the files of its rendition in the report language (else its
    first one); the other languages' rows go with the table."""
    ApprovedVersion = apps.get_model("delegations", "ApprovedVersion")
    for version in ApprovedVersion.objects.select_related("report__delegation").iterator():
        renditions = version.renditions.order_by("language")
        rendition = (
            renditions.filter(language=version.report.delegation.report_language).first()
            or renditions.first()
        )
        if rendition is None:
            continue
        version.html = rendition.html.name
        version.pdf = rendition.pdf.name
        version.html_sha256 = rendition.html_sha256
        version.pdf_sha256 = rendition.pdf_sha256
        version.save(update_fields=["html", "pdf", "html_sha256", "pdf_sha256"])


class Migration(migrations.Migration):
    dependencies = [
        ("delegations", "0014_approved_renditions"),
    ]

    operations = [
        migrations.RunPython(versions_to_renditions, renditions_to_versions),
    ]
