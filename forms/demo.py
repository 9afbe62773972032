"""Demo content for the inboxes: the three form pages and the status page, the inboxes and, in
development only, a demo member account whose password is public (see README)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.demo import ensure_demo_second_factor
from website.demo.content import FULL
from website.demo.loader import app_po_root

from .inboxes import create_inbox, ensure_member_key
from .models import (
    ComplaintFormPage,
    FeedbackFormPage,
    Inbox,
    InboxKind,
    ReceiptStatusPage,
    SupportRequestFormPage,
)

DEMO_MEMBER = "inbox-demo"
DEMO_MEMBER_PASSWORD = "demo inbox password, local use only"  # noqa: S105 - a published demo credential


def build(loader):
    home = loader.home
    status = loader.ensure_child(
        home,
        ReceiptStatusPage,
        "status",
        title="Check the status of your message",
        search_description="Type your receipt code to see what is happening with your message.",
        intro="<p>Type the receipt code you were given when you sent your message. You need no account.</p>",
    )
    support = loader.ensure_child(
        home,
        SupportRequestFormPage,
        "request-support",
        title="Ask for support",
        show_in_menus=True,
        search_description="Ask ProtectDefenders.eu for support if you are a human rights defender at risk.",
        intro=(
            "<p>Use this form if you are a human rights defender at risk because of your work, or if you are "
            "writing for one. Tell us what you can; we will contact you in the way you choose.</p>"
        ),
        promise=(
            "<p>We read every request. Urgent ones are handled first: if you are in danger now, also call "
            "the 24/7 emergency hotline.</p>"
        ),
        confirmation_text=(
            "<p>A member of our team will contact you in the way you asked. If you gave an email address "
            "and asked for it, we will confirm that your request arrived, without repeating what you "
            "wrote.</p>"
        ),
        status_page=status,
    )
    complaint = loader.ensure_child(
        home,
        ComplaintFormPage,
        "complaint",
        title="Make a complaint",
        search_description="Tell us if something we did, or did not do, harmed you.",
        intro=(
            "<p>If you think that something we or our representatives did, or failed to do, harmed you, tell "
            "us here. This is not a way to appeal a decision about support.</p>"
        ),
        promise=(
            "<ul><li>We confirm at once that your complaint arrived.</li>"
            "<li>You receive a first response within 15 days.</li>"
            "<li>The Head of the Secretariat reviews it and answers fully within 30 days.</li></ul>"
        ),
        confirmation_text="<p>Only the Head of the Secretariat reads complaints.</p>",
        status_page=status,
    )
    feedback = loader.ensure_child(
        home,
        FeedbackFormPage,
        "feedback",
        title="Give us feedback",
        search_description="Tell us what went well and what we could do better.",
        intro="<p>Tell us about your experience with us, good or bad. It helps us do better.</p>",
        promise="<p>Every comment is passed to the team concerned.</p>",
        confirmation_text="<p>Thank you for taking the time to write to us.</p>",
        status_page=status,
    )
    if home.support_page_id != support.pk:
        home.support_page = support
        home.save_revision().publish()
        loader.say("The home page's support button leads to the support request form")
    for key, page in [
        ("status", status),
        ("request-support", support),
        ("complaint", complaint),
        ("feedback", feedback),
    ]:
        loader.register(key, page, FULL, app_po_root("forms"))
    ensure_inboxes(loader)


def demo_inboxes_allowed():
    """The demo makes inboxes only where nothing real can arrive: development (DEBUG), and the test
    database (DEMO_INBOXES). With production settings it refuses: real inboxes are made with
    `manage.py create_inbox`, which shows their recovery key once, to the person who runs it."""
    return getattr(settings, "DEMO_INBOXES", settings.DEBUG)


def ensure_inboxes(loader):
    if not demo_inboxes_allowed():
        missing = [kind for kind in InboxKind.values if not Inbox.objects.filter(kind=kind).exists()]
        if missing:
            loader.say(
                "No demo inboxes with production settings: make each with `manage.py create_inbox KIND "
                f"--member USERNAME` (missing: {', '.join(missing)})"
            )
        return
    members = []
    if settings.DEBUG:
        user, created = get_user_model().objects.get_or_create(
            username=DEMO_MEMBER, defaults={"email": "inbox-demo@example.org", "first_name": "Demo"}
        )
        if created:
            user.set_password(DEMO_MEMBER_PASSWORD)
            user.save()
            user.groups.add(*Group.objects.filter(name__in=["Support requests", "Complaints", "Feedback"]))
            loader.say(f"Created the demo inbox member {DEMO_MEMBER!r} (password: {DEMO_MEMBER_PASSWORD!r})")
        if ensure_demo_second_factor(user):
            loader.say(f"Gave {DEMO_MEMBER!r} the demo authenticator (`manage.py demo_totp` prints its code)")
        members.append(ensure_member_key(user, DEMO_MEMBER_PASSWORD))
    for kind in InboxKind.values:
        if not Inbox.objects.filter(kind=kind).exists():
            # The recovery key is dropped, never printed: logs keep what a loader prints.
            create_inbox(kind, members=members)
            loader.say(f"Created the demo {kind} inbox (its recovery key is not kept)")
