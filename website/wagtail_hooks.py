from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import FooterText, Organisation, Person, SiteAlert
from .rich_text import LocalizedPageLinkHandler


class FooterTextViewSet(SnippetViewSet):
    model = FooterText
    icon = "list-ul"
    menu_label = _("Footer")
    add_to_admin_menu = False


register_snippet(FooterTextViewSet)


class SiteAlertViewSet(SnippetViewSet):
    # In the main menu, where an editor looks when the hotline is down, not among the snippets.
    model = SiteAlert
    icon = "warning"
    menu_label = _("Site-wide alert")
    menu_order = 150
    add_to_admin_menu = True
    list_display = ["text", "level", "starts_at", "ends_at", "locale"]
    list_filter = ["level"]


register_snippet(SiteAlertViewSet)


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Consortium")
    list_display = ["name", "acronym", "is_board_member", "board_order"]
    list_filter = ["is_board_member"]
    ordering = ["name"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Secretariat")
    list_display = ["name", "role", "is_visible", "sort_order"]
    list_filter = ["is_visible"]
    ordering = ["sort_order", "name"]


class WhoWeAreViewSetGroup(SnippetViewSetGroup):
    # Editors find the consortium and the Secretariat together, beside the pages, not among all snippets.
    items = (OrganisationViewSet, PersonViewSet)
    menu_icon = "group"
    menu_label = _("Who we are")
    menu_name = "who-we-are"


register_snippet(WhoWeAreViewSetGroup)


# After Wagtail's own registration (order), so that this handler is the one used for page links.
@hooks.register("register_rich_text_features", order=100)
def localized_page_links(features):
    features.register_link_type(LocalizedPageLinkHandler)


@hooks.register("before_serve_page")
def note_the_query_parameters_the_page_reads(page, request, serve_args, serve_kwargs):
    """The page cache keys on these parameters only (website/page_cache.py, "The query")."""
    request._page_cache_parameters = getattr(page, "cache_query_parameters", ())
