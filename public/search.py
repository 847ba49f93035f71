"""Search: PostgreSQL full-text search with ranking, and a simpler search on SQLite.

``/search/?q=`` lists the published stories of the page's edition matching what a
reader typed, best first, a page at a time, each with a snippet showing where the words
occur. Words are read in the edition's language (PostgreSQL stems them with its
configuration), and accents and case never matter: "Turkiye" finds "Türkiye"
(articles/search.py). Whatever a reader types (quotes, operators, emoji, NUL bytes,
5,000 characters) gives a page, never an error: the text is cleaned and shortened here
before any database sees it, and on PostgreSQL ``websearch_to_tsquery`` reads it, which
never rejects its input.

The database work is ``Article.objects.search_ids()``; this module turns a reader's text
into a query, and builds the snippets safely (they are HTML with <mark> around the
matches, and every other character escaped).

Speed: only the newest MAX_RESULTS matches are ranked and counted (found through an
index, so a word in every story costs what a word in a thousand does), ranked in the
pass that finds them, ids alone; the snippets are read for the page's twenty only, and
their cards are kept like parts of pages (drawn again only when a story on them
changes). At 100,000 stories on PostgreSQL a search for a common word takes about 35 ms
on the 2-core machine (docs/performance.md).
"""

import re
import unicodedata
from dataclasses import dataclass

import nh3
from django.conf import settings
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.generic import ListView

from articles import editions
from articles.models import Article
from articles.search import fold, fold_character
from pagecache.headers import add_keys, keys_of, public_page
from pagecache.keys import SEARCH, search_card
from pagecache.schedule import timeless
from pagecache.store import remember_each
from public.templatetags.cards import story_card

# Longer queries are cut: nobody types more, and the database need not read it.
MAX_QUERY_LENGTH = 200
# The simpler search (SQLite) looks for at most this many words, each this long.
MAX_WORDS = 10
MIN_WORD_LENGTH = 2
# A snippet is one sentence, cut to about this many characters around the first match.
SNIPPET_LENGTH = 240
# Only the newest this many matches are ranked, counted and paged through: a common word
# matches most of the archive, and ranking reads each match's stored vector (4 KB). Readers
# see "500+ stories found" and 25 pages of the best of the newest 500; at 1,000 ranking a
# common word took 16 of a 50 ms page at 100,000 stories.
MAX_RESULTS = 500

# Characters at either end of a word that are punctuation, not part of it ("NATO’s,").
_EDGES = re.compile(r"^\W+|\W+$")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def clean_query(text):
    """What a reader typed, made safe to search: no control characters (PostgreSQL
    rejects NUL in text), whitespace collapsed, at most MAX_QUERY_LENGTH characters."""
    text = "".join(" " if unicodedata.category(c) in {"Cc", "Cs"} else c for c in text or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


@dataclass(frozen=True)
class Terms:
    """The words of a query for the simpler search: those wanted, and those excluded."""

    words: tuple = ()
    excluded: tuple = ()


def query_terms(query):
    """Words to look for: punctuation stripped from their ends, lower case, at least
    MIN_WORD_LENGTH long, at most MAX_WORDS; "-word" excludes a word, "OR" is dropped
    (as PostgreSQL's web search syntax reads them)."""
    words, excluded = [], []
    for token in query.split():
        if token == "OR":
            continue
        target = excluded if token.startswith("-") and len(token) > 1 else words
        word = _EDGES.sub("", token).lower()
        if len(word) >= MIN_WORD_LENGTH and word not in words and word not in excluded:
            target.append(word)
    return Terms(tuple(words[:MAX_WORDS]), tuple(excluded[:MAX_WORDS]))


def _folded(text):
    """``text`` folded as the word search folds it (articles.search.fold), and for each
    character of the fold, where in ``text`` it came from."""
    folded, origins = [], []
    for position, character in enumerate(text):
        part = fold_character(character)
        folded.append(part)
        origins.extend([position] * len(part))
    return "".join(folded), origins


def highlight(text, words):
    """``text`` escaped, with <mark> around each of ``words`` (case and accents ignored:
    "turkiye" marks "Türkiye")."""
    words = [w for w in {fold(word) for word in words} if w]
    if not words:
        return escape(text)
    folded, origins = _folded(text)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    parts, position = [], 0
    for match in pattern.finditer(folded):
        start, end = origins[match.start()], origins[match.end() - 1] + 1
        while end < len(text) and not fold_character(text[end]):
            end += 1  # an accent written apart from its letter stays with it
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


def _around(sentence, start):
    """A long sentence cut to SNIPPET_LENGTH around ``start``, at word boundaries."""
    if len(sentence) <= SNIPPET_LENGTH:
        return sentence
    begin = max(0, start - SNIPPET_LENGTH // 3)
    if begin:
        begin = sentence.find(" ", begin) + 1 or begin
    end = sentence.rfind(" ", begin, begin + SNIPPET_LENGTH)
    end = end if end > start else begin + SNIPPET_LENGTH
    return ("… " if begin else "") + sentence[begin:end].strip() + " …"


def word_snippet(standfirst, body_text, words):
    """The first sentence of the standfirst or the body's plain text (a line a paragraph)
    that holds one of ``words`` (case and accents ignored), highlighted; empty when none
    does."""
    words = [w for w in {fold(word) for word in words} if w]
    for paragraph in [standfirst, *body_text.splitlines()]:
        for sentence in _SENTENCE_END.split(paragraph):
            if any(w in fold(sentence) for w in words):
                folded, origins = _folded(sentence)
                start = origins[min(folded.find(w) for w in words if w in folded)]
                return highlight(_around(sentence, start), words)
    return ""


def headline_snippet(html):
    """PostgreSQL's ts_headline output made safe: only <mark> survives, all else escaped.

    Its input is the stored (sanitised, HTML-escaped) body with tags removed, so its text
    is already escaped; nh3 reads it as HTML and writes it back with nothing but <mark>.
    """
    cleaned = nh3.clean(html or "", tags={"mark"}, attributes={}, strip_comments=True)
    return mark_safe(" ".join(cleaned.split()))


@method_decorator(public_page(SEARCH), name="dispatch")
class SearchView(ListView):
    """Search results: ``?q=`` the reader's words, ``?page=`` a page of them.

    Out-of-range or odd page numbers are 404s (``paginate_by`` does that); an empty
    query shows the search box alone.
    """

    template_name = "articles/search.html"
    context_object_name = "stories"
    paginate_by = settings.NEWSROOM_PAGE_SIZE

    def get_queryset(self):
        self.query = clean_query(self.request.GET.get("q", ""))
        self.terms = query_terms(self.query)
        # The page's edition: its stories alone, their words read in its language.
        self.language = editions.current().code
        if not self.query:
            timeless(self.request)  # the search box alone: no cap before a publication
            return []
        # The ranked ids of every result (at most MAX_RESULTS): the paginator counts
        # and pages them without another query.
        return (
            Article.objects.published()
            .in_edition(self.language)
            .search_ids(
                self.query,
                self.language,
                words=self.terms.words,
                excluded=self.terms.excluded,
                limit=MAX_RESULTS,
            )
        )

    def paginate_queryset(self, ids, page_size):
        # Then the page's snippets, in one query over the page's ids alone (a story
        # unpublished in the meantime drops out), and its cards, kept like any part of a
        # page (pagecache.remember_each): drawn from the database only when not kept.
        paginator, page, ids, is_paginated = super().paginate_queryset(ids, page_size)
        rows = (
            Article.objects.published()
            .filter(pk__in=ids)
            .with_search_snippet(self.query, self.language)
            .values(*SNIPPET_FIELDS)
        )
        snippets = {row["pk"]: self.snippet(row) for row in rows}
        names = {
            (pk, bool(snippets[pk])): search_card(pk, bool(snippets[pk]))
            for pk in ids
            if pk in snippets
        }
        cards = remember_each(names, draw_cards)
        add_keys(self.request, *(key for _, keys in cards.values() for key in keys))
        page.object_list = [
            Result(cards[item][0], snippets[item[0]]) for item in names if item in cards
        ]
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, **kwargs)
        # The count stops at MAX_RESULTS: there may be more matches than it says.
        context["more_results"] = context["paginator"].count >= MAX_RESULTS
        return context

    def snippet(self, row):
        # PostgreSQL's headline marks stems too (meetings for "meeting"); when it marks
        # nothing (the words are in the headline or standfirst only), look for the words.
        html = headline_snippet(row["snippet"])
        if "<mark>" in html:
            return html
        body_text = Article(body=row["body"]).body_plain_text
        return word_snippet(row["standfirst"], body_text, self.terms.words)


# What a snippet is made from: PostgreSQL's ``snippet`` (ts_headline), else the words
# found in the standfirst or body.
SNIPPET_FIELDS = ("pk", "snippet", "standfirst", "body")


@dataclass(frozen=True)
class Result:
    """A search result as the page draws it: the story's card (safe HTML) and its
    snippet (safe HTML with <mark>; "" when the words are in its headline alone)."""

    card: str
    snippet: str


def draw_cards(items):
    """The cards of ``items`` ((pk, with a snippet)) not kept: a card with a snippet
    under it, or with the standfirst when there is none. ``{item: (html, keys)}``."""
    stories = Article.objects.published().cards_only().in_bulk({pk for pk, _ in items})
    return {
        (pk, has_snippet): (
            story_card(stories[pk], with_standfirst=not has_snippet),
            keys_of(stories[pk]),
        )
        for pk, has_snippet in items
        if pk in stories
    }


urlpatterns = [path("search/", SearchView.as_view(), name="search")]
