"""Editors can preview the draft of every page type before it is published."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.models import Page

from accounts.testing import login_with_second_factor


@pytest.mark.django_db
def test_the_draft_of_every_page_type_can_be_previewed(client, demo_site):
    editor = get_user_model().objects.create_superuser(
        "previewer", "p@example.org", "a long preview password"
    )
    login_with_second_factor(client, editor)
    seen = set()
    for page in Page.objects.filter(locale__language_code="en", depth__gte=2).specific().order_by("path"):
        kind = type(page).__name__
        if kind in seen:
            continue
        seen.add(kind)
        page.title = f"{page.title} (draft)"
        page.save_revision()
        response = client.get(f"/{settings.ADMIN_PATH}/pages/{page.pk}/view_draft/")
        assert response.status_code == 200, kind
        assert f"{page.title}".encode() in response.content, kind
    expected = {
        "HomePage",
        "StandardPage",
        "WhoWeArePage",
        "NoticeIndexPage",
        "NoticePage",
        "ProgrammeIndexPage",
    }
    expected |= {"ProgrammePage", "FAQPage", "NewsIndexPage", "NewsPage", "VacancyIndexPage", "VacancyPage"}
    expected |= {"SupportRequestFormPage", "ComplaintFormPage", "FeedbackFormPage", "ReceiptStatusPage"}
    assert expected <= seen
