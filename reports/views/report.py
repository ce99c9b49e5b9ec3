"""The delegation report as people read it: read-only, from the recorded data only."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import path
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from core.views import OneObjectMixin, ScopedPermissionMixin
from delegations.enums import ReportStatus
from delegations.views.crumbs import delegation_crumbs
from itinerary.selectors import itinerary_days
from reports import figures
from reports.pdf import render_pdf
from reports.selectors import (
    beneficiary_groups,
    learning_chain,
    organisations_engaged,
    report_delegation_queryset,
    site_visits,
)

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


class ReportView(OneObjectMixin, ScopedPermissionMixin, DetailView):
    permission_required = "delegations.view_delegation_obj"
    template_name = "reports/report.html"
    context_object_name = "delegation"

    def report_language(self) -> str:
        """The language the report is read in: `?lang=` when it names a language offered,
        else the delegation's report language. Whatever the interface language is."""
        asked = self.request.GET.get("lang", "")
        return asked if asked in dict(settings.LANGUAGES) else self.object.report_language

    def get_scope(self):
        return report_delegation_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delegation = self.object
        items = list(delegation.itinerary_items.all())
        members = list(delegation.members.all())
        context.update(
            report_language=self.report_language(),
            report_languages=report_languages(),
            report=delegation.report,
            members=members,
            support_team=list(delegation.support_team.all()),
            days=itinerary_days(delegation, items),
            organisation_groups=organisations_engaged(delegation),
            sites=site_visits(delegation),
            chains=learning_chain(delegation),
            highlights=[h for h in delegation.highlights.all() if h.kind != "lesson"],
            lessons=[h for h in delegation.highlights.all() if h.kind == "lesson"],
            follow_ups=list(delegation.follow_ups.all()),
            photos=delegation.photos,
            member_figures=figures.members_by_gender(members),
            counterpart_figures=figures.counterparts_by_gender(items),
            beneficiary_figures=figures.beneficiary_figures(beneficiary_groups(delegation)),
            crumbs=delegation_crumbs(delegation, (_("Report"), "")),
        )
        return context


class ReportPdfView(ReportView):
    """The same report as an A4 PDF: running title, page numbers, DRAFT until approved."""

    template_name = "reports/report_pdf.html"

    def render_to_response(self, context, **response_kwargs):
        delegation = self.object
        context["draft"] = delegation.report.status != ReportStatus.APPROVED
        with translation.override(context["report_language"]):
            html = render_to_string(self.template_name, context, request=self.request)
        pdf = render_pdf(
            html,
            delegation=delegation,
            base_url=self.request.build_absolute_uri("/"),
            static_url=settings.STATIC_URL
            if settings.STATIC_URL.startswith("/")
            else f"/{settings.STATIC_URL}",
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        name = slugify(delegation.title)[:80] or "report"
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        response["X-Content-Type-Options"] = "nosniff"
        return response


urlpatterns: list = [
    path("delegations/<int:pk>/report/", ReportView.as_view(), name="report"),
    path("delegations/<int:pk>/report.pdf", ReportPdfView.as_view(), name="report-pdf"),
]
