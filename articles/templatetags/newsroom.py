"""Template filters and tags for the public site: bylines, sources and times, newsroom style."""

import json

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def and_list(values):
    """["A", "B", "C"] → "A, B and C": the byline's serial list, without an Oxford comma."""
    names = [str(value) for value in values if str(value)]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


@register.filter
def source_codes(article_sources):
    """The agency codes of a story's sources, in order: "AA, Reuters"."""
    return ", ".join(item.source.code for item in article_sources)


@register.filter
def short_when(value):
    """A headline list's time stamp: today's stories show the time (14:05), older ones the day."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return dateformat.format(local, "H:i" if local.date() == timezone.localdate() else "M j")


@register.simple_tag
def site_name():
    """The site's name from settings, for pages drawn without context processors (500)."""
    return settings.NEWSROOM_SITE_NAME


# Inside <script>, "</script>" or "<!--" in a headline would end the element early.
_JSON_IN_HTML = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def _iso(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


@register.simple_tag(takes_context=True)
def story_jsonld(context, article):
    """The story as schema.org NewsArticle JSON-LD, for search engines and news aggregators.

    Reads only what the story page has prefetched (bylines, sources, picture, section).
    ``dateModified`` follows the last update (a correction's time), else publication.
    """
    request = context["request"]
    site = settings.NEWSROOM_SITE_NAME
    authors = [{"@type": "Person", "name": author.name} for author in article.byline_authors]
    if not authors:
        # Agency copy without a byline is the agency's; failing that, ours.
        names = [item.source.name for item in article.article_sources.all()] or [site]
        authors = [{"@type": "Organization", "name": name} for name in names]
    url = request.build_absolute_uri(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.standfirst,
        "datePublished": _iso(article.published_at),
        "dateModified": _iso(article.updated_at if article.was_updated else article.published_at),
        "author": authors,
        "publisher": {
            "@type": "Organization",
            "name": site,
            "url": request.build_absolute_uri("/"),
            "logo": {
                "@type": "ImageObject",
                "url": request.build_absolute_uri(static("favicon.svg")),
            },
        },
        "image": [request.build_absolute_uri(article.hero_image.file.url)]
        if article.hero_image_id
        else None,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "articleSection": article.section.name,
    }
    data = {key: value for key, value in data.items() if value not in (None, "", [])}
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_IN_HTML)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))
