from django.conf import settings
from django_tasks import task

from .retention import purge_unsubscribed


@task(backend=settings.OUTBOX_TASK_BACKEND)
def handle_signup(sealed):
    """A signup queued by the form (subscriptions.queue_signup): record it and queue its mail."""
    from .subscriptions import open_signup, request_subscription

    request_subscription(**open_signup(sealed))


@task(backend=settings.OUTBOX_TASK_BACKEND)
def purge_newsletter_records():
    """Daily: settings.PERIODIC_TASKS["newsletter.tasks.purge_newsletter_records"] = 86400."""
    return {"deleted": purge_unsubscribed()}
