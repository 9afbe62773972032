"""The demo loader builds the site through wagtail-localize and is idempotent."""

from django.core.management import call_command
from wagtail.models import Page, Revision
from wagtail_localize.models import Translation

from website.demo.loader import DemoLoader
from website.models import FooterText, NoticePage, StandardPage


def test_a_second_run_changes_nothing(demo_site):
    before = (
        Page.objects.count(),
        Revision.objects.count(),
        Translation.objects.count(),
        FooterText.objects.count(),
    )
    assert DemoLoader().load() == 0
    call_command("load_demo_content", verbosity=0)
    after = (
        Page.objects.count(),
        Revision.objects.count(),
        Translation.objects.count(),
        FooterText.objects.count(),
    )
    assert after == before


def test_every_translation_is_a_wagtail_localize_translation(demo_site):
    translated_pages = Page.objects.exclude(locale__language_code="en").exclude(depth=1)
    assert translated_pages.count() >= 40
    for page in translated_pages:
        source = page.get_translation(page.get_translations().get(locale__language_code="en").locale)
        assert Translation.objects.filter(
            source__object_id=page.translation_key, target_locale=page.locale
        ).exists(), page
        assert source.translation_key == page.translation_key


def test_complete_languages_have_every_page_and_fa_pt_the_essentials(demo_site):
    english = set(StandardPage.objects.filter(locale__language_code="en").values_list("slug", flat=True))
    for language in ["fr", "es", "ru", "ar"]:
        slugs = set(
            StandardPage.objects.filter(locale__language_code=language).values_list("slug", flat=True)
        )
        assert slugs == english, language
    for language in ["fa", "pt"]:
        slugs = set(
            StandardPage.objects.filter(locale__language_code=language).values_list("slug", flat=True)
        )
        assert {"contact", "quick-exit"} <= slugs, language
        assert NoticePage.objects.filter(locale__language_code=language).exists(), language


def test_covid_notice_shows_as_a_banner_on_every_page(client, demo_site):
    for path in ["/en/", "/ar/contact/", "/pt/quick-exit/"]:
        content = client.get(path).content.decode()
        assert 'class="notice-banner"' in content, path
        assert 'href="/{}/covid-19-operations/"'.format(path.split("/")[1]) in content, path


def test_expired_banner_disappears(client, demo_site):
    from django.utils import timezone

    NoticePage.objects.update(banner_until=timezone.now())
    assert 'class="notice-banner"' not in client.get("/en/").content.decode()


def test_page_tree_counts_match_the_pages_under_each_home(demo_site):
    # Guards the demo loader's workaround for wagtail-localize's deferred publish (see DemoLoader.load).
    for home in Page.objects.filter(depth=2):
        assert home.numchild == Page.objects.child_of(home).count(), home.locale
