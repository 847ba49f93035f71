"""What search engines and share cards read: sitemaps, the Google News sitemap, robots.txt.

Every address these give out is absolute on ``settings.NEWSROOM_SITE_URL``, never on the
request's host: a story has one canonical address whichever host name or port a crawler
used, and a forged Host header cannot put another domain into our sitemaps. (Without
``django.contrib.sites`` Django's sitemaps would use the request's host.)

The per-kind sitemaps are served by ``django.contrib.sitemaps.views.sitemap`` (``?p=2`` for
the second 50,000 stories); the index is a small view of our own because Django's builds
its links on the request's host.
"""

from datetime import timedelta
from functools import cached_property
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from articles import editions
from articles.models import Article, Author, Section, Tag
from pagecache.headers import public_page
from pagecache.keys import ROBOTS
from pagecache.keys import SITEMAPS as SITEMAPS_KEY
from pagecache.schedule import changes_at

# Google News takes stories of the last two days, at most 1,000 per sitemap.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


def absolute_url(url):
    """``/turkiye/story/`` → ``https://example.org/turkiye/story/``; absolute URLs pass as they are
    (media or static files on another host)."""
    parts = urlsplit(url)
    if parts.scheme:
        return url
    if parts.netloc:  # "//cdn.example.org/…": take the site's scheme
        return f"{urlsplit(settings.NEWSROOM_SITE_URL).scheme}:{url}"
    return editions.site_url() + url  # the current edition's (its own host, if it has one)


def news_language(language):
    """A story's language as Google News wants it: ISO 639 (``en``), or zh-cn / zh-tw."""
    language = language.lower().replace("_", "-")
    if language in {"zh-cn", "zh-tw"}:
        return language
    return language.split("-")[0]


def last_touched(stories):
    """The newest publication or update time among ``stories`` (None when there are none)."""
    return stories.aggregate(newest=Max(Coalesce("updated_at", "published_at")))["newest"]


class NewsroomSitemap(Sitemap):
    # Files of 1,000 addresses (the protocol allows 50,000), as many news sites make them;
    # the index lists ?p=2, ?p=3 … At 100,000 stories and 20,000 tags a file of 50,000
    # took seconds to draw (the tags' one 0.9 s, most of it Python); one of 1,000 takes
    # the time of its query. Every file is dropped from the page cache by any edit to a
    # published story ("sitemaps"), so each one is made again often.
    limit = 1000

    def get_urls(self, page=1, site=None, protocol=None):
        # The request's host and scheme are set aside for the configured site address.
        base = urlsplit(editions.site_url())
        site = SimpleNamespace(domain=base.netloc + base.path)
        return super().get_urls(page=page, site=site, protocol=base.scheme)


class StorySitemap(NewsroomSitemap):
    def items(self):
        # Oldest first: a new story lands on the last page and earlier pages stay as they
        # were. Rows of four values, not model instances: they are all a sitemap needs.
        return (
            Article.objects.published()
            .on_lists()
            .order_by("published_at", "pk")
            .values("pk", "slug", "section_id", "published_at", "updated_at", "original_id")
        )

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        if editions.several():
            self.add_alternates(urls)
        return urls

    def add_alternates(self, urls):
        """Each story with another published edition lists them all, itself included
        (<xhtml:link rel="alternate" hreflang>), as its page does. One query a file."""
        groups = {url["item"]["original_id"] or url["item"]["pk"] for url in urls}
        members = (
            Article.objects.published()
            .filter(Q(pk__in=groups) | Q(original_id__in=groups))
            .values("pk", "slug", "section_id", "language", "original_id")
        )
        found = {}
        for story in members:
            with translation.override(story["language"]):  # in its own edition's address
                location = absolute_url(self.location(story))
            found.setdefault(story["original_id"] or story["pk"], []).append(
                (story["language"], location)
            )
        for url in urls:
            group = found.get(url["item"]["original_id"] or url["item"]["pk"], [])
            url["alternates"] = sorted(group) if len(group) > 1 else []

    @cached_property
    def section_slugs(self):
        # The few sections read once, not joined to the stories: a join made the
        # paginator's COUNT read the whole table instead of the publication index.
        return dict(Section.objects.values_list("pk", "slug"))

    def location(self, story):
        section = self.section_slugs[story["section_id"]]
        return reverse("articles:article", kwargs={"section": section, "slug": story["slug"]})

    def lastmod(self, story):
        return story["updated_at"] or story["published_at"]

    def get_latest_lastmod(self):
        return last_touched(Article.objects.published().on_lists())


def with_newest_story(subjects, relation):
    """``subjects`` (sections, tags or authors) that have a published story in the
    edition, each with ``newest``, the newest publication or update time of its
    stories. One grouped join: a subquery per subject took three seconds over 20,000
    tags."""
    touched = Coalesce(f"{relation}__updated_at", f"{relation}__published_at")
    return (
        subjects.filter(**{f"{relation}__in": Article.objects.published().on_lists()})
        .annotate(newest=Max(touched))
        .order_by("name", "pk")
    )


class SectionSitemap(NewsroomSitemap):
    """Sections with at least one published story; lastmod is their newest story's."""

    def items(self):
        return with_newest_story(Section.objects.all(), "articles").order_by("position", "name")

    def lastmod(self, section):
        return section.newest

    def get_latest_lastmod(self):
        return last_touched(Article.objects.published().on_lists())


class TagSitemap(NewsroomSitemap):
    def items(self):
        return with_newest_story(Tag.objects.all(), "tagged_articles__content_object")

    def lastmod(self, tag):
        return tag.newest

    def get_latest_lastmod(self):
        stories = Article.objects.published().on_lists()
        return last_touched(stories.filter(tagged_items__isnull=False))


class AuthorSitemap(NewsroomSitemap):
    def items(self):
        return with_newest_story(Author.objects.all(), "bylines__article")

    def lastmod(self, author):
        return author.newest

    def get_latest_lastmod(self):
        return last_touched(Article.objects.published().on_lists().filter(bylines__isnull=False))


# Classes, not instances: the sitemap views make one per request, so nothing is frozen at import.
SITEMAPS = {
    "stories": StorySitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}


def news_stories():
    """The edition's stories for Google News: published in the last 48 hours, newest
    first."""
    since = timezone.now() - NEWS_WINDOW
    return (
        Article.objects.published()
        .on_lists()
        .filter(published_at__gte=since)
        .select_related("section")
        .only("headline", "slug", "published_at", "language", "section__slug")
        .newest_first()[:NEWS_LIMIT]
    )


@public_page(SITEMAPS_KEY, collect=False)
@require_safe
@sitemap_views.x_robots_tag
def sitemap_index(request):
    """The index of the edition's sitemap files: each kind (and each page of it), then
    the news sitemap."""
    entries = []
    for label, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = absolute_url(reverse("articles:sitemap", kwargs={"section": label}))
        lastmod = sitemap.get_latest_lastmod()
        entries.append(sitemap_views.SitemapIndexItem(location, lastmod))
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append(sitemap_views.SitemapIndexItem(f"{location}?p={page}", lastmod))
    news_lastmod = (
        Article.objects.published()
        .on_lists()
        .filter(published_at__gte=timezone.now() - NEWS_WINDOW)
        .aggregate(newest=Max("published_at"))["newest"]
    )
    if news_lastmod:
        changes_at(request, news_lastmod + NEWS_WINDOW)  # the news sitemap empties then
    entries.append(
        sitemap_views.SitemapIndexItem(absolute_url(reverse("articles:news_sitemap")), news_lastmod)
    )
    return TemplateResponse(
        request, "sitemaps/index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


@public_page(SITEMAPS_KEY, collect=False)
@require_safe
@sitemap_views.x_robots_tag
def news_sitemap(request):
    """Google News sitemap: stories of the last 48 hours with publication, date and title."""
    stories = list(news_stories())
    if stories:
        # The oldest story leaves the 48 hours then, with no edit to say so.
        changes_at(request, stories[-1].published_at + NEWS_WINDOW)
    context = {
        "stories": [
            {
                "location": absolute_url(story.get_absolute_url()),
                "published_at": story.published_at,
                "title": story.headline,
                "language": news_language(story.language),
            }
            for story in stories
        ],
        "publication_name": settings.NEWSROOM_SITE_NAME,
    }
    return TemplateResponse(request, "sitemaps/news.xml", context, content_type="application/xml")


@public_page(ROBOTS, collect=False, timeless=True)
@require_safe
def robots_txt(request):
    """Crawl everything but the desk, staff previews and search results; name the
    sitemaps: every edition's under this host."""
    disallow, sitemaps = [reverse("admin:index")], []
    # Each host has a robots.txt of its own: with a host per edition, it names its own.
    for edition in editions.editions() if editions.with_prefixes() else [editions.current()]:
        with translation.override(edition.code):
            preview = reverse("articles:preview", kwargs={"pk": 1})  # /en/preview/1/
            disallow += [preview.rsplit("/", 2)[0] + "/"]
            disallow += [reverse("articles:search")]
            sitemaps += [reverse("articles:sitemap_index"), reverse("articles:news_sitemap")]
    context = {"disallow": disallow, "sitemaps": [absolute_url(url) for url in sitemaps]}
    return TemplateResponse(request, "robots.txt", context, content_type="text/plain")


site_urlpatterns = [path("robots.txt", robots_txt, name="robots_txt")]

urlpatterns = [  # each edition's (public/editions.py)
    path("sitemap.xml", sitemap_index, name="sitemap_index"),
    path("news-sitemap.xml", news_sitemap, name="news_sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        public_page(SITEMAPS_KEY, collect=False)(require_safe(sitemap_views.sitemap)),
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/sitemap.xml"},
        name="sitemap",
    ),
]
