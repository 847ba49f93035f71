"""A published story as IPTC ninjs 2.0, "News in JSON" (https://www.iptc.org/std/ninjs/).

The mapping, field by field:

* ``uri``: the story's tag URI, the same as its feeds' guid, so that it stays one story
  whatever happens to its section, slug or the host it was read from;
* ``version``: the story's edit counter; ``firstcreated``: its first publication;
  ``versioncreated``: its last change that readers can see (publication, update, edit);
* ``headlines`` (main), ``descriptions`` (the standfirst, as summary), ``bodies`` (the
  sanitised HTML body), ``by`` (the byline, else the agencies' names), ``slugline``;
* ``infosources``: the agencies whose copy it carries (SOURCE: AA), name and code;
* ``subjects``: its section (``rel`` "section") and its tags, with their pages' addresses;
* ``genres``: its kind (news, analysis, opinion …), named in the story's language;
* ``renditions``: its web page; ``associations``: its hero picture ("featureimage"), with
  its stored renditions, alt text and caption as descriptions, and its credit.

Addresses are absolute on SITE_URL (public.seo.absolute_url), like feeds and sitemaps.
The story must come from ``api_stories()`` (api/views.py), which loads all of this in a
fixed number of queries.
"""

import mimetypes

from django.utils import translation

from articles.renditions import is_current
from articles.text import and_list
from public.feeds import tag_uri
from public.seo import absolute_url

NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json"
STANDARD = {"name": "ninjs", "version": "2.0", "schema": NINJS_SCHEMA}


def story_uri(story):
    """The story's identity: the guid its feeds give it (public/feeds.py, item_guid)."""
    return tag_uri("article", story)


def _when(moment):
    return moment.isoformat() if moment else None


def version_created(story):
    """When readers last saw the story change: published, updated, or edited since."""
    moments = [story.published_at, story.updated_at, story.modified_at]
    return max(moment for moment in moments if moment is not None)


def _agency(source):
    return {"name": source.name, "literal": source.code, "uri": source.website or None}


def _rendition(name, file, width, height, contenttype):
    return {
        "name": name,
        "href": absolute_url(file.url),
        "contenttype": contenttype,
        "width": width,
        "height": height,
    }


def picture_to_ninjs(image, caption):
    """The hero picture as an association: a ninjs picture item of its own."""
    original_type = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
    renditions = [_rendition("original", image.file, image.width, image.height, original_type)]
    renditions += [
        _rendition(f"{r.crop}-{r.width}-{r.format}", r.file, r.width, r.height, f"image/{r.format}")
        for r in image.renditions.all()  # prefetched
        if is_current(r, image)  # one made from an earlier upload or focal point is stale
    ]
    descriptions = [{"role": "alt", "contenttype": "text/plain", "value": image.alt_text}]
    if caption:
        descriptions.append({"role": "caption", "contenttype": "text/plain", "value": caption})
    return _without_empty(
        {
            "name": "featureimage",
            "uri": tag_uri("image", image),
            "type": "picture",
            "descriptions": descriptions,
            "by": image.credit_text,
            "infosources": [_agency(image.credit_source)] if image.credit_source_id else [],
            "renditions": [_without_empty(r) for r in renditions],
        }
    )


def story_to_ninjs(story, request=None):
    """The story as a ninjs 2.0 object (a dict ready for JSON).

    ``request`` is accepted for callers that have one; addresses come from SITE_URL, so
    that every copy of a story names the same ones whatever host it was asked from.
    """
    sources = [item.source for item in story.article_sources.all()]
    authors = [author.name for author in story.byline_authors]
    # In the story's own edition: its names for them and for its kind, its addresses (/ar/…).
    with translation.override(story.language):
        genre = str(story.get_kind_display())
        subjects = [
            {
                "name": story.section.local_name,
                "rel": "section",
                "literal": story.section.slug,
                "uri": absolute_url(story.section.get_absolute_url()),
            }
        ]
        subjects += [
            {
                "name": tag.local_name,
                "literal": tag.slug,
                "uri": absolute_url(tag.get_absolute_url()),
            }
            # Sorted here: a prefetch across stories comes back in no set order.
            for tag in sorted(story.tags.all(), key=lambda tag: (tag.name.casefold(), tag.pk))
        ]
    item = {
        "uri": story_uri(story),
        "standard": STANDARD,
        "type": "text",
        "representationtype": "full",
        "version": str(story.version),
        "firstcreated": _when(story.published_at),
        "versioncreated": _when(version_created(story)),
        "pubstatus": "usable",
        "language": story.language,
        "slugline": story.slug,
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": story.headline}],
        "descriptions": [
            {"role": "summary", "contenttype": "text/plain", "value": story.standfirst}
        ]
        if story.standfirst
        else [],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": story.portable_body(absolute_url),
                "wordcount": len(story.body_plain_text.split()),
            }
        ],
        "by": and_list(authors) or and_list([source.name for source in sources]),
        "infosources": [_without_empty(_agency(source)) for source in sources],
        "subjects": subjects,
        "genres": [{"name": genre, "literal": story.kind}],
        "renditions": [
            {
                "name": "web",
                "href": absolute_url(story.get_absolute_url()),
                "contenttype": "text/html",
                "title": story.headline,
            }
        ],
        "associations": [picture_to_ninjs(story.hero_image, story.caption)]
        if story.hero_image_id
        else [],
    }
    return _without_empty(item)


def _without_empty(item):
    # ninjs leaves out what a story does not have: no nulls, empty strings or lists.
    return {key: value for key, value in item.items() if value not in (None, "", [])}
