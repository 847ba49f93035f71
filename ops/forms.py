"""What a browser would send back from a form on a page: for scripts and tests that use
the admin the way a person does (the load test's editor, the two-instance check, the
tests' admin forms). No Django here.

    form_fields(html, "article_form")  → [("headline", "…"), ("tags", "…"), …]

Inputs with their values (unchecked boxes and buttons left out), textareas without the
newline browsers drop after the tag, selected options (a single select with none
selected sends its first, as browsers do); Django's empty inline templates
(``__prefix__``) are left out.
"""

from html.parser import HTMLParser


class FormFields(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.fields = []
        self._textarea = self._select = None

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
            self.fields.append(
                [attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")]
            )
        elif tag == "textarea":
            self._textarea = len(self.fields)
            self.fields.append([attrs["name"], ""])
        elif tag == "select":
            self._select = {"name": attrs["name"], "first": None, "chosen": False}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self.fields.append([self._select["name"], value])
                self._select["chosen"] = True

    def handle_data(self, data):
        if self._textarea is not None:
            self.fields[self._textarea][1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            field = self.fields[self._textarea]
            field[1] = field[1].removeprefix("\n")  # browsers drop it
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if not self._select["chosen"] and self._select["first"] is not None:
                self.fields.append([self._select["name"], self._select["first"]])
            self._select = None


def form_fields(html, form_id):
    """The (name, value) pairs a browser would post from the form ``form_id``, in order."""
    parser = FormFields(form_id)
    parser.feed(html)
    parser.close()
    return [(name, value) for name, value in parser.fields if "__prefix__" not in name]
