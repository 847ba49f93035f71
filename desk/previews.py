"""Previews: a story as readers will see it, before they can.

Staff preview any story (or, from the history screen, a revision) under a
clear banner. An editor can also share a preview with someone who has no
account (a lawyer, a source checking a quote): a link that is signed,
expiring, revocable and read-only, and that shows that one story's current
draft and nothing else. Previews are never indexed and never stored by shared
caches.

A shared link's address carries the stored token signed with the site's secret
(salt ``newsroom.preview``), so a tampered or made-up address is refused before
any database lookup; the token itself (``secrets.token_urlsafe``) is what the
database knows, and revoking or expiring the row ends the link.
"""

import secrets
from datetime import timedelta

from django.contrib.admin.views.decorators import staff_member_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django.views.defaults import page_not_found

from articles import body
from articles.models import Article, PreviewLink
from articles.richtext import split_blocks
from desk.words import in_sentence
from newsroom.csp import allow_frames
from pagecache import store
from public.views import story_context

SALT = "newsroom.preview"
# "." is in neither the token's nor the signature's alphabet, and reads well in an address.
_signer = signing.Signer(salt=SALT, sep=".")

# Sharing a draft outside the newsroom is a decision about publication: editors only.
SHARE_PERMISSION = "articles.publish_article"

LIFETIMES = {
    "1h": (gettext_lazy("1 hour"), timedelta(hours=1)),
    "1d": (gettext_lazy("1 day"), timedelta(days=1)),
    "7d": (gettext_lazy("7 days"), timedelta(days=7)),
    "30d": (gettext_lazy("30 days"), timedelta(days=30)),
}
DEFAULT_LIFETIME = "1d"
LONGEST_LIFETIME = timedelta(days=30)


def keep_private(response):
    """No search engine indexes it; no shared cache (CDN, proxy) keeps a copy."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response


def render_story(request, article, banner):
    """The public story template for ``article``, marked as a preview."""
    context = {
        "story": article,
        "article": article,
        "current_section_id": article.section_id,
        "preview_banner": banner,
        **story_context(article),
    }
    response = TemplateResponse(request, "articles/article_detail.html", context)
    return keep_private(allow_frames(response, embed_frames(article)))


@staff_member_required
def staff_preview(request, pk):
    article = get_object_or_404(Article.objects.for_story_page(), pk=pk)
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    state = in_sentence(article.state_label)
    return render_story(
        request, article, _("Preview — this story is %(state)s.") % {"state": state}
    )


# --- Shareable links ---------------------------------------------------------------


def may_share(user):
    return user.is_active and user.has_perm(SHARE_PERMISSION)


def create_link(article, user, label="", lifetime=LIFETIMES[DEFAULT_LIFETIME][1]):
    """A new shareable preview link for ``article``, valid for ``lifetime`` (30 days at most)."""
    if not may_share(user):
        raise PermissionDenied(_("Only editors may share a preview outside the newsroom."))
    lifetime = min(lifetime, LONGEST_LIFETIME)
    return PreviewLink.objects.create(
        article=article,
        token=secrets.token_urlsafe(32),
        label=label.strip(),
        created_by=user,
        expires_at=timezone.now() + lifetime,
    )


def revoke_link(link, user):
    if not may_share(user):
        raise PermissionDenied(_("Only editors may revoke a preview link."))
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def link_path(link):
    """The link's address on this site (signed; the same every time it is asked for),
    in its story's edition: the preview is drawn in the story's language."""
    with translation.override(link.article.language):
        return reverse("articles:shared_preview", kwargs={"token": _signer.sign(link.token)})


# A link's states, as the share page names them.
LINK_STATES = {
    "active": gettext_lazy("Active"),
    "expired": gettext_lazy("Expired"),
    "revoked": gettext_lazy("Revoked"),
}


def link_state(link):
    """ "active", "expired" or "revoked" (LINK_STATES names each)."""
    if link.revoked_at is not None:
        return "revoked"
    if link.expires_at <= timezone.now():
        return "expired"
    return "active"


def active_link(signed_token):
    """The active link an address names, or None (tampered, unknown, revoked or expired)."""
    try:
        token = _signer.unsign(signed_token)
    except signing.BadSignature:
        return None  # refused before any lookup
    link = PreviewLink.objects.filter(token=token).first()
    if link is None or not link.is_active:
        return None
    return link


def link_not_found(request):
    """One answer for every unusable link, so an address says nothing about what it was."""
    return keep_private(page_not_found(request, Http404(_("No such preview."))))


@require_safe
def shared_preview(request, token):
    """A shareable link's page: the story's current draft, for someone without an account."""
    link = active_link(token)
    if link is None:
        return link_not_found(request)
    # Fresh from the database: the draft as it is now, with exactly what the story page reads.
    article = Article.objects.for_story_page().filter(pk=link.article_id).first()
    if article is None:
        return link_not_found(request)
    state = in_sentence(article.state_label)
    expires = dateformat.format(timezone.localtime(link.expires_at), "F j, Y, H:i T")
    banner = _("Shared preview — %(state)s; this link expires %(time)s.")
    return render_story(request, article, banner % {"state": state, "time": expires})


# --- The live preview beside the story form ----------------------------------------------


def render_live(request, article):
    """An unsaved story (desk/admin/story_screen.py builds it from the form) drawn by
    the story page's template, as readers would get it.

    Nothing is read from the cache or kept in it (``drawing_afresh``: the masthead's
    sections come from the database), and there is no Explore list, whose picks and
    fill-up are the saved story's and kept in the cache. The words are in the story's
    edition's language, as on its page."""
    context = {
        "story": article,
        "article": article,
        "current_section_id": article.section_id,
        "preview_banner": _("Live preview of the text as typed; not saved."),
        "body_parts": article.body_with_inserts(),
        "explore": [],
        "editions": {},
    }
    with store.drawing_afresh(), translation.override(article.language):
        html = render_to_string("articles/article_detail.html", context, request=request)
    return keep_private(allow_frames(HttpResponse(html), embed_frames(article)))


def embed_frames(article):
    """The frames the text's embeds may load, read from the text itself: a draft's, or
    one typed and not saved."""
    return body.frame_origins(split_blocks(article.body))
