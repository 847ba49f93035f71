"""Which stories, and loaded how: the one published queryset (``published()``),
what cards and the story page load with a story, and the search queries."""

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
)
from django.db import connections, models
from django.db.models import Case, F, Func, Prefetch, TextField, Value, When
from django.db.models.functions import Concat, Least, Left, Length, Replace
from django.db.models.lookups import Contains
from django.utils import timezone

from articles import editions, search


class Fold(Func):
    """``newsroom_fold(text)``: the text as the word search compares it, case and
    accents folded (registered on each SQLite connection: articles/search.py)."""

    function = "newsroom_fold"
    output_field = TextField()


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The only way public code reads stories: published, its time has come, and
        not in the trash (desk.trash)."""
        return self.filter(
            status=self.model.Status.PUBLISHED,
            published_at__lte=timezone.now(),
            deleted_at__isnull=True,
        )

    def in_edition(self, language):
        """The stories of one edition (with one edition, every story: no filter)."""
        return self.filter(language=language) if editions.several() else self

    def on_lists(self):
        """The stories readers' lists show (home, sections, tags, authors, agencies,
        feeds, search, sitemaps): the edition's whose page it is (editions.current())."""
        return self.in_edition(editions.current().code)

    def in_trash(self):
        return self.filter(deleted_at__isnull=False)

    def for_cards(self):
        """What a story card draws (kicker, image, byline) in a fixed number of queries.

        The search vector, the largest column and never shown, is left out.
        """
        from articles.models import Byline, Rendition  # they name this queryset's model

        return (
            self.defer("search_vector")
            .select_related("section", "hero_image")
            .prefetch_related(
                Prefetch(
                    "bylines",
                    queryset=Byline.objects.select_related("author").order_by("position", "pk"),
                ),
                # A card draws the 16:9 crop only (templatetags/pictures.py).
                Prefetch("hero_image__renditions", queryset=Rendition.objects.filter(crop="wide")),
            )
        )

    def cards_only(self):
        """``for_cards()`` without the body either: for lists that draw cards and nothing
        else (listings, Explore, the front page). A feed, which prints bodies, keeps it."""
        return self.for_cards().defer("search_vector", "body")

    def for_story_page(self):
        """Everything a story page draws, in a fixed number of queries."""
        from articles.models import ArticleSource, Byline, RelatedItem

        return self.select_related("section", "hero_image__credit_source").prefetch_related(
            "tags",
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            Prefetch("article_sources", queryset=ArticleSource.objects.select_related("source")),
            Prefetch(
                "related_items",
                queryset=RelatedItem.objects.public(),
                to_attr="public_related_items",
            ),
            "corrections",
            Prefetch("hero_image__renditions"),
        )

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def search_ids(self, query, language, words=(), excluded=(), limit=None):
        """The ids of the stories matching a reader's query, best first (see
        public.search), read in ``language``'s edition's words: the edition searched.

        On PostgreSQL: the stored vector against ``websearch_to_tsquery`` (quotes, OR
        and -word from readers never error) in the edition's configuration, ranked
        headline > standfirst > body and then newest. Elsewhere: every one of ``words``
        appears in the headline, standfirst or body, scored headline > standfirst >
        each mention in the body, and no ``excluded`` word (a reader's -word) appears
        in any of them; case and accents are ignored (articles/search.py).

        With ``limit``, only the newest ``limit`` matches are ranked (and counted): a
        common word matches most of the archive, and ranking reads every match's text.
        """
        if connections[self.db].vendor == "postgresql":
            return self._search_postgresql(query, search.config(language), limit)
        stories = self._search_words(words, excluded, limit)
        return list(stories.values_list("pk", flat=True))

    def with_search_snippet(self, query, language):
        """On PostgreSQL, each story with a ``snippet``: its body text with the query's
        words (and their other forms, with or without accents) in <mark>, read in
        ``language``'s edition's words, safe only once public.search has sanitised it.
        Elsewhere an empty ``snippet``: public.search finds the words. Meant for a page
        of results: ts_headline parses all the text it is given."""
        if connections[self.db].vendor != "postgresql":
            return self.annotate(snippet=Value(""))
        config = search.config(language)
        # The body's tags become spaces so that ts_headline reads its words; the text
        # stays HTML-escaped as nh3 stored it. Its first 3,000 characters (about 450
        # words) only: parsing a whole long body took half the search's database time,
        # and when the words come later public.search finds them itself.
        body_text = Left(
            Func(F("body"), Value("<[^>]*>"), Value(" "), Value("g"), function="regexp_replace"),
            3000,
        )
        return self.annotate(
            snippet=SearchHeadline(
                body_text,
                SearchQuery(query, search_type="websearch", config=config),
                config=config,
                start_sel="<mark>",
                stop_sel="</mark>",
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )

    def _newest(self, matches, limit):
        """``matches`` cut to the newest ``limit``: a subquery the database answers
        through an index (the publication-time index for a common word, the search
        index for a rare one), so that no more than ``limit`` rows are ranked."""
        if limit is None:
            return matches
        return self.filter(pk__in=matches.order_by("-published_at", "-pk").values("pk")[:limit])

    def _search_postgresql(self, query, config, limit):
        # The stored vectors were made with each story's edition's configuration, and
        # the edition's stories alone are searched (public.search): both sides agree.
        tsquery = SearchQuery(query, search_type="websearch", config=config)
        # The newest matches and their rank in one pass over their vectors, ranked here:
        # ranking them in an outer query read each stored vector (4 KB, compressed) a
        # second time, 10 of 26 ms for a word in every story at 100,000 stories.
        matches = (
            self.filter(search_vector=tsquery)
            .annotate(rank=SearchRank(F("search_vector"), tsquery))
            .order_by("-published_at", "-pk")
            .values_list("pk", "rank")
        )
        if limit is not None:
            matches = matches[:limit]
        # Newest first already: a stable sort by rank keeps the newest first among equals.
        return [pk for pk, _ in sorted(matches, key=lambda m: -m[1])]

    def _search_words(self, words, excluded, limit):
        # The words and the text folded alike: "turkiye" finds "Türkiye", "istanbul"
        # finds "İstanbul". A word that folds to nothing (a lone accent) is no word.
        words = [w for w in dict.fromkeys(search.fold(word) for word in words) if w]
        excluded = [w for w in dict.fromkeys(search.fold(word) for word in excluded) if w]
        if not words:
            return self.none()
        # The three fields as one text, folded once a word (the fold of a text is kept:
        # articles/search.py); the newline keeps a word from running into the next field.
        text = Fold(Concat("headline", Value("\n"), "standfirst", Value("\n"), "body"))

        stories = self
        for word in excluded:
            stories = stories.exclude(Contains(text, word))
        for word in words:
            stories = stories.filter(Contains(text, word))
        stories, score = self._newest(stories, limit), Value(0)
        body = Fold("body")
        for word in words:
            # Mentions in the body: the length the word's removal takes away, over its length.
            mentions = (Length(body) - Length(Replace(body, Value(word), Value("")))) / len(word)
            score = (
                score
                + Case(When(Contains(Fold("headline"), word), then=Value(10)), default=Value(0))
                + Case(When(Contains(Fold("standfirst"), word), then=Value(3)), default=Value(0))
                + Least(mentions, Value(5))
            )
        return stories.annotate(score=score).order_by("-score", "-published_at", "-pk")


class StoryManager(models.Manager.from_queryset(ArticleQuerySet)):
    """``Article.objects``: the stories the desk works on, never those in the trash.

    Not the model's default manager: Django checks unique slugs through the default
    one, and a story in the trash still holds its address (it may come back).
    """

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)
