"""Search as a reader uses it: /search/?q= on PostgreSQL (ranked full-text search) and on
SQLite (every word must appear). Run the file on both databases: the tests that only
PostgreSQL can answer say so and are skipped elsewhere."""

from datetime import timedelta
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from public import search as search_module
from public.search import MAX_QUERY_LENGTH, MAX_WORDS, clean_query, query_terms
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory
from tests.pages import page_html, page_text
from tests.public.test_public import HEADLINE, SEED_BODY, STANDFIRST

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"
)

# The search page: the paginator's count, the stories, their bylines, their pictures'
# renditions and the section navigation; however many stories it lists.
SEARCH_PAGE_BUDGET = 5


def search(client, q, **params):
    return client.get(reverse("articles:search"), {"q": q, **params})


class _Results(HTMLParser):
    """The results list of a search page: each result's headline and snippet HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headlines, self.snippets = [], []
        self._in_list = self._in_link = self._in_snippet = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "ol" and "search-results" in classes:
            self._in_list = True
        elif self._in_list and tag == "a" and "card__link" in classes:
            self._in_link = True
            self.headlines.append("")
        elif self._in_list and tag == "p" and "search-result__snippet" in classes:
            self._in_snippet = True
            self.snippets.append("")
        elif self._in_snippet:
            self.snippets[-1] += self.get_starttag_text()

    def handle_endtag(self, tag):
        if tag == "ol":
            self._in_list = False
        elif tag == "a" and self._in_link:
            self._in_link = False
        elif tag == "p" and self._in_snippet:
            self._in_snippet = False
        elif self._in_snippet:
            self.snippets[-1] += f"</{tag}>"

    def handle_data(self, data):
        if self._in_link:
            self.headlines[-1] += data
        elif self._in_snippet:
            self.snippets[-1] += data


def results(response):
    parser = _Results()
    parser.feed(page_html(response))
    parser.close()
    return parser


def headlines(response):
    return [" ".join(h.split()) for h in results(response).headlines]


# --- Finding and ranking ---------------------------------------------------------------


def test_finds_the_seed_story_by_a_word_from_its_body(client):
    """The issue's "done when": found by a body word, above a story mentioning it once."""
    seed = ArticleFactory(
        headline=HEADLINE,
        standfirst=STANDFIRST,
        body=SEED_BODY,
        published_at=timezone.now() - timedelta(days=900),
    )
    # Newer, so that newest-first alone would put it on top.
    once = ArticleFactory(
        headline="Trade talks resume in Ankara",
        body="<p>A new mechanism for tariffs was agreed.</p><p>Talks go on.</p>",
    )
    ArticleFactory(headline="Unrelated story", body="<p>Nothing to see here.</p>")

    response = search(client, "mechanism")

    assert response.status_code == 200
    assert headlines(response) == [seed.headline, once.headline]
    assert response.context["paginator"].count == 2


def test_a_headline_match_ranks_above_a_body_match(client):
    in_headline = ArticleFactory(
        headline="Drought grips the south",
        published_at=timezone.now() - timedelta(days=3),
    )
    in_body = ArticleFactory(
        headline="Farmers meet ministers",
        body="<p>The drought was discussed, with the drought fund and drought relief.</p>",
    )
    assert headlines(search(client, "drought")) == [in_headline.headline, in_body.headline]


def test_a_standfirst_match_ranks_above_a_body_match(client):
    in_standfirst = ArticleFactory(
        standfirst="Floods across the delta.",
        published_at=timezone.now() - timedelta(days=3),
    )
    in_body = ArticleFactory(body="<p>Floods were expected.</p>")
    assert headlines(search(client, "floods")) == [in_standfirst.headline, in_body.headline]


def test_equal_matches_come_newest_first(client):
    older = ArticleFactory(
        headline="Harbour reopens", published_at=timezone.now() - timedelta(days=2)
    )
    newer = ArticleFactory(headline="Harbour closes")
    assert headlines(search(client, "harbour")) == [newer.headline, older.headline]


def test_every_word_must_match(client):
    both = ArticleFactory(headline="Wheat and barley prices")
    ArticleFactory(headline="Wheat prices")
    ArticleFactory(headline="Barley harvest")
    assert headlines(search(client, "wheat barley")) == [both.headline]


def test_a_minus_word_leaves_stories_out(client):
    kept = ArticleFactory(headline="Ferry strike ends")
    ArticleFactory(headline="Ferry strike spreads to the airport")
    assert headlines(search(client, "ferry -airport")) == [kept.headline]


def test_matches_regardless_of_case_and_punctuation(client):
    story = ArticleFactory(headline="NATO’s summit opens in Vilnius")
    assert headlines(search(client, '"vilnius",')) == [story.headline]
    assert headlines(search(client, "VILNIUS!")) == [story.headline]


@on_postgresql
def test_postgresql_matches_word_forms(client):
    story = ArticleFactory(headline="Ministers were meeting all night")
    assert headlines(search(client, "meetings")) == [story.headline]


@on_postgresql
def test_postgresql_reads_quotes_and_or(client):
    phrase = ArticleFactory(headline="Central bank raises rates")
    ArticleFactory(headline="Rates fall as the bank of the central region waits")
    other = ArticleFactory(headline="Inflation slows", published_at=timezone.now())
    assert headlines(search(client, '"central bank"')) == [phrase.headline]
    assert set(headlines(search(client, '"central bank" OR inflation'))) == {
        phrase.headline,
        other.headline,
    }


# --- Kept current --------------------------------------------------------------------


def test_an_edited_story_is_found_by_its_new_words(client):
    story = ArticleFactory(headline="Bridge opens")
    story.headline = "Tunnel opens"
    story.body = "<p>The tunnel took nine years.</p>"
    story.save()
    assert headlines(search(client, "tunnel")) == ["Tunnel opens"]
    assert headlines(search(client, "bridge")) == []


@on_postgresql
def test_the_stored_vector_weighs_headline_standfirst_and_body():
    story = ArticleFactory(
        headline="Pelican", standfirst="Heron.", body="<p>Cormorant <em>and</em> gull.</p>"
    )
    vector = Article.objects.values_list("search_vector", flat=True).get(pk=story.pk)
    assert "'pelican':1A" in vector
    assert "'heron':2B" in vector
    assert "'cormor':3C" in vector
    assert "'gull':5C" in vector
    assert "em" not in vector  # the body's tags are not words


@on_postgresql
def test_update_search_vectors_mends_stories_saved_without_it(client):
    story = ArticleFactory(headline="Glacier retreats")
    Article.objects.update(search_vector=None)
    assert headlines(search(client, "glacier")) == []
    call_command("update_search_vectors", stdout=StringIO())
    assert headlines(search(client, "glacier")) == [story.headline]


# --- Only published stories ----------------------------------------------------------


@pytest.fixture
def unseen():
    """A story in every state readers must not see, each with the word "quokka"."""
    now = timezone.now()
    return [
        ArticleFactory(headline="Quokka draft", draft=True),
        ArticleFactory(headline="Quokka in review", status=Article.Status.IN_REVIEW),
        ArticleFactory(
            headline="Quokka approved under embargo",
            status=Article.Status.APPROVED,
            embargo_until=now + timedelta(hours=5),
        ),
        ArticleFactory(
            headline="Quokka scheduled for the embargo",
            embargo_until=now + timedelta(hours=5),
            published_at=now + timedelta(hours=5),
        ),
        ArticleFactory(headline="Quokka scheduled", scheduled=True),
        ArticleFactory(headline="Quokka unpublished", status=Article.Status.UNPUBLISHED),
    ]


def test_unpublished_stories_are_never_found(client, unseen):
    live = ArticleFactory(headline="Quokka live")
    response = search(client, "quokka")
    assert headlines(response) == [live.headline]
    assert "Quokka draft" not in page_text(response)


def test_a_scheduled_story_is_found_once_its_time_comes(client, unseen, time_machine):
    time_machine.move_to(timezone.now() + timedelta(days=2))
    found = headlines(search(client, "quokka"))
    assert sorted(found) == ["Quokka scheduled", "Quokka scheduled for the embargo"]


# --- Odd queries -----------------------------------------------------------------------


ODD_QUERIES = [
    " ",
    "x" * 5000,
    "quokka " * 1000,
    '"',
    '"unclosed quote',
    "'",
    "-",
    "--quokka",
    "-quokka",
    "OR",
    "quokka OR",
    "OR OR OR",
    "a & b | !c",
    "&",
    "|",
    "!",
    "!!quokka",
    "quokka:*",
    ":*",
    "(quokka",
    "quokka)",
    "<->",
    "quokka <-> wallaby",
    "\\",
    "%",
    "_",
    "quokka%_",
    "😀",
    "quokka 🦘",
    "quokka\x00",
    "\x00",
    "\x00\x01\x1f",
    "\u200b",
    "İstanbul Türkiye",
    "<script>alert(1)</script>",
    "a b c d e f g h i j k l m n o p",
]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_give_a_page(client, query):
    ArticleFactory(headline="Quokka census", body="<p>The quokka wallaby count.</p>")
    response = search(client, query)
    assert response.status_code == 200
    assert 'name="q"' in page_html(response)
    assert "<script>alert" not in page_html(response)
    assert len(response.context["query"]) <= MAX_QUERY_LENGTH


def test_a_nul_byte_in_the_address_gives_a_page(client):
    ArticleFactory(headline="Quokka census")
    response = client.get(reverse("articles:search") + "?q=quokka%00")
    assert response.status_code == 200
    assert headlines(response) == ["Quokka census"]


def test_a_very_long_query_is_cut(client):
    response = search(client, "quokka " + "y" * 5000)
    assert response.status_code == 200
    assert len(response.context["query"]) == MAX_QUERY_LENGTH
    assert "y" * 81 not in page_text(response)  # title and heading shorten it further


def test_an_empty_query_shows_the_search_box_alone(client):
    ArticleFactory(headline="Quokka census")
    response = client.get(reverse("articles:search"))
    assert response.status_code == 200
    html = page_html(response)
    assert 'id="search-page-q"' in html
    assert "search-results" not in html
    assert "found" not in page_text(response)
    assert "<title>Search | " in html


def test_no_results_says_so(client):
    response = search(client, "zyzzyva")
    assert response.status_code == 200
    assert "0 stories found" in page_text(response)
    assert "No stories match “zyzzyva”" in page_text(response)


# --- The page ------------------------------------------------------------------------


def test_page_title_count_and_noindex(client):
    ArticleFactory(headline="Quokka census")
    response = search(client, "quokka")
    html = page_html(response)
    assert "<title>Search results for “quokka” | " in html
    assert "<h1" in html and "Search results for “quokka”" in page_text(response)
    assert "1 story found" in page_text(response)
    assert '<meta name="robots" content="noindex, follow">' in html
    # The box shows the words again.
    assert 'value="quokka"' in html


def test_the_query_is_shown_escaped(client):
    response = search(client, '<b onmouseover="x">quokka')
    html = page_html(response)
    assert "<b onmouseover" not in html
    assert "&lt;b onmouseover=&quot;x&quot;&gt;quokka" in html


def test_the_masthead_has_a_search_box(client):
    html = page_html(client.get(reverse("articles:home")))
    assert 'action="/search/"' in html
    assert '<label class="search-form__label visually-hidden" for="masthead-q">' in html
    assert 'id="masthead-q" name="q"' in html
    assert '<button class="search-form__button" type="submit">Search</button>' in html


def test_results_are_cards_with_bylines(client):
    author = AuthorFactory(name="Ayşe Kaya")
    story = ArticleFactory(
        headline="Quokka census",
        section=SectionFactory(name="Science"),
        hero_image=ImageFactory(),
        authors=[author],
    )
    response = search(client, "quokka")
    html = page_html(response)
    assert f'href="{story.get_absolute_url()}"' in html
    assert "By Ayşe Kaya" in page_text(response)
    assert "SCIENCE" in page_text(response)


# --- Snippets ---------------------------------------------------------------------------


def test_the_snippet_marks_the_words(client):
    ArticleFactory(
        headline="Census results",
        body="<p>Counting began at dawn.</p><p>Rangers counted 4,000 quokkas on the island.</p>",
    )
    snippet = results(search(client, "quokkas")).snippets[0]
    assert "<mark>quokkas</mark>" in snippet
    assert "Rangers counted" in snippet


def test_the_snippet_escapes_what_the_story_says(client):
    """A story about a <script> tag shows the tag as text; nothing in it can run."""
    ArticleFactory(
        headline="Web attack explained",
        standfirst="How <script>alert('standfirst')</script> got in.",
        body=(
            "<p>The attacker posted &lt;script&gt;alert('body')&lt;/script&gt; "
            "into the guestbook &amp; waited.</p>"
        ),
    )
    for query in ("script", "alert", "guestbook", "attacker"):
        response = search(client, query)
        html = page_html(response)
        assert response.status_code == 200
        assert "<script>alert" not in html, query
        assert "<script" not in html.split("<main", 1)[1], query
        assert results(response).headlines == ["Web attack explained"], query
    snippet = results(search(client, "guestbook")).snippets[0]
    # The snippet's text is the story's text: the tag readable, the ampersand whole.
    assert "<script>alert('body')</script>" in snippet.replace("<mark>", "").replace("</mark>", "")
    assert "& waited" in snippet


def test_a_word_deep_in_a_long_body_is_still_marked(client):
    # PostgreSQL marks the first 3,000 characters of the body; beyond them the words
    # are looked for in the whole text.
    filler = "".join(f"<p>Paragraph {n} says nothing of note at all today.</p>" for n in range(120))
    ArticleFactory(headline="Long read", body=f"{filler}<p>At last a numbat appeared.</p>")
    snippet = results(search(client, "numbat")).snippets[0]
    assert "<mark>numbat</mark>" in snippet
    assert "At last a" in snippet


def test_a_headline_only_match_shows_the_standfirst(client):
    ArticleFactory(headline="Quokka census", standfirst="Numbers are up.", body="<p>Text.</p>")
    response = search(client, "quokka")
    assert results(response).snippets == []
    assert "Numbers are up." in page_text(response)


def test_a_standfirst_match_is_marked(client):
    ArticleFactory(headline="Census", standfirst="The quokka is thriving.", body="<p>Text.</p>")
    snippet = results(search(client, "quokka")).snippets[0]
    assert "<mark>quokka</mark>" in snippet.lower()


# --- Pages ---------------------------------------------------------------------------


@pytest.fixture
def many_matches():
    now = timezone.now()
    return [
        ArticleFactory(headline=f"Quokka story {n}", published_at=now - timedelta(minutes=n + 1))
        for n in range(25)
    ]


def test_results_come_a_page_at_a_time(client, many_matches):
    first = search(client, "quokka")
    assert len(headlines(first)) == 20
    assert "25 stories found" in page_text(first)
    assert 'href="?q=quokka&amp;page=2"' in page_html(first)
    second = search(client, "quokka", page=2)
    assert second.status_code == 200
    assert len(headlines(second)) == 5
    assert 'href="?q=quokka"' in page_html(second)  # back to the plain first page


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "1.5", "99999999999999999999", ""])
def test_odd_pages_are_not_found(client, many_matches, page):
    response = search(client, "quokka", page=page)
    assert response.status_code == (200 if page == "" else 404)


def test_the_page_number_keeps_odd_words_intact(client, many_matches):
    html = page_html(search(client, "quokka & story"))
    assert 'href="?q=quokka%20%26%20story&amp;page=2"' in html


def test_only_the_newest_matches_are_ranked_and_counted(client, monkeypatch):
    """A common word matches most of the archive: the best of the newest MAX_RESULTS
    matches are shown, and the page says there may be more."""
    monkeypatch.setattr(search_module, "MAX_RESULTS", 3)
    now = timezone.now()
    # The best match by far (the word in its headline), but older than three others.
    ArticleFactory(headline="Quokka special", published_at=now - timedelta(days=30))
    newest = [
        ArticleFactory(
            headline=f"Island news {n}",
            body="<p>A quokka was seen.</p>",
            published_at=now - timedelta(hours=n + 1),
        )
        for n in range(3)
    ]
    response = search(client, "quokka")
    assert headlines(response) == [story.headline for story in newest]
    assert response.context["paginator"].count == 3
    assert response.context["more_results"] is True


def test_fewer_matches_than_the_limit_are_all_counted(client, many_matches):
    response = search(client, "quokka")
    assert response.context["paginator"].count == 25
    assert response.context["more_results"] is False


# --- Query budget --------------------------------------------------------------------


def test_search_page_queries_are_fixed(client, django_assert_max_num_queries):
    def measure(query):
        search(client, query)  # warm up
        with django_assert_max_num_queries(SEARCH_PAGE_BUDGET) as captured:
            response = search(client, query)
        assert response.status_code == 200
        return len(captured)

    ArticleFactory(headline="Quokka alone", hero_image=ImageFactory(), authors=[AuthorFactory()])
    for n in range(25):
        ArticleFactory(
            headline=f"Wallaby {n}",
            section=SectionFactory(),
            hero_image=ImageFactory(),
            authors=AuthorFactory.create_batch(3),
        )
    assert measure("quokka") == measure("wallaby")


def test_an_empty_search_costs_only_the_navigation(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert client.get(reverse("articles:search")).status_code == 200


# --- Reading a query -------------------------------------------------------------------


def test_clean_query_removes_control_characters_and_cuts():
    assert clean_query("  nato\x00 \t summit\n") == "nato summit"
    assert clean_query(None) == ""
    assert len(clean_query("x" * 5000)) == MAX_QUERY_LENGTH


def test_query_terms():
    terms = query_terms('"NATO’s" summit, a OR -Russia !x F-16')
    assert terms.words == ("nato’s", "summit", "f-16")
    assert terms.excluded == ("russia",)
    assert len(query_terms(" ".join(f"word{n}" for n in range(30))).words) == MAX_WORDS
    assert query_terms("😀 ! - :*").words == ()
