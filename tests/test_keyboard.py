"""The support form with the keyboard alone: focus order, visible focus, the error summary taking focus.

A person who cannot use a mouse tabs from the top of the page, skips to the content, sends the form
too early, is taken to the list of problems, follows it to each field, and sends the request.
"""

import pytest
from django.core.cache import cache

from tests.answers import ANSWERS, RECEIPT_CODE, REFERENCE

pytestmark = pytest.mark.browser

# The focused element: what it is, and whether a sighted keyboard user can see where focus is.
FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  const x = Math.min(Math.max(box.left + Math.min(box.width / 2, 8), 0), innerWidth - 1);
  const y = Math.min(Math.max(box.top + Math.min(box.height / 2, 8), 0), innerHeight - 1);
  const onTop = document.elementFromPoint(x, y);
  return {
    id: element.id,
    tag: element.tagName.toLowerCase(),
    name: element.getAttribute("name") || "",
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    ring: style.boxShadow !== "none",
    onScreen: box.width > 0 && box.top >= 0 && box.top < innerHeight && box.left >= 0
      && box.right <= innerWidth,
    uncovered: onTop !== null
      && (element.contains(onTop) || [...(element.labels || [])].some((label) => label.contains(onTop))),
  };
}"""
# What Tab should reach in the main content, in the order of the page: links, then each field of
# the form (a group of radio buttons is one stop), then the Send button.
TAB_STOPS = """() => {
  const stops = [];
  const seen = new Set();
  const controls = document.querySelector("main").querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex='-1'])"
  );
  for (const element of controls) {
    if (element.closest("[hidden]") || element.tabIndex < 0) continue;
    if (element.getClientRects().length === 0) continue;
    if (element.type === "radio") {
      if (seen.has(element.name)) continue;
      seen.add(element.name);
    }
    stops.push(element.id || element.getAttribute("name") || element.textContent.trim().slice(0, 30));
  }
  return stops;
}"""


def focused(page):
    return page.evaluate(FOCUSED)


def stop_name(state, page):
    return (
        state["id"]
        or state["name"]
        or page.evaluate("document.activeElement.textContent.trim().slice(0, 30)")
    )


def assert_focus_is_visible(page, where):
    state = focused(page)
    assert state["outline"] or state["ring"], f"no visible focus on {state} ({where})"
    assert state["onScreen"], f"focus is off screen on {state} ({where})"
    assert state["uncovered"], f"the focused element is hidden under another one: {state} ({where})"


def tab_to(page, selector, limit=40):
    """Press Tab until `selector` has focus, checking that focus is visible at every stop."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert_focus_is_visible(page, f"tabbing to {selector}")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.fixture
def keyboard_user(browser, live_site, settings, forget_submissions):
    settings.FORM_MIN_SECONDS = 0  # faster than a person; the spam layers are tested elsewhere
    cache.clear()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()
    cache.clear()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_support_form_with_the_keyboard_alone(keyboard_user, live_site, language):
    page = keyboard_user
    page.goto(f"{live_site}/{language}/request-support/")

    # The first Tab reaches the skip link, which appears; Enter moves on to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    assert_focus_is_visible(page, "skip link")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # From there, Tab follows the page's order, one visible stop at a time, down the form.
    expected = page.evaluate(TAB_STOPS)
    reached = []
    tops = []
    for _ in expected:
        page.keyboard.press("Tab")
        assert_focus_is_visible(page, f"after {reached}")
        state = focused(page)
        reached.append(stop_name(state, page))
        tops.append(page.evaluate("document.activeElement.getBoundingClientRect().top + scrollY"))
    assert reached == expected
    assert tops == sorted(tops), "focus jumps back up the page"

    # Sent too early, with Enter on the Send button: the error summary is read out first.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert_focus_is_visible(page, "error summary")
    problems = summary.get_by_role("link")
    assert problems.count() == 5

    # Each problem links to its field; following the first lands in the first group of buttons.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#id_requester_0"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_requester_0"
    assert_focus_is_visible(page, "the field the error summary led to")
    # Its question shows too, below the quick-exit bar that stays at the top of the screen.
    question_top = page.evaluate(
        "document.activeElement.closest('fieldset').querySelector('legend').getBoundingClientRect().top"
    )
    assert question_top >= page.evaluate(
        "document.querySelector('.quick-exit').getBoundingClientRect().bottom"
    )
    page.keyboard.press("Space")
    assert page.is_checked("#id_requester_0")

    answers = ANSWERS["request-support"]
    tab_to(page, "#id_country")
    page.keyboard.type(answers["country"])
    tab_to(page, "[name=urgency]")
    # Arrow keys move through a group of radio buttons and choose as they go.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.is_checked("#id_urgency_2")
    tab_to(page, "#id_situation")
    page.keyboard.type(answers["situation"])
    tab_to(page, "#id_safe_contact")
    page.keyboard.type(answers["safe_contact"])
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert REFERENCE.fullmatch(page.locator(".confirmation .code").inner_text())
    assert RECEIPT_CODE.fullmatch(page.locator("#receipt-code").inner_text())
