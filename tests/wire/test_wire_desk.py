"""The wire desk in the admin: incoming copy by channel, urgency and time; take and spike,
with each role's rights enforced by the server."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Section, Source
from tests.admin_forms import change_url, publish_through_workflow
from tests.factories import ImageFactory
from tests.pages import page_text
from tests.wire_samples import make_channel, sample
from wire.models import PendingUpdate, WireItem

pytestmark = pytest.mark.django_db

DESK = "admin:wire_wireitem_changelist"


@pytest.fixture
def items():
    aa = Source.objects.create(name="Anadolu Agency", code="AA")
    section = Section.objects.create(name="Türkiye", slug="turkiye")
    ninjs = make_channel(aa, section, name="AA ninjs", format="ninjs")
    feeds = make_channel(aa, section, name="AA feeds", format="rss")
    for path, channel in [("aa-blinken-ninjs2.json", ninjs), ("aa-embargo-ninjs1.json", ninjs),
                          ("aa-feed.rss", feeds)]:  # fmt: skip
        call_command("ingest", file=str(sample(path)), channel=channel.name, stdout=StringIO())
    return {
        "Blinken": WireItem.objects.get(headline__startswith="Blinken"),
        "Zero": WireItem.objects.get(headline__contains="Zero Waste"),
    }


def take_url(item):
    return reverse("admin:wire_wireitem_take", args=[item.pk])


def spike_url(item):
    return reverse("admin:wire_wireitem_spike", args=[item.pk])


def test_the_desk_lists_incoming_copy_with_filters_and_search(items, writer_client):
    page = page_text(writer_client.get(reverse(DESK)))
    assert "Wire desk" in page
    assert "Blinken underlines" in page and "Türkiye, Egypt hold" in page

    ninjs = items["Blinken"].channel
    by_channel = page_text(writer_client.get(reverse(DESK), {"channel__id__exact": ninjs.pk}))
    assert "Blinken underlines" in by_channel and "Türkiye, Egypt hold" not in by_channel

    flash = page_text(writer_client.get(reverse(DESK), {"urgency": 4}))
    assert "Blinken underlines" in flash and "Zero Waste" not in flash

    found = page_text(writer_client.get(reverse(DESK), {"q": "Zero Waste"}))
    assert "Zero Waste" in found and "Blinken underlines" not in found


def test_a_writer_takes_copy_and_gets_its_draft_to_work_on(items, writer, writer_client):
    item = items["Blinken"]
    response = writer_client.post(take_url(item))
    assert response.status_code == 302
    assert response["Location"] == change_url(item.article)

    item.refresh_from_db()
    assert item.state == WireItem.State.TAKEN and item.taken_by == writer
    assert item.article.created_by == writer
    # The draft is the writer's now: the form lets them edit the headline.
    form = writer_client.get(change_url(item.article)).content.decode()
    assert 'name="headline"' in form


def test_taking_copy_whose_draft_was_deleted_makes_a_new_draft(items, editor_client):
    item = items["Blinken"]
    item.article.delete()
    response = editor_client.post(take_url(item))
    item.refresh_from_db()
    assert item.article is not None
    assert response["Location"] == change_url(item.article)
    assert [s.code for s in item.article.sources.all()] == ["AA"]


def test_taking_needs_a_post(items, writer_client):
    assert writer_client.get(take_url(items["Blinken"])).status_code == 405


def test_a_producer_may_read_the_desk_but_not_take(items, producer_client):
    assert producer_client.get(reverse(DESK)).status_code == 200
    assert producer_client.post(take_url(items["Blinken"])).status_code == 403
    assert producer_client.post(spike_url(items["Blinken"])).status_code == 403
    assert WireItem.objects.get(pk=items["Blinken"].pk).state == WireItem.State.NEW


def test_only_editors_spike_and_spiked_copy_leaves_the_desk(items, writer_client, editor_client):
    item = items["Zero"]
    assert writer_client.post(spike_url(item)).status_code == 403
    response = editor_client.post(spike_url(item), follow=True)  # its message shown here
    assert response.redirect_chain == [(reverse(DESK), 302)]

    assert "Zero Waste" not in page_text(editor_client.get(reverse(DESK)))
    assert "Zero Waste" in page_text(editor_client.get(reverse(DESK), {"show": "spiked"}))


def test_the_desk_draws_take_and_spike_buttons_in_its_form(items, editor_client):
    html = editor_client.get(reverse(DESK)).content.decode()
    assert f'formaction="{take_url(items["Blinken"])}"' in html
    assert f'formaction="{spike_url(items["Blinken"])}"' in html
    assert 'id="changelist-form"' in html and "csrfmiddlewaretoken" in html


def test_only_editors_accept_agency_updates(items, editor_client, writer_client):
    story = items["Blinken"].article
    story.hero_image = ImageFactory()
    story.save(update_fields=["hero_image"])
    publish_through_workflow(editor_client, story)
    channel = items["Blinken"].channel
    out = StringIO()
    call_command("ingest", file=str(sample("aa-blinken-ninjs2-v2.json")), channel=channel.name,
                 stdout=out)  # fmt: skip
    pending = PendingUpdate.objects.get(article=story)
    url = reverse("admin:wire_pendingupdate_change", args=[pending.pk])

    review = writer_client.get(url)
    assert review.status_code == 200
    assert "Accept" not in page_text(review)
    assert writer_client.post(url, {"accept": "Accept"}).status_code == 403
    pending.refresh_from_db()
    assert pending.is_open
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
