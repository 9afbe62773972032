import json

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Locale

from faq.models import FAQPage


def get_soup(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


def structured_data(soup):
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def question_headings(soup):
    return soup.select("main .faq-item > h3")


@pytest.fixture
def english_faq(demo_site):
    return FAQPage.objects.get(locale=Locale.get_default())
