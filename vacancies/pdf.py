"""A small, valid one-page PDF written by hand, for the demo's terms of reference (no PDF library needed)."""

import textwrap

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56
# Helvetica averages about half its size in width: these fit the 483-point line between the margins.
LINE_CHARACTERS = 84
TITLE_LINE_CHARACTERS = 52


def escape(text):
    """A PDF literal string: backslash and parentheses escaped, WinAnsi (Latin-1) encoded."""
    text = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return text.encode("latin-1", errors="replace")


def content_stream(title, paragraphs):
    commands = [b"BT", b"/F1 16 Tf", f"{MARGIN} {PAGE_HEIGHT - MARGIN - 16} Td".encode(), b"18 TL"]
    for line in textwrap.wrap(title, TITLE_LINE_CHARACTERS):
        commands += [b"(" + escape(line) + b") Tj", b"T*"]
    commands += [b"/F1 11 Tf", b"15 TL", b"T*"]
    for paragraph in paragraphs:
        for line in textwrap.wrap(paragraph, LINE_CHARACTERS) or [""]:
            commands += [b"(" + escape(line) + b") Tj", b"T*"]
        commands.append(b"T*")
    commands.append(b"ET")
    return b"\n".join(commands)


def text_pdf(title, paragraphs, language="en"):
    """PDF 1.4 bytes: one A4 page with a title and paragraphs in Helvetica, and a correct xref table."""
    stream = content_stream(title, paragraphs)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Lang (" + escape(language) + b") >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
        ).encode(),
        f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Title (" + escape(title) + b") /Producer (ProtectDefenders.eu demo content) >>",
    ]
    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_offset = len(output)
    output += f"xref\n0 {len(objects) + 1}\n".encode()
    output += b"0000000000 65535 f \n"
    for offset in offsets:
        output += f"{offset:010d} 00000 n \n".encode()
    output += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\n".encode()
    output += f"startxref\n{xref_offset}\n%%EOF\n".encode()
    return bytes(output)
