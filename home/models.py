"""The home page of each language: the mission, urgent help, notices and the main sections."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField, TranslatableField

from news.models import NewsPage
from programmes.models import ProgrammePage
from vacancies.models import VacancyPage, limit_caching, request_time
from website.layout import localized_link
from website.models import BasePage, NoticePage


class HomePage(BasePage):
    mission = models.TextField(_("Mission"), help_text=_("Two sentences: who we are and what we do."))
    urgent_help_title = models.CharField(_("Urgent help title"), max_length=120)
    urgent_help_text = RichTextField(_("Urgent help text"), features=["bold", "italic", "link"])
    support_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Request support page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where the “Request support” button leads."),
    )
    support_button_label = models.CharField(_("Request support button"), max_length=60)

    content_panels = Page.content_panels + [
        FieldPanel("mission"),
        MultiFieldPanel(
            [
                FieldPanel("urgent_help_title"),
                FieldPanel("urgent_help_text"),
                FieldPanel("support_button_label"),
                FieldPanel("support_page"),
            ],
            _("Urgent help"),
        ),
    ]
    override_translatable_fields = BasePage.override_translatable_fields + [
        TranslatableField("mission"),
        TranslatableField("urgent_help_title"),
        TranslatableField("urgent_help_text"),
        TranslatableField("support_button_label"),
        # A page reference; each language follows it to that page's own translation when rendering.
        SynchronizedField("support_page"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    template = "home/home_page.html"

    class Meta:
        verbose_name = _("Home page")

    def get_meta_description(self):
        return self.search_description or self.mission

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["support_page"] = localized_link(request, self.support_page_id)
        context["notices"] = (
            NoticePage.objects.live()
            .filter(locale_id=self.locale_id)
            .order_by("-first_published_at")
            .only("id", "title", "url_path", "locale_id", "summary")[:3]
        )
        context["programmes"] = (
            ProgrammePage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .order_by("path")
            .only("id", "title", "url_path", "locale_id", "summary", "status", "status_date")
        )
        context["latest_news"] = NewsPage.latest(self.locale_id, count=3)
        now = request_time(request)
        # Read now, not in the template: the first one's closing time also bounds caching (serve).
        self.open_vacancies = list(
            VacancyPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id, closing_at__gt=now)
            .order_by("closing_at")
            .only("id", "title", "url_path", "locale_id", "closing_at", "location")[:3]
        )
        context["open_vacancies"] = self.open_vacancies
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # The home lists open vacancies, soonest closing first: no cache may keep it past the first
        # one's closing time, when it must leave the list.
        next_closing = self.open_vacancies[0].closing_at if self.open_vacancies else None
        return limit_caching(request, response, next_closing, request_time(request))
