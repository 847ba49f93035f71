"""Previews: a story as readers will see it, before they can.

Staff preview any story (or, from the history screen, a revision) under a
clear banner. Previews are never indexed and never stored by shared caches.
"""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from .models import Article
from .views import story_context


def render_story(request, article, banner):
    """The public story template for ``article``, marked as a preview."""
    context = {"article": article, "preview_banner": banner, **story_context(article)}
    response = TemplateResponse(request, "articles/article_detail.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response


@staff_member_required
def staff_preview(request, pk):
    article = get_object_or_404(Article.objects.for_story_page(), pk=pk)
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    state = article.state_label.lower()
    return render_story(request, article, f"Preview — this story is {state}.")


def shared_preview(request, token):
    """A shareable link's page: the story's current draft, for someone without an account."""
    from django.http import Http404

    raise Http404("Shared previews are not available yet.")
