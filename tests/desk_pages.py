"""Reading the admin as the desk sees it: start-page panels, action choices, messages."""

import re
from html import unescape

from django.test import Client
from django.urls import reverse

from pagecache import staff
from tests.pages import page_html

_PANEL = re.compile(r'<table[^>]*aria-label="([^"]*)"[^>]*>(.*?)</table>', re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_HEADLINE = re.compile(r'<th scope="row"><a href="[^"]*">(.*?)</a></th>', re.S)


def desk_panels(client):
    """The start page's panels: {title: [(headline, the row's HTML), …]}."""
    html = page_html(client.get(reverse("admin:index")))
    panels = {}
    for title, table in _PANEL.findall(html):
        rows = []
        for row in _ROW.findall(table):
            headline = _HEADLINE.search(row)
            if headline:
                rows.append((unescape(headline.group(1)).strip(), row))
        panels[unescape(title)] = rows
    return panels


def panel_headlines(panels, title):
    return [headline for headline, _row in panels.get(title, [])]


def action_choices(response):
    """The bulk actions the changelist offers (empty when it offers none)."""
    select = re.search(r'<select name="action"[^>]*>(.*?)</select>', page_html(response), re.S)
    if not select:
        return set()
    return set(re.findall(r'<option value="([^"]+)"', select.group(1)))


def messages_of(response):
    """The admin messages of a response fetched with ``follow=True``."""
    return [str(message) for message in response.context["messages"]]


def listed(response, article):
    """Does a changelist or page link to the story's change page?"""
    href = reverse("admin:articles_article_change", args=[article.pk])
    # A filtered changelist keeps its filters in the link: …/change/?_changelist_filters=…
    return re.search(f'href="{re.escape(href)}["?]', page_html(response)) is not None


def workflow_buttons(response):
    """The names of the workflow steps the change page offers."""
    return set(re.findall(r"newsroom-workflow--(\w+)", page_html(response)))


def logged_in(user):
    """A client of its own for ``user``, so several people can work in one test."""
    client = Client()
    client.force_login(user)
    # What the admin's login answer sets (force_login makes no request to set it).
    client.cookies[staff.COOKIE_NAME] = staff.cookie_value(user)
    return client
