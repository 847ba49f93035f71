"""Kept parts of a page: ``{% kept part %}…{% endkept %}``.

    {% load parts %}
    {% kept story_parts.main %}<article class="story">…</article>{% endkept %}

``part`` is a ``pagecache.Part`` from the view (its name and keys). The HTML between the
tags is drawn once and kept until one of the part's keys is bumped (``remember``);
meanwhile the tag gives the kept HTML and draws nothing, so what the part reads (the
story's rows, its Explore cards, a page of a listing) is never loaded. Either way the
part's keys join the page's Surrogate-Key header and page cache entry.

Without a part (a staff preview, which must keep nothing) the HTML is drawn as usual.
"""

from django import template

from pagecache.headers import add_keys
from pagecache.store import remember

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, part, nodelist):
        self.part = part
        self.nodelist = nodelist

    def render(self, context):
        part = self.part.resolve(context)
        if not part:
            return self.nodelist.render(context)

        def draw():
            html = self.nodelist.render(context)
            return html, part.collect() if part.collect else ()

        html, keys = remember(part.name, draw, keys=part.keys, with_keys=True)
        request = getattr(context, "request", None)
        if request is not None:
            add_keys(request, *keys)
        return html


@register.tag
def kept(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% kept part %} takes one argument, the part.")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(parser.compile_filter(bits[1]), nodelist)
