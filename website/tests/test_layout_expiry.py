"""The shared layout is kept until the next banner or alert changes it, and only what lies ahead counts."""

import time

from website.layout import Layout, Notice


def notice(until):
    return Notice(pk=1, title="Notice", summary="", url="/en/notices/x/", until=until)


def test_a_banner_that_has_ended_does_not_make_the_layout_uncacheable():
    layout = Layout(home_url="/en/", notices=[notice(time.time() - 3600)])
    assert layout.expires_at() is None
    assert layout.active_notices() == []


def test_the_layout_expires_when_the_next_banner_ends():
    soon, later = time.time() + 60, time.time() + 3600
    layout = Layout(home_url="/en/", notices=[notice(later), notice(time.time() - 5), notice(soon)])
    assert layout.expires_at() == soon
