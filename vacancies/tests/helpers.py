"""What a reader sees of the vacancy pages, pulled out of the HTML."""

import json
import re

from vacancies.models import VacancyIndexPage


def english_index():
    return VacancyIndexPage.objects.get(locale__language_code="en")


def section(html, section_id):
    """The HTML of one <section> of the index (they are not nested), or "" when it is absent."""
    match = re.search(rf'<section id="{section_id}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def json_ld(html):
    """The parsed JSON-LD block; json.loads fails if anything in it broke out of the <script> element."""
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))
