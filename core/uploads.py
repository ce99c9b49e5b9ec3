"""Request size: a body larger than the site takes is refused before it is read.

`LimitedUploadHandler` comes first in FILE_UPLOAD_HANDLERS: Django's multipart parser
asks it before reading the body, and a Content-Length above REQUEST_MAX_BYTES stops the
upload there (RequestDataTooBig), so a 60 MB post costs nothing to refuse. Bodies that
are not multipart (forms, JSON) have DATA_UPLOAD_MAX_MEMORY_SIZE, which Django checks the
same way. Either refusal answers 413 with a page that says what the limit is
(`request_too_large`, wired as the project's handler400). The reverse proxy in front
should refuse the same size (README, "Request size").
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.views.defaults import bad_request


class LimitedUploadHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > settings.REQUEST_MAX_BYTES:
            raise RequestDataTooBig(
                f"Request body of {content_length} bytes exceeds REQUEST_MAX_BYTES."
            )

    def receive_data_chunk(self, raw_data, start):
        return raw_data  # the next handler stores it

    def file_complete(self, file_size):
        return None


def request_too_large(request, exception=None, template_name="400.html"):
    """The project's handler400: a body over the limit reads as 413 and says the limit;
    any other bad request is Django's 400."""
    if isinstance(exception, RequestDataTooBig):
        context = {"limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}
        return render(request, "413.html", context, status=413)
    return bad_request(request, exception, template_name=template_name)
