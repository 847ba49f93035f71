"""Template filters and tags for the public site: bylines, sources and times, newsroom style."""

import json
from dataclasses import dataclass, field

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

from articles import editions
from articles.renditions import rendition_for
from public.seo import absolute_url

register = template.Library()


@register.filter
def source_codes(article_sources):
    """The agency codes of a story's sources, in order: "AA, Reuters"."""
    return ", ".join(item.source.code for item in article_sources)


@register.filter
def short_when(value):
    """A headline list's time stamp: today's stories show the time (14:05), older ones
    the day, in the edition's words and digits."""
    if not value:
        return ""
    local = timezone.localtime(value)
    if local.date() == timezone.localdate():
        shown = dateformat.format(local, "H:i")
    else:  # "Dec 2", "2 Ara", "2 ديسمبر": the month and day as the language puts them
        shown = dateformat.format(local, pgettext("a headline list's day: a date format", "M j"))
    return editions.current().in_digits(shown)


@register.simple_tag
def masthead_date():
    """Today as the masthead says it ("Wednesday, December 2, 2026"), in the order, words
    and digits of the edition whose page it is: {% now %} takes no translated format."""
    today = dateformat.format(
        timezone.localtime(), pgettext("the masthead's date: a date format", "l, F j, Y")
    )
    return editions.current().in_digits(today)


@register.simple_tag
def site_name():
    """The site's name from settings, for pages drawn without context processors (500)."""
    return settings.NEWSROOM_SITE_NAME


# --- Search engines and share cards --------------------------------------------------------


@register.simple_tag
def site_language():
    """The language of the edition whose page it is, for pages drawn without context
    processors (500)."""
    return editions.current().code


@register.simple_tag
def site_direction():
    """That edition's writing direction, "ltr" or "rtl" (for the 500 page)."""
    return editions.current().direction


@register.filter
def numerals(text):
    """A date or a count in the digits of the edition whose page it is: "۱۲ دی" on a
    Persian page, "12 Aralık" on a Turkish one (articles/editions.py, DIGITS)."""
    return editions.current().in_digits(text)


@register.filter
def absolute(url):
    """An address on the public site, absolute: canonical links, share cards, sitemaps."""
    return absolute_url(url) if url else ""


@register.filter
def iso_time(value):
    """ISO 8601 with the offset, to the second: 2023-01-19T14:05:00+03:00."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


@dataclass(frozen=True)
class ShareImage:
    url: str
    width: int | None
    height: int | None
    alt: str
    # Who made it and on what terms (schema.org's image licence metadata): search engines
    # show agency photos as licensable with them.
    licensing: dict = field(default_factory=dict)

    def as_jsonld(self, caption=""):
        return _dropping_empty(
            {
                "@type": "ImageObject",
                "url": self.url,
                "contentUrl": self.url,
                "width": self.width,
                "height": self.height,
                "caption": caption,
                **self.licensing,
            }
        )


def _licensing(image):
    source = image.credit_source  # prefetched with the story's picture
    return _dropping_empty(
        {
            "creator": {"@type": "Person", "name": image.creator} if image.creator else None,
            "creditText": source.name if source else image.credit_text,
            "copyrightNotice": image.copyright_notice,
            "license": source.photo_license if source else "",
            "acquireLicensePage": source.licensing_page if source else "",
        }
    )


@register.simple_tag
def share_image(image):
    """The picture share cards and JSON-LD show for a story (None without one).

    A rendition at least 1200 wide when there is one (no camera metadata, GPS above
    all, leaves the building); the original until renditions are made.
    """
    if image is None or not image.file:
        return None
    copy = rendition_for(image) or image
    return ShareImage(
        absolute_url(copy.file.url), copy.width, copy.height, image.alt_text, _licensing(image)
    )


# Inside <script>, "</script>" or "<!--" in a headline would end the element early.
_JSON_IN_HTML = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def _script(data):
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_IN_HTML)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


def _dropping_empty(data):
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _authors(article):
    """Named authors as Persons with their page; agency copy without a byline is the
    agency's; failing that, ours."""
    people = [
        {
            "@type": "Person",
            "name": author.name,
            "url": absolute_url(author.get_absolute_url()),
        }
        for author in article.byline_authors
    ]
    if people:
        return people
    agencies = [
        _dropping_empty(
            {
                "@type": "Organization",
                "name": item.source.name,
                "url": absolute_url(item.source.get_absolute_url()),
                "sameAs": item.source.website,
            }
        )
        for item in article.article_sources.all()
    ]
    return agencies or [
        {
            "@type": "Organization",
            "name": settings.NEWSROOM_SITE_NAME,
            "url": absolute_url(reverse("articles:home")),
        }
    ]


@register.simple_tag
def story_jsonld(article):
    """The story as schema.org NewsArticle JSON-LD, for search engines and news aggregators.

    Reads only what the story page has prefetched (bylines, sources, tags, picture, section).
    ``dateModified`` follows the last update (a correction's time), else publication.
    """
    url = absolute_url(article.get_absolute_url())
    image = share_image(article.hero_image)
    modified = article.updated_at if article.was_updated else article.published_at
    # Every picture the story shows, each with its licensing; embedded posts as links.
    pictures, embeds = article.body_pictures_and_embeds()
    images = [image.as_jsonld(article.caption)] if image else []
    seen = {article.hero_image_id}
    for picture in pictures:
        if picture.image.pk not in seen and (found := share_image(picture.image)):
            seen.add(picture.image.pk)
            images.append(found.as_jsonld(picture.caption))
    citations = [
        _dropping_empty(
            {
                "@type": "CreativeWork",
                "url": embed.url,
                "author": {"@type": "Person", "name": embed.author} if embed.author else None,
                "datePublished": embed.date,
                "text": embed.text,
            }
        )
        for embed in embeds
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.standfirst,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": article.language,
        "datePublished": iso_time(article.published_at),
        "dateModified": iso_time(modified),
        "author": _authors(article),
        "publisher": {
            "@type": "Organization",
            "name": settings.NEWSROOM_SITE_NAME,
            "url": absolute_url(reverse("articles:home")),
            "logo": {"@type": "ImageObject", "url": absolute_url(static(settings.NEWSROOM_LOGO))},
        },
        "image": images,
        "citation": citations,
        "articleSection": article.section.local_name,
        "keywords": [tag.local_name for tag in article.tags.all()],
        "isAccessibleForFree": True,
    }
    return _script(_dropping_empty(data))


@register.simple_tag
def story_breadcrumbs_jsonld(article):
    """Home → Section → Story as a schema.org BreadcrumbList."""
    trail = [
        (settings.NEWSROOM_SITE_NAME, reverse("articles:home")),
        (article.section.local_name, article.section.get_absolute_url()),
        (article.headline, article.get_absolute_url()),
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute_url(url)}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }
    return _script(data)
