"""Previews: staff see any story under a banner; editors share a draft by a signed,
expiring, revocable link that shows that story and nothing else, and is never indexed
or kept by a shared cache."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import PreviewLink
from desk import previews
from tests.factories import ArticleFactory, RelatedItemFactory
from tests.pages import page_html, page_text

pytestmark = pytest.mark.django_db


def links_url(article):
    return reverse("admin:articles_article_preview_links", args=[article.pk])


def revoke_url(link):
    return reverse("admin:articles_article_revoke_preview_link", args=[link.article_id, link.pk])


def share(editor_client, article, lifetime="1d", label="Legal: J. Smith"):
    """Create a link through the admin page, as an editor does; return it and its address."""
    response = editor_client.post(links_url(article), {"label": label, "lifetime": lifetime})
    assert response.status_code == 302, response.content[:500]
    link = PreviewLink.objects.filter(article=article).latest("created_at")
    return link, previews.link_path(link)


def assert_private(response):
    """Never indexed, never kept by a shared cache."""
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "noindex" in response["X-Robots-Tag"]


@pytest.fixture
def draft():
    return ArticleFactory(
        headline="Minister resigns over leaked memo",
        standfirst="Draft standfirst for the lawyers.",
        draft=True,
    )


# --- the shared page ------------------------------------------------------------------


def test_a_shared_link_shows_the_draft_without_an_account(editor_client, client, draft):
    link, url = share(editor_client, draft)

    response = client.get(url)

    assert response.status_code == 200
    text = page_text(response)
    assert "Minister resigns over leaked memo" in text
    assert "Shared preview — draft; this link expires" in text
    assert '<meta name="robots" content="noindex' in page_html(response)
    assert_private(response)


def test_a_shared_link_shows_the_current_draft(editor_client, client, draft):
    _link, url = share(editor_client, draft)
    draft.headline = "Minister resigns: the rewritten headline"
    draft.save()

    assert "the rewritten headline" in page_text(client.get(url))


def test_an_expired_link_is_not_found(editor_client, client, draft):
    link, url = share(editor_client, draft, lifetime="1h")
    assert client.get(url).status_code == 200

    with time_machine.travel(link.expires_at + timedelta(seconds=1)):
        response = client.get(url)

    assert response.status_code == 404
    assert "Minister resigns" not in page_text(response)
    assert_private(response)


def test_a_revoked_link_is_not_found(editor_client, client, draft):
    link, url = share(editor_client, draft)

    response = editor_client.post(revoke_url(link))

    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    gone = client.get(url)
    assert gone.status_code == 404
    assert "Minister resigns" not in page_text(gone)
    assert_private(gone)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda signed: signed[:-1] + ("A" if signed[-1] != "A" else "B"),  # signature
        lambda signed: ("A" if signed[0] != "A" else "B") + signed[1:],  # token
        lambda signed: signed.split(".")[0],  # token alone, unsigned
        lambda signed: "not-a-token",
    ],
)
def test_a_tampered_link_is_not_found_and_never_looked_up(
    editor_client, client, draft, tamper, django_assert_num_queries
):
    link, url = share(editor_client, draft)
    signed = url.rstrip("/").rsplit("/", 1)[1]
    forged = reverse("articles:shared_preview", kwargs={"token": tamper(signed)})

    # Warm up: the 404 page draws the section list, kept in the cache from then on.
    client.get(reverse("articles:home"))
    with django_assert_num_queries(0):  # no link lookup
        response = client.get(forged)

    assert response.status_code == 404
    assert "Minister resigns" not in page_text(response)
    assert_private(response)


def test_a_link_shows_its_own_story_only(editor_client, client, draft):
    other = ArticleFactory(headline="Another unpublished story", draft=True)
    _link_a, url_a = share(editor_client, draft)
    share(editor_client, other)

    text = page_text(client.get(url_a))

    assert "Minister resigns over leaked memo" in text
    assert "Another unpublished story" not in text


def test_a_shared_preview_links_to_nothing_unpublished(editor_client, client, draft):
    # READ MORE and Explore on the preview draw only published stories, as on the site.
    hidden = ArticleFactory(headline="Secret scheduled story", scheduled=True)
    RelatedItemFactory(article=draft, target=hidden)
    live = ArticleFactory(headline="A story readers can see")
    _link, url = share(editor_client, draft)

    response = client.get(url)

    text = page_text(response)
    assert "Secret scheduled story" not in text
    assert "A story readers can see" in text  # Explore, filled from published stories
    assert "/admin/" not in page_html(response)
    assert live.get_absolute_url() in page_html(response)


def test_a_shared_preview_only_answers_reading(editor_client, client, draft):
    _link, url = share(editor_client, draft)
    assert client.post(url).status_code == 405


# --- making and revoking links -----------------------------------------------------------


def test_the_share_page_lists_links_with_state_and_address(editor_client, draft):
    active, url = share(editor_client, draft, label="Legal: J. Smith")
    revoked, _ = share(editor_client, draft, label="Old link")
    editor_client.post(revoke_url(revoked))

    response = editor_client.get(links_url(draft))

    assert response.status_code == 200
    html, text = page_html(response), page_text(response)
    assert "Legal: J. Smith" in text and "Old link" in text
    assert "Active" in text and "Revoked" in text
    assert f'value="http://testserver{url}"' in html  # the absolute address, ready to copy
    assert html.count('class="preview-links__url"') == 1  # only the active link's address
    assert "editor" in text  # created by


def test_lifetimes_are_offered_and_capped(editor_client, draft):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        link, _ = share(editor_client, draft, lifetime="7d")
        assert link.expires_at == now + timedelta(days=7)
        response = editor_client.post(links_url(draft), {"label": "", "lifetime": "365d"})
    assert response.status_code == 200  # refused with a form error
    assert "Select a valid choice" in page_text(response)
    assert PreviewLink.objects.count() == 1


def test_the_default_lifetime_is_a_day(editor_client, draft):
    response = editor_client.get(links_url(draft))
    assert response.context["form"]["lifetime"].value() == "1d"


def test_writers_cannot_share_or_revoke(writer, writer_client, editor_client):
    own = ArticleFactory(draft=True, created_by=writer)
    link, url = share(editor_client, own)

    assert writer_client.get(links_url(own)).status_code == 403
    response = writer_client.post(links_url(own), {"label": "Me", "lifetime": "1d"})
    assert response.status_code == 403
    assert writer_client.post(revoke_url(link)).status_code == 403
    link.refresh_from_db()
    assert link.revoked_at is None
    assert PreviewLink.objects.count() == 1


def test_producers_cannot_share(producer_client, draft):
    assert producer_client.get(links_url(draft)).status_code == 403


def test_revoking_needs_a_post(editor_client, draft):
    link, _ = share(editor_client, draft)
    assert editor_client.get(revoke_url(link)).status_code == 405
    link.refresh_from_db()
    assert link.is_active


def test_a_link_of_another_story_cannot_be_revoked_through_this_one(editor_client, draft):
    other = ArticleFactory(draft=True)
    link, _ = share(editor_client, other)
    url = reverse("admin:articles_article_revoke_preview_link", args=[draft.pk, link.pk])
    assert editor_client.post(url).status_code == 404


def test_the_address_carries_a_signature_of_the_stored_token(editor_client, draft):
    link, url = share(editor_client, draft)
    assert len(link.token) >= 43  # secrets.token_urlsafe(32)
    signed = url.rstrip("/").rsplit("/", 1)[1]
    assert re.fullmatch(re.escape(link.token) + r"\.[\w-]+", signed)


# --- the change page and the staff preview ----------------------------------------------


def test_the_change_page_offers_preview_to_all_and_sharing_to_editors(
    editor_client, producer_client, draft
):
    change = reverse("admin:articles_article_change", args=[draft.pk])
    preview_href = f'href="{reverse("articles:preview", args=[draft.pk])}"'

    editor_page = page_html(editor_client.get(change))
    assert preview_href in editor_page
    assert f'href="{links_url(draft)}"' in editor_page

    producer_page = page_html(producer_client.get(change))
    assert preview_href in producer_page
    assert links_url(draft) not in producer_page


def test_staff_preview_shows_a_banner_and_stays_private(writer_client, client, draft):
    url = reverse("articles:preview", args=[draft.pk])

    response = writer_client.get(url)

    assert response.status_code == 200
    text = page_text(response)
    assert "PREVIEW Preview — this story is draft." in text
    assert "Minister resigns over leaked memo" in text
    assert '<meta name="robots" content="noindex' in page_html(response)
    assert_private(response)
    assert client.get(url).status_code == 302  # readers are sent to log in
