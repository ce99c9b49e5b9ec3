from django.urls import path

from visits import views

app_name = "visits"

urlpatterns = [
    path(
        "attachments/<int:pk>/download/",
        views.AttachmentDownloadView.as_view(),
        name="attachment-download",
    ),
]
