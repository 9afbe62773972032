"""How tests send a form as a person would: with the page's time token, issued a while before sending."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from website.antispam import SUBMISSION_TOKEN_FIELD, TIME_TOKEN_FIELD, SpamDefence

FORM_NAMES = {
    "request-support": "inbox-support",
    "complaint": "inbox-complaint",
    "feedback": "inbox-feedback",
}


def time_token(form_name, seconds_ago=60):
    with time_machine.travel(timezone.now() - timedelta(seconds=seconds_ago)):
        return SpamDefence(None, form_name).time_token()


def as_a_person(slug, data, seconds_ago=60):
    """The form data with a time token from when the page was opened, `seconds_ago`."""
    return {**data, TIME_TOKEN_FIELD: time_token(FORM_NAMES[slug], seconds_ago)}


def once(slug, data):
    """The form data with the one-time submission token a rendered form carries."""
    return {**data, SUBMISSION_TOKEN_FIELD: SpamDefence(None, FORM_NAMES[slug]).submission_token()}
