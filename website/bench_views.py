"""The ceiling of this stack for `make bench`: a bare Django view answering 20 KB through every middleware.

Mounted only when BENCH_CEILING_VIEW=1 (see website/urls.py), which only scripts/bench.py sets.
"""

from django.http import HttpResponse

SENTENCE = b"<p>Human rights defenders at risk can ask for support in any language, at any hour.</p>\n"
CEILING_BODY = (b"<!doctype html><title>ceiling</title>\n" + SENTENCE * 240)[: 20 * 1024]


def ceiling(request):
    return HttpResponse(CEILING_BODY, content_type="text/html; charset=utf-8")
