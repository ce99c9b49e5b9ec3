"""The report as a PDF (WeasyPrint), from the same sections as the page.

Nothing is fetched over the network: stylesheets come from the static files, photos from
the storage (thumbnails of this delegation's own attachments only); any other URL is
refused. Stylesheets are read the way the site serves them: through the finders in
development, and through the static files storage once collectstatic has run (the
manifest storage's hashed names, `report_pdf.4985e4cccab0.css`, included).

Speed (issue 11: the demo report in 0.4 s; bench/report_pdf_bench.py, figures in
bench/README.md): WeasyPrint's user-agent stylesheet gives every element six
pseudo-elements (`::marker`, `::footnote-call`, `::footnote-marker`, `::note-call`,
`::note-marker`, `::note-callback`) whose styles it computes, about a fifth of a render
of the report's 800 elements. The report has no footnotes and only list items carry
markers, so the PDF uses that stylesheet with those rules narrowed (PRINT_UA_STYLESHEET).
The font configuration (Pango's font map, with its loaded fonts and shaping caches) is
kept per thread instead of being built again for every render.
"""

import re
import threading
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.urls import Resolver404, resolve
from weasyprint import CSS, HTML
from weasyprint.html import UA, UA_COUNTER_STYLE
from weasyprint.text.fonts import FontConfiguration
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


def print_user_agent_css(text: str = UA) -> str:
    """WeasyPrint's user-agent stylesheet without its rules for every element's
    pseudo-elements: markers for list items only, no footnote or note calls."""
    text = text.replace("\n::marker {", "\nli::marker {")
    return re.sub(r"\n::(?:footnote|note)-[a-z]+ \{[^}]*\}", "", text)


PRINT_UA_STYLESHEET = CSS(string=print_user_agent_css(), counter_style=UA_COUNTER_STYLE)


class PrintHTML(HTML):
    """The report's HTML for WeasyPrint, with the narrowed user-agent stylesheet.
    (`_ua_stylesheets` is WeasyPrint's own hook for it; the PDF has no form fields.)"""

    def _ua_stylesheets(self, forms=False):
        return [PRINT_UA_STYLESHEET]


_fonts = threading.local()


def font_configuration() -> FontConfiguration:
    """This thread's font configuration, built once: Pango's font map is not shared
    between threads."""
    if not hasattr(_fonts, "config"):
        _fonts.config = FontConfiguration()
    return _fonts.config


def render_pdf(html: str, *, delegation, base_url: str, static_url: str) -> bytes:
    fetcher = OfflineFetcher(delegation, static_url)
    document = PrintHTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(font_config=font_configuration())
