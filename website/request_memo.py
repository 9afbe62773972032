"""Read-mostly tables that Wagtail queries on every call, read once per content version in each process.

Wagtail looks up the Locale of the active language each time a page asks for a translation
(`Locale.get_active`, several times on one page), and reads every PageViewRestriction for each
`.public()` queryset and again for each page it serves (while there is none, `.public()` is left out).
Both tables change only when an editor changes them, and any such change bumps the content version
(website.page_cache). So, while a public page is being served,
both are read once per content version in each process and remembered; anywhere else (the admin,
management commands, workers) Wagtail's own code runs unchanged.
"""

import contextvars
import copy

from django.db.models import Q

_active_version = contextvars.ContextVar("website_request_memo_version", default=None)
_memos = {}


def activate(version):
    return _active_version.set(version)


def deactivate(token):
    _active_version.reset(token)


def current():
    """The memo of the active content version, or None outside a public request."""
    version = _active_version.get()
    if version is None:
        return None
    memo = _memos.get(version)
    if memo is None:
        _memos.clear()  # an older version's memo is of no use any more
        memo = _memos[version] = {}
    return memo


def forget():
    """Called when content changes during a request: what was read before may be stale."""
    _memos.clear()


def remembered(key, compute):
    """`compute()`, remembered under `key` for the content version while a public page is served
    (computed every time anywhere else). For what is the same for every reader of a version."""
    memo = current()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def locale_code(locale_id):
    """The language code of a Locale, from one read of the table per content version."""
    from wagtail.models import Locale

    codes = remembered("locale-codes", lambda: dict(Locale.objects.values_list("pk", "language_code")))
    code = codes.get(locale_id)
    if code is None:  # a locale added since (its version's memo is empty again by then)
        code = Locale.objects.get(pk=locale_id).language_code
    return code


def view_restrictions():
    """Every PageViewRestriction with its page, or None outside a public request."""
    from wagtail.models import PageViewRestriction

    memo = current()
    if memo is None:
        return None
    if "view_restrictions" not in memo:
        memo["view_restrictions"] = list(PageViewRestriction.objects.select_related("page"))
    return memo["view_restrictions"]


def install():
    from wagtail.models.i18n import LocaleManager
    from wagtail.query import PageQuerySet

    original_get_for_language = LocaleManager.get_for_language
    original_private_q = PageQuerySet.private_q

    def get_for_language(self, language_code):
        memo = current()
        if memo is None:
            return original_get_for_language(self, language_code)
        key = ("locale", language_code)
        if key not in memo:
            memo[key] = original_get_for_language(self, language_code)
        return copy.copy(memo[key])

    def private_q(self):
        restrictions = view_restrictions()
        if restrictions is None:
            return original_private_q(self)
        # The same Q as Wagtail's PageQuerySet.private_q, from the remembered restrictions.
        q = Q()
        for restriction in restrictions:
            q |= self.descendant_of_q(restriction.page, inclusive=True)
        return q if q else Q(pk__in=[])

    original_public = PageQuerySet.public

    def public(self):
        # While no page is restricted every page is public: Wagtail's exclude(Q(pk__in=[])) filters
        # nothing, but costs the ORM a clause on every list.
        if view_restrictions() == []:
            return self._chain()
        return original_public(self)

    LocaleManager.get_for_language = get_for_language
    PageQuerySet.private_q = private_q
    PageQuerySet.public = public
