"""Whatever way a body is written, scripts and their cousins never reach the story page."""

import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from tests.admin_forms import article_form_data, form_errors, post_article, publish_through_workflow
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory
from tests.pages import page_html

pytestmark = pytest.mark.django_db

# Every attack carries "evil.example" or "stealCookies" so that its remains can be found.
HOSTILE_BODY = (
    '<p onclick="stealCookies()">Opening paragraph.</p>'
    "<script>stealCookies()</script>"
    '<p><a href="javascript:stealCookies()">Click me</a></p>'
    '<iframe src="https://evil.example/frame"></iframe>'
    '<p style="background: url(https://evil.example/pixel)">Styled paragraph.</p>'
)
TRACES = ["stealCookies", "evil.example", "<script>stealCookies", "javascript:", "onclick"]

ALLOWED_BODY = (
    "<p>Plain <strong>strong</strong> and <em>emphasis</em>.</p>"
    "<h2>A subheading</h2>"
    "<h3>A smaller subheading</h3>"
    '<p><a href="https://example.org/report">the report</a></p>'
    "<ul><li>bullet one</li><li>bullet two</li></ul>"
    "<ol><li>first</li><li>second</li></ol>"
    "<blockquote><p>A quotation.</p></blockquote>"
)
ALLOWED_PIECES = [
    "<strong>strong</strong>",
    "<em>emphasis</em>",
    "<h2>A subheading</h2>",
    "<h3>A smaller subheading</h3>",
    'href="https://example.org/report"',
    "<ul><li>bullet one</li><li>bullet two</li></ul>",
    "<ol><li>first</li><li>second</li></ol>",
    "<blockquote><p>A quotation.</p></blockquote>",
]


def assert_clean(client, article):
    article.refresh_from_db()
    for trace in TRACES:
        assert trace not in article.body, f"{trace!r} was stored"
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = page_html(response)
    # The harmless text around the attacks is kept: the body was cleaned, not dropped.
    assert "Opening paragraph." in html
    assert "Styled paragraph." in html
    for trace in TRACES:
        assert trace not in html, f"{trace!r} reached the story page"
    assert "<iframe" not in html


def test_admin_add_form_cleans_the_body(editor_client, client):
    section = SectionFactory()
    response = post_article(
        editor_client,
        article_form_data(
            section=section,
            headline="Hostile body through the admin",
            slug="hostile-admin",
            body=HOSTILE_BODY,
            # Complete, so that the workflow lets it reach the story page.
            standfirst="What the admin was given.",
            hero_image=ImageFactory().pk,
            inlines={"bylines": [{"author": AuthorFactory().pk, "position": 0}]},
        ),
    )
    assert response.status_code == 302, form_errors(response)
    story = Article.objects.get(slug="hostile-admin")
    publish_through_workflow(editor_client, story)
    assert_clean(client, story)


def test_create_cleans_the_body(client):
    assert_clean(
        client,
        Article.objects.create(
            headline="Hostile body through create",
            section=SectionFactory(),
            body=HOSTILE_BODY,
            status=Article.Status.PUBLISHED,
        ),
    )


def test_fixture_loading_cleans_the_body(client, tmp_path):
    # loaddata saves raw: Model.save() and pre_save() never run.
    section = SectionFactory()
    now = timezone.now().isoformat()
    fixture = tmp_path / "hostile.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "articles.article",
                    "fields": {
                        "headline": "Hostile body through a fixture",
                        "slug": "hostile-fixture",
                        "section": section.pk,
                        "body": HOSTILE_BODY,
                        "status": "published",
                        "published_at": now,
                        "created_at": now,
                        "modified_at": now,
                    },
                }
            ]
        )
    )
    call_command("loaddata", str(fixture), verbosity=0)
    assert_clean(client, Article.objects.get(slug="hostile-fixture"))


def test_queryset_update_cleans_the_body(client):
    story = ArticleFactory(body="<p>Harmless.</p>")
    Article.objects.filter(pk=story.pk).update(body=HOSTILE_BODY)
    assert_clean(client, story)


def test_bulk_create_cleans_the_body(client):
    Article.objects.bulk_create(
        [
            Article(
                headline="Hostile body through bulk_create",
                slug="hostile-bulk",
                section=SectionFactory(),
                body=HOSTILE_BODY,
                status=Article.Status.PUBLISHED,
                published_at=timezone.now(),
            )
        ]
    )
    assert_clean(client, Article.objects.get(slug="hostile-bulk"))


def test_allowed_markup_survives(client):
    story = ArticleFactory(body=ALLOWED_BODY)
    story.refresh_from_db()
    html = page_html(client.get(story.get_absolute_url()))
    for piece in ALLOWED_PIECES:
        assert piece in story.body
        assert piece in html


def test_allowed_markup_survives_the_admin(editor_client, client):
    response = post_article(
        editor_client,
        article_form_data(
            section=SectionFactory(),
            headline="Allowed markup",
            slug="allowed-markup",
            body=ALLOWED_BODY,
        ),
    )
    assert response.status_code == 302, form_errors(response)
    stored = Article.objects.get(slug="allowed-markup").body
    for piece in ALLOWED_PIECES:
        assert piece in stored


# The body's own blocks keep what they need and nothing more (articles/body.py).
BLOCKS_BODY = (
    '<figure data-picture="7" data-size="wide" data-href="https://example.org/photos">'
    "<figcaption>Own caption</figcaption></figure>"
    '<div data-gallery="7 8 9"></div>'
    '<figure data-embed="https://x.com/a/status/1" data-author="A. Writer" data-date="2026-12-01">'
    "<blockquote>Quoted.</blockquote></figure>"
    '<table data-caption="Results"><tbody><tr><th colspan="2" rowspan="1"><p>Team</p></th></tr>'
    "</tbody></table>"
)
HOSTILE_BLOCKS = (
    '<figure data-picture="7 onerror=x" data-size="giant" data-href="javascript:stealCookies()">'
    "<figcaption>Own caption</figcaption></figure>"
    '<div data-gallery="7,stealCookies()" class="evil.example"></div>'
    '<figure data-embed="javascript:stealCookies()" data-date="soon"><blockquote>Q</blockquote></figure>'  # noqa: E501
    '<figure data-embed=" https://x.com/a/status/1\nstealCookies"></figure>'
    '<table data-caption="Results"><tbody><tr><th colspan="stealCookies">x</th></tr></tbody></table>'  # noqa: E501
)


@pytest.mark.parametrize(
    "way_in",
    [
        lambda body: ArticleFactory(body=body),
        lambda body: Article.objects.filter(pk=ArticleFactory().pk).update(body=body),
    ],
    ids=["save", "update"],
)
def test_the_bodys_blocks_keep_their_attributes_and_lose_hostile_ones(way_in):
    way_in(BLOCKS_BODY)
    stored = Article.objects.get().body
    assert stored == BLOCKS_BODY
    Article.objects.all().delete()
    way_in(HOSTILE_BLOCKS)
    stored = Article.objects.get().body
    for trace in ("stealCookies", "javascript:", "giant", "soon", "evil.example", "onerror"):
        assert trace not in stored
    assert "<figure><figcaption>Own caption</figcaption></figure>" in stored
    assert "<th>x</th>" in stored
