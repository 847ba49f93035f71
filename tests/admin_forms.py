"""What the story admin's add form posts, inline management forms included."""

from django.urls import reverse

ARTICLE_ADD_URL = "admin:articles_article_add"

# Inline prefixes are the related names from Article to each inline's model.
INLINE_PREFIXES = ["bylines", "article_sources", "related_items", "explore_picks"]


def article_form_data(*, section, headline, slug, body, inlines=None, **fields):
    """POST data for the story add form.

    ``inlines`` maps an inline prefix to a list of row dicts, e.g.
    ``{"bylines": [{"author": 3, "position": 0}]}``.
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
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "updated_at_0": "",
        "updated_at_1": "",
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
