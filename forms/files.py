"""Checking uploaded evidence by its content, and removing what could identify its author."""

import io
import zipfile
from dataclasses import dataclass

import filetype
from django.utils.translation import gettext_lazy as _
from PIL import Image

# What defenders may send, named by what the bytes are, never by the file name.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
    "text/plain": "txt",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
}
ALLOWED_DESCRIPTION = _("PDF, JPG, PNG, DOCX, ODT, TXT, MP3 or M4A")


@dataclass
class CheckedFile:
    name: str
    content_type: str
    data: bytes


class RefusedFile(Exception):
    pass


def detect_type(data: bytes):
    if data.startswith(b"PK\x03\x04"):
        return detect_office_document(data)
    kind = filetype.guess(data)
    if kind is not None:
        if kind.mime in ("audio/mpeg", "image/jpeg", "image/png", "application/pdf"):
            return kind.mime
        if kind.mime in ("audio/x-m4a", "audio/m4a", "video/mp4", "audio/mp4") and data[8:11] == b"M4A":
            return "audio/mp4"
        return None
    if looks_like_text(data):
        return "text/plain"
    return None


def detect_office_document(data: bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if (
                "mimetype" in names
                and archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text"
            ):
                return "application/vnd.oasis.opendocument.text"
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return None
    return None


def looks_like_text(data: bytes):
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def strip_image_metadata(data: bytes, content_type: str) -> bytes:
    """Re-encode the pixels alone: EXIF (GPS position, camera serial, dates) and other chunks are dropped."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        # A new image from the pixel bytes alone carries none of the original's info dictionary.
        clean = Image.frombytes(image.mode, image.size, image.tobytes())
        if image.mode == "P" and image.getpalette():
            clean.putpalette(image.getpalette())
        if content_type == "image/jpeg" and clean.mode not in ("RGB", "L", "CMYK"):
            clean = clean.convert("RGB")
        output = io.BytesIO()
        if content_type == "image/jpeg":
            clean.save(output, format="JPEG", quality=90)
        else:
            clean.save(output, format="PNG")
        return output.getvalue()


def check_upload(uploaded) -> CheckedFile:
    """Read an in-memory upload, check its real type and strip metadata; raise RefusedFile if not allowed."""
    data = uploaded.read()
    content_type = detect_type(data)
    if content_type not in ALLOWED_TYPES:
        raise RefusedFile(uploaded.name)
    if content_type in ("image/jpeg", "image/png"):
        try:
            data = strip_image_metadata(data, content_type)
        # Pillow reports a damaged image in many ways (a broken PNG raises SyntaxError).
        except (
            OSError,
            ValueError,
            SyntaxError,
            EOFError,
            IndexError,
            Image.DecompressionBombError,
        ) as error:
            raise RefusedFile(uploaded.name) from error
    name = (uploaded.name or "file").replace("/", "_").replace("\\", "_")[:150]
    return CheckedFile(name=name, content_type=content_type, data=data)
