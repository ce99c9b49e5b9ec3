"""The report as a PDF (WeasyPrint), from the same sections as the page.

Nothing is fetched over the network: stylesheets come from the static files, photos from
the storage (thumbnails of this delegation's own attachments only); any other URL is
refused. Stylesheets are read the way the site serves them: through the finders in
development, and through the static files storage once collectstatic has run (the
manifest storage's hashed names, `report_pdf.4985e4cccab0.css`, included).
"""

from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.urls import Resolver404, resolve
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from learning.enums import AttachmentKind
from learning.services import attachment_thumbnail

MIME_TYPES = {".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml"}


def read_static(name: str) -> bytes | None:
    """A static file's bytes by the name its URL carries, hashed or not; None if unknown."""
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:  # "../" out of the static folders
        return None
    if found:
        with open(found, "rb") as handle:
            return handle.read()
    try:
        if staticfiles_storage.exists(name):
            with staticfiles_storage.open(name) as handle:
                return handle.read()
    except (OSError, ValueError):  # outside STATIC_ROOT, or a storage without that file
        return None
    return None


class OfflineFetcher(URLFetcher):
    def __init__(self, delegation, static_url: str):
        super().__init__(allowed_protocols=("http", "https"))
        self.photos = {
            attachment.pk: attachment
            for attachment in delegation.attachments.all()
            if attachment.kind == AttachmentKind.PHOTO
        }
        self.static_url = static_url

    def fetch(self, url, headers=None):
        path = unquote(urlsplit(url).path)
        if path.startswith(self.static_url):
            name = path.removeprefix(self.static_url)
            body = read_static(name)
            if body is not None:
                mime = next(
                    (mime for suffix, mime in MIME_TYPES.items() if name.endswith(suffix)),
                    "application/octet-stream",
                )
                return URLFetcherResponse(url, body, headers={"Content-Type": mime})
        else:
            try:
                match = resolve(path)
            except Resolver404:
                match = None
            if match and match.view_name == "learning:attachment-thumbnail":
                photo = self.photos.get(int(match.kwargs["pk"]))
                if photo is not None:
                    body = attachment_thumbnail(attachment=photo)
                    return URLFetcherResponse(url, body, headers={"Content-Type": "image/jpeg"})
        raise ValueError(f"Not fetched for the PDF (no network): {url}")


def render_pdf(html: str, *, delegation, base_url: str, static_url: str) -> bytes:
    fetcher = OfflineFetcher(delegation, static_url)
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
