"""What the story admin's forms post, inline management forms included, and its workflow URLs."""

from datetime import datetime
from html.parser import HTMLParser

from django.urls import reverse
from django.utils import timezone

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


class _FormFields(HTMLParser):
    """What a browser submits from one <form>: inputs, checked boxes, textareas, selects."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.data = {}
        self._textarea = self._select = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or ("name" not in attrs and tag != "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._add(self._textarea, "")
        elif tag == "select":
            self._select = {"name": attrs["name"], "first": None, "chosen": False}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._add(self._select["name"], value)
                self._select["chosen"] = True

    def handle_data(self, data):
        if self._textarea is not None:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            # Browsers drop the newline that follows <textarea>.
            value = self.data[self._textarea][-1]
            if value.startswith("\n"):
                self.data[self._textarea][-1] = value[1:]
            self._textarea = None
        elif tag == "select" and self._select is not None:
            select = self._select
            # A single select with nothing marked sends its first option, as browsers do.
            if not select["chosen"] and select["first"] is not None:
                self._add(select["name"], select["first"])
            self._select = None


def form_data(response, form_id="article_form"):
    """The form's fields as the page drew them, ready to change and post back."""
    parser = _FormFields(form_id)
    parser.feed(response.content.decode())
    parser.close()
    # Django's test client posts a list as repeated values; single values stay plain.
    data = {
        name: values if len(values) > 1 else values[0]
        for name, values in parser.data.items()
        if "__prefix__" not in name
    }
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
