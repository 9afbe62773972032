"""The consent a subscriber gives, and its version.

The words are interface strings (translated in the gettext catalogues), so each language shows the
same promise. Whoever changes them bumps CONSENT_TEXT_VERSION: every subscriber's record names the
version they agreed to, and tests/test_consent.py fails until the version is bumped.
"""

from django.utils.html import format_html
from django.utils.translation import gettext as _

CONSENT_TEXT_VERSION = "2026-11-1"


def consent_label():
    return _(
        "I want to receive the ProtectDefenders.eu newsletter by email. I can unsubscribe at any time "
        "with the link in every email."
    )


def consent_hint(privacy_url):
    """The line under the checkbox, linking the privacy notice when there is one."""
    if not privacy_url:
        return _("We use your address only to send you the newsletter, and never share it.")
    link = format_html('<a href="{}">{}</a>', privacy_url, _("privacy notice"))
    return format_html(
        _(
            "We use your address only to send you the newsletter, and never share it. "
            "Our {link} says how long we keep it."
        ),
        link=link,
    )
