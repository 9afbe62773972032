"""A news item: what a reader sees, where it may live, and what its translations share with it."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from news.factories import NewsImageFactory, NewsPageFactory
from news.models import NewsIndexPage, NewsPage
from website.models import StandardPage

TRANSLATED = ["fr", "es", "ru", "ar"]


def english_item(news_index, slug):
    return NewsPage.objects.child_of(news_index).get(slug=slug)


def test_news_page_shows_its_date_summary_image_body_and_topics(client, news_index):
    item = english_item(news_index, "more-support-for-shelters")
    response = client.get("/en/news/more-support-for-shelters/")
    assert response.status_code == 200
    content = response.content.decode()
    assert f"<h1>{escape(item.title)}</h1>" in content
    assert f'<time datetime="{item.date.isoformat()}">' in content
    assert f'<p class="lead">{escape(item.summary)}</p>' in content
    assert f'<meta name="description" content="{escape(item.summary)}">' in content
    assert re.search(
        r'<img src="/media/images/[^"]+\.webp" width="960" height="540" '
        rf'alt="{re.escape(escape(item.image_alt))}" loading="lazy"',
        content,
    )
    assert "Shelters let defenders stay close to home" in content
    assert '<a href="/en/news/?tag=grants">grants</a>' in content
    assert '<a href="/en/news/?tag=relocation">relocation</a>' in content


def test_translated_news_page_is_in_its_language_with_untranslated_topics_marked(client, news_index):
    item = english_item(news_index, "more-support-for-shelters")
    french = item.get_translation(Locale.objects.get(language_code="fr"))
    content = client.get("/fr/news/more-support-for-shelters/").content.decode()
    assert f"<h1>{escape(french.title)}</h1>" in content
    assert f'alt="{escape(french.image_alt)}"' in content
    assert escape(item.title) not in content
    assert '<a href="/fr/news/?tag=grants" lang="en">grants</a>' in content


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_share_the_date_image_and_topics_but_not_the_text(news_index, language):
    for item in NewsPage.objects.child_of(news_index).live():
        translated = item.get_translation(Locale.objects.get(language_code=language))
        assert translated.live
        assert translated.slug == item.slug
        assert translated.date == item.date
        assert translated.image_id == item.image_id
        assert set(translated.tags.names()) == set(item.tags.names())
        assert translated.title != item.title
        assert translated.summary != item.summary
        if item.image_id:
            assert translated.image_alt and translated.image_alt != item.image_alt


def test_topics_follow_the_source_when_a_translation_is_synced(news_index):
    item = english_item(news_index, "tell-us-how-we-did")
    assert not item.tags.exists()
    item.tags.add("feedback")
    item.save_revision().publish()

    source, _created = TranslationSource.get_or_create_from_instance(item)
    source.update_from_db()
    Translation.objects.get(source=source, target_locale__language_code="ar").save_target(publish=True)

    arabic = item.get_translation(Locale.objects.get(language_code="ar"))
    assert list(arabic.tags.names()) == ["feedback"]
    assert arabic.title != item.title


def test_an_image_needs_its_alternative_text(news_index):
    page = NewsPageFactory.build(image=NewsImageFactory(), image_alt="  ")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "image_alt" in error.value.message_dict
    page.image_alt = "A described picture"
    page.clean()


def test_news_lives_only_under_a_news_index_and_the_index_only_under_a_home(english_home, news_index):
    assert NewsPage.allowed_parent_page_models() == [NewsIndexPage]
    assert NewsPage.can_create_at(news_index)
    assert not NewsPage.can_create_at(english_home)
    standard_page = StandardPage.objects.filter(locale=english_home.locale).first()
    assert not NewsIndexPage.can_create_at(standard_page)
    # One news index per language: the home already has one.
    assert not NewsIndexPage.can_create_at(english_home)
