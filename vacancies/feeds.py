"""The RSS feed of one language's open vacancies, served by the vacancy index at feed/."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed


class OpenVacanciesFeed(Feed):
    feed_type = Rss201rev2Feed
    description_template = "vacancies/feed_item_description.html"

    def __init__(self, index_page, now):
        super().__init__()
        self.index_page = index_page
        self.now = now
        self.request = None
        # Django reads `language` as a plain attribute, not through a method like the others.
        self.language = index_page.locale.language_code

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def absolute_url(self, page):
        return self.request.build_absolute_uri(page.get_url(self.request))

    def title(self):
        return f"{self.index_page.title} · ProtectDefenders.eu"

    def link(self):
        return self.absolute_url(self.index_page)

    def feed_url(self):
        return self.request.build_absolute_uri(self.index_page.feed_url(self.request))

    def description(self):
        return self.index_page.get_meta_description()

    def items(self):
        return self.index_page.open_vacancies(self.now)

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return self.absolute_url(item)

    def item_pubdate(self, item):
        return item.date_posted_brussels

    def item_categories(self, item):
        return [item.get_kind_display()]
