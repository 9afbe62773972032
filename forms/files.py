"""Checking uploaded evidence by its content, and removing what could identify its author.

The bytes are judged in a child process with a memory limit and a timeout (forms.file_inspection);
this module turns its verdict into what the sender reads: which file was refused, and why, in the
sender's language.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import file_inspection
from .file_inspection import Limits, Refused

# What defenders may send, named by what the bytes are, never by the file name.
ALLOWED_TYPES = {
    file_inspection.PDF: "pdf",
    file_inspection.JPEG: "jpg",
    file_inspection.PNG: "png",
    file_inspection.DOCX: "docx",
    file_inspection.ODT: "odt",
    file_inspection.TEXT: "txt",
    file_inspection.MP3: "mp3",
    file_inspection.M4A: "m4a",
}
ALLOWED_DESCRIPTION = _("PDF, JPG, PNG, DOCX, ODT, TXT, MP3 or M4A")

# Why a file was refused, said to the sender with what they can do instead.
REFUSAL_MESSAGES = {
    Refused.TYPE: _("%(name)s is not a file type we accept. We accept %(types)s, checked by their content."),
    Refused.DAMAGED: _(
        "%(name)s seems to be damaged and cannot be opened. Save it again and attach the new copy."
    ),
    Refused.TOO_MANY_PIXELS: _(
        "%(name)s is a picture with more than %(megapixels)s million pixels. "
        "Attach a smaller copy or a screenshot."
    ),
    Refused.ARCHIVE: _(
        "%(name)s is packed in a way we cannot check safely. "
        "Save it again from your word processor, or as PDF."
    ),
    Refused.MACROS: _("%(name)s contains macros. Save it without macros, or as PDF, and attach it again."),
    Refused.EXTERNAL: _(
        "%(name)s loads content from the internet when it is opened (for example a template or a picture). "
        "Save it as PDF and attach that."
    ),
    Refused.ACTIVE_PDF: _(
        "%(name)s contains scripts, actions or other files inside it. Print it to a new PDF and attach that, "
        "and attach the other files separately."
    ),
    Refused.MARKUP: _(
        "%(name)s is a web page, a drawing in code or a script, not plain text. Save it as PDF, or paste "
        "the text into your message."
    ),
    Refused.TOO_COMPLEX: _(
        "%(name)s is too large or too complex to check. Attach a smaller or simpler copy."
    ),
}


@dataclass
class CheckedFile:
    name: str
    content_type: str
    data: bytes


class RefusedFile(Exception):
    def __init__(self, name, reason):
        super().__init__(name, reason)
        self.name, self.reason = name, reason

    @property
    def message(self):
        return REFUSAL_MESSAGES.get(self.reason, REFUSAL_MESSAGES[Refused.TYPE]) % {
            "name": self.name,
            "types": ALLOWED_DESCRIPTION,
            "megapixels": upload_limits().max_image_pixels // 1_000_000,
        }


def upload_limits(seconds=None):
    return Limits(
        max_image_pixels=settings.UPLOAD_MAX_IMAGE_PIXELS,
        memory_bytes=settings.UPLOAD_CHECK_MEMORY,
        timeout_seconds=settings.UPLOAD_CHECK_SECONDS if seconds is None else seconds,
    )


def display_name(uploaded):
    return (uploaded.name or "file").replace("/", "_").replace("\\", "_")[:150]


def check_upload(uploaded, seconds=None) -> CheckedFile:
    """Read an in-memory upload, check its real type and strip metadata; raise RefusedFile if not allowed.

    `seconds` caps the time of this file's check below UPLOAD_CHECK_SECONDS (what is left of the request's).
    """
    name = display_name(uploaded)
    data = uploaded.read()
    try:
        inspection = file_inspection.inspect_bounded(data, upload_limits(seconds))
    except Refused as refusal:
        raise RefusedFile(name, refusal.reason) from None
    if inspection.content_type not in ALLOWED_TYPES:
        raise RefusedFile(name, Refused.TYPE)
    return CheckedFile(name=name, content_type=inspection.content_type, data=inspection.cleaned or data)


def accepted_files_hint():
    """What the file field accepts, in the reader's language: types, size and number."""
    count = settings.UPLOAD_MAX_FILES
    return ngettext(
        "Up to %(count)s file of at most %(size)s: %(types)s.",
        "Up to %(count)s files, each at most %(size)s: %(types)s.",
        count,
    ) % {"count": count, "size": filesizeformat(settings.UPLOAD_MAX_FILE_SIZE), "types": ALLOWED_DESCRIPTION}
