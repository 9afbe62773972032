"""Editors' news goes through moderation; scheduled news goes live on time, not before."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from news.factories import NewsPageFactory


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(username="editor", password="not-used-here-123")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(username="moderator", password="not-used-here-123")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_editors_news_is_published_only_after_a_moderator_approves_it(client, news_index, editor, moderator):
    page = NewsPageFactory(
        parent=news_index, title="Hotline hours extended", slug="hotline-hours", live=False
    )
    assert not page.permissions_for_user(editor).can_publish()

    page.save_revision(user=editor)
    workflow = page.get_workflow()
    assert workflow is not None
    assert workflow.name == "Moderators approval"
    workflow_state = workflow.start(page, editor)

    page.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not page.live
    assert client.get("/en/news/hotline-hours/").status_code == 404

    task_state = workflow_state.current_task_state
    task = task_state.task.specific
    assert list(task.groups.values_list("name", flat=True)) == ["Moderators"]
    # The editor who submitted it cannot approve it; a moderator can.
    assert task.get_actions(page, editor) == []
    assert "approve" in [name for name, _label, _needs_comment in task.get_actions(page, moderator)]

    task.on_action(task_state, moderator, "approve")

    page.refresh_from_db()
    workflow_state.refresh_from_db()
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_APPROVED
    assert workflow_state.status == WorkflowState.STATUS_APPROVED
    assert page.live
    assert client.get("/en/news/hotline-hours/").status_code == 200
    assert "Hotline hours extended" in client.get("/en/news/").content.decode()


def test_news_sent_back_by_a_moderator_stays_unpublished(client, news_index, editor, moderator):
    page = NewsPageFactory(parent=news_index, title="Not ready", slug="not-ready", live=False)
    page.save_revision(user=editor)
    workflow_state = page.get_workflow().start(page, editor)
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "reject")

    page.refresh_from_db()
    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not page.live
    assert client.get("/en/news/not-ready/").status_code == 404


def test_scheduled_news_goes_live_only_when_its_time_comes(client, news_index):
    go_live_at = timezone.now() + timedelta(days=2)
    page = NewsPageFactory(
        parent=news_index, title="Scheduled call for applications", slug="scheduled", live=False
    )
    page.go_live_at = go_live_at
    page.save_revision().publish()

    page.refresh_from_db()
    assert not page.live
    assert page.get_latest_revision().approved_go_live_at == go_live_at

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live
    assert client.get("/en/news/scheduled/").status_code == 404
    assert "Scheduled call for applications" not in client.get("/en/news/feed/rss/").content.decode()

    with time_machine.travel(go_live_at + timedelta(minutes=1)):
        call_command("publish_scheduled")

    page.refresh_from_db()
    assert page.live
    assert client.get("/en/news/scheduled/").status_code == 200
    assert "Scheduled call for applications" in client.get("/en/news/feed/rss/").content.decode()
