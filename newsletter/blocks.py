"""A compact newsletter signup that editors place on any page (a StreamField block).

It posts to the signup view of the reader's language; errors are shown on the signup page, with
what was typed. Nothing here imports the app's models at load time, so the project's settings can
offer it in every page body (PAGE_BODY_APP_BLOCKS).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class NewsletterSignupBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120, default=_("Get our newsletter"))
    text = blocks.TextBlock(label=_("Text"), max_length=400, required=False)

    class Meta:
        icon = "mail"
        label = _("Newsletter signup")
        template = "newsletter/blocks/signup_block.html"

    def get_context(self, value, parent_context=None):
        from django.utils import translation

        from .models import NewsletterSignupPage
        from .views import signup_context

        context = super().get_context(value, parent_context=parent_context)
        request = context.get("request")
        if request is None:
            return context
        # Each form on a page needs its own element ids.
        number = getattr(request, "_newsletter_forms", 0) + 1
        request._newsletter_forms = number
        page = NewsletterSignupPage.for_language(translation.get_language())
        context["signup_page"] = page
        context["heading_id"] = f"newsletter-{number}-heading"
        context.update(signup_context(page, request, auto_id=f"newsletter-{number}-%s", with_captcha=False))
        return context
