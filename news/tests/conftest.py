import pytest
from wagtail.models import Locale

from home.models import HomePage
from news.models import NewsIndexPage


@pytest.fixture
def english_home(demo_site):
    return HomePage.objects.get(locale=Locale.get_default())


@pytest.fixture
def news_index(demo_site):
    """The demo site's English news index."""
    return NewsIndexPage.objects.get(locale__language_code="en")
