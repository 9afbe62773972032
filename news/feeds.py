"""RSS 2.0 and Atom feeds of one news index, built with Django's syndication framework.

A feed carries only what the public page list already shows: each item's title, summary, link and
date. No body, image, tag, author or editing time leaves through it.
"""

from django.contrib.syndication.views import Feed


class NewsFeed(Feed):
    def __init__(self, news_index, feed_type):
        self.news_index = news_index
        self.feed_type = feed_type
        # The index's own language, whatever language the request happens to be processed in.
        self.language = news_index.locale.language_code
        self.request = None

    def get_object(self, request, *args, **kwargs):
        # Links are built from the request, so they carry the host and scheme the reader used.
        self.request = request
        return self.news_index

    def title(self, news_index):
        return f"{news_index.title} · ProtectDefenders.eu"

    def link(self, news_index):
        return news_index.get_url(self.request)

    def feed_url(self, news_index):
        return self.request.path

    def description(self, news_index):
        return news_index.get_meta_description() or news_index.title

    def subtitle(self, news_index):
        return news_index.get_meta_description() or None

    def author_name(self, news_index):
        # Atom wants an author for the feed; the organisation, never an editor's name.
        return "ProtectDefenders.eu"

    def items(self, news_index):
        return news_index.news_items()[: news_index.FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.published_at()

    def item_updateddate(self, item):
        # Atom requires <updated>; the item's own date, not the time an editor last saved it.
        return item.published_at()
