"""Story cards and bylines, drawn in Python: the parts every listing repeats.

    {% load cards %}
    {% story_card story %}                             a card in a grid (Explore, search)
    {% story_card story with_standfirst=True %}        a row of a listing, with its standfirst
    {% story_card story as_lead=True %}                the big lead card (h2, eager picture)
    {% story_card story without_kicker=True %}         on the section's own page
    {% byline article %}                               "By A, B and C", linked

A page draws up to 20 cards. As an ``{% include %}`` each card cost about a quarter of
a millisecond of template work (some fifty variable look-ups, filters and partials),
more than all of a listing's SQL; here it is a few string joins. The HTML is the same:

    <article class="card [card--lead] [card--has-image]">
      <div class="card__media"><picture>…</picture></div>          (with a picture)
      <div class="card__text">
        <p class="card__kicker"><a class="kicker" href="/section/">SECTION</a>
          <span class="kind kind--analysis">Analysis</span></p>    (kind when not news)
        <h3 class="card__headline"><a class="card__link" href="…">Headline</a></h3>
        <p class="card__standfirst">…</p>                          (lead, with_standfirst)
        <div class="card__meta"><p class="byline">By …</p> <time datetime="…">…</time></div>
      </div>
    </article>

``story`` comes from ``Article.objects.published().for_cards()``: the card reads its
section, picture (and the picture's prefetched renditions) and bylines only, so a
list of cards costs no query of its own.
"""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import dateformat, formats, timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles import editions
from articles.text import and_list, upper_for_language
from public.templatetags.pictures import picture

register = template.Library()


# Plain f-strings with escape(): format_html() on every attribute of twenty cards
# cost more than the rest of the card.


def address(name, **kwargs):
    """``reverse()``, remembered: a card's three or four addresses (story, section,
    authors) were a third of its time. The same route names as the models'
    ``get_absolute_url``; an address depends only on them, the slugs, the URLconf, the
    script prefix and the edition's prefix (/ar/), all part of the key, so a renamed
    slug gets its new address."""
    edition = editions.current().code if editions.with_prefixes() else ""
    key = tuple(sorted(kwargs.items()))
    return _reverse(get_script_prefix(), get_urlconf(), edition, name, key)


@lru_cache(maxsize=50_000)
def _reverse(prefix, urlconf, edition, name, kwargs):
    return reverse(name, urlconf=urlconf, kwargs=dict(kwargs))


@register.simple_tag
def byline(story):
    """<p class="byline">By <a …>A</a>, <a …>B</a> and <a …>C</a></p>, or nothing."""
    links = [
        f'<a href="{escape(address("articles:author", slug=author.slug))}" rel="author">'
        f"{escape(author.name)}</a>"
        for author in story.byline_authors
    ]
    if not links:
        return ""
    by = _("By %(authors)s") % {"authors": and_list(links)}
    return mark_safe(f'<p class="byline">{by}</p>')  # the names escaped above


def day_format():
    """A story's date as the edition writes it (the same format its page uses)."""
    return pgettext("a story's date: a date format", "F j, Y")


def dateline(story):
    when = timezone.localtime(story.published_at)
    return (
        f'<time datetime="{dateformat.format(when, "c")}">'
        f"{escape(editions.current().in_digits(formats.date_format(when, day_format())))}</time>"
    )


@register.filter(name="kicker")
def kicker_text(story):
    """``{{ story|kicker }}``: its section's kicker, in the capitals of the story's
    language when the section does not say which language its name is in."""
    return story.section.kicker_for(story.language)


def kind_label(story):
    """The story's kind (Analysis, Opinion …) when it says more than the kicker."""
    label = str(story.get_kind_display())
    language = story.section.language or story.language
    if story.kind == "news" or upper_for_language(label, language) == kicker_text(story):
        return ""
    return f'<span class="kind kind--{escape(story.kind)}">{escape(label)}</span>'


@register.filter
def shows_kind(story):
    """``{% if story|shows_kind %}``: the story page draws the kind as cards do."""
    return bool(kind_label(story))


def kicker(story):
    section = story.section
    lang = f' lang="{escape(section.language)}"' if section.language else ""
    url = escape(address("articles:section", slug=section.slug))
    return f'<a class="kicker" href="{url}"{lang}>{escape(kicker_text(story))}</a>'


@register.simple_tag
def story_card(
    story, as_lead=False, with_standfirst=False, without_kicker=False, without_image=False
):
    """A story card (see the module's docstring)."""
    image = story.hero_image if not without_image else None
    classes = "card" + (" card--lead" if as_lead else "") + (" card--has-image" if image else "")
    media = ""
    if image:
        options = {"sizes": "lead", "fetchpriority": "high"} if as_lead else {"sizes": "card"}
        media = f'<div class="card__media">{picture(image, "wide", **options)}</div>'
    kind = kind_label(story)
    top = ""
    if kind or not without_kicker:
        top = f'<p class="card__kicker">{"" if without_kicker else kicker(story)}{kind}</p>'
    level = "h2" if as_lead else "h3"
    url = address("articles:article", section=story.section.slug, slug=story.slug)
    url, headline = escape(url), escape(story.headline)
    link = f'<a class="card__link" href="{url}">{headline}</a>'
    standfirst = ""
    if (as_lead or with_standfirst) and story.standfirst:
        standfirst = f'<p class="card__standfirst">{escape(story.standfirst)}</p>'
    return mark_safe(
        f'<article class="{classes}">{media}<div class="card__text">{top}'
        f'<{level} class="card__headline">{link}</{level}>{standfirst}'
        f'<div class="card__meta">{byline(story)} {dateline(story)}</div></div></article>'
    )
