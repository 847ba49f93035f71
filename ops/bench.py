"""What only the benchmark uses (bench/README.md), installed only with NEWSROOM_BENCH=1:
the settings add ``BenchMiddleware`` above the page cache and newsroom/urls.py routes
the baseline. Production code knows nothing of it.

- ``baseline``: a bare view through the same middleware as every page: the most Django
  itself can serve on this machine, with no query and no template.
- ``BenchMiddleware``: the header ``X-Bench-Cache`` picks how a page is drawn. ``cold``:
  nothing kept is read or stored (pagecache.store.drawing_afresh); ``bypass``: the
  whole-page cache is missed and the page is put together from its kept parts
  (pagecache.store.without_whole_pages); no header: as for any reader.
"""

from contextlib import nullcontext

from django.http import HttpResponse
from django.urls import path

from pagecache import store

MODES = {"cold": store.drawing_afresh, "bypass": store.without_whole_pages}


def baseline(request):
    return HttpResponse("Hello from the newsroom.\n", content_type="text/plain")


urlpatterns = [path("bench/baseline/", baseline, name="bench_baseline")]


class BenchMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        mode = MODES.get(request.headers.get("X-Bench-Cache", ""), nullcontext)
        with mode():
            return self.get_response(request)
