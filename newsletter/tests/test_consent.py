import hashlib

from django.utils import translation

from newsletter.consent import CONSENT_TEXT_VERSION, consent_hint, consent_label

# The English consent text of each version. Changing the words fails this test until the version is
# bumped and its text added here: every subscriber's record names the version they agreed to.
KNOWN_VERSIONS = {"2026-11-1": "5565ca72aa7f"}


def english_text():
    with translation.override("en"):
        return consent_label() + "\n" + consent_hint("/en/privacy/")


def test_the_consent_text_version_is_bumped_when_the_words_change():
    digest = hashlib.sha256(english_text().encode()).hexdigest()[:12]
    assert KNOWN_VERSIONS.get(CONSENT_TEXT_VERSION) == digest, (
        f"The consent text changed: bump CONSENT_TEXT_VERSION and record {digest!r} for it."
    )
