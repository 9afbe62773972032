"""Ending sessions: every session of one staff member ("Sign out everywhere"), and every ended one.

A session row holds half of its member's unlocked inbox key (the other half is in their cookie), so
a session that has ended must leave no row: a database copy plus an old cookie would open the key.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone


def end_all_sessions(user):
    """Delete every session row of this user, on every device, live or expired. Returns how many.

    Sessions belong to staff only (public pages keep none), so going through them is cheap. Needs a
    database-backed session engine (Django's default `db`, or `cached_db`).
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.iterator():
        data = session.get_decoded()
        if str(data.get(SESSION_KEY)) == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


def delete_ended_sessions(now=None):
    """Delete the rows of sessions past their expiry (2 hours idle). Returns how many."""
    deleted, _by_model = Session.objects.filter(expire_date__lte=now or timezone.now()).delete()
    return deleted
