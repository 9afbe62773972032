"""Arabic and Persian read from the right: navigation, form labels and error summaries start there.

Screenshots of the home page, a programme and a form with its error summary, at 320 px and 1280 px,
are kept in test-artifacts/screenshots/<lang>-<page>-<width>.png for a person to look at. English runs
the same checks mirrored, so that they are known to tell one side from the other.
"""

from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
PAGES = {
    "home": "/{language}/",
    "programme": "/{language}/programmes/temporary-relocation/",
    "form": "/{language}/request-support/",
}
WIDTHS = [320, 1280]

# For each element: where its content box and its text (or its first child, the first item of a
# list) begin and end, in CSS pixels from the left of the viewport.
EDGES = """([selector, child]) => {
  const edges = [];
  for (const element of document.querySelectorAll(selector)) {
    if (element.getClientRects().length === 0 || element.closest(".visually-hidden, [hidden]")) continue;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    let parts;
    if (child) {
      parts = [element.querySelector(child).getBoundingClientRect()];
    } else {
      const range = document.createRange();
      range.selectNodeContents(element);
      parts = [...range.getClientRects()].filter((rect) => rect.width > 0);
    }
    edges.push({
      name: element.outerHTML.slice(0, 80),
      boxLeft: box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft),
      boxRight: box.right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight),
      left: Math.min(...parts.map((rect) => rect.left)),
      right: Math.max(...parts.map((rect) => rect.right)),
      borderLeft: parseFloat(style.borderLeftWidth),
      borderRight: parseFloat(style.borderRightWidth),
    });
  }
  return edges;
}"""


def misplaced(page, rtl, selector, child=None):
    """The elements whose text (or first child) does not begin at the start side of their box."""
    edges = page.evaluate(EDGES, [selector, child])
    assert edges, f"nothing matches {selector}"
    return [
        f"{edge['name']} starts {gap:.0f} px away from the {'right' if rtl else 'left'}"
        for edge in edges
        if (gap := edge["boxRight"] - edge["right"] if rtl else edge["left"] - edge["boxLeft"]) > 2
    ]


def start_side_problems(page, rtl, is_form):
    problems = []
    # Navigation: the first link of each list is at the start side, the site's name too. On a phone the
    # lists fold into the header's disclosures: open them (one at a time) to look.
    for selector in ("nav.main-nav ul", "nav.language-switcher ul"):
        page.evaluate(
            "(s) => { const d = document.querySelector(s).closest('details'); if (d) d.open = true; }",
            selector,
        )
        problems += misplaced(page, rtl, selector, child="li")
        page.evaluate(
            "(s) => { const d = document.querySelector(s).closest('details'); if (d) d.open = false; }",
            selector,
        )
    problems += misplaced(page, rtl, ".site-header__inner", child=".site-header__brand")
    problems += misplaced(page, rtl, "main h1")
    if is_form:
        # Labels, and the boxes to type in below them, begin at the start side.
        problems += misplaced(page, rtl, "main form .field > label, main form legend")
        problems += misplaced(
            page, rtl, "main form .field:has(> input, > textarea, > select)", "input, textarea, select"
        )
        # A radio button or a tick box stands before its label, which is to its right in Arabic.
        for choice in page.evaluate(
            """() => [...document.querySelectorAll("main form .choice")].map((choice) => ({
                input: choice.querySelector("input").getBoundingClientRect().toJSON(),
                label: choice.querySelector("label").getBoundingClientRect().toJSON()}))"""
        ):
            before = choice["input"]["left"] >= choice["label"]["right"] - 1
            if before != rtl:
                problems.append(f"a choice's button is on the wrong side of its label: {choice}")
        # The error summary: its heading and each problem begin at the start side, bullets there too.
        problems += misplaced(page, rtl, ".error-summary h2")
        problems += misplaced(page, rtl, ".error-summary li")
        problems += misplaced(page, rtl, ".error-summary ul", child="li")
        # The red bar beside each field with an error is on its start side.
        for edge in page.evaluate(EDGES, [".field--error", None]):
            start, end = (
                (edge["borderRight"], edge["borderLeft"])
                if rtl
                else (edge["borderLeft"], edge["borderRight"])
            )
            if not start > end:
                problems.append(f"{edge['name']}: the error bar is not on the start side")
    return problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["ar", "fa", "en"])
def test_navigation_labels_and_error_summaries_start_on_the_reading_side(browser, live_site, language, width):
    rtl = language in ("ar", "fa")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    found = {}
    for name, path in PAGES.items():
        page.goto(live_site + path.format(language=language))
        assert page.locator("html").get_attribute("dir") == ("rtl" if rtl else "ltr")
        if name == "form":
            with page.expect_navigation():
                page.locator("main form[method=post] button[type=submit]").click()
            assert page.locator(".error-summary").is_visible()
        if rtl:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOTS / f"{language}-{name}-{width}.png", full_page=True)
        if problems := start_side_problems(page, rtl, is_form=name == "form"):
            found[name] = problems
    context.close()
    assert not found, found
