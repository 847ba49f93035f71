"""RSS 2.0 and Atom feeds (django.contrib.syndication): the latest stories, and each
section's, tag's and author's.

Every feed reads ``Article.objects.published()``, at most ``FEED_SIZE`` stories, in a
fixed number of queries (the stories with section and picture, their bylines, their
tags). An item carries the headline, the standfirst as summary, the full sanitised
body, every author, the section and tags as categories, publication and update
times, a stable id and the hero picture (an enclosure and a ``media:content``).
A tag's or an author's feed is a 404 while no published story names them, as their
pages are (public/listings.py); the latest stories' and a section's are feeds from
the start.

Text goes out as each format says readers take it. Atom's own text elements (titles,
the subtitle, names, categories) are plain text by RFC 4287 and go out as they are;
its summary and content say type="html". RSS leaves it open, and readers take its
titles, descriptions, categories and creators as HTML, as they do the Media RSS credit
and description in both formats: those are escaped for HTML before the XML escapes
them again, so a tag named "<script>" reaches every reader as those eight characters.

Links are absolute on the host the feed was asked for, as Django's Feed makes them
(without django.contrib.sites it uses the request's host); ids are built on
``NEWSROOM_SITE_URL`` so they never change with the host a reader used.
"""

import mimetypes
import re
from copy import copy
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, rfc3339_date
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles import editions
from articles.models import Article, Author, Section, Tag
from articles.renditions import rendition_for
from pagecache.headers import add_keys, public_page
from pagecache.keys import FEEDS

FEED_SIZE = 30

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
MEDIA_NS = "http://search.yahoo.com/mrss/"

# Bodies link to our own stories by path ("/world/a-story/"); a feed reader shows them
# away from the site, so they must be absolute. Sanitised bodies always quote with ".
_SITE_PATH_LINK = re.compile(r'\b(href|src)="(/(?!/)[^"]*)"')


def _add_media(handler, item):
    """The hero picture as Media RSS, which carries its size (an enclosure cannot)."""
    picture = item.get("picture")
    if not picture:
        return
    handler.startElement(
        "media:content",
        {
            "url": picture["url"],
            "type": picture["type"],
            "medium": "image",
            "width": str(picture["width"]),
            "height": str(picture["height"]),
            "fileSize": str(picture["length"]),
        },
    )
    # Readers render these as HTML whatever the type says, so they get HTML: escaped text.
    handler.addQuickElement("media:description", escape(picture["alt"]), {"type": "html"})
    if picture["credit"]:
        handler.addQuickElement("media:credit", escape(picture["credit"]))
    handler.endElement("media:content")


def tag_uri(kind, thing):
    """A thing's lasting identity (RFC 4151), as feeds and the content API give it: stable
    whatever happens to a story's section or slug, or the host a reader asked for."""
    host = urlsplit(settings.NEWSROOM_SITE_URL).hostname or "localhost"
    return f"tag:{host},{thing.created_at:%Y-%m-%d}:{kind}:{thing.pk}"


class NewsRssFeed(Rss201rev2Feed):
    """RSS 2.0 plus the full story (content:encoded), every author (dc:creator)
    and the picture's size (media:content)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The channel's words are a section's, a tag's or an author's name: HTML to readers.
        for name in ("title", "description"):
            self.feed[name] = escape(self.feed[name])

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": CONTENT_NS,
            "xmlns:dc": DC_NS,
            "xmlns:media": MEDIA_NS,
        }

    def add_item_elements(self, handler, item):
        # Readers take an RSS title as HTML: "AT&T" must arrive as text (Atom says type=text).
        # Tags and bylines come from agency copy too, and are no safer.
        as_html = {
            **item,
            "title": escape(item["title"]),
            "categories": [escape(name) for name in item["categories"]],
        }
        super().add_item_elements(handler, as_html)
        if item["updateddate"] is not None:
            # RSS 2.0 has no update time; Atom's element is the one readers know.
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        for name, _link in item["authors"]:
            handler.addQuickElement("dc:creator", escape(name))
        if item["content"]:
            handler.addQuickElement("content:encoded", item["content"])
        _add_media(handler, item)


class NewsAtomFeed(Atom1Feed):
    """Atom plus every author with their page, the full story (<content>) and the
    picture's size (media:content)."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, link in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", link)
            handler.endElement("author")
        if item["content"]:
            handler.addQuickElement("content", item["content"], {"type": "html"})
        _add_media(handler, item)


class StoryFeed(Feed):
    """Published stories, newest first; a subclass says which (``narrow``) and names them.

    One instance answers every request for its address, so it copies itself per
    request before keeping the request (for absolute picture and author links).
    """

    item_guid_is_permalink = False
    public_while_empty = True

    def __init__(self, feed_type):
        self.feed_type = feed_type

    def __call__(self, request, *args, **kwargs):
        feed = copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    @property
    def language(self):
        return editions.current().code  # the edition's whose feed it is

    def author_name(self):
        # Atom wants an author for every entry; agency copy without a byline is ours.
        return settings.NEWSROOM_SITE_NAME

    def subtitle(self, obj):
        # Atom calls the description its subtitle.
        return self._get_dynamic_attr("description", obj)

    def narrow(self, stories, obj):
        return stories

    def items(self, obj):
        stories = self.narrow(Article.objects.published().on_lists(), obj)
        stories = (
            stories.for_cards()
            .select_related("hero_image__credit_source")
            .prefetch_related("tags")
            .newest_first()
        )
        stories = Article.load_body_images(list(stories[:FEED_SIZE]))
        if not stories and not self.public_while_empty:
            raise Http404("No published story has this subject.")
        for story in stories:
            story.feed_picture = self.picture(story)
        add_keys(self.request, obj, stories)  # the feed's Surrogate-Key (pagecache/headers.py)
        return stories

    def absolute(self, url):
        return self.request.build_absolute_uri(url)

    def picture(self, story):
        """The hero picture's address, type, size and words, or None without one."""
        image = story.hero_image
        if image is None:
            return None
        # A rendition when there is one: no camera metadata leaves the building.
        copy = rendition_for(image, crop="wide") or image
        try:
            length = copy.file.size  # a stat of the stored file, not a read
        except OSError:
            return None  # a missing file makes no enclosure; the story still goes out
        return {
            "url": self.absolute(copy.file.url),
            "type": mimetypes.guess_type(copy.file.name)[0] or "application/octet-stream",
            "length": length,
            "width": copy.width,
            "height": copy.height,
            "alt": image.alt_text,
            "credit": image.credit,
        }

    def item_title(self, story):
        return story.headline

    def item_description(self, story):
        # Summaries are HTML to feed readers: a standfirst's "<" or "&" is text.
        return escape(story.standfirst) if story.standfirst else None

    def item_link(self, story):
        return story.get_absolute_url()

    def item_guid(self, story):
        return tag_uri("article", story)

    def item_pubdate(self, story):
        return story.published_at

    def item_updateddate(self, story):
        return story.updated_at or story.published_at

    def item_categories(self, story):
        names = [story.section.local_name, *(tag.local_name for tag in story.tags.all())]
        return list(dict.fromkeys(names))

    def item_enclosures(self, story):
        picture = story.feed_picture
        if not picture:
            return []
        return [Enclosure(picture["url"], str(picture["length"]), picture["type"])]

    def item_extra_kwargs(self, story):
        return {
            "authors": [
                (author.name, self.absolute(author.get_absolute_url()))
                for author in story.byline_authors
            ],
            "content": _SITE_PATH_LINK.sub(
                lambda m: f'{m[1]}="{self.absolute(m[2])}"', story.portable_body(self.absolute)
            ),
            "picture": story.feed_picture,
        }


class LatestFeed(StoryFeed):
    def title(self):
        return _("%(site)s: latest stories") % {"site": settings.NEWSROOM_SITE_NAME}

    def link(self):
        return reverse("articles:home")

    def description(self):
        return _("The latest stories from %(site)s.") % {"site": settings.NEWSROOM_SITE_NAME}


class SectionFeed(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def narrow(self, stories, section):
        return stories.filter(section=section)

    def title(self, section):
        return f"{settings.NEWSROOM_SITE_NAME}: {section.local_name}"

    def link(self, section):
        return section.get_absolute_url()

    def description(self, section):
        return section.description or _("The latest %(section)s stories.") % {
            "section": section.local_name
        }


class TagFeed(StoryFeed):
    public_while_empty = False

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def narrow(self, stories, tag):
        return stories.filter(tagged_items__tag=tag)

    def title(self, tag):
        return f"{settings.NEWSROOM_SITE_NAME}: {tag.local_name}"

    def link(self, tag):
        return tag.get_absolute_url()

    def description(self, tag):
        return _("The latest stories about %(tag)s.") % {"tag": tag.local_name}


class AuthorFeed(StoryFeed):
    public_while_empty = False

    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def narrow(self, stories, author):
        return stories.filter(bylines__author=author)

    def title(self, author):
        return f"{settings.NEWSROOM_SITE_NAME}: {author.name}"

    def link(self, author):
        return author.get_absolute_url()

    def description(self, author):
        return _("The latest stories by %(author)s.") % {"author": author.name}


def feed_paths(route, feed, name):
    """The RSS and Atom addresses of one feed: "<name>_rss" and "<name>_atom"."""
    return [
        path(f"{route}rss/", public_page(FEEDS)(feed(NewsRssFeed)), name=f"{name}_rss"),
        path(f"{route}atom/", public_page(FEEDS)(feed(NewsAtomFeed)), name=f"{name}_atom"),
    ]


urlpatterns = [  # the public addresses this module answers (included by public/urls.py)
    *feed_paths("feeds/latest/", LatestFeed, "latest_feed"),
    *feed_paths("feeds/section/<slug:slug>/", SectionFeed, "section_feed"),
    *feed_paths("feeds/tag/<slug:slug>/", TagFeed, "tag_feed"),
    *feed_paths("feeds/author/<slug:slug>/", AuthorFeed, "author_feed"),
]
