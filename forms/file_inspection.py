"""Judging an uploaded file by its bytes, in a child process that may use only so much memory and time.

Everything a stranger uploads is parsed here: ZIP directories (DOCX, ODT), image headers and pixels
(Pillow), PDF objects. Each check is bounded before it reads (declared sizes, pixel counts, inflation
budgets), and the whole inspection runs in a child process under `RLIMIT_AS`, `RLIMIT_CPU` and a
wall-clock timeout, so a decoder bug or a bomb that slips past a bound costs one short-lived child,
never the web worker. The bytes travel over pipes: nothing is written to disk in clear.

Files that need no parser (text, MP3, M4A, unknown types) are judged in the web process by
`quick_verdict`, which reads magic numbers and walks text once; ZIP, JPEG, PNG and PDF go to a child.
This module imports nothing from Django or the project: the child is this file run by path
(`python -I forms/file_inspection.py`). One spare child per web process waits, its imports done,
and is replaced as soon as it is taken, so starting an interpreter is off the sender's clock. (A
forkserver would start faster, but multiprocessing re-runs the parent's `__main__` in every child.)
"""

import codecs
import contextlib
import dataclasses
import io
import json
import math
import os
import re
import resource
import struct
import subprocess
import sys
import threading
import warnings
import zipfile
import zlib
from dataclasses import dataclass

import filetype
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from PIL import Image, ImageOps

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
TEXT = "text/plain"
MP3 = "audio/mpeg"
M4A = "audio/mp4"


class Refused(Exception):
    """The file is not accepted; `reason` is one of the codes below, which forms.files explains."""

    # The bytes are none of the accepted types.
    TYPE = "type"
    # It claims a type but cannot be read as one.
    DAMAGED = "damaged"
    # An image with more pixels than the limit.
    TOO_MANY_PIXELS = "too_many_pixels"
    # A ZIP packed in a way we do not open: unusual compression, too many entries, too large unpacked.
    ARCHIVE = "archive"
    # An office document with macros.
    MACROS = "macros"
    # An office document that loads something from elsewhere when opened (template, picture, frame).
    EXTERNAL = "external"
    # A PDF with scripts, launch actions or embedded files.
    ACTIVE_PDF = "active_pdf"
    # A "text" file that is HTML, SVG or a script.
    MARKUP = "markup"
    # The check ran out of its memory or time.
    TOO_COMPLEX = "too_complex"

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Limits:
    max_image_pixels: int = 25_000_000
    zip_max_entries: int = 2_000
    zip_max_entry_size: int = 64 * 1024 * 1024
    zip_max_total_size: int = 256 * 1024 * 1024
    xml_part_max_size: int = 2 * 1024 * 1024
    pdf_max_inflated: int = 64 * 1024 * 1024
    pdf_max_depth: int = 256
    # The child's address space beyond what it maps once started (interpreter, libraries).
    memory_bytes: int = 512 * 1024 * 1024
    timeout_seconds: float = 5.0


@dataclass(frozen=True)
class Inspection:
    content_type: str
    # Cleaned bytes (images re-encoded without metadata), or None when the original is kept as it is.
    cleaned: bytes | None = None


def quick_verdict(data: bytes):
    """The verdict for files that need no parser — text, MP3, M4A, or a type we do not take — else None.

    Safe in the web process: it reads the magic numbers at the start (filetype looks at 8 KB) and, for
    text, walks the bytes once without copying them. Only ZIP, JPEG, PNG and PDF go to a child.
    """
    if data.startswith(b"PK\x03\x04"):
        return None
    kind = filetype.guess(data)
    if kind is None:
        inspect_text(data)
        return Inspection(TEXT)
    if kind.mime in (JPEG, PNG, PDF):
        return None
    if kind.mime == MP3:
        return Inspection(MP3)
    if kind.mime in ("audio/x-m4a", "audio/m4a", "video/mp4", "audio/mp4") and data[8:11] == b"M4A":
        return Inspection(M4A)
    raise Refused(Refused.TYPE)


def inspect(data: bytes, limits: Limits = Limits()) -> Inspection:
    """Name the file's real type and clean it, or raise Refused. The parsers run here: call it in a child."""
    verdict = quick_verdict(data)
    if verdict is not None:
        return verdict
    if data.startswith(b"PK\x03\x04"):
        return Inspection(inspect_office_document(data, limits))
    content_type = filetype.guess(data).mime
    if content_type == PDF:
        inspect_pdf(data, limits)
        return Inspection(PDF)
    return Inspection(content_type, clean_image(data, content_type, limits))


def inspect_bounded(data: bytes, limits: Limits = Limits()) -> Inspection:
    """What the web process calls: no parser runs in it; whatever needs one is judged in a child."""
    verdict = quick_verdict(data)
    return verdict if verdict is not None else inspect_in_child(data, limits)


# Text -------------------------------------------------------------------------------------------

# What a browser or an editor would run or render rather than show: a web page, an SVG, a script.
MARKUP_PATTERN = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|style|link|form|\?xml)\b"
    rb"|<\s*[a-z]+[^>]{0,200}\son[a-z]+\s*=",
    re.IGNORECASE,
)


def inspect_text(data):
    if b"\x00" in data:
        raise Refused(Refused.TYPE)
    # UTF-8 checked in slices, so no decoded copy of the whole file is ever made.
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(view), 65_536):
            decoder.decode(view[start : start + 65_536])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise Refused(Refused.TYPE) from None
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"#!") or MARKUP_PATTERN.search(data):
        raise Refused(Refused.MARKUP)


# Office documents (ZIP) -------------------------------------------------------------------------

END_OF_DIRECTORY = b"PK\x05\x06"
ZIP64_LOCATOR = b"PK\x06\x07"


def declared_entry_count(data):
    """The entry count in the end-of-directory record, read before zipfile builds one object per entry."""
    position = data.rfind(END_OF_DIRECTORY, max(0, len(data) - 65_557))
    if position < 0 or len(data) < position + 22:
        raise Refused(Refused.DAMAGED)
    if data.rfind(ZIP64_LOCATOR, max(0, position - 20), position) >= 0:
        raise Refused(Refused.ARCHIVE)  # no office suite needs ZIP64 for a 10 MB document
    (total_entries,) = struct.unpack_from("<H", data, position + 10)
    return total_entries


def read_entry(archive, info, limit):
    """An entry's bytes, never more than `limit`, whatever the entry claims."""
    with archive.open(info) as handle:
        content = handle.read(limit + 1)
    if len(content) > limit:
        raise Refused(Refused.ARCHIVE)
    return content


def inspect_office_document(data, limits):
    if declared_entry_count(data) > limits.zip_max_entries:
        raise Refused(Refused.ARCHIVE)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            # Judge every entry by what it declares before a single byte is inflated.
            if len(entries) > limits.zip_max_entries:
                raise Refused(Refused.ARCHIVE)
            total = 0
            for info in entries:
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise Refused(Refused.ARCHIVE)
                if info.flag_bits & 0x1:  # encrypted
                    raise Refused(Refused.ARCHIVE)
                if info.file_size > limits.zip_max_entry_size:
                    raise Refused(Refused.ARCHIVE)
                total += info.file_size
            if total > limits.zip_max_total_size:
                raise Refused(Refused.ARCHIVE)
            names = {info.filename for info in entries}
            if entries[0].filename == "mimetype":
                return inspect_odt(archive, entries, names, limits)
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return inspect_docx(archive, names, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError, ValueError, OSError, RuntimeError):
        # RuntimeError: zipfile's "encrypted, password required"; ValueError/EOFError: truncated data.
        raise Refused(Refused.DAMAGED) from None
    raise Refused(Refused.TYPE)


def inspect_odt(archive, entries, names, limits):
    # ODF: `mimetype` is the first entry, stored uncompressed, so its type can be read at a fixed offset.
    first = entries[0]
    if first.compress_type != zipfile.ZIP_STORED or read_entry(archive, first, 100) != ODT.encode():
        raise Refused(Refused.TYPE)
    if any(name.startswith(("Basic/", "Scripts/")) for name in names):
        raise Refused(Refused.MACROS)
    if "content.xml" not in names:
        raise Refused(Refused.DAMAGED)
    return ODT


MACRO_PARTS = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml|activeX/)", re.IGNORECASE)
RELATIONSHIP_NAMESPACE = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def inspect_docx(archive, names, limits):
    if any(MACRO_PARTS.search(name) for name in names):
        raise Refused(Refused.MACROS)
    content_types = read_xml(archive, "[Content_Types].xml", limits)
    for element in content_types.iter():
        if "macroEnabled" in element.get("ContentType", ""):
            raise Refused(Refused.MACROS)
    for name in names:
        if not name.endswith(".rels"):
            continue
        for relationship in read_xml(archive, name, limits).iter(f"{RELATIONSHIP_NAMESPACE}Relationship"):
            # A link the reader clicks is fine; anything fetched when the file opens (an attached
            # template, a picture, a frame, an OLE object) would reach out from a staff computer.
            external = relationship.get("TargetMode", "").lower() == "external"
            if external and not relationship.get("Type", "").endswith("/hyperlink"):
                raise Refused(Refused.EXTERNAL)
    return DOCX


def read_xml(archive, name, limits):
    content = read_entry(archive, archive.getinfo(name), limits.xml_part_max_size)
    try:
        # defusedxml refuses entity expansion and external entities; the size is capped above.
        return ElementTree.fromstring(content, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException):
        raise Refused(Refused.DAMAGED) from None


# Images -----------------------------------------------------------------------------------------

PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG"}
# Pillow drops what we do not pass on, except a few PNG keys it copies from `info`; transparency is
# part of the picture, everything else there (text chunks, EXIF, ICC profile, dates) goes.
KEPT_INFO = {"transparency"}


def clean_image(data, content_type, limits):
    """Re-encode the pixels alone: EXIF (GPS position, camera serial, dates) and other chunks are dropped.

    Only the one decoder for the detected format is allowed, the pixel count is checked from the
    header before anything is decoded, and the decoded image is the only full copy.
    """
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[content_type]]) as image:
                width, height = image.size
                if width * height > limits.max_image_pixels:
                    raise Refused(Refused.TOO_MANY_PIXELS)
                image.load()
                ImageOps.exif_transpose(image, in_place=True)  # the picture stays the right way up
                image.info = {key: value for key, value in image.info.items() if key in KEPT_INFO}
                output = io.BytesIO()
                if content_type == JPEG:
                    if image.mode not in ("RGB", "L", "CMYK"):
                        image = image.convert("RGB")
                    image.save(output, format="JPEG", quality=90)
                else:
                    # Level 1: a fast encode bounds what a huge flat picture costs.
                    image.save(output, format="PNG", compress_level=1)
                return output.getvalue()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise Refused(Refused.TOO_MANY_PIXELS) from None
        # Pillow reports a damaged image in many ways (a broken PNG raises SyntaxError).
        except (OSError, ValueError, SyntaxError, EOFError, IndexError, struct.error, TypeError):
            raise Refused(Refused.DAMAGED) from None


# PDF --------------------------------------------------------------------------------------------

# Names that make a PDF act when it is opened, or carry other files inside it.
ACTIVE_NAMES = {b"JavaScript", b"JS", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia", b"XFA"}
NAME_PATTERN = re.compile(rb"/([A-Za-z0-9_.#+\-]{1,127})")
STREAM_PATTERN = re.compile(rb"stream\r?\n")
DEPTH_PATTERN = re.compile(rb"<<|>>|\[|\]|\bendobj\b")
CHUNK = 1024 * 1024
INPUT_CHUNK = 64 * 1024


def decoded_name(raw):
    """A PDF name with its #xx escapes undone (`/J#61vaScript` is `/JavaScript`)."""
    if b"#" not in raw:
        return raw
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda match: bytes([int(match.group(1), 16)]), raw)


def refuse_active_names(text):
    for match in NAME_PATTERN.finditer(text):
        if decoded_name(match.group(1)) in ACTIVE_NAMES:
            raise Refused(Refused.ACTIVE_PDF)


def inspect_pdf(data, limits):
    """A bounded scan: the objects in the file, and every Flate stream but images inflated within one budget.

    Nothing is rendered. Streams are inflated chunk by chunk (compressed objects can hide in object
    streams); a file that would inflate beyond the budget is refused as too complex, which is what a
    PDF bomb is. Image streams are not inflated (they hold pixels, and scans are large): a bomb hidden
    in one costs this check nothing, and only a viewer would decode it.
    """
    if b"%PDF-" not in data[:1024] or b"%%EOF" not in data[-2048:]:
        raise Refused(Refused.DAMAGED)
    outside_streams = []
    budget = limits.pdf_max_inflated
    position = 0
    while True:
        match = STREAM_PATTERN.search(data, position)
        if match is None:
            outside_streams.append(data[position:])
            break
        end = data.find(b"endstream", match.end())
        if end < 0:
            raise Refused(Refused.DAMAGED)
        outside_streams.append(data[position : match.start()])
        dictionary = stream_dictionary(data[max(position, match.start() - 2048) : match.start()])
        if b"/Image" in dictionary and b"/ObjStm" not in dictionary:
            pass  # pixels, not objects: a scanned page may inflate to tens of megabytes, harmlessly
        elif b"/FlateDecode" in dictionary or b"/Fl " in dictionary or b"/Fl]" in dictionary:
            budget = scan_inflated(data[match.end() : end], budget)
        elif b"/Filter" not in dictionary:
            refuse_active_names(data[match.end() : end])  # plain objects kept in a stream
        position = end + len(b"endstream")
    skeleton = b"\n".join(outside_streams)
    refuse_active_names(skeleton)
    refuse_deep_nesting(skeleton, limits.pdf_max_depth)


def stream_dictionary(before_stream):
    """This stream's own dictionary (after the last `obj`), with #xx escapes in its names undone."""
    own = before_stream[before_stream.rfind(b"obj") + 3 :]
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda match: bytes([int(match.group(1), 16)]), own)


def scan_inflated(compressed, budget):
    """Inflate one stream piece by piece, looking for active names; returns what is left of the budget.

    The input goes in 64 KB at a time and each output piece is at most 1 MB, so neither the pending
    input (zlib's unconsumed tail) nor the output ever holds more than that.
    """
    inflater = zlib.decompressobj()
    view = memoryview(compressed)
    tail = b""
    for offset in range(0, len(view), INPUT_CHUNK):
        pending = view[offset : offset + INPUT_CHUNK]
        while pending:
            try:
                piece = inflater.decompress(pending, CHUNK)
            except zlib.error:
                return budget  # a damaged stream is the viewer's problem, not a risk to us
            budget -= len(piece)
            if budget < 0:
                raise Refused(Refused.TOO_COMPLEX)
            refuse_active_names(tail + piece)
            tail = piece[-130:]
            if inflater.eof:
                return budget
            pending = inflater.unconsumed_tail
    # What zlib still holds after the last input (the end of a match), within the same limits.
    try:
        piece = inflater.flush(CHUNK)
    except zlib.error:
        return budget
    if len(piece) > budget:
        raise Refused(Refused.TOO_COMPLEX)
    refuse_active_names(tail + piece)
    return budget - len(piece)


def refuse_deep_nesting(skeleton, max_depth):
    depth = 0
    for match in DEPTH_PATTERN.finditer(skeleton):
        token = match.group(0)
        if token in (b"<<", b"["):
            depth += 1
            if depth > max_depth:
                raise Refused(Refused.TOO_COMPLEX)
        elif token == b"endobj":
            depth = 0  # an unbalanced bracket inside a string must not add up across objects
        else:
            depth = max(0, depth - 1)


# The child process ------------------------------------------------------------------------------

# Run as a script by path, with -I (isolated: no environment variables, no user site, no current
# folder on the path), so the child imports this file and its libraries only, not the project.
CHILD_COMMAND = [sys.executable, "-I", os.path.abspath(__file__)]
HEADER_MAX = 4096


def current_address_space():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def child_main():
    """Runs in the child: wait for work, limit itself, read the bytes from stdin, answer on stdout.

    The request is one JSON line — {"limits": {...}, "size": n} — followed by n bytes. The answer is
    one JSON line — {"accepted": type, "cleaned": length or null} or {"refused": reason} — followed by
    the cleaned bytes, if any. The child has imported everything before it reads the request: a spare
    child waits here, ready, while the web process has no work for it.
    """
    header = sys.stdin.buffer.readline(HEADER_MAX)
    if not header:
        return  # the web process ended, or discarded this spare
    request = json.loads(header)
    limits, size = Limits(**request["limits"]), int(request["size"])
    memory = current_address_space() + limits.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # A CPU limit as well: the parent kills on its wall clock, this stops a spinning child regardless.
    cpu = math.ceil(limits.timeout_seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    output = sys.stdout.buffer
    try:
        data = sys.stdin.buffer.read(size)
        result = inspect(data, limits)
        del data
        cleaned = result.cleaned or b""
        answer = {"accepted": result.content_type, "cleaned": len(cleaned) if result.cleaned else None}
    except Refused as refusal:
        answer, cleaned = {"refused": refusal.reason}, b""
    except MemoryError:
        answer, cleaned = {"refused": Refused.TOO_COMPLEX}, b""
    except Exception:  # noqa: BLE001 - any other decoder failure is a damaged file, never a crash upstream
        answer, cleaned = {"refused": Refused.DAMAGED}, b""
    output.write(json.dumps(answer).encode() + b"\n")
    output.write(cleaned)
    output.flush()


# One spare child per web process, started while the previous one works, so a sender does not wait
# for an interpreter to start (about 80 ms on an idle machine, most of a second on a loaded one).
_spare_lock = threading.Lock()
_spare = None


def start_child():
    return subprocess.Popen(  # noqa: S603 - our own interpreter and file, no shell
        CHILD_COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )


def take_child():
    """The spare child if it is ready and current, else a new one; a new spare is started either way."""
    global _spare
    with _spare_lock:
        spare, _spare = _spare, None
        if spare is not None and (spare.args != CHILD_COMMAND or spare.poll() is not None):
            discard(spare)
            spare = None
        child = spare or start_child()
        _spare = start_child()
    return child


def discard(child):
    with contextlib.suppress(OSError):
        child.kill()
    child.communicate()


def inspect_in_child(data: bytes, limits: Limits = Limits()) -> Inspection:
    """Inspect `data` in a child process with a memory limit and a timeout; raise Refused if refused.

    A child that runs out of time is killed; one killed by its limits, or crashing in a decoder,
    answers nothing: both are refused as too complex, and the caller carries on.
    """
    if limits.timeout_seconds <= 0:
        raise Refused(Refused.TOO_COMPLEX)  # the request's time is spent: no child is started
    child = take_child()
    header = json.dumps({"limits": dataclasses.asdict(limits), "size": len(data)}).encode() + b"\n"
    try:
        child.stdin.write(header)
        child.stdin.flush()
        answer_bytes, _ = child.communicate(data, timeout=limits.timeout_seconds)
    except subprocess.TimeoutExpired:
        discard(child)
        raise Refused(Refused.TOO_COMPLEX) from None
    except OSError:  # the child died before it read the request (BrokenPipeError)
        discard(child)
        raise Refused(Refused.TOO_COMPLEX) from None
    header, _newline, cleaned = answer_bytes.partition(b"\n")
    try:
        answer = json.loads(header)
    except ValueError:
        raise Refused(Refused.TOO_COMPLEX) from None
    if "refused" in answer:
        raise Refused(answer["refused"])
    if answer.get("cleaned") is not None and len(cleaned) != answer["cleaned"]:
        raise Refused(Refused.TOO_COMPLEX)
    return Inspection(answer["accepted"], cleaned if answer.get("cleaned") is not None else None)


if __name__ == "__main__":
    child_main()
