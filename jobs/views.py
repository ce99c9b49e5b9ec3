"""A large export's page: its progress while the worker writes it, then the download.
Only the user who asked sees either (404 for anyone else); the file is streamed from the
storage through this check, never from a public address."""

from pathlib import PurePath

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.urls import path
from django.views import View
from django.views.generic import DetailView

from jobs.models import ExportJob, ExportStatus


class ExportJobScopeMixin(LoginRequiredMixin):
    def get_queryset(self):
        return ExportJob.objects.filter(user=self.request.user)


class ExportJobDetailView(ExportJobScopeMixin, DetailView):
    template_name = "jobs/exportjob_detail.html"
    context_object_name = "job"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response


class ExportJobDownloadView(ExportJobScopeMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request, pk):
        job = self.get_queryset().filter(pk=pk, status=ExportStatus.DONE).first()
        if job is None:
            raise Http404("No finished export here.")
        response = FileResponse(
            job.file.open("rb"),
            as_attachment=True,
            filename=job.file_name or PurePath(job.file.name).name,
        )
        response["Cache-Control"] = "private, no-store"
        return response


app_name = "jobs"
urlpatterns = [
    path("exports/<uuid:pk>/", ExportJobDetailView.as_view(), name="export"),
    path("exports/<uuid:pk>/download/", ExportJobDownloadView.as_view(), name="export-download"),
]
