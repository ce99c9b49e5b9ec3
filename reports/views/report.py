"""The delegation report as people read it: read-only, from the recorded data only.

An approved report is served as it was stored at approval (reports.services), in the
language asked for, never rendered again: later changes in the shared directory leave it
as it was signed.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from core.views import OneObjectMixin, ScopedPermissionMixin
from delegations.enums import ReviewAction
from delegations.models import ApprovedRendition, ApprovedVersion
from delegations.selectors import delegations_for_user
from delegations.views.crumbs import delegation_crumbs
from reports.pdf_cache import prepare_soon
from reports.rendering import live_report_pdf, render_report_body
from reports.selectors import report_delegation_queryset


def current_version(delegation) -> ApprovedVersion | None:
    """The version an approved report serves: the one of its last approval; None while
    not approved, or while the worker has not stored that approval yet (an earlier
    version was approved before a reopening, so it is not what is approved now)."""
    report = delegation.report
    if not report.is_approved:
        return None
    last_approval = (
        report.events.filter(action=ReviewAction.APPROVE)
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    return (
        report.approved_versions.filter(review_event__in=last_approval)
        .select_related("approved_by")
        .first()
    )


def version_rendition(version: ApprovedVersion, language: str) -> ApprovedRendition | None:
    """The version as stored in that language; None when it was not (versions approved
    before every language was stored have only their report language's)."""
    return version.renditions.filter(language=language).first()


def read_file(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def pdf_response(pdf: bytes, delegation, *, suffix: str = "") -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    name = (slugify(delegation.title)[:80] or "report") + suffix
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Each PDF link reads in its own language ("PDF em português"); a name inside a sentence
# takes the language's own capitalisation, so each is a whole message.
PDF_LINK_LABELS = {
    "en": _("PDF in English"),
    "pt": _("PDF in Portuguese"),
    "fr": _("PDF in French"),
}


def report_languages() -> list[dict]:
    """Every language offered, named in itself, with its PDF link's label in itself."""
    languages = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            languages.append(
                {
                    "code": code,
                    "name": translation.get_language_info(code)["name_local"],
                    "pdf_label": str(PDF_LINK_LABELS.get(code, _("PDF"))),
                }
            )
    return languages


class ReportLanguageMixin:
    """The language the report is read in: `?lang=` when it names a language offered,
    else the delegation's report language, whatever the interface's. An approved version
    is stored in every language; one stored before that, read in another language than its
    own, is rendered from today's records and says so."""

    def report_language(self) -> str:
        asked = self.request.GET.get("lang", "")
        return asked if asked in dict(settings.LANGUAGES) else self.object.report_language

    def served(self) -> tuple[ApprovedVersion | None, ApprovedRendition | None]:
        """The approved version (None until stored) and its rendition in the language read
        (None when it was not stored in it)."""
        version = current_version(self.object)
        if version is None:
            return None, None
        return version, version_rendition(version, self.report_language())


class ReportView(ReportLanguageMixin, OneObjectMixin, ScopedPermissionMixin, DetailView):
    """The internal report: everything, what may not be published marked. The PDF and the
    approved version keep only what may be published (reports.rendering, `published_only`)."""

    permission_required = "delegations.view_delegation_obj"
    template_name = "reports/report.html"
    context_object_name = "delegation"

    def get_scope(self):
        return report_delegation_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delegation = self.object
        version, rendition = self.served()
        language = self.report_language()
        if rendition is not None:
            report_html = read_file(rendition.html).decode()
        else:
            # Its PDF link should find the PDF ready (reports.pdf_cache).
            prepare_soon(delegation.pk, language)
            with translation.override(language):
                report_html = render_report_body(
                    delegation, request=self.request, narrative_url=self.narrative_url()
                )
        context.update(
            rendition=rendition,
            version=version if rendition is not None else None,
            # Approved, but not stored in the language asked for (an older version).
            translated_from=version if rendition is None else None,
            report_html=report_html,
            report_language=language,
            report_languages=report_languages(),
            crumbs=delegation_crumbs(delegation, (_("Report"), "")),
        )
        return context

    def narrative_url(self) -> str:
        """Where the narrative is written (the review page), for whoever may write it now."""
        delegation = self.object
        user = self.request.user
        if delegation.report.in_writing and user.has_perm(
            "delegations.change_delegation_obj", delegation
        ):
            return reverse("reports:review", args=[delegation.pk]) + "#narrative-heading"
        return ""


class ReportPdfView(ReportLanguageMixin, OneObjectMixin, ScopedPermissionMixin, DetailView):
    """The same report as an A4 PDF: running title and status, page x of y, DRAFT until
    approved; once approved, the PDF stored at approval, byte for byte."""

    permission_required = "delegations.view_delegation_obj"

    def get_scope(self):
        return report_delegation_queryset(user=self.request.user)

    def render_to_response(self, context, **response_kwargs):
        delegation = self.object
        _version, rendition = self.served()
        if rendition is not None:
            return pdf_response(read_file(rendition.pdf), delegation)
        with translation.override(self.report_language()):
            return pdf_response(live_report_pdf(delegation), delegation)


class VersionFileView(OneObjectMixin, ScopedPermissionMixin, DetailView):
    """An approved version as stored (any of them, from the review timeline), in the
    language `?lang=` names; without it, in the report language, else the first stored."""

    permission_required = "delegations.view_delegation_obj"
    kind = "pdf"

    def get_scope(self):
        return delegations_for_user(user=self.request.user).select_related("report")

    def render_to_response(self, context, **response_kwargs):
        delegation = self.object
        version = get_object_or_404(
            ApprovedVersion, report__delegation=delegation, number=self.kwargs["number"]
        )
        rendition = self.rendition(version)
        suffix = f"-v{version.number}-{rendition.language}"
        if self.kind == "pdf":
            return pdf_response(read_file(rendition.pdf), delegation, suffix=suffix)
        if self.kind == "html":
            response = HttpResponse(
                read_file(rendition.html), content_type="text/html; charset=utf-8"
            )
            name = f"{slugify(delegation.title)[:80] or 'report'}{suffix}.html"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            response["X-Content-Type-Options"] = "nosniff"
            return response
        raise Http404

    def rendition(self, version: ApprovedVersion) -> ApprovedRendition:
        asked = self.request.GET.get("lang", "")
        if asked:
            rendition = version_rendition(version, asked)
        else:
            renditions = version.renditions.order_by("language")
            rendition = (
                renditions.filter(language=self.object.report_language).first()
                or renditions.first()
            )
        if rendition is None:
            raise Http404
        return rendition


urlpatterns: list = [
    path("delegations/<int:pk>/report/", ReportView.as_view(), name="report"),
    path("delegations/<int:pk>/report.pdf", ReportPdfView.as_view(), name="report-pdf"),
    path(
        "delegations/<int:pk>/report/v<int:number>.pdf",
        VersionFileView.as_view(kind="pdf"),
        name="report-version-pdf",
    ),
    path(
        "delegations/<int:pk>/report/v<int:number>.html",
        VersionFileView.as_view(kind="html"),
        name="report-version-html",
    ),
]
