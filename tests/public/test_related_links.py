"""Related links and Explore: web addresses only, no public link to an unpublished story,
the related links report, and the Explore list's fill-up order."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ExplorePick, RelatedItem
from public.explore import explore
from tests.admin_forms import (
    article_form_data,
    change_url,
    changelist_url,
    form_errors,
    post_article,
    publish_through_workflow,
    related_block,
    take,
)
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    RelatedItemFactory,
    SectionFactory,
)
from tests.pages import page_html, page_text

pytestmark = pytest.mark.django_db

REPORT_URL = "admin:articles_article_related_report"
WEB_ADDRESS_MESSAGE = "Enter a web address that starts with http:// or https://."


def tomorrow():
    return timezone.now() + timedelta(days=1)


def publishable(**kwargs):
    """A draft with everything publication asks for, so the workflow can publish it."""
    return ArticleFactory(
        draft=True, hero_image=ImageFactory(), authors=[AuthorFactory()], **kwargs
    )


def external(article, url, title="Elsewhere", **kwargs):
    """An external link stored as an import would store it: no validation."""
    return RelatedItem.objects.create(
        article=article, after_block=1, url=url, title=title, target=None, **kwargs
    )


# --- External addresses: http and https only ----------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["ftp://files.example.org/report.pdf", "ftps://files.example.org/x", "javascript:alert(1)"],
)
def test_the_model_refuses_addresses_that_are_not_web_addresses(url):
    item = RelatedItem(article=ArticleFactory(), url=url, title="Elsewhere")
    with pytest.raises(ValidationError) as refusal:
        item.full_clean()
    assert WEB_ADDRESS_MESSAGE in refusal.value.message_dict["url"]


@pytest.mark.parametrize("url", ["http://example.org/", "https://www.reuters.com/world/x?y=1"])
def test_the_model_takes_web_addresses(url):
    RelatedItem(article=ArticleFactory(), url=url, title="Elsewhere").full_clean()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://files.example.org/report.pdf", WEB_ADDRESS_MESSAGE),
        # The form field refuses it before the model is asked.
        ("javascript:alert(1)", "Enter a valid URL."),
    ],
)
def test_the_story_form_refuses_other_addresses_with_a_message(editor_client, url, message):
    section = SectionFactory()
    data = article_form_data(
        section=section,
        headline="A story with a link",
        slug="a-story-with-a-link",
        # A READ MORE link put in the body's editor, after the paragraph.
        body="<p>Text.</p>" + related_block(url=url, title="X"),
    )
    response = post_article(editor_client, data)
    assert response.status_code == 200, "saved a link that is not a web address"
    assert message in page_text(response), form_errors(response)
    assert not Article.objects.filter(slug="a-story-with-a-link").exists()


def test_the_story_form_takes_an_https_link(editor_client):
    data = article_form_data(
        section=SectionFactory(),
        headline="A story with a good link",
        slug="a-story-with-a-good-link",
        body="<p>Text.</p>" + related_block(url="https://example.org/report", title="The report"),
    )
    response = post_article(editor_client, data)
    assert response.status_code == 302, form_errors(response)
    story = Article.objects.get(slug="a-story-with-a-good-link")
    assert story.related_items.get().url == "https://example.org/report"


def test_external_links_are_marked_and_opened_without_access_to_our_page(client):
    story = ArticleFactory()
    external(story, "https://www.reuters.com/world/report", title="Reuters' report")
    ours = RelatedItemFactory(article=story, after_block=2)
    html = page_html(client.get(story.get_absolute_url()))
    text = page_text(client.get(story.get_absolute_url()))

    link = html[html.index('href="https://www.reuters.com/world/report"') :]
    link = link[: link.index("</p>")]
    assert 'rel="external noopener"' in link
    # Seen (an arrow and the site) and heard (a screen reader says "external site").
    assert '<span class="visually-hidden"> (external site)</span>' in link
    assert "↗" in link and "reuters.com" in link
    assert "READ MORE: Reuters' report ↗ (external site) reuters.com" in text

    our_link = html[html.index(f'href="{ours.target.get_absolute_url()}"') :]
    assert "noopener" not in our_link[: our_link.index("</p>")]


def test_an_address_stored_before_the_rule_is_never_drawn(client):
    story = ArticleFactory()
    external(story, "javascript:alert(1)", title="Click me")
    external(story, "ftp://files.example.org/x", title="Old file")
    html = page_html(client.get(story.get_absolute_url()))
    assert "javascript:" not in html and "Click me" not in html
    assert "ftp://" not in html and "Old file" not in html


# --- Links to stories that are not published ----------------------------------------------

NOT_PUBLISHED = {
    "draft": {"status": Article.Status.DRAFT, "published_at": None},
    "in review": {"status": Article.Status.IN_REVIEW, "published_at": None},
    "approved": {"status": Article.Status.APPROVED, "published_at": None},
    "scheduled": {"scheduled": True},
    "unpublished": {"status": Article.Status.UNPUBLISHED},
    "embargoed": {
        "status": Article.Status.APPROVED,
        "published_at": None,
        "embargo_until": tomorrow(),
    },
}


@pytest.mark.parametrize("state", NOT_PUBLISHED)
@pytest.mark.parametrize("kind", RelatedItem.Kind.values)
def test_a_link_to_a_story_that_is_not_published_is_not_shown(client, state, kind):
    story = ArticleFactory()
    hidden = ArticleFactory(headline=f"The hidden {state} story", **NOT_PUBLISHED[state])
    RelatedItemFactory(article=story, target=hidden, kind=kind)
    shown = RelatedItemFactory(article=story, kind=kind, after_block=2)

    response = client.get(story.get_absolute_url())
    html, text = page_html(response), page_text(response)
    assert hidden.headline not in text
    assert hidden.get_absolute_url() not in html
    assert shown.target.headline in text  # the page still draws the links it may


def test_no_feed_links_to_a_story_that_is_not_published(client):
    story = ArticleFactory()
    hidden = ArticleFactory(draft=True, headline="The hidden draft")
    RelatedItemFactory(article=story, target=hidden)
    for name in ["articles:latest_feed_rss", "articles:latest_feed_atom"]:
        feed = client.get(reverse(name)).content.decode()
        assert story.headline in feed
        assert hidden.headline not in feed and hidden.slug not in feed


def test_a_link_comes_back_when_its_story_is_published_again(client, editor_client):
    story = ArticleFactory()
    target = publishable(headline="The linked story")
    RelatedItemFactory(article=story, target=target)

    def shown():
        return target.headline in page_text(client.get(story.get_absolute_url()))

    assert not shown()  # a draft
    publish_through_workflow(editor_client, target)
    assert shown()
    assert take(editor_client, target, "unpublish").status_code == 302
    assert not shown()
    assert take(editor_client, target, "redraft").status_code == 302
    target.refresh_from_db()
    publish_through_workflow(editor_client, target)
    assert shown()
    # Nobody touched the link: it was there all along.
    assert story.related_items.get().target == target


def test_a_link_to_a_scheduled_or_embargoed_story_appears_when_its_time_comes(
    client, editor_client, time_machine
):
    now = timezone.now().replace(microsecond=0)  # the admin's time field has whole seconds
    time_machine.move_to(now, tick=False)
    story = ArticleFactory()
    embargoed = publishable(headline="The embargoed story", embargo_until=now + timedelta(hours=3))
    RelatedItemFactory(article=story, target=embargoed)
    RelatedItemFactory(article=story, target=ArticleFactory(scheduled=True, headline="Tomorrow's"))
    publish_through_workflow(editor_client, embargoed, at=now + timedelta(hours=3))

    text = page_text(client.get(story.get_absolute_url()))
    assert "The embargoed story" not in text and "Tomorrow's" not in text
    time_machine.move_to(now + timedelta(hours=4), tick=False)
    text = page_text(client.get(story.get_absolute_url()))
    assert "The embargoed story" in text and "Tomorrow's" not in text
    time_machine.move_to(now + timedelta(days=2), tick=False)
    assert "Tomorrow's" in page_text(client.get(story.get_absolute_url()))


def test_a_story_others_link_to_goes_to_the_trash_and_the_page_says_which(editor_client, client):
    target = ArticleFactory(headline="The story linked to")
    holder = ArticleFactory(headline="The story holding the link")
    RelatedItemFactory(article=holder, target=target)
    delete_url = reverse("admin:articles_article_delete", args=[target.pk])

    # The confirmation names the stories whose links will hide themselves.
    assert "The story holding the link" in page_text(editor_client.get(delete_url))
    editor_client.post(delete_url, {"post": "yes"})
    assert Article.including_trash.filter(pk=target.pk, deleted_at__isnull=False).exists()
    page = page_text(client.get(holder.get_absolute_url()))
    assert "The story holding the link" in page
    assert "The story linked to" not in page


# --- Explore: picks, then shared tags, then the same section, then the latest ---------------


def test_explore_fills_up_in_order_without_itself_duplicates_or_unpublished(settings):
    now = timezone.now()
    section, elsewhere = SectionFactory(), SectionFactory()

    def story(hours_ago, on=elsewhere, **kwargs):
        return ArticleFactory(section=on, published_at=now - timedelta(hours=hours_ago), **kwargs)

    # The story itself is the newest, of its section and shares every tag with itself.
    this = story(0.5, on=section, tags=["NATO", "Türkiye"])
    picked_second = story(60, tags=["NATO", "Türkiye"])  # also a best fit: listed once
    picked_first = story(70)
    ExplorePick.objects.create(article=this, picked=picked_second, position=2)
    ExplorePick.objects.create(article=this, picked=picked_first, position=1)
    ExplorePick.objects.create(article=this, picked=ArticleFactory(draft=True), position=0)

    shares_two = story(50, tags=["NATO", "Türkiye"])
    shares_one_same_section = story(40, on=section, tags=["NATO"])
    shares_one = story(30, tags=["Türkiye"])
    same_section = story(45, on=section)
    latest, second_latest = story(1), story(2)
    story(3)  # one too many
    for hidden in [{"draft": True}, {"scheduled": True}, {"status": Article.Status.UNPUBLISHED}]:
        ArticleFactory(section=section, tags=["NATO", "Türkiye"], **hidden)

    listed = explore(this, size=8).cards
    assert listed == [
        picked_first,
        picked_second,
        shares_two,
        shares_one_same_section,
        shares_one,
        same_section,
        latest,
        second_latest,
    ]
    assert len(set(listed)) == len(listed)
    settings.NEWSROOM_EXPLORE_SIZE = 3
    assert explore(this).cards == [picked_first, picked_second, shares_two]


def test_explore_on_the_story_page_follows_the_same_order(client):
    section = SectionFactory()
    this = ArticleFactory(section=section, tags=["NATO"])
    picked = ArticleFactory()
    ExplorePick.objects.create(article=this, picked=picked, position=0)
    tagged = ArticleFactory(tags=["NATO"], published_at=timezone.now() - timedelta(days=3))
    neighbour = ArticleFactory(section=section, published_at=timezone.now() - timedelta(days=2))
    latest = ArticleFactory()
    ArticleFactory(draft=True, section=section, tags=["NATO"], headline="Unseen draft")

    text = page_text(client.get(this.get_absolute_url()))
    explore = text[text.index("Explore") :]
    positions = [explore.index(s.headline) for s in [picked, tagged, neighbour, latest]]
    assert positions == sorted(positions)
    assert "Unseen draft" not in text


# --- Explore's keys: which publications may change the list --------------------------------


def test_explore_names_the_lists_it_read():
    section = SectionFactory()
    this = ArticleFactory(section=section, tags=["NATO", "Türkiye"])
    live_pick, draft_pick = ArticleFactory(), ArticleFactory(draft=True)
    ExplorePick.objects.create(article=this, picked=draft_pick, position=0)
    ExplorePick.objects.create(article=this, picked=live_pick, position=1)
    ArticleFactory.create_batch(2, tags=["NATO"])
    ArticleFactory(section=section)
    ArticleFactory.create_batch(2)
    # The story and the picks shown, never a draft: the keys are public. Publishing the
    # draft bumps this story's key (invalidation.listing_keys), which changes the list.
    picks = {f"story-{s.pk}" for s in (this, live_pick)}
    tags = {f"tag-{tag.pk}-stories" for tag in this.tags.all()}
    section_list = f"section-{section.pk}-stories"

    found = explore(this, size=1)
    assert len(found.cards) == 1
    assert found.keys == picks
    found = explore(this, size=3)
    assert len(found.cards) == 3
    assert found.keys == picks | tags
    found = explore(this, size=4)
    assert len(found.cards) == 4
    assert found.keys == picks | tags | {section_list}
    found = explore(this, size=6)
    assert len(found.cards) == 6
    assert found.keys == picks | tags | {section_list, "latest"}


def test_the_story_page_carries_explore_s_keys(client):
    this = ArticleFactory(tags=["NATO"])
    ArticleFactory()
    keys = client.get(this.get_absolute_url())["Surrogate-Key"].split()
    tag = this.tags.get()
    assert {f"tag-{tag.pk}-stories", f"section-{this.section_id}-stories", "latest"} <= set(keys)


def test_explore_changes_when_a_story_it_may_show_is_published(client):
    this = ArticleFactory(tags=["NATO"])
    pick = ArticleFactory(draft=True, headline="Picked while a draft")
    ExplorePick.objects.create(article=this, picked=pick, position=0)
    sharing = ArticleFactory(draft=True, tags=["NATO"], headline="Shares a tag")
    ArticleFactory.create_batch(20, published_at=timezone.now() - timedelta(hours=1))
    url = this.get_absolute_url()
    before = page_text(client.get(url))
    assert pick.headline not in before and sharing.headline not in before
    client.get(url)  # kept now: the page and its Explore ids
    for story in (pick, sharing):
        story.status = Article.Status.PUBLISHED
        story.published_at = timezone.now() - timedelta(days=30)  # not among the newest
        story.save()
        assert story.headline in page_text(client.get(url))


def test_explore_is_made_afresh_for_a_preview():
    # A draft's list is never kept: the preview shows what the list would be now.
    this = ArticleFactory(draft=True, tags=["NATO"])
    other = ArticleFactory(draft=True, tags=["NATO"])
    assert explore(this, size=2).cards == []
    # update(), not save(): published without a bump, so only a list made afresh sees it.
    Article.objects.filter(pk=other.pk).update(
        status=Article.Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=1)
    )
    assert explore(this, size=2).cards == [other]


# --- The related links report ---------------------------------------------------------------


@pytest.fixture
def troubled():
    """Good links, and links to stories in every unpublished state and bad addresses."""
    holder = ArticleFactory(headline="The story holding links")
    RelatedItemFactory(article=holder, target=ArticleFactory(headline="A live story"))
    external(holder, "https://example.org/fine", title="A fine page")
    hidden = {
        state: RelatedItemFactory(
            article=holder, target=ArticleFactory(headline=f"A {state} story", **fields)
        )
        for state, fields in NOT_PUBLISHED.items()
    }
    bad = {
        url: external(ArticleFactory(draft=True, headline=f"Holder of {url}"), url, title=url)
        for url in ["ftp://files.example.org/x", "javascript:alert(1)", "http://not a host/"]
    }
    return holder, hidden, bad


def test_the_report_lists_links_readers_cannot_follow(producer_client, troubled):
    holder, hidden, bad = troubled
    response = producer_client.get(reverse(REPORT_URL))
    assert response.status_code == 200
    html, text = page_html(response), page_text(response)

    for state, label in [
        ("draft", "Draft"),
        ("in review", "In review"),
        ("approved", "Approved"),
        ("scheduled", "Scheduled for"),
        ("unpublished", "Unpublished"),
        ("embargoed", "Approved, embargoed until"),
    ]:
        assert f"A {state} story {label}" in text, state
        assert f'href="{change_url(hidden[state].target)}"' in html
    assert f'href="{change_url(holder)}"' in html
    assert "Links to stories that are not published (6)" in text
    for url, item in bad.items():
        assert f"Holder of {url}" in text
        assert f'href="{change_url(item.article)}"' in html
    assert "with an address readers cannot follow (3)" in text
    assert WEB_ADDRESS_MESSAGE in text
    assert "A live story" not in text and "A fine page" not in text


def test_the_report_is_for_producers_and_editors(
    client, writer_client, editor_client, producer_client
):
    url = reverse(REPORT_URL)
    assert producer_client.get(url).status_code == 200
    assert editor_client.get(url).status_code == 200
    assert writer_client.get(url).status_code == 403
    assert client.get(url).status_code == 302  # to the login page

    link = f'href="{url}"'
    assert link in page_html(producer_client.get(changelist_url()))
    assert link not in page_html(writer_client.get(changelist_url()))


def test_the_report_says_when_all_is_well(producer_client):
    RelatedItemFactory()
    text = page_text(producer_client.get(reverse(REPORT_URL)))
    assert "Links to stories that are not published (0)" in text
    assert "None: every external link is an http or https web address." in text


def test_the_report_shows_at_most_its_limit(producer_client, monkeypatch):
    from desk.admin import related_report

    monkeypatch.setattr(related_report, "REPORT_LIMIT", 2)
    for _ in range(3):
        RelatedItemFactory(target=ArticleFactory(draft=True))
        external(ArticleFactory(), "ftp://example.org/x")
    response = producer_client.get(reverse(REPORT_URL))
    assert len(response.context["hidden_rows"]) == 2 and response.context["hidden_total"] == 3
    assert len(response.context["bad_rows"]) == 2 and response.context["bad_total"] == 3
    assert "(3, the first 2 shown)" in page_text(response)


def test_the_report_costs_the_same_queries_for_one_row_or_many(producer_client):
    def make(count):
        for n in range(count):
            RelatedItemFactory(article=ArticleFactory(), target=ArticleFactory(draft=True))
            external(ArticleFactory(), f"ftp://example.org/{n}")

    def measure():
        producer_client.get(reverse(REPORT_URL))  # warm up the session and permissions
        with CaptureQueriesContext(connection) as captured:
            assert producer_client.get(reverse(REPORT_URL)).status_code == 200
        return len(captured)

    make(1)
    one = measure()
    make(20)
    assert measure() == one
