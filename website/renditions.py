"""Image renditions are made ahead, by the worker when an image is saved, never while a reader waits.

Every size a template asks for is listed here; templates ask for them with `{% image %}`, which then
only looks the rendition up. Each is WebP, and each comes in two widths for `srcset`.
"""

from django.db import transaction
from django_tasks import task
from wagtail.images import get_image_model

RENDITION_FILTERS = [
    # Image blocks in page bodies (website/templates/website/blocks/image.html).
    "width-400|format-webp",
    "width-800|format-webp",
    # A news item's image, and its card in lists (news/templates/news/).
    "width-480|format-webp",
    "width-960|format-webp",
    "fill-480x270|format-webp",
    "fill-960x540|format-webp",
    # Logos and photos on the Who we are page (WhoWeArePage.LOGO_FILTERS, PHOTO_FILTERS).
    "max-160x80|format-webp",
    "max-320x160|format-webp",
    "fill-160x160|format-webp",
    "fill-320x320|format-webp",
]


@task()
def make_renditions(image_id):
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is not None:
        image.get_renditions(*RENDITION_FILTERS)


def on_image_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        transaction.on_commit(lambda: make_renditions.enqueue(instance.pk))


def connect_signals():
    from django.db.models.signals import post_save

    post_save.connect(on_image_saved, sender=get_image_model(), dispatch_uid="make_renditions_ahead")


def renditions(image, *specs):
    """The renditions of `image` for `specs` (each one of RENDITION_FILTERS), looked up together.

    Wagtail's `{% image %}` looks each rendition up on its own and then writes it back to the cache
    even when it came prefetched (a cache write per picture per view: with Redis, a round trip each).
    `Image.get_renditions` looks them up at once and writes back only what it did not find
    prefetched. What was found is kept on the image for the rest of the view (a news item's picture
    and its shared card are the same rendition).
    """
    from wagtail.images.models import SourceImageIOError
    from wagtail.images.shortcuts import get_rendition_or_not_found

    found = image.__dict__.setdefault("_renditions_found", {})
    missing = [spec for spec in specs if spec not in found]
    if missing:
        try:
            found.update(image.get_renditions(*missing))
        except SourceImageIOError:  # as {% image %} does: a placeholder, not a server error
            for spec in missing:
                found[spec] = get_rendition_or_not_found(image, spec)
    return [found[spec] for spec in specs]
