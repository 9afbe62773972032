"""Draws the card a shared link shows when its page has no image: one PNG per language, 1200 × 630.

Drawn by Debian's Chromium from website/templates/website/share/card.html, with the interface
translations, into website/static/website/img/share/card-<language>.png (served from this site; no
other host). Run again after changing the card, the mark or their translations:

    .venv/bin/python scripts/draw_share_cards.py
"""

import base64
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.utils import translation  # noqa: E402

from tests.browser import chromium  # noqa: E402

STATIC = ROOT / "website" / "static" / "website" / "img"
MARK = (ROOT / "templates" / "components" / "brand_mark.html").read_text().split("#}", 1)[1]
MARK = MARK.replace('width="40" height="40"', 'width="128" height="128"')


def main():
    emblem = base64.b64encode((STATIC / "eu-emblem.svg").read_bytes()).decode()
    (STATIC / "share").mkdir(exist_ok=True)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1200, "height": 630})
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                html = render_to_string("website/share/card.html", {"mark": MARK, "emblem": emblem})
            page.set_content(html)
            path = STATIC / "share" / f"card-{code}.png"
            page.screenshot(path=str(path))
            print(path.relative_to(ROOT), path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
