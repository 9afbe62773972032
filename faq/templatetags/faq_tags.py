from django import template
from django.utils.safestring import mark_safe

from faq.models import FAQPage

register = template.Library()


@register.simple_tag(takes_context=True)
def faq_answer(context, answer):
    """The answer's HTML, from the page's one batch of link lookups when it is rendered within its page."""
    page = context.get("page")
    if isinstance(page, FAQPage):
        # Safe: expanded from the rich text editor's stored HTML, as Wagtail's |richtext filter does.
        return mark_safe(page.answer_html(answer))  # noqa: S308
    return answer  # e.g. a block preview in the admin: the RichText value renders itself
