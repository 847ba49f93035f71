"""The public site as a reader meets it: front page, story page, section pages, bad addresses."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ExplorePick, RelatedItem
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    RelatedItemFactory,
    SectionFactory,
    SourceFactory,
)
from tests.pages import find_in_order, page_html, page_text

pytestmark = pytest.mark.django_db

HEADLINE = "Blinken underlines ‘continued coordination’ after meeting with Cavusoglu"
STANDFIRST = (
    "‘I look forward to continued coordination on NATO’s response to Russia’s unprovoked war "
    "against Ukraine, Syria, other challenges,’ says US secretary of state."
)
CAPTION = (
    "To date, the top diplomats have met four times as part of the Türkiye-US Strategic Mechanism."
)
READ_MORE_HEADLINE = "US to host Turkish FM to discuss F-16 deal and Sweden's NATO bid"
RECOMMENDED_HEADLINE = "Türkiye, US sign deal to deepen partnership in nuclear energy"
SEED_BODY = """
<p>US Secretary of State Antony Blinken has said he looks forward to "continued coordination" with
Türkiye on various issues, following a meeting with Turkish Foreign Minister Mevlut Cavusoglu in
Washington.</p>
<p>Noting that they discussed many important issues as part of the US-Türkiye Strategic Mechanism,
Blinken said on Twitter on Thursday: “I look forward to continued coordination on @NATO’s response
to Russia’s unprovoked war against Ukraine, Syria, and other challenges.”</p>
<p>He also posted photos taken during the meeting.</p>
<h2>'Positive bilateral agenda'</h2>
<p>Blinken and Cavusoglu met on Wednesday and agreed to continue their engagement under a strategic
mechanism to review progress and maintain momentum in their "positive bilateral agenda," said a
joint statement.</p>
<p>The mechanism was launched last April following a meeting between Turkish President Recep
Tayyip Erdogan and his US counterpart Joe Biden on the sidelines of the G-20 summit in Rome.</p>
<p>To date, the top diplomats have met four times as part of the mechanism.</p>
<p>Cavusoglu and Blinken "reiterated their commitment to a concrete and results-oriented positive
bilateral agenda," said the statement, adding they discussed strengthening the Türkiye-US defence
partnership, including modernization of Türkiye’s F-16 fleet.</p>
<p>On NATO, Cavusoglu and Blinken "reaffirmed their long-standing commitment to collective defense
as Allies, as well as to NATO’s Open Door Policy.”</p>
<p>The two diplomat also "appreciated the continuous growth in Türkiye-US bilateral trade
relations."</p>
"""


@pytest.fixture
def seed_story():
    """The reference story of design/article-anatomy.md, with everything around it."""
    turkiye = SectionFactory(name="Türkiye", language="tr")
    agency = SourceFactory(name="Anadolu Agency", code="AA")
    picture = ImageFactory(alt_text=HEADLINE, caption=CAPTION, credit_source=agency)
    read_more = ArticleFactory(headline=READ_MORE_HEADLINE, section=turkiye)
    recommended = ArticleFactory(headline=RECOMMENDED_HEADLINE, section=turkiye)
    analysis = ArticleFactory(
        headline="Why Erdogan’s White House meeting with Trump could be a game-changer",
        kind=Article.Kind.ANALYSIS,
        section=SectionFactory(name="Analysis"),
        authors=[AuthorFactory(name="Kazim Alam")],
    )
    opinion = ArticleFactory(
        headline="Why the revival of the Ottoman-era Hejaz Railway matters",
        kind=Article.Kind.OPINION,
        section=SectionFactory(name="Opinion"),
        authors=[AuthorFactory(name="Esra Karataş Alpay")],
    )
    story = ArticleFactory(
        headline=HEADLINE,
        standfirst=STANDFIRST,
        section=turkiye,
        body=SEED_BODY,
        hero_image=picture,
        sources=[agency],
        tags=["Türkiye", "NATO"],
        published_at=datetime(2023, 1, 19, 12, 0, tzinfo=UTC),
    )
    # Recommended after "The mechanism was launched …" (block 6), READ MORE at the end.
    RelatedItem.objects.create(
        article=story, kind=RelatedItem.Kind.RECOMMENDED, after_block=6, target=recommended
    )
    RelatedItem.objects.create(
        article=story, kind=RelatedItem.Kind.READ_MORE, after_block=50, target=read_more
    )
    ExplorePick.objects.create(article=story, picked=analysis, position=0)
    ExplorePick.objects.create(article=story, picked=opinion, position=1)
    story.recommended = recommended
    story.read_more = read_more
    return story


def test_story_page_shows_the_anatomy_in_order(client, seed_story):
    response = client.get(seed_story.get_absolute_url())
    assert response.status_code == 200
    text = page_text(response)
    missing = find_in_order(
        text,
        [
            ("kicker", "TÜRKİYE"),
            ("reading time", r"\b2 MIN READ"),
            ("headline", re.escape(HEADLINE)),
            ("standfirst", re.escape(STANDFIRST)),
            ("caption", re.escape(CAPTION)),
            ("credit after a slash", r"^\s*/\s*AA\b"),
            ("date", "January 19, 2023"),
            ("first paragraph", "US Secretary of State Antony Blinken has said"),
            ("subheading", "'Positive bilateral agenda'"),
            ("paragraph before Recommended", "on the sidelines of the G-20 summit in Rome"),
            ("Recommended", "Recommended"),
            ("recommended story", re.escape(RECOMMENDED_HEADLINE)),
            ("paragraph after Recommended", "the top diplomats have met four times as part of"),
            ("last paragraph", "continuous growth in Türkiye-US bilateral trade"),
            ("READ MORE", r"READ MORE:\s*" + re.escape(READ_MORE_HEADLINE)),
            ("SOURCE", r"SOURCE:\s*AA\b"),
            ("Explore", "Explore"),
            ("first pick", "Why Erdogan’s White House meeting"),
            ("its byline", "By Kazim Alam"),
            ("second pick", "Why the revival of the Ottoman-era Hejaz Railway"),
            ("its byline", "By Esra Karataş Alpay"),
        ],
    )
    assert missing == []


def test_story_page_markup(client, seed_story):
    html = page_html(client.get(seed_story.get_absolute_url()))
    assert html.count("<h1") == 1
    # The kicker links to the section listing.
    assert re.search(r'<a [^>]*href="/turkiye/"[^>]*>\s*TÜRKİYE\s*</a>', html)
    figure = re.search(r"<figure.*?</figure>", html, re.S).group()
    assert f'alt="{HEADLINE}"' in figure
    assert re.search(r"<figcaption>.*Mechanism\.\s*/\s*(<[^>]+>)?AA", figure, re.S)
    assert re.search(r'<time datetime="2023-01-19T12:00:00(\+00:00|Z)?"', html)
    assert "<h2>&#x27;Positive bilateral agenda&#x27;</h2>" in html or (
        "<h2>'Positive bilateral agenda'</h2>" in html
    )
    recommended_at = html.index("Recommended")
    assert f'href="{seed_story.recommended.get_absolute_url()}"' in html[recommended_at:]
    read_more_at = html.index("READ MORE")
    assert f'href="{seed_story.read_more.get_absolute_url()}"' in html[read_more_at:]


def test_story_page_says_when_it_was_updated(client):
    published = timezone.now() - timedelta(days=2)
    story = ArticleFactory(published_at=published, updated_at=published + timedelta(hours=5))
    assert "Updated" in page_text(client.get(story.get_absolute_url()))
    plain = ArticleFactory(published_at=published)
    assert "Updated" not in page_text(client.get(plain.get_absolute_url()))


def test_home_shows_the_lead_and_only_published_stories(client):
    now = timezone.now()
    older = ArticleFactory(headline="An older story", published_at=now - timedelta(hours=3))
    lead = ArticleFactory(headline="The newest story", published_at=now - timedelta(minutes=5))
    ArticleFactory(headline="A draft story", draft=True)
    ArticleFactory(headline="A scheduled story", scheduled=True)

    response = client.get(reverse("articles:home"))
    assert response.status_code == 200
    assert response.context["lead"] == lead
    text = page_text(response)
    assert text.index(lead.headline) < text.index(older.headline)
    assert "A draft story" not in text
    assert "A scheduled story" not in text


def test_home_without_stories_still_answers(client):
    assert client.get(reverse("articles:home")).status_code == 200


@pytest.fixture
def unseen():
    """A live story that points at a draft and a scheduled story in every way it can."""
    section = SectionFactory(name="World")
    draft = ArticleFactory(
        headline="Draft not for readers", section=section, tags=["NATO"], draft=True
    )
    scheduled = ArticleFactory(
        headline="Scheduled not yet for readers", section=section, tags=["NATO"], scheduled=True
    )
    live = ArticleFactory(headline="Live story", section=section, tags=["NATO"])
    for position, hidden in enumerate([draft, scheduled]):
        RelatedItemFactory(article=live, target=hidden, after_block=1)
        ExplorePick.objects.create(article=live, picked=hidden, position=position)
    return live, draft, scheduled


def public_text(client, live):
    """Every page that lists or links stories, as one text."""
    pages = [
        reverse("articles:home"),
        live.section.get_absolute_url(),
        live.get_absolute_url(),
    ]
    texts = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        texts.append(page_text(response))
    return " ".join(texts)


def test_drafts_and_scheduled_stories_are_nowhere(client, unseen):
    live, draft, scheduled = unseen
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    text = public_text(client, live)
    assert "Live story" in text
    assert draft.headline not in text
    assert scheduled.headline not in text
    # No READ MORE line is left pointing at nothing.
    assert "READ MORE" not in page_text(client.get(live.get_absolute_url()))


def test_scheduled_story_appears_everywhere_once_its_time_comes(client, unseen, time_machine):
    live, draft, scheduled = unseen
    time_machine.move_to(scheduled.published_at + timedelta(minutes=1))
    assert client.get(scheduled.get_absolute_url()).status_code == 200
    text = public_text(client, live)
    assert text.count(scheduled.headline) >= 4  # home, section, READ MORE, Explore
    assert f"READ MORE: {scheduled.headline}" in text
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft.headline not in text


def test_story_under_the_wrong_section_redirects_to_its_address(client):
    story = ArticleFactory()
    elsewhere = SectionFactory()
    wrong = reverse("articles:article", kwargs={"section": elsewhere.slug, "slug": story.slug})
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()


@pytest.fixture
def crowded_section():
    """25 stories, Paged story 01 the newest."""
    section = SectionFactory(name="Economy")
    now = timezone.now()
    for number in range(1, 26):
        ArticleFactory(
            headline=f"Paged story {number:02d}",
            section=section,
            published_at=now - timedelta(hours=number),
        )
    return section


def headlines_on(response):
    return re.findall(r"Paged story \d\d", page_text(response))


def test_section_pages_newest_first(client, crowded_section):
    url = crowded_section.get_absolute_url()
    first, second = client.get(url), client.get(url, {"page": 2})
    assert first.status_code == second.status_code == 200
    assert headlines_on(first) == [f"Paged story {n:02d}" for n in range(1, 21)]
    assert headlines_on(second) == [f"Paged story {n:02d}" for n in range(21, 26)]
    assert re.search(r'<a [^>]*rel="next"[^>]*href="\?page=2"', page_html(first))
    assert re.search(rf'<a [^>]*rel="prev"[^>]*href="({url}|\?page=1)"', page_html(second))
    assert 'rel="next"' not in page_html(second)


def test_section_lists_only_its_own_published_stories(client):
    section, other = SectionFactory(), SectionFactory()
    mine = ArticleFactory(section=section)
    theirs = ArticleFactory(section=other)
    hidden = ArticleFactory(section=section, scheduled=True)
    text = page_text(client.get(section.get_absolute_url()))
    assert mine.headline in text
    assert theirs.headline not in text
    assert hidden.headline not in text


def assert_styled_404(response):
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "1.5", "\x00", ""])
def test_odd_page_numbers_are_not_found(client, crowded_section, page):
    # An empty ?page= is page 1, as Django's paginator reads it.
    response = client.get(crowded_section.get_absolute_url(), {"page": page})
    if page == "":
        assert response.status_code == 200
    else:
        assert_styled_404(response)


@pytest.mark.parametrize(
    "path",
    [
        "/no-such-section-xyz/",
        "/no-such-section-xyz/no-such-story/",
        "/{section}/no-such-story/",
        "/{section}/{story}-no-such-story/",
    ],
)
def test_unknown_addresses_are_not_found(client, path):
    story = ArticleFactory()
    response = client.get(path.format(section=story.section.slug, story=story.slug))
    assert_styled_404(response)
