"""The demo loader builds the site through wagtail-localize and is idempotent."""

from django.core.management import call_command
from wagtail.models import Page, Revision
from wagtail_localize.models import Translation

from website.demo.loader import DemoLoader
from website.models import (
    FooterText,
    NoticeIndexPage,
    NoticePage,
    Organisation,
    Person,
    StandardPage,
    WhoWeArePage,
)


def test_a_second_run_changes_nothing(demo_site):
    before = (
        Page.objects.count(),
        Revision.objects.count(),
        Translation.objects.count(),
        FooterText.objects.count(),
        Organisation.objects.count(),
        Person.objects.count(),
    )
    assert DemoLoader().load() == 0
    call_command("load_demo_content", verbosity=0)
    after = (
        Page.objects.count(),
        Revision.objects.count(),
        Translation.objects.count(),
        FooterText.objects.count(),
        Organisation.objects.count(),
        Person.objects.count(),
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


def test_a_notice_given_a_banner_date_shows_as_a_banner_on_every_page(client, demo_site):
    from datetime import timedelta

    from django.utils import timezone

    # The demo's pandemic notice is a page, no longer a banner (a site-wide alert took its place).
    assert not NoticePage.objects.filter(banner_until__isnull=False).exists()
    NoticePage.objects.update(banner_until=timezone.now() + timedelta(days=3))
    for path in ["/en/", "/ar/contact/", "/pt/quick-exit/"]:
        content = client.get(path).content.decode()
        assert 'class="notice-banner wrap"' in content, path
        assert 'href="/{}/notices/covid-19-operations/"'.format(path.split("/")[1]) in content, path


def test_expired_banner_disappears(client, demo_site):
    from django.utils import timezone

    NoticePage.objects.update(banner_until=timezone.now())
    assert 'class="notice-banner' not in client.get("/en/").content.decode()


def test_page_tree_counts_match_the_pages_under_each_home(demo_site):
    # Guards the demo loader's workaround for wagtail-localize's deferred publish (see DemoLoader.load).
    for home in Page.objects.filter(depth=2):
        assert home.numchild == Page.objects.child_of(home).count(), home.locale


def test_who_we_are_and_its_snippets_are_translated_through_wagtail_localize(demo_site):
    for language in ["fr", "es", "ru", "ar"]:
        assert WhoWeArePage.objects.filter(locale__language_code=language, slug="who-we-are").exists()
        assert Organisation.objects.filter(locale__language_code=language).count() == 12, language
        assert Person.objects.filter(locale__language_code=language).count() == 4, language
    for model in (Organisation, Person):
        for item in model.objects.exclude(locale__language_code="en"):
            assert Translation.objects.filter(
                source__object_id=item.translation_key, target_locale=item.locale
            ).exists(), item
    assert list(
        Organisation.objects.filter(locale__language_code="en", is_board_member=True)
        .order_by("board_order")
        .values_list("acronym", flat=True)
    ) == ["FLD", "RSF", "OMCT", "FIDH"]
    assert list(
        Organisation.objects.filter(locale__language_code="fr", is_board_member=True)
        .order_by("board_order")
        .values_list("name", flat=True)
    ) == [
        "Front Line Defenders",
        "Reporters sans frontières",
        "Organisation mondiale contre la torture",
        "Fédération internationale pour les droits humains",
    ]


def test_the_notices_index_holds_the_notice_in_every_language(demo_site):
    for language in ["en", "fr", "es", "ru", "ar", "fa", "pt"]:
        index = NoticeIndexPage.objects.get(locale__language_code=language)
        assert NoticePage.objects.child_of(index).filter(slug="covid-19-operations").exists(), language


def test_old_demo_databases_get_the_new_page_types(demo_site):
    # Loaded before these page types existed: who-we-are was a standard page, the notice under home.
    english_home = Page.objects.get(depth=2, locale__language_code="en")
    for page in WhoWeArePage.objects.all():
        page.delete()
    for page in NoticePage.objects.filter(slug="covid-19-operations"):
        page.delete()
    english_home.add_child(instance=StandardPage(title="Who we are", slug="who-we-are", intro="Old."))
    english_home.add_child(
        instance=NoticePage(title="COVID-19", slug="covid-19-operations", summary="Old notice.")
    )

    assert DemoLoader().load() > 0

    assert not StandardPage.objects.filter(slug="who-we-are").exists()
    assert not NoticePage.objects.child_of(english_home).exists()
    page = WhoWeArePage.objects.get(locale__language_code="en")
    assert page.get_parent().pk == english_home.pk and page.body
    notice = NoticePage.objects.get(locale__language_code="en", slug="covid-19-operations")
    assert notice.get_parent().specific_class is NoticeIndexPage
