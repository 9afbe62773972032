"""Ending every session of one staff member ("Sign out everywhere")."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone


def end_all_sessions(user):
    """Delete every live session of this user, on every device. Returns how many were ended.

    Sessions belong to staff only (public pages keep no session), so going through the live ones
    is cheap. The member's unlocked inbox key lives in the session, so it goes with it. Needs a
    database-backed session engine (Django's default `db`, or `cached_db`).
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = session.get_decoded()
        if str(data.get(SESSION_KEY)) == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended
