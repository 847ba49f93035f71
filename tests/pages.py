"""Reading a response as a reader does: its visible text, in order."""

import re
from html.parser import HTMLParser


class _VisibleText(HTMLParser):
    """Text a browser shows (no head, script or style), with a space at block edges."""

    skip = {"head", "script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.skip:
            self._skipping += 1
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.skip and self._skipping:
            self._skipping -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def page_html(response):
    return response.content.decode()


def page_text(response):
    parser = _VisibleText()
    parser.feed(page_html(response))
    parser.close()
    return " ".join("".join(parser.parts).split())


def find_in_order(text, patterns):
    """Find each regex after the previous one; return the names of those missing or misplaced.

    ``patterns`` is a list of (name, regex). An empty list back means all were found in order.
    """
    problems, position = [], 0
    for name, pattern in patterns:
        match = re.search(pattern, text[position:])
        if match:
            position += match.end()
        elif re.search(pattern, text):
            problems.append(f"{name} (out of order)")
        else:
            problems.append(f"{name} (missing)")
    return problems
