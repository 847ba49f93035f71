"""The headers every answer carries: the Content Security Policy (the readers' strict one,
the admin's own), Cross-Origin-Opener-Policy, nosniff and the referrer policy.

Readers' pages are checked to hold under their policy: no inline script or style a
browser would refuse. The admin is checked to work under its policy: its inline
scripts carry the request's nonce, and a story is saved through the change form.
"""

import re

import pytest
from django.urls import reverse

from tests.admin_forms import article_form_data, post_article
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, SourceFactory, TagFactory
from tests.pages import page_html

pytestmark = pytest.mark.django_db


def policy(response, header="Content-Security-Policy"):
    """{directive: [values]} of a response's policy."""
    assert header in response, f"no {header} on {response.request['PATH_INFO']}"
    directives = [part.split() for part in response[header].split(";") if part.strip()]
    return {name: values for name, *values in directives}


def assert_readers_policy(response):
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert set(directives["img-src"]) >= {"'self'", "data:"}
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.fixture
def story():
    story = ArticleFactory(
        headline="Ceasefire holds in the north",
        section=SectionFactory(name="World"),
        authors=[AuthorFactory(name="Ayla Demir")],
        sources=[SourceFactory(code="AA")],
        tags=[TagFactory(name="Ceasefire")],
    )
    return story


def public_pages(story):
    tag, author = story.tags.get(), story.bylines.get().author
    return [
        reverse("articles:home"),
        story.get_absolute_url(),
        story.section.get_absolute_url(),
        tag.get_absolute_url(),
        author.get_absolute_url(),
        story.sources.get().get_absolute_url(),
        reverse("articles:search") + "?q=ceasefire",
        reverse("articles:latest_feed_rss"),
        reverse("articles:sitemap_index"),
        reverse("articles:robots_txt"),
        "/no-such-section/no-such-story/",  # the 404 page
    ]


def test_every_public_page_carries_the_readers_policy(client, story):
    for url in public_pages(story):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_readers_policy(response)


# A <script> that runs: no src, and a type a browser executes (JSON-LD is data, not code).
_INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>", re.I
)


def test_readers_pages_have_no_inline_script_or_style(client, story):
    for url in public_pages(story)[:7]:  # the HTML pages
        html = page_html(client.get(url))
        assert not _INLINE_SCRIPT.search(html), url
        assert not re.search(r"<style\b", html, re.I), url
        assert not re.search(r"\sstyle=", html, re.I), url
        assert not re.search(r"\son[a-z]+=", html, re.I), url  # no event handler attributes


def test_a_page_from_the_page_cache_carries_the_same_headers(client, story):
    url = story.get_absolute_url()
    first = client.get(url)
    again = client.get(url)
    assert (first["X-Cache"], again["X-Cache"]) == ("miss", "hit")
    assert_readers_policy(again)
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


# --- the admin ---------------------------------------------------------------------


def nonce_of(response):
    found = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    return found and found.group(1)


def test_the_login_page_has_the_admins_policy(client):
    response = client.get(reverse("admin:login"))
    directives = policy(response)
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_change_form_runs_under_the_admins_policy(editor_client):
    story = ArticleFactory(draft=True, headline="Budget talks resume")
    response = editor_client.get(reverse("admin:articles_article_change", args=[story.pk]))
    assert response.status_code == 200
    directives = policy(response)
    nonce = nonce_of(response)
    assert nonce, "the change form's inline scripts need a nonce in the policy"
    assert directives["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert "connect-src" in directives  # autosave posts to the server
    html = page_html(response)
    # The editor's import map and every other inline script carry this request's nonce.
    assert re.search(rf'<script type="importmap" nonce="{re.escape(nonce)}"', html)
    for tag in _INLINE_SCRIPT.findall(html):
        if "application/json" in tag:
            continue  # data blocks (the admin's constants) are never run
        assert f'nonce="{nonce}"' in tag, tag
    # Each request has a nonce of its own.
    again = editor_client.get(reverse("admin:articles_article_change", args=[story.pk]))
    assert nonce_of(again) != nonce


def test_a_story_is_saved_through_the_admin_under_its_policy(editor_client):
    section = SectionFactory(name="Economy")
    response = post_article(
        editor_client,
        article_form_data(
            section=section,
            headline="Inflation eases for a third month",
            slug="inflation-eases",
            body="<p>Prices rose less than expected.</p>",
        ),
    )
    assert response.status_code == 302
    assert "Content-Security-Policy" in response
    listing = editor_client.get(response["Location"])
    assert "Inflation eases for a third month" in page_html(listing)
    assert nonce_of(listing) or "script-src 'self'" in listing["Content-Security-Policy"]


def test_every_admin_screen_a_producer_opens_has_a_policy(producer_client):
    for name in ["admin:index", "admin:articles_section_changelist", "admin:password_change"]:
        response = producer_client.get(reverse(name))
        assert response.status_code == 200, name
        assert "'unsafe-inline'" not in policy(response)["script-src"], name


def test_preview_links_page_has_no_inline_script(editor_client):
    story = ArticleFactory(draft=True)
    url = reverse("admin:articles_article_preview_links", args=[story.pk])
    response = editor_client.get(url)
    assert response.status_code == 200
    assert not _INLINE_SCRIPT.search(page_html(response))
    assert "admin/js/copy_link.js" in page_html(response)
