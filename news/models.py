"""News: one index per language under its home page, news items below it, and RSS/Atom feeds per language."""

from datetime import datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import conditional_page
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from website import page_cache
from website.blocks import PageBodyBlock
from website.models import BasePage, SectionIndexPage

from .feeds import NewsFeed


def topic_language():
    """The language of topic names when it differs from the page's: topics are not translated."""
    return "" if translation.get_language() == settings.LANGUAGE_CODE else settings.LANGUAGE_CODE


# The sizes of a news card's picture (news_index_page.html, home_page.html; made ahead, see
# website/renditions.py).
CARD_RENDITIONS = ("fill-480x270|format-webp", "fill-960x540|format-webp")


def card_renditions():
    """Prefetches the renditions a card shows, and only those (Wagtail's prefetch_renditions, for
    the images of a list of pages): not every size the image is made in."""
    from wagtail.images import get_image_model

    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=CARD_RENDITIONS)
    return Prefetch("image__renditions", queryset=renditions, to_attr="prefetched_renditions")


class NewsPageTag(TaggedItemBase):
    """Links a news item to a taggit tag (tags are shared by every language, see NewsPage)."""

    content_object = ParentalKey("news.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsIndexPage(RoutablePageMixin, SectionIndexPage):
    """The list of news of one language, newest first, with its RSS and Atom feeds."""

    NEWS_PER_PAGE = 10
    FEED_LENGTH = 20

    subpage_types = ["news.NewsPage"]
    show_in_menus_default = True
    template = "news/news_index_page.html"
    cache_query_parameters = ("tag", "page")

    class Meta:
        verbose_name = _("News index")

    def live_news(self):
        """The live, public news of this index (so of its own language)."""
        return NewsPage.objects.child_of(self).live().public()

    def news_items(self):
        """The live, public news of this index, newest first, ready to list."""
        return (
            self.live_news()
            .only(*NewsPage.CARD_FIELDS)
            .select_related("image")
            .prefetch_related(card_renditions())
            .order_by("-date", "-pk")
        )

    def topics(self):
        """The tags of this index's live news, for the topic filter."""
        return (
            Tag.objects.filter(news_newspagetag_items__content_object__in=self.live_news().values("pk"))
            .distinct()
            .order_by("name")
        )

    def feed_links(self, request=None):
        """The RSS and Atom feeds of this index, as advertised in the head of its pages."""
        base_url = self.get_url(request)
        if base_url is None:
            return []
        return [
            {
                "type": "application/rss+xml",
                "title": _("%(title)s (RSS)") % {"title": self.title},
                "url": base_url + self.reverse_subpage("rss_feed"),
            },
            {
                "type": "application/atom+xml",
                "title": _("%(title)s (Atom)") % {"title": self.title},
                "url": base_url + self.reverse_subpage("atom_feed"),
            },
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = self.news_items()
        all_items = Paginator(items, self.NEWS_PER_PAGE)
        topics = list(self.topics())
        # Read through the page cache, which keys this page on these two parameters and their known values.
        tag_slug = page_cache.query_value(request, "tag", [topic.slug for topic in topics], others_alike=True)
        active_topic = None
        if tag_slug:
            active_topic = next((topic for topic in topics if topic.slug == tag_slug), None)
            # An unknown topic lists nothing (and says so, the same for every unknown topic).
            items = items.filter(tags__slug=tag_slug) if active_topic else items.none()
        # A page number the list does not have (malformed, 1, out of range) shows the first page.
        number = page_cache.query_value(request, "page", page_cache.page_numbers(all_items))
        listed = Paginator(items, self.NEWS_PER_PAGE) if tag_slug else all_items
        news_page = listed.get_page(number or 1)
        context.update(
            news_page=news_page,
            newer_url=self.listing_url(request, tag_slug, news_page.number - 1)
            if news_page.has_previous()
            else None,
            older_url=self.listing_url(request, tag_slug, news_page.number + 1)
            if news_page.has_next()
            else None,
            topics=topics,
            tag_slug=tag_slug,
            active_topic=active_topic,
            topic_language=topic_language(),
            feed_links=self.feed_links(request),
        )
        return context

    def listing_url(self, request, tag_slug="", number=1):
        """The address of one page of the list, for the topic being shown (page 1 has no ?page=)."""
        params = {}
        if tag_slug:
            params["tag"] = tag_slug
        if number > 1:
            params["page"] = number
        query = urlencode(params)
        return self.get_url(request) + (f"?{query}" if query else "")

    # Feed readers poll: they send back the ETag (a digest of the feed) and Last-Modified (its newest
    # item's date) and get a 304 without a body when nothing changed (Django's conditional_page).
    @path("feed/rss/", name="rss_feed")
    def rss_feed(self, request):
        return conditional_page(NewsFeed(self, Rss201rev2Feed))(request)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        return conditional_page(NewsFeed(self, Atom1Feed))(request)


class NewsPage(BasePage):
    """One news item: a date, a summary, an optional image and a body."""

    serve_select_related = ("image",)  # the picture and the shared card (og:image)
    # What a news card in a list shows (the news index, the home page): lists read no more.
    # Of its picture, what finding its renditions reads (the file's name, its size and focal
    # point, for cropped sizes), not the image's other fields.
    CARD_FIELDS = (
        *("id", "title", "url_path", "locale_id", "date", "summary", "image", "image_alt"),
        *("image__file", "image__width", "image__height", "image__focal_point_x", "image__focal_point_y"),
        *("image__focal_point_width", "image__focal_point_height"),
    )

    date = models.DateField(_("Date"), default=timezone.localdate)
    summary = models.CharField(
        _("Summary"),
        max_length=300,
        help_text=_("One or two sentences, shown in lists, feeds and search results."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("Alternative text of the image"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it. Required when there is an image."),
    )
    body = StreamField(PageBodyBlock(), blank=True, verbose_name=_("Body"))
    tags = ClusterTaggableManager(
        through=NewsPageTag,
        blank=True,
        verbose_name=_("Topics"),
        help_text=_(
            "Topics are shared by every language and are not translated: "
            "the translations of this item always have the same topics."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], _("Image")),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
    ]
    override_translatable_fields = BasePage.override_translatable_fields + [
        SynchronizedField("date"),
        TranslatableField("summary"),
        SynchronizedField("image"),
        TranslatableField("image_alt"),
        TranslatableField("body"),
        # Tags are not translatable: taggit's Tag is one table shared by every language, and the topic
        # filter (?tag=<slug>) must find the same items in every language. Translations therefore
        # always carry the source's tags, and translators cannot override them.
        SynchronizedField("tagged_items", overridable=False),
        SynchronizedField("tags", overridable=False),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    template = "news/news_page.html"

    class Meta:
        verbose_name = _("News item")

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Describe the image for people who cannot see it.")})

    def get_meta_description(self):
        return self.search_description or self.summary

    def date_html(self):
        """`<time>` with the item's date in the reader's language (on each card of the list)."""
        return format_html(
            '<time datetime="{}">{}</time>',
            date_format(self.date, "Y-m-d"),
            date_format(self.date, "DATE_FORMAT"),
        )

    def published_at(self):
        """The item's date as an aware datetime (midnight, Brussels time), for the feeds."""
        return timezone.make_aware(datetime.combine(self.date, time.min))

    def news_index(self):
        # Routing keeps the index it came through (Wagtail's own memo of the parent): no query then.
        parent = self.__dict__.get("_cached_parent_obj")
        if isinstance(parent, NewsIndexPage):
            return parent
        return NewsIndexPage.objects.parent_of(self).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news_index = self.news_index()
        context.update(
            news_index=news_index,
            topics=self.tags.order_by("name"),
            topic_language=topic_language(),
            feed_links=news_index.feed_links(request) if news_index else [],
        )
        return context

    @classmethod
    def latest(cls, locale_id, count=3):
        """The newest live news of one language (its Locale's id), e.g. for the home page."""
        return (
            cls.objects.live()
            .public()
            .filter(locale_id=locale_id)
            .only(*cls.CARD_FIELDS)
            .select_related("image")
            .prefetch_related(card_renditions())
            .order_by("-date", "-pk")[:count]
        )
