from django import template
from django.utils import translation

from ..models import Topic

register = template.Library()


@register.filter
def language_name_local(code):
    """A language's name in that language (العربية, Français)."""
    try:
        return translation.get_language_info(code)["name_local"]
    except KeyError:
        return code


@register.simple_tag
def topic_names(subscriber):
    """The subscriber's topics, named in the active language where a translation exists."""
    topics = list(subscriber.topics.all())
    names = dict(
        Topic.objects.filter(
            locale__language_code=translation.get_language(),
            translation_key__in=[topic.translation_key for topic in topics],
        ).values_list("translation_key", "name")
    )
    return ", ".join(names.get(topic.translation_key, topic.name) for topic in topics)
