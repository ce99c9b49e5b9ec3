"""The report as a PDF (WeasyPrint), from the same sections as the page.

Nothing is fetched over the network: stylesheets come from the static files on disk and
photos from the storage (thumbnails of this delegation's own attachments only); any other
URL is refused.
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.urls import Resolver404, resolve
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from learning.services import attachment_thumbnail


def static_file(name: str) -> str | None:
    """The file on disk behind a static URL's name. With DEBUG off the page names the
    collected, hashed copy (app.3f2a9c.css), which only STATIC_ROOT holds; the finders
    know the source names (DEBUG on, tests)."""
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:  # "../" out of the static folders
        return None
    if found:
        return found
    collected = Path(settings.STATIC_ROOT) / name
    if collected.is_file() and collected.resolve().is_relative_to(
        Path(settings.STATIC_ROOT).resolve()
    ):
        return str(collected)
    return None


class OfflineFetcher(URLFetcher):
    def __init__(self, delegation, static_url: str):
        super().__init__(allowed_protocols=("http", "https"))
        self.photos = {photo.pk: photo for photo in delegation.photos}
        self.static_url = static_url

    def fetch(self, url, headers=None):
        path = urlsplit(url).path
        if path.startswith(self.static_url):
            found = static_file(path.removeprefix(self.static_url))
            if found:
                mime = "text/css" if found.endswith(".css") else "application/octet-stream"
                return URLFetcherResponse(
                    url, Path(found).read_bytes(), headers={"Content-Type": mime}
                )
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
