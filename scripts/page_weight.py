#!/usr/bin/env python3
"""Print each language's home page weight (HTML, CSS, JS; raw and gzip) from a running site.

Usage: scripts/page_weight.py [base URL, default http://127.0.0.1:8000] [path, default /]
"""

import gzip
import re
import sys
import urllib.request

LANGUAGES = ["en", "fr", "es", "ru", "ar", "fa", "pt"]


def fetch(url):
    with urllib.request.urlopen(url) as response:  # noqa: S310 (a local URL given on the command line)
        return response.read()


def main():
    base = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    path = sys.argv[2] if len(sys.argv) > 2 else "/"
    print(f"{'page':<14}{'HTML':>8}{'gz':>7}{'CSS':>8}{'gz':>7}{'JS':>8}{'gz':>7}{'total':>8}{'gz':>7}")
    for language in LANGUAGES:
        html = fetch(f"{base}/{language}{path}")
        text = html.decode()
        css = b"".join(
            fetch(base + href) for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
        )
        js = b"".join(fetch(base + src) for src in re.findall(r'<script src="([^"]+)"', text))
        sizes = [
            len(html),
            len(gzip.compress(html)),
            len(css),
            len(gzip.compress(css)),
            len(js),
            len(gzip.compress(js)),
        ]
        total, total_gz = sizes[0] + sizes[2] + sizes[4], sizes[1] + sizes[3] + sizes[5]
        print(
            f"/{language}{path:<10}"
            + "".join(f"{s:>8}" if i % 2 == 0 else f"{s:>7}" for i, s in enumerate(sizes))
            + f"{total:>8}{total_gz:>7}"
        )


if __name__ == "__main__":
    main()
