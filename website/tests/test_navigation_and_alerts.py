"""Editors choose the menus, publish one alert for every language, and readers get a number they can read.

The menus and footer links come from Settings → Navigation; a site-wide alert shows at once in every
language (translated where it is, else in its own language with lang and dir); the hotline is grouped
for reading and dialled in E.164; lists are joined as each language joins them.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Locale, Page

from website.layout import format_phone_number, join_list
from website.models import FooterMenuItem, MainMenuItem, NavigationSettings, SiteAlert, SocialLink


def main_nav(content):
    return re.search(r'<nav class="main-nav".*?</nav>', content, re.S).group(0)


def footer(content):
    return re.search(r'<footer class="site-footer">.*?</footer>', content, re.S).group(0)


def english_page(slug):
    return Page.objects.get(locale=Locale.get_default(), depth=3, slug=slug)


def choose_menus(site, main, footer_slugs, social=()):
    navigation = NavigationSettings.for_site(site)
    navigation.main_menu_items.all().delete()
    navigation.footer_menu_items.all().delete()
    navigation.social_links.all().delete()
    for order, slug in enumerate(main):
        MainMenuItem.objects.create(setting=navigation, page=english_page(slug), sort_order=order)
    for order, slug in enumerate(footer_slugs):
        FooterMenuItem.objects.create(setting=navigation, page=english_page(slug), sort_order=order)
    for order, (name, url) in enumerate(social):
        SocialLink.objects.create(setting=navigation, name=name, url=url, sort_order=order)
    navigation.save()  # the signal every setting sends: pages show the change at once
    return navigation


def test_the_demo_menu_puts_sections_in_the_editors_order_and_support_apart(client, demo_site):
    content = client.get("/en/privacy/").content.decode()
    links = re.findall(r'href="(/en/[^"]+)"', main_nav(content))
    assert links == [
        "/en/who-we-are/",
        "/en/programmes/",
        "/en/faq/",
        "/en/news/",
        "/en/vacancies/",
        "/en/notices/",
        "/en/contact/",
    ]
    # "Ask for support" is the header's call to action, not one more menu item.
    assert "/en/request-support/" not in main_nav(content)
    assert re.search(
        r'<a class="site-header__support button button--urgent" href="/en/request-support/"', content
    )


def test_the_footer_links_privacy_contact_newsletter_and_accessibility(client, demo_site):
    for language in ("en", "ar"):
        links = re.findall(r'href="(/[^"]+)"', footer(client.get(f"/{language}/").content.decode()))
        for slug in ("privacy", "contact", "newsletter", "accessibility"):
            assert f"/{language}/{slug}/" in links, (language, slug, links)


def test_menus_come_from_the_settings_in_the_same_order_in_every_language(client, demo_site):
    choose_menus(
        demo_site,
        main=["news", "contact", "programmes"],
        footer_slugs=["privacy", "contact"],
        social=[("Mastodon", "https://mastodon.example/@pd")],
    )
    for language in ("en", "ar", "ru"):
        content = client.get(f"/{language}/").content.decode()
        assert re.findall(r'href="([^"]+)"', main_nav(content)) == [
            f"/{language}/news/",
            f"/{language}/contact/",
            f"/{language}/programmes/",
        ]
        # Each under its title in that language.
        contact = Page.objects.get(locale__language_code=language, depth=3, slug="contact")
        assert f">{contact.title}</a>" in main_nav(content)
        links = footer(content)
        assert f'href="/{language}/privacy/"' in links and "/newsletter/" not in links
        # A profile is a plain link: nothing is loaded from that site.
        assert '<a href="https://mastodon.example/@pd" rel="noreferrer" dir="auto">Mastodon</a>' in links


def test_a_footer_page_not_yet_translated_is_linked_in_its_own_language(client, demo_site):
    choose_menus(demo_site, main=["contact"], footer_slugs=["privacy"])
    # The privacy notice exists in English only for Portuguese readers: linked, marked as English.
    content = client.get("/pt/").content.decode()
    assert '<a href="/en/privacy/" lang="en" hreflang="en">Privacy notice</a>' in footer(content)


def test_the_eu_funding_is_acknowledged_in_the_readers_language(client, demo_site):
    content = footer(client.get("/en/").content.decode())
    assert re.search(r'<img class="eu-emblem" src="/static/website/img/eu-emblem[^"]*\.svg"', content)
    assert "Funded by the European Union" in content


# The site-wide alert ---------------------------------------------------------------------------


def alerts(content):
    found = re.search(r'<section class="site-alerts".*?</section>', content, re.S)
    return found.group(0) if found else ""


def publish_alert(text="The hotline is down until 18:00; write to us instead.", **fields):
    now = timezone.now()
    values = {"starts_at": now - timedelta(minutes=1), "ends_at": now + timedelta(hours=6), "level": "urgent"}
    values.update(fields)
    return SiteAlert.objects.create(locale=Locale.get_default(), text=text, **values)


def test_an_alert_shows_at_once_in_every_language_marked_with_its_own(client, demo_site, settings):
    SiteAlert.objects.all().delete()
    client.get("/fa/")  # a layout already in the cache must not hide the alert
    publish_alert()
    for code, _name in settings.LANGUAGES:
        shown = alerts(client.get(f"/{code}/").content.decode())
        assert "The hotline is down until 18:00" in shown, code
        assert "site-alert--urgent" in shown
        if code == "en":
            assert 'lang="en"' not in shown
        else:
            assert '<span lang="en" dir="ltr">The hotline is down' in shown, code


def test_an_alert_shows_in_the_readers_language_once_translated(client, demo_site):
    SiteAlert.objects.all().delete()
    alert = publish_alert(text="The hotline is down.")
    arabic = alert.copy_for_translation(Locale.objects.get(language_code="ar"))
    arabic.text = "الخط الساخن متوقف."
    arabic.save()
    shown = alerts(client.get("/ar/").content.decode())
    assert "<span>الخط الساخن متوقف.</span>" in shown and "The hotline is down." not in shown
    assert "The hotline is down." in alerts(client.get("/fr/").content.decode())


def test_an_alert_shows_only_between_its_start_and_its_end(client, demo_site):
    SiteAlert.objects.all().delete()
    now = timezone.now()
    publish_alert(text="Not yet", starts_at=now + timedelta(hours=1), ends_at=now + timedelta(hours=2))
    publish_alert(text="Already over", starts_at=now - timedelta(hours=2), ends_at=now - timedelta(hours=1))
    content = client.get("/en/").content.decode()
    assert "Not yet" not in content and "Already over" not in content


def test_an_alert_leaves_a_cached_layout_when_it_starts(client, demo_site):
    from website import layout

    SiteAlert.objects.all().delete()
    now = timezone.now()
    publish_alert(text="Soon", starts_at=now + timedelta(minutes=5), ends_at=now + timedelta(hours=2))
    built = layout.build_layout(None, demo_site, "en")
    assert built.active_alerts() == []
    assert built.expires_at() == pytest.approx((now + timedelta(minutes=5)).timestamp(), abs=1)


def test_an_alert_must_end_after_it_starts():
    from django.core.exceptions import ValidationError

    now = timezone.now()
    with pytest.raises(ValidationError):
        SiteAlert(text="x", starts_at=now, ends_at=now - timedelta(minutes=1)).clean()


def test_the_demo_alert_replaces_the_pandemic_banner(client, demo_site):
    content = client.get("/es/").content.decode()
    assert 'class="notice-banner' not in content
    assert 'class="site-alert site-alert--information"' in content


# Reading the hotline, joining lists --------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("+3225550100", "+32 2 555 01 00"),
        ("+353123456789", "+353 1 2345 6789"),
        ("+33142685300", "+33 1 42 68 53 00"),
    ],
)
def test_the_hotline_is_grouped_for_reading(number, shown):
    assert format_phone_number(number) == shown


def test_the_hotline_is_shown_grouped_and_dialled_in_e164(client, demo_site):
    content = client.get("/en/contact/").content.decode()
    assert '<a class="hotline__number" href="tel:+3225550100" dir="ltr">+32 2 555 01 00</a>' in content


@pytest.mark.parametrize(
    ("language", "joined"), [("en", "a, b, c"), ("fr", "a, b, c"), ("ar", "a، b، c"), ("fa", "a، b، c")]
)
def test_lists_are_joined_with_each_languages_separator(language, joined):
    assert join_list(["a", "b", "c"], language) == joined


def test_the_arabic_hotline_languages_use_the_arabic_comma(client, demo_site):
    content = client.get("/ar/").content.decode()
    languages = re.search(r'<span class="hotline__languages">(.*?)</span>', content, re.S).group(1)
    assert "، " in languages and ", " not in languages


# Sharing -------------------------------------------------------------------------------------------


def test_every_page_type_has_a_share_image_and_news_are_articles(client, demo_site):
    from news.models import NewsPage

    for path in ("/en/", "/ar/programmes/temporary-relocation/", "/fa/request-support/", "/en/contact/"):
        content = client.get(path).content.decode()
        image = re.search(r'<meta property="og:image" content="([^"]+)">', content).group(1)
        assert image.startswith("http://testserver/static/website/img/share/card-"), (path, image)
        assert f"card-{path.split('/')[1]}" in image
    item = NewsPage.objects.live().filter(locale__language_code="en").order_by("-date").first()
    content = client.get(item.url).content.decode()
    assert '<meta property="og:type" content="article">' in content
    assert f'<meta property="article:published_time" content="{item.date:%Y-%m-%d}">' in content


# Where editors find them -------------------------------------------------------------------------


def test_editors_find_the_navigation_settings_and_the_alert_in_the_admin(admin_client, demo_site):
    menu = admin_client.get("/admin/").content.decode()
    assert "/admin/snippets/website/sitealert/" in menu  # in the main menu, not among the snippets
    response = admin_client.get(f"/admin/settings/website/navigationsettings/{demo_site.pk}/")
    assert response.status_code == 200
    assert "Main menu" in response.content.decode() and "Footer links" in response.content.decode()


def test_an_alert_published_in_the_admin_shows_at_once_in_every_language(admin_client, client, demo_site):
    SiteAlert.objects.all().delete()
    client.get("/ar/")  # a layout already in the cache
    now = timezone.localtime()
    response = admin_client.post(
        "/admin/snippets/website/sitealert/add/?locale=en",
        {
            "text": "Our hotline is down until 18:00.",
            "level": "urgent",
            "starts_at": (now - timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M"),
            "ends_at": (now + timedelta(hours=3)).strftime("%Y-%m-%d %H:%M"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    shown = alerts(client.get("/ar/").content.decode())
    assert '<span lang="en" dir="ltr">Our hotline is down until 18:00.</span>' in shown
