"""The newsletter in Wagtail's admin: subscribers (list, filters, CSV export, import, counts, release)
and the topics editors define and translate."""

import django_filters
from django import forms
from django.conf import settings
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from website.csv_safety import spreadsheet_safe

from . import admin_views
from .links import language_path, public_base_url, subscriber_token
from .models import Subscriber, SubscriberStatus, Topic, source_topics

# The columns the mailing tool imports: stable names, whatever the staff member's language.
EXPORT_COLUMNS = [
    "email",
    "language",
    "topics",
    "subscribed_at",
    "consent_text_version",
    "consent_language",
    "unsubscribe_url",
    "manage_url",
]


class NewsletterPermissionPolicy(ModelPermissionPolicy):
    """One permission, "newsletter.manage_subscribers", opens the addresses (personal data).

    Nobody adds an address by hand: an address comes from a confirmed signup, or an import of
    addresses confirmed elsewhere with their consent record.
    """

    codename = "manage_subscribers"

    def user_has_permission(self, user, action):
        return action != "add" and user.has_perm(f"newsletter.{self.codename}")

    def users_with_any_permission(self, actions):
        if not set(actions) - {"add"}:
            return self._get_users_with_any_permission_codenames(set())
        return self._get_users_with_any_permission_codenames({self.codename})


class SubscriberFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(label=_("Language"), choices=settings.LANGUAGES)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SubscriberStatus.choices)
    topics = django_filters.ModelMultipleChoiceFilter(
        label=_("Topics"),
        queryset=lambda request: source_topics(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Subscriber
        fields = ["language", "status", "topics"]


class SubscriberIndexView(IndexView):
    import_url_name = None
    counts_url_name = None
    release_url_name = None

    def get_base_queryset(self):
        queryset = super().get_base_queryset().prefetch_related("topics")
        if self.is_export:
            # The export feeds the mailing tool: confirmed subscribers only, whatever the status filter.
            queryset = queryset.filter(status=SubscriberStatus.SUBSCRIBED)
        return queryset

    @cached_property
    def base_url(self):
        return public_base_url()

    def to_row_dict(self, item):
        token = subscriber_token(item)
        return {
            "email": item.email,
            "language": item.language,
            "topics": " ".join(sorted(topic.key for topic in item.topics.all())),
            "subscribed_at": item.confirmed_at.isoformat() if item.confirmed_at else "",
            "consent_text_version": item.consent_text_version,
            "consent_language": item.consent_language,
            "unsubscribe_url": self.base_url + language_path("newsletter_unsubscribe", item.language, token),
            "manage_url": self.base_url + language_path("newsletter_manage", item.language, token),
        }

    def write_csv_row(self, writer, row_dict):
        # Addresses and sources are typed by the public or imported: never let one run as a formula.
        return writer.writerow({field: spreadsheet_safe(value) for field, value in row_dict.items()})

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            Button(_("Import addresses"), url=reverse(self.import_url_name), icon_name="upload", priority=100)
        )
        buttons.append(
            Button(
                _("Counts per language"), url=reverse(self.counts_url_name), icon_name="list-ul", priority=110
            )
        )
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == SubscriberStatus.QUARANTINED:
            buttons.append(
                Button(
                    _("Release: send the confirmation email"),
                    url=reverse(self.release_url_name, args=[instance.pk]),
                    icon_name="mail",
                    priority=5,
                )
            )
        return buttons


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = _("Subscribers")
    index_view_class = SubscriberIndexView
    list_display = ["email", "language", "status", "topic_keys", "confirmed_at"]
    list_per_page = 50
    filterset_class = SubscriberFilterSet
    search_fields = ["email"]
    # Plain database filtering: addresses are never copied into a search index.
    search_backend_name = None
    list_export = EXPORT_COLUMNS
    export_headings = {column: column for column in EXPORT_COLUMNS}
    export_filename = "newsletter-subscribers"
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "language",
        "status",
        "topic_keys",
        "quarantine_reasons",
        "consent_text_version",
        "consent_language",
        "consented_at",
        "confirmed_at",
        "unsubscribed_at",
        "source",
        "last_mail_sent_at",
        "created_at",
        "history_display",
    ]
    panels = [FieldPanel("language"), FieldPanel("topics", widget=forms.CheckboxSelectMultiple)]

    @property
    def permission_policy(self):
        return NewsletterPermissionPolicy(self.model)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            import_url_name=self.get_url_name("import"),
            counts_url_name=self.get_url_name("counts"),
            release_url_name=self.get_url_name("release"),
            **kwargs,
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("import/", admin_views.import_view, name="import"),
            path("counts/", admin_views.counts_view, name="counts"),
            path("release/<int:pk>/", admin_views.release_view, name="release"),
        ]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "key", "sort_order"]


class NewsletterViewSetGroup(SnippetViewSetGroup):
    items = (SubscriberViewSet, TopicViewSet)
    menu_icon = "mail"
    menu_label = _("Newsletter")
    menu_name = "newsletter"
    menu_order = 160


register_snippet(NewsletterViewSetGroup)


@hooks.register("register_log_actions")
def newsletter_log_actions(actions):
    actions.register_action(
        "newsletter.release", _("Release from quarantine"), _("Released: confirmation email sent")
    )
