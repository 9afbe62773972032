"""On a 320 px phone, and with the browser's text size at 200 %, every control stays usable.

Usable means: the page body never scrolls sideways, and each link, button and field can be reached
with the keyboard and is then on screen, whole, and not hidden under anything (such as the sticky
quick-exit bar). Every page type in every language, and each form with its error summary shown.
"""

import pytest

from tests.pages import form_page_paths, page_type_paths

pytestmark = pytest.mark.browser

# Focuses each control as the keyboard would, then looks at where it landed.
UNUSABLE_CONTROLS = """() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  const height = window.innerHeight;
  const controls = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])"
  );
  for (const control of controls) {
    if (control.closest("[hidden], [inert]") || control.tabIndex < 0 || control.disabled) continue;
    if (control.getClientRects().length === 0) continue;  // not rendered, e.g. inside a closed <details>
    control.focus();
    if (document.activeElement !== control) continue;
    const box = control.getBoundingClientRect();
    const name = control.outerHTML.slice(0, 90);
    if (box.width < 1 || box.height < 1) { problems.push(`${name}: no size when focused`); continue; }
    if (box.left < -1 || box.right > width + 1) {
      problems.push(`${name}: sideways off screen (${Math.round(box.left)}..${Math.round(box.right)})`);
      continue;
    }
    // Its start on screen: the browser scrolls a tall text box only as far as its caret.
    if (box.top < -1 || box.top > height - 8) {
      problems.push(`${name}: not scrolled into view (its top at ${Math.round(box.top)} of ${height})`);
      continue;
    }
    // The middle of its first line: a link that wraps has a box wider than any of its lines.
    const line = control.getClientRects()[0];
    const x = Math.min(Math.max(line.left + line.width / 2, 0), width - 1);
    const y = Math.min(Math.max(line.top + Math.min(line.height / 2, 8), 0), height - 1);
    const onTop = document.elementFromPoint(x, y);
    const label = control.labels && control.labels[0];
    if (onTop && !control.contains(onTop) && !(label && label.contains(onTop))) {
      problems.push(`${name}: covered by ${onTop.outerHTML.slice(0, 60)}`);
    }
  }
  document.activeElement && document.activeElement.blur();
  return problems;
}"""
SIDEWAYS_SCROLL = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
BODY_TEXT_SIZE = "parseFloat(getComputedStyle(document.querySelector('main p, main li')).fontSize)"


@pytest.fixture(scope="module")
def paths(django_db_blocker):
    with django_db_blocker.unblock():
        return page_type_paths(), form_page_paths()


def problems_on(page, live_site, paths, forms):
    found = {}
    for path in paths + forms:
        page.goto(live_site + path)
        if path in forms:
            with page.expect_navigation():
                page.locator("main form[method=post] button[type=submit]").click()
            path = f"{path} (error summary)"
        problems = page.evaluate(UNUSABLE_CONTROLS)
        if (overflow := page.evaluate(SIDEWAYS_SCROLL)) > 0:
            problems.append(f"the page scrolls sideways by {overflow} px")
        if problems:
            found[path] = problems
    return found


def report(found):
    return "\n".join(f"{path}: {problem}" for path, problems in found.items() for problem in problems)


def test_every_control_is_usable_at_320px(browser, live_site, paths):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    found = problems_on(page, live_site, *paths)
    context.close()
    assert not found, report(found)


def test_every_control_is_usable_with_text_at_200_percent(browser, live_site, paths):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_site + "/en/")
    normal_size = page.evaluate(BODY_TEXT_SIZE)
    # The browser's own text-size setting (as in Chrome's Settings, "Font size"), not a page zoom:
    # only text that the stylesheet sizes relative to it grows.
    session = context.new_cdp_session(page)
    session.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    page.reload()
    assert page.evaluate(BODY_TEXT_SIZE) == pytest.approx(2 * normal_size)
    found = problems_on(page, live_site, *paths)
    context.close()
    assert not found, report(found)


def test_the_checks_themselves_find_a_covered_link_and_sideways_scrolling(browser):
    # Guards the tests above against passing because the checks see nothing.
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.set_content(
        '<!doctype html><html lang="en"><title>t</title><p style="inline-size: 500px">A wide line</p>'
        '<a href="/a">Under the cover</a><div style="position: fixed; inset: 0; background: #fff"></div>'
    )
    problems = page.evaluate(UNUSABLE_CONTROLS)
    assert len(problems) == 1 and "Under the cover" in problems[0] and "covered by <div" in problems[0]
    assert page.evaluate(SIDEWAYS_SCROLL) > 0
    page.close()
