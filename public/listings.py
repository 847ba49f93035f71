"""Listings of stories: a section's, a tag's, an author's and an agency's.

Each listing is a thin ``ListView`` on ``ListingMixin``: it names its subject (the tag,
author or source the address points to) and how to narrow the published stories to
it; the mixin does the rest, the same way for every listing.

A tag, an author or an agency is public only while a published story names it: until
then its page is a 404, like an address that never was, so that an embargoed story's
new tag or a draft's new writer is not given away before the story. (A section is part
of the site's navigation and has its page from the start: views.SectionView.)
"""

from collections.abc import Sequence

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.generic import ListView

from articles.models import Article, Author, Source, Tag
from pagecache.headers import keys_of, listing_key, public_page
from pagecache.keys import SCHEDULE, listing_count, listing_part
from pagecache.store import Part, remember


class IdsFirstPaginator(Paginator):
    """Pages read as a deferred join: the page's ids first, then those stories' rows.

    The ids come from an index alone (for a section, the published stories' index on
    section, time and id: see migration 0012), so page 1,000 skips index entries rather
    than whole rows, and costs about what page 1 does. The rows, with their cards'
    prefetches, are read for the page's ids only.
    """

    # Set by the listing: the memo's name and the keys whose bump changes the count.
    count_name = None
    count_keys = ()

    @cached_property
    def count(self):
        """How many stories the listing has, kept until its list changes: counting the
        busiest tag's 5,000 stories took 19 ms of a 35 ms page at 100,000 stories."""
        count = Paginator.count.func
        if self.count_name is None:
            return count(self)
        return remember(self.count_name, lambda: (count(self), ()), keys=self.count_keys)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        object_list = self.object_list

        def load():
            ids = list(object_list.values_list("pk", flat=True)[bottom:top])
            rows = object_list.in_bulk(ids)
            return [rows[pk] for pk in ids if pk in rows]

        return self._get_page(PageRows(load), number, self)


class PageRows(Sequence):
    """A page's stories, read when first drawn: a page whose list is a kept part
    (``ListingMixin``) shows the kept HTML and never reads them."""

    def __init__(self, load):
        self._load = load
        self._rows = None

    @property
    def rows(self):
        if self._rows is None:
            self._rows = self._load()
        return self._rows

    def loaded_rows(self):
        """The stories if they were read, else none (for http.keys_of: no query)."""
        return self._rows or ()

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        return self.rows[index]


class ListingMixin:
    """Published stories about one subject, newest first, a page at a time.

    A subclass sets ``subject_name`` (its context name: "tag", "author" …) and
    implements ``get_subject()`` (404 for an unknown address) and ``narrow()``.
    If ``feed_name`` is set, the page offers that subject's RSS and Atom feeds
    (routes "articles:<feed_name>_rss" and "_atom", taking the subject's ``slug``).
    Out-of-range or odd ``?page=`` values are 404s: ``paginate_by`` does that. With
    ``public_while_empty`` off, so is page 1 of a subject without a published story.
    """

    context_object_name = "stories"
    paginate_by = settings.NEWSROOM_PAGE_SIZE
    paginator_class = IdsFirstPaginator
    subject_name = None
    feed_name = None
    public_while_empty = True

    @method_decorator(public_page())  # HTTP caching; the subject and cards are its keys
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get_subject(self):
        raise NotImplementedError

    def narrow(self, stories, subject):
        raise NotImplementedError

    def get_queryset(self):
        self.subject = self.get_subject()
        published = Article.objects.published().on_lists()
        return self.narrow(published, self.subject).cards_only().newest_first()

    def get_paginator(self, *args, **kwargs):
        if not self.public_while_empty:
            # The paginator's kept count says the list is empty, and page 1 is then out
            # of range: a 404 at no extra query. (Not allow_empty, whose check is one.)
            kwargs["allow_empty_first_page"] = False
        paginator = super().get_paginator(*args, **kwargs)
        key = listing_key(self.subject)
        paginator.count_name = listing_count(key)
        # A scheduled story coming out changes the count with no edit to bump anything.
        paginator.count_keys = [key, SCHEDULE]
        return paginator

    def feed_links(self):
        """The subject's feeds, for <link rel="alternate"> in the page's head."""
        if not self.feed_name:
            return None
        kwargs = {"slug": self.subject.slug}
        return {
            "title": f"{settings.NEWSROOM_SITE_NAME}: {self.subject}",
            "rss": reverse(f"articles:{self.feed_name}_rss", kwargs=kwargs),
            "atom": reverse(f"articles:{self.feed_name}_atom", kwargs=kwargs),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            **{self.subject_name: self.subject}, listing_feeds=self.feed_links(), **kwargs
        )
        # The page's list of stories is a kept part (pagecache/templatetags/parts.py): until the
        # subject's list or one of its cards changes, or a scheduled story comes out, it is
        # drawn from the cache and the page's stories are never read.
        page = context["page_obj"]
        key = listing_key(self.subject)
        context["stories_part"] = Part(
            listing_part(key, page.number),
            (key, SCHEDULE),
            lambda: keys_of(page.object_list),
        )
        return context


class TagView(ListingMixin, ListView):
    template_name = "articles/tag.html"
    subject_name = "tag"
    feed_name = "tag_feed"
    public_while_empty = False

    def get_subject(self):
        return get_object_or_404(
            Tag.objects.select_related("featured_image"), slug=self.kwargs["slug"]
        )

    def narrow(self, stories, tag):
        return stories.filter(tagged_items__tag=tag)


class AuthorView(ListingMixin, ListView):
    template_name = "articles/author.html"
    subject_name = "author"
    feed_name = "author_feed"
    public_while_empty = False

    def get_subject(self):
        return get_object_or_404(Author.objects.select_related("photo"), slug=self.kwargs["slug"])

    def narrow(self, stories, author):
        return stories.filter(bylines__author=author)


class SourceView(ListingMixin, ListView):
    """An agency's stories. Codes are matched in any case; the address uses lower case."""

    template_name = "articles/source.html"
    subject_name = "source"
    public_while_empty = False

    def get(self, request, *args, **kwargs):
        # Codes are unique as typed; should two differ only in case, the older one answers.
        source = None
        if "\x00" not in kwargs["code"]:  # no code holds one, and PostgreSQL refuses it
            source = Source.objects.filter(code__iexact=kwargs["code"]).order_by("pk").first()
        if source is None:
            raise Http404("No such source.")
        if kwargs["code"] != source.code.lower():
            if not self.narrow(Article.objects.published().on_lists(), source).exists():
                raise Http404("No such source.")  # nor a redirect that says there is one
            # One address per agency: /source/AA/ becomes /source/aa/ (and keeps ?page=).
            url = source.get_absolute_url()
            query = request.GET.urlencode()
            return redirect(f"{url}?{query}" if query else url, permanent=True)
        self.source = source
        return super().get(request, *args, **kwargs)

    def get_subject(self):
        return self.source

    def narrow(self, stories, source):
        return stories.filter(article_sources__source=source)


urlpatterns = [  # the public addresses this module answers (included by public/urls.py)
    path("tag/<slug:slug>/", TagView.as_view(), name="tag"),
    path("author/<slug:slug>/", AuthorView.as_view(), name="author"),
    # Agency codes are free text ("AA", "dpa"): any characters, matched in any case.
    path("source/<path:code>/", SourceView.as_view(), name="source"),
]
