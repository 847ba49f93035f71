"""The benchmark's baseline: a bare view through the same middleware as every page.

Routed only when NEWSROOM_BENCH is on (see newsroom/urls.py and bench/README.md): it
measures the most Django itself can serve on this machine, with no query and no template.
"""

from django.http import HttpResponse
from django.urls import path


def baseline(request):
    return HttpResponse("Hello from the newsroom.\n", content_type="text/plain")


urlpatterns = [path("bench/baseline/", baseline, name="bench_baseline")]
