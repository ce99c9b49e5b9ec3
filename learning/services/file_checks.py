"""What a file is, from its content alone: the allowed types, the image, office, PDF
and text checks (zip bombs, active PDFs, markup in text), and the names a file may carry.
Never the file's name alone nor the browser's word for it."""

import mimetypes
import re
import zipfile
import zlib
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

RASTER_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


def sniff_content_type(upload) -> str:
    """The type from the content for images, from the name otherwise; never the browser's."""
    mime = _raster_type(upload)
    guessed = mimetypes.guess_type(upload.name or "")[0]
    if mime is None and guessed in RASTER_IMAGE_TYPES:
        guessed = None  # named like an image, but Pillow cannot read it as one
    return mime or guessed or "application/octet-stream"


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


ODT = "application/vnd.oasis.opendocument.text"


# Allowed type -> the file name endings that fit it (the first one names the stored file).
ATTACHMENT_TYPES: dict[str, tuple[str, ...]] = {
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg", ".jpe"),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
    "application/pdf": (".pdf",),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    PPTX: (".pptx",),
    ODT: (".odt",),
    "text/plain": (".txt", ".text"),
    "text/csv": (".csv",),
}


# Types that stand in for each other as far as the name goes (a PNG named .jpg is harmless).
_FAMILIES = (RASTER_IMAGE_TYPES, frozenset({"text/plain", "text/csv"}))


_PILLOW_FORMATS = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "GIF": "image/gif",
    "WEBP": "image/webp",
}


_OOXML_PARTS = (
    ("word/document.xml", DOCX),
    ("xl/workbook.xml", XLSX),
    ("ppt/presentation.xml", PPTX),
)


_MARKUP = (b"<script", b"<html", b"<svg", b"<!doctype", b"<iframe", b"<body", b"<?xml", b"<head")


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


ATTACHMENT_TYPES_HELP = gettext_lazy(
    "Accepted: PNG, JPEG, GIF or WebP images, PDF, Word, Excel or PowerPoint files "
    "(.docx, .xlsx, .pptx), OpenDocument text (.odt), plain text and CSV."
)


def _type_label(content_type: str) -> str:
    labels = {
        "image/png": _("a PNG image"),
        "image/jpeg": _("a JPEG image"),
        "image/gif": _("a GIF image"),
        "image/webp": _("a WebP image"),
        "application/pdf": _("a PDF document"),
        DOCX: _("a Word document"),
        XLSX: _("an Excel workbook"),
        PPTX: _("a PowerPoint presentation"),
        ODT: _("an OpenDocument text"),
        "text/plain": _("plain text"),
        "text/csv": _("plain text"),
    }
    return labels[content_type]


def attachment_base_name(name: str) -> str:
    """The uploader's file name without any folders (either slash) or control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = _CONTROL_CHARACTERS.sub("", base).strip().lstrip(".")
    return base[:255] or "file"


def _raster_type(upload) -> str | None:
    """The image type Pillow reads from the content, or None. An image of more pixels
    than Pillow's limit (a few kilobytes can claim billions: a "decompression bomb" that
    would fill the memory when a thumbnail is made) is refused outright."""
    limit = Image.MAX_IMAGE_PIXELS
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if limit and image.width * image.height > limit:  # Pillow only warns below 2x
                raise _too_many_pixels(limit)
            image.verify()
            return _PILLOW_FORMATS.get(image.format)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(limit) from error  # the warning, where warnings are errors
    except (OSError, SyntaxError, ValueError):
        return None
    finally:
        upload.seek(0)


def _too_many_pixels(limit: int | None) -> ValidationError:
    return ValidationError(
        {
            "file": _(
                "The image has too many pixels (at most %(limit)s million): make it smaller "
                "and upload it again."
            )
            % {"limit": (limit or 0) // 1_000_000}
        },
        code="too_many_pixels",
    )


def _zip_document_type(upload) -> str | None:
    """DOCX, XLSX, PPTX or ODT, told apart by the members of the archive (none extracted)."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            _refuse_zip_bomb(archive, packed=upload.size)
            names = set(archive.namelist())
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise ValidationError(
                    {
                        "file": _(
                            "Files with macros are not accepted: save it without macros "
                            "(.docx, .xlsx, .pptx) and upload it again."
                        )
                    },
                    code="macros",
                )
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    return ODT if member.read(100).strip() == ODT.encode() else None
            if "[Content_Types].xml" in names:
                return next((mime for part, mime in _OOXML_PARTS if part in names), None)
            return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError):
        return None
    except (RuntimeError, NotImplementedError, ValueError):  # encrypted or odd compression
        return None
    finally:
        upload.seek(0)


# An Office or OpenDocument file expands to a few times its size; one that would expand
# to more than this, or by more than this ratio, is a "zip bomb" (it fills the memory or
# the disk of whoever opens it, a preview or an indexer included).
ZIP_MAX_EXPANDED_BYTES = 100 * 1024 * 1024
ZIP_MAX_RATIO = 100
_ZIP_RATIO_FROM = 1024 * 1024  # a tiny file's ratio says nothing


def _refuse_zip_bomb(archive: zipfile.ZipFile, *, packed: int) -> None:
    """Refuse an archive whose members declare more than ZIP_MAX_EXPANDED_BYTES, or that
    expand more than ZIP_MAX_RATIO times (the whole, or one member against its own
    compressed size). Nothing is extracted: the members' declared sizes are read."""
    members = archive.infolist()
    expanded = sum(info.file_size for info in members)
    ratios = [
        info.file_size / max(info.compress_size, 1)
        for info in members
        if info.file_size > _ZIP_RATIO_FROM
    ]
    overall = expanded / max(packed, 1) if expanded > _ZIP_RATIO_FROM else 0
    if expanded > ZIP_MAX_EXPANDED_BYTES or max([overall, *ratios]) > ZIP_MAX_RATIO:
        raise ValidationError(
            {
                "file": _(
                    "This file would expand to %(size)s when opened (%(ratio)s times its "
                    "size): it is refused as a possible “zip bomb”. Save it again from its "
                    "program and upload that."
                )
                % {
                    "size": filesizeformat(expanded),
                    "ratio": int(max([overall, *ratios])),
                }
            },
            code="zip_bomb",
        )


# What a PDF may not contain: a script, or an action run when it is opened or viewed.
_PDF_ACTIVE = (b"/JavaScript", b"/JS", b"/OpenAction", b"/AA", b"/Launch")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_PDF_INFLATED_LIMIT = 64 * 1024 * 1024  # what the check inflates at most, all streams together


def _pdf_texts(data: bytes):
    """The PDF's bytes, then each of its compressed streams inflated (objects can hide in
    object streams), within _PDF_INFLATED_LIMIT."""
    yield data
    budget = _PDF_INFLATED_LIMIT
    for match in _PDF_STREAM.finditer(data):
        if budget <= 0:
            return
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(match.group(1), budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        yield inflated


def _refuse_active_pdf(upload) -> None:
    """Refuse a PDF with JavaScript or an automatic action (/OpenAction, /AA, /Launch),
    written plainly, with #xx escapes in the name, or inside a compressed stream."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    for text in _pdf_texts(data):
        unescaped = _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), text)
        found = next(
            (
                name
                for name in _PDF_ACTIVE
                if re.search(re.escape(name) + rb"(?![A-Za-z0-9])", unescaped)
            ),
            None,
        )
        if found is not None:
            raise ValidationError(
                {
                    "file": _(
                        "PDF files with scripts or actions that run when opened are not "
                        "accepted (this one has %(name)s). Print it to a new PDF and upload "
                        "that."
                    )
                    % {"name": found.decode()}
                },
                code="active_pdf",
            )


def _refuse_markup() -> ValidationError:
    return ValidationError(
        {"file": _("HTML, SVG and other web pages are not accepted: they can carry scripts.")},
        code="markup",
    )


def _text_type(upload, head: bytes) -> str | None:
    """Plain UTF-8 text with no web page markup anywhere in it; markup is refused outright."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n\f")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    # The whole file, not its first kilobytes: markup further down is markup too.
    if stripped.startswith(b"<") or any(marker in data.lower() for marker in _MARKUP):
        raise _refuse_markup()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if not text.strip() or _CONTROL_CHARACTERS.search(text):
        return None
    return "text/plain"


def attachment_check_content(upload) -> str:
    """The allowed type the content really is, or a ValidationError on the file.

    Images are read by Pillow, PDF by its "%PDF" magic bytes, the Office formats by the
    members of their zip, text by decoding it as UTF-8 without markup at the start.
    HTML and SVG are refused, and so is a name whose ending promises another type.
    """
    name = attachment_base_name(upload.name or "")
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if not head:
        raise ValidationError({"file": _("The file is empty.")}, code="empty")
    if head.startswith(b"%PDF"):
        _refuse_active_pdf(upload)
        content_type = "application/pdf"
    elif head.startswith(b"PK\x03\x04"):
        content_type = _zip_document_type(upload)
    else:
        content_type = _raster_type(upload) or _text_type(upload, head)
    if content_type is None:
        raise ValidationError(
            {
                "file": _("This type of file is not accepted. %(help)s")
                % {"help": ATTACHMENT_TYPES_HELP}
            },
            code="type_not_allowed",
        )
    suffix = PurePath(name).suffix.lower()
    if content_type == "text/plain" and suffix == ".csv":
        content_type = "text/csv"
    if suffix and suffix not in _fitting_suffixes(content_type):
        raise ValidationError(
            {
                "file": _(
                    "The file's name, “%(name)s”, does not match its content: %(found)s "
                    "(%(suffixes)s). Rename it or choose the right file."
                )
                % {
                    "name": name,
                    "found": _type_label(content_type),
                    "suffixes": ", ".join(ATTACHMENT_TYPES[content_type]),
                }
            },
            code="name_mismatch",
        )
    return content_type


def _fitting_suffixes(content_type: str) -> set[str]:
    family = next((f for f in _FAMILIES if content_type in f), {content_type})
    return {suffix for mime in family for suffix in ATTACHMENT_TYPES[mime]}
