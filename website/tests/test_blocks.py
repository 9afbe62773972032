"""Every StreamField block renders through its own template, as valid, accessible HTML."""

import re

import pytest
import wagtail_factories
from wagtail.models import Locale, Page

from tests.test_valid_html import validate
from website.factories import StandardPageFactory


@pytest.fixture
def page_with_every_block(demo_site):
    image = wagtail_factories.ImageFactory(title="Defenders meeting")
    document = wagtail_factories.DocumentFactory(title="Annual report")
    contact = Page.objects.get(slug="contact", locale=Locale.get_default())
    body = [
        ("heading", {"text": "A heading", "level": "h2"}),
        ("heading", {"text": "A smaller heading", "level": "h3"}),
        ("paragraph", "<p>Some <b>rich</b> text.</p>"),
        ("image", {"image": image, "alt_text": "People around a table", "caption": "Our meeting"}),
        ("callout", {"tone": "urgent", "title": "Act now", "text": "<p>Call us.</p>"}),
        (
            "accordion",
            {"items": [{"title": "First question", "body": "<p>First answer.</p>"}]},
        ),
        (
            "table",
            {"caption": "Deadlines", "header": ["Step", "When"], "rows": [["Reply", "15 days"]]},
        ),
        ("call_to_action", {"text": "Need help?", "label": "Contact us", "page": contact, "url": ""}),
        ("call_to_action", {"text": "", "label": "Elsewhere", "page": None, "url": "https://example.org/"}),
        ("document_link", {"document": document, "label": "Read the report"}),
    ]
    return StandardPageFactory(parent=demo_site.root_page, slug="every-block", body=body)


def test_every_block_renders_its_template(client, page_with_every_block):
    content = client.get("/en/every-block/").content.decode()
    assert "<h2>A heading</h2>" in content
    assert "<h3>A smaller heading</h3>" in content
    assert "<b>rich</b>" in content
    image = re.search(r"<img [^>]*>", content[content.index('class="block-image"') :]).group(0)
    assert 'alt="People around a table"' in image
    assert 'loading="lazy"' in image
    assert re.search(r'width="\d+" height="\d+"', image)
    assert ".webp" in image
    assert "<figcaption>Our meeting</figcaption>" in content
    assert 'class="callout callout--urgent"' in content
    assert "<summary>First question</summary>" in content
    assert "<caption>Deadlines</caption>" in content
    assert '<th scope="col">Step</th>' in content
    assert '<th scope="row">Reply</th><td>15 days</td>' in content
    assert '<a class="button" href="/en/contact/">Contact us</a>' in content
    assert '<a class="button" href="https://example.org/">Elsewhere</a>' in content
    assert re.search(r'<a href="/documents/\d+/[^"]+">Read the report</a>', content)


def test_every_block_is_valid_html(client, page_with_every_block, tmp_path):
    (tmp_path / "every-block.html").write_bytes(client.get("/en/every-block/").content)
    result = validate(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_call_to_action_leads_to_the_readers_language(client, demo_site):
    # The who-we-are page's button points at the English contact page; in French it must lead to French.
    content = client.get("/fr/who-we-are/").content.decode()
    assert 'href="/fr/contact/"' in content
    assert 'class="button" href="/en/contact/"' not in content
