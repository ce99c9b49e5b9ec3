from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import choices_check

SHA256 = r"^[0-9a-f]{64}$"


class RedactionAction(models.TextChoices):
    RERENDERED = "rerendered", _("Re-rendered without the person")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class VersionRedaction(models.Model):
    """That an approved report version, in one language, which printed an erased person was
    re-rendered without them, or withdrawn (reports.personal_data): which report, version
    and language, why
    (the erasure), when, and the SHA-256 of the files before and after. No personal data.
    A re-rendered version is stored again under the same number and approval, with new
    files and hashes; a withdrawn one (superseded by a later approval, or of a report
    reopened since) is deleted with its files, since its content can't be rendered again."""

    report = models.ForeignKey(
        "delegations.Report",
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="version_redactions",
    )
    number = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    erasure = models.ForeignKey(
        "officials.Erasure",
        verbose_name=_("erasure"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    action = models.CharField(_("what was done"), max_length=20, choices=RedactionAction.choices)
    done_at = models.DateTimeField(_("done at"), auto_now_add=True)
    previous_html_sha256 = models.CharField(_("SHA-256 of the HTML before"), max_length=64)
    previous_pdf_sha256 = models.CharField(_("SHA-256 of the PDF before"), max_length=64)
    html_sha256 = models.CharField(_("SHA-256 of the new HTML"), max_length=64, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the new PDF"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("approved version redaction")
        verbose_name_plural = _("approved version redactions")
        ordering = ["-done_at", "pk"]
        constraints = [
            choices_check("action", RedactionAction, "reports_version_redaction_action_valid"),
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="reports_version_redaction_language_offered",
                violation_error_message=_("Choose one of the languages offered."),
            ),
            models.CheckConstraint(
                condition=Q(previous_html_sha256__regex=SHA256)
                & Q(previous_pdf_sha256__regex=SHA256),
                name="reports_version_redaction_previous_sha256",
                violation_error_message=_("A SHA-256 is 64 hexadecimal digits."),
            ),
            # Re-rendered: new hashes; withdrawn: none.
            models.CheckConstraint(
                condition=(
                    Q(action=RedactionAction.RERENDERED)
                    & Q(html_sha256__regex=SHA256)
                    & Q(pdf_sha256__regex=SHA256)
                )
                | (Q(action=RedactionAction.WITHDRAWN) & Q(html_sha256="") & Q(pdf_sha256="")),
                name="reports_version_redaction_new_sha256_when_rerendered",
                violation_error_message=_(
                    "A re-rendered version has the new files' hashes; a withdrawn one none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return _("Version %(number)s (%(language)s) of %(report)s: %(action)s") % {
            "number": self.number,
            "language": self.get_language_display(),
            "report": self.report,
            "action": self.get_action_display(),
        }
