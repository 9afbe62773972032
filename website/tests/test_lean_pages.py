"""Light pages for a reader on 2G: small, compressed, images in the size the screen needs, made ahead."""

import gzip
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from wagtail.images.models import Rendition
from wagtail.models import Locale

from news.factories import NewsImageFactory
from news.models import NewsPage
from tests.pages import public_page_paths
from website.renditions import RENDITION_FILTERS

PAGE_WEIGHT_LIMIT = 100 * 1024
IMAGE_TAG = re.compile(r"{%\s*image\s+\S+\s+((?:[\w.-]+\s+)*?[\w.-]+)\s+as\s+\w+\s*%}")
# {% renditions image "fill-480x270|format-webp" "fill-960x540|format-webp" as found %} (site_tags)
RENDITIONS_TAG = re.compile(r'{%\s*renditions\s+\S+\s+((?:"[^"]+"\s+)+)as\s+\w+\s*%}')


def static_bytes(html):
    total = 0
    urls = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) + re.findall(
        r'<script src="([^"]+)"', html
    )
    for url in urls:
        assert url.startswith(settings.STATIC_URL), url
        total += len(Path(finders.find(url[len(settings.STATIC_URL) :])).read_bytes())
    return total


def test_every_page_weighs_at_most_100_kb_of_html_css_and_javascript(client, demo_site):
    weights = {}
    for path in public_page_paths():
        if not path.startswith(("/en/", "/ar/")):
            continue
        html = client.get(path).content
        weights[path] = len(html) + static_bytes(html.decode())
    assert len(weights) > 20
    heaviest = max(weights, key=weights.get)
    assert weights[heaviest] <= PAGE_WEIGHT_LIMIT, (heaviest, weights[heaviest])


def test_pages_without_a_form_are_sent_compressed(client, demo_site):
    response = client.get("/ar/faq/", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content)
    assert b'lang="ar"' in html[:200]
    assert len(response.content) < len(html) / 3


def template_filter_specs():
    specs = set()
    for folder in [settings.BASE_DIR / "templates", *settings.BASE_DIR.glob("*/templates")]:
        for template in folder.rglob("*.html"):
            text = template.read_text()
            for match in IMAGE_TAG.finditer(text):
                specs.add("|".join(match.group(1).split()))
            for match in RENDITIONS_TAG.finditer(text):
                specs.update(re.findall(r'"([^"]+)"', match.group(1)))
    return specs


def test_every_image_size_the_templates_ask_for_is_made_ahead():
    specs = template_filter_specs()
    assert len(specs) >= 8, specs
    assert specs <= set(RENDITION_FILTERS), specs - set(RENDITION_FILTERS)
    assert all(spec.endswith("format-webp") for spec in specs)


def test_renditions_are_made_when_an_image_is_saved_not_when_a_reader_asks(
    client, demo_site, django_capture_on_commit_callbacks
):
    # Wagtail keeps renditions in the cache too: one left by an earlier test's image (rolled back,
    # same id and file) must not stand in for a rendition this image's save should make.
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        image = NewsImageFactory()
    made = set(Rendition.objects.filter(image=image).values_list("filter_spec", flat=True))
    assert made == set(RENDITION_FILTERS)

    item = NewsPage.objects.live().filter(locale=Locale.get_default()).exclude(image=None).first()
    NewsPage.objects.filter(pk=item.pk).update(image=image)
    before = Rendition.objects.count()
    content = client.get(item.url).content.decode()
    assert Rendition.objects.count() == before
    picture = re.search(r'<figure class="news-article__image">\s*(<img [^>]+>)', content).group(1)
    assert 'loading="lazy"' in picture and 'width="' in picture and 'height="' in picture
    candidates = re.search(r'srcset="([^"]+)"', picture).group(1).split(", ")
    # 480 pixels wide, and the image's own width (640) since it is narrower than 960.
    assert [candidate.split(" ")[1] for candidate in candidates] == ["480w", "640w"]
    assert all(candidate.split(" ")[0].endswith(".webp") for candidate in candidates)


def test_listed_images_offer_a_second_size(client, demo_site):
    # The listed pictures, in the page's main part (the footer's EU emblem is a vector drawing).
    main = re.search(r"<main.*?</main>", client.get("/en/news/").content.decode(), re.S).group(0)
    images = re.findall(r"<img [^>]+>", main)
    assert images
    for tag in images:
        assert re.search(r'srcset="[^"]+\.webp \S+, [^"]+\.webp \S+"', tag), tag
