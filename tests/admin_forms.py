"""What the story admin's forms post, inline management forms included, and its workflow URLs."""

from datetime import datetime
from html import escape

from django.urls import reverse
from django.utils import timezone

from ops.forms import form_fields

ARTICLE_ADD_URL = "admin:articles_article_add"

# Inline prefixes are the related names from Article to each inline's model.
INLINE_PREFIXES = ["bylines", "article_sources", "related_items", "explore_picks", "notes"]


def article_form_data(*, section, headline, slug, body, inlines=None, **fields):
    """POST data for the story add form.

    ``inlines`` maps an inline prefix to a list of row dicts, e.g.
    ``{"bylines": [{"author": 3, "position": 0}]}``. The state and publication time
    are not on the form: they move only through the workflow (``take`` below).
    """
    data = {
        "section": section.pk,
        "kind": "news",
        "headline": headline,
        "slug": slug,
        "standfirst": "",
        "body": body,
        "hero_image": "",
        "hero_caption": "",
        "tags": "",
        "embargo_until_0": "",
        "embargo_until_1": "",
        "updated_at_0": "",
        "updated_at_1": "",
        "version": 1,  # the version the form started from (optimistic locking)
        "_save": "Save",
    }
    data.update(fields)
    inlines = inlines or {}
    for prefix in INLINE_PREFIXES:
        rows = inlines.get(prefix, [])
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = 0
        data[f"{prefix}-MIN_NUM_FORMS"] = 0
        data[f"{prefix}-MAX_NUM_FORMS"] = 1000
        for number, row in enumerate(rows):
            for name, value in row.items():
                data[f"{prefix}-{number}-{name}"] = value
    return data


def related_block(kind="read_more", **attributes):
    """A READ MORE (or Recommended) block as the body's editor sends it, where it sits in
    the body (desk/related_blocks.py): ``target`` (a story's id), or ``url`` and ``title``."""
    data = "".join(f' data-{name}="{escape(str(value))}"' for name, value in attributes.items())
    return f'<aside data-newsroom-related="{kind}"{data}></aside>'


def post_article(client, data):
    return client.post(reverse(ARTICLE_ADD_URL), data)


def form_errors(response):
    """The admin form's and inlines' errors, for a readable assertion message."""
    if response.context is None or "adminform" not in response.context:
        return None
    errors = [response.context["adminform"].form.errors]
    errors += [formset.formset.errors for formset in response.context["inline_admin_formsets"]]
    errors += [
        formset.formset.non_form_errors() for formset in response.context["inline_admin_formsets"]
    ]
    return errors


# --- The change form as a browser would send it back ------------------------------------


def form_data(response, form_id="article_form"):
    """The form's fields as the page drew them, ready to change and post back."""
    values = {}
    for name, value in form_fields(response.content.decode(), form_id):
        values.setdefault(name, []).append(value)
    # Django's test client posts a list as repeated values; single values stay plain.
    data = {name: found if len(found) > 1 else found[0] for name, found in values.items()}
    data["_save"] = "Save"
    return data


def add_inline_row(data, prefix, **row):
    """Add a new row to an inline in ``form_data``'s result."""
    number = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = number + 1
    for name, value in row.items():
        data[f"{prefix}-{number}-{name}"] = value
    return data


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def changelist_url():
    return reverse("admin:articles_article_changelist")


# --- The workflow: one URL per transition -------------------------------------------------


def transition_url(article, action):
    return reverse("admin:articles_article_transition", args=[article.pk, action])


def assign_url(article):
    return reverse("admin:articles_article_assign", args=[article.pk])


def split_time(name, when: datetime | None):
    """A date-and-time as the admin's split widget posts it, in the site's time zone."""
    if when is None:
        return {f"{name}_0": "", f"{name}_1": ""}
    local = timezone.localtime(when)
    return {f"{name}_0": local.strftime("%Y-%m-%d"), f"{name}_1": local.strftime("%H:%M:%S")}


def take(client, article, action, note="", at=None):
    """Post one workflow step (submit, approve, send_back, publish …) as the client's user."""
    data = {"note": note}
    if action == "publish":
        data.update(split_time("at", at))
    return client.post(transition_url(article, action), data)


def publish_through_workflow(client, article, at=None):
    """Submit, approve and publish (or schedule, with ``at``): the way to the site."""
    for action in ["submit", "approve", "publish"]:
        response = take(client, article, action, at=at)
        assert response.status_code == 302, (action, _refusal(response))
    article.refresh_from_db()
    return article


def _refusal(response):
    if response.context and "form" in response.context:
        return response.context["form"].errors
    return response.status_code
