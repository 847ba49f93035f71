"""Revisions of stories (django-reversion): what is recorded, diffs and restore.

A revision holds the story's words and facts (headline, body, section, picture …)
and its followed rows: the byline, the agencies and the tags. It never holds the
story's state or publication times: those move only through ``desk.workflow``,
so restoring an old revision can never unpublish, publish or reschedule a story.
"""

import difflib
import re
from html import unescape

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from reversion.models import Version

from articles import signals
from articles.models import (
    Article,
    ArticleSource,
    Author,
    Byline,
    Image,
    Section,
    Source,
    Tag,
    TaggedArticle,
)
from articles.richtext import split_blocks
from desk.times import desk_time

# What a content restore brings back. Not status, published_at, embargo_until,
# updated_at, version, assignee, review_due or created_by: the workflow owns those.
CONTENT_FIELDS = [
    "headline", "slug", "kind", "section", "standfirst", "body", "hero_image", "hero_caption",
]  # fmt: skip

reversion.register(
    Article, fields=CONTENT_FIELDS, follow=["bylines", "article_sources", "tagged_items"]
)
reversion.register(Byline, fields=["article", "author", "position"])
reversion.register(ArticleSource, fields=["article", "source", "position"])
reversion.register(TaggedArticle, fields=["content_object", "tag"])


# --- reading a revision -------------------------------------------------------


def revisions_of(article):
    """The story's versions, newest first, with who saved them."""
    return Version.objects.get_for_object(article).select_related("revision__user")


def when(version):
    return desk_time(version.revision.date_created)


def record(article, user, comment, date_created=None):
    """Keep a revision of the story as it is in the database now.

    Read fresh: an admin-fetched story carries a prefetched byline that is stale once
    the inlines are saved.
    """
    with reversion.create_revision(manage_manually=True):
        reversion.set_user(user)
        reversion.set_comment(comment)
        if date_created is not None:
            reversion.set_date_created(date_created)
        reversion.add_to_revision(Article.objects.get(pk=article.pk))


def _rows(version, model, article_field):
    """The followed rows (bylines, sources, tags) of the story in the version's revision."""
    content_type = ContentType.objects.get_for_model(model)
    rows = [
        {**v.field_dict, "pk": int(v.object_id)}
        for v in version.revision.version_set.filter(content_type=content_type).select_related(
            "content_type"
        )
    ]
    return [row for row in rows if str(row[f"{article_field}_id"]) == version.object_id]


def content_of(version):
    """The story's content in a revision: field values (by attname) and its followed rows."""
    fields = version.field_dict
    bylines = sorted(_rows(version, Byline, "article"), key=lambda r: (r["position"], r["pk"]))
    sources = sorted(
        _rows(version, ArticleSource, "article"), key=lambda r: (r["position"], r["pk"])
    )
    tags = _rows(version, TaggedArticle, "content_object")
    return {
        "fields": {name: value for name, value in fields.items() if name != "id"},
        "author_ids": [row["author_id"] for row in bylines],
        "source_ids": [row["source_id"] for row in sources],
        "tag_ids": [row["tag_id"] for row in tags],
    }


def _names(model, ids, name=str):
    found = model.objects.in_bulk(ids)
    return [name(found[pk]) if pk in found else _("(deleted, #%(id)s)") % {"id": pk} for pk in ids]


def _picture(image, image_id):
    if image is not None:
        return image.alt_text
    return _("(deleted, #%(id)s)") % {"id": image_id} if image_id else _("(none)")


def body_paragraphs(html):
    """The body as plain-text paragraphs and subheadings, one a block."""
    paragraphs = (" ".join(unescape(strip_tags(block)).split()) for block in split_blocks(html))
    return [text for text in paragraphs if text]


def version_snapshot(version):
    """The revision as people read it: {label: value}; lists for body, authors, sources, tags.
    The labels are English here, and translated where a diff shows them (``diff``)."""
    content = content_of(version)
    fields = content["fields"]
    section = Section.objects.filter(pk=fields.get("section_id")).first()
    image = Image.objects.filter(pk=fields.get("hero_image_id")).first()
    kinds = dict(Article.Kind.choices)
    deleted_section = _("(deleted, #%(id)s)") % {"id": fields.get("section_id")}
    return {
        gettext_noop("Headline"): fields.get("headline", ""),
        gettext_noop("Standfirst"): fields.get("standfirst", ""),
        gettext_noop("Body"): body_paragraphs(fields.get("body", "")),
        gettext_noop("Section"): section.name if section else deleted_section,
        gettext_noop("Kind"): kinds.get(fields.get("kind"), fields.get("kind", "")),
        gettext_noop("Authors"): _names(Author, content["author_ids"], lambda a: a.name),
        gettext_noop("Sources"): _names(Source, content["source_ids"], lambda s: s.code),
        gettext_noop("Tags"): sorted(
            _names(Tag, content["tag_ids"], lambda t: t.name), key=str.casefold
        ),
        gettext_noop("Address"): fields.get("slug", ""),
        gettext_noop("Picture"): _picture(image, fields.get("hero_image_id")),
        gettext_noop("Caption"): fields.get("hero_caption", ""),
    }


# --- diffs --------------------------------------------------------------------

_WORDS = re.compile(r"\s+|[^\s]+")


def _marked(kind, text):
    if not text:
        return ""
    return format_html("<{0}>{1}</{0}>", kind, text)


def diff_words(old, new):
    """Word-level diff of two plain texts, escaped, with <ins>/<del> markup."""
    a, b = _WORDS.findall(old or ""), _WORDS.findall(new or "")
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    runs = []  # [changed?, old text, new text]
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(a[i1:i2]), "".join(b[j1:j2])
        changed = op != "equal"
        # A lone space between two changes reads better inside one change:
        # "<del>resigns over</del><ins>stays despite</ins>", not word by word.
        if runs and runs[-1][0] and (changed or not before.strip()):
            runs[-1][1] += before
            runs[-1][2] += after
        else:
            runs.append([changed, before, after])
    parts = []
    for changed, before, after in runs:
        if not changed:
            parts.append(escape(before))
            continue
        # Keep trailing spaces absorbed above outside the markup.
        core_old, core_new = before.rstrip(), after.rstrip()
        parts += [_marked("del", core_old), _marked("ins", core_new)]
        parts.append(escape(before[len(core_old) :] if core_old else after[len(core_new) :]))
    return mark_safe("".join(str(part) for part in parts))


def diff_paragraphs(old, new):
    """Paragraph-level diff of the body, word-level inside paragraphs that were edited."""
    parts = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = old[i1:i2], new[j1:j2]
        if op == "equal":
            parts += [format_html("<p>{}</p>", text) for text in olds]
            continue
        # Edited paragraphs pair up in order; what is left over was removed or added.
        paired = min(len(olds), len(news)) if op == "replace" else 0
        for before, after in zip(olds[:paired], news[:paired], strict=True):
            similar = difflib.SequenceMatcher(None, before, after, autojunk=False).ratio() > 0.4
            if similar:
                parts.append(format_html("<p>{}</p>", diff_words(before, after)))
            else:
                parts.append(format_html("<p><del>{}</del></p>", before))
                parts.append(format_html("<p><ins>{}</ins></p>", after))
        parts += [format_html("<p><del>{}</del></p>", text) for text in olds[paired:]]
        parts += [format_html("<p><ins>{}</ins></p>", text) for text in news[paired:]]
    return mark_safe("".join(str(part) for part in parts))


def diff_list(old, new, ordered=True):
    """Names in a byline (order matters) or a tag list (it does not), marked up."""
    if not ordered:
        kept = [name for name in old if name in new]
        items = [("", n) for n in kept]
        items += [("del", n) for n in old if n not in new]
        items += [("ins", n) for n in new if n not in old]
    else:
        items = []
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                items += [("", n) for n in old[i1:i2]]
            else:
                items += [("del", n) for n in old[i1:i2]]
                items += [("ins", n) for n in new[j1:j2]]
    if not items:
        return format_html("<em>{}</em>", _("none"))
    return mark_safe(
        ", ".join(str(_marked(kind, name) if kind else escape(name)) for kind, name in items)
    )


UNORDERED = {"Tags"}


def diff(a, b):
    """What changed from snapshot ``a`` to snapshot ``b``: [(label, html)], changed parts
    only, each label in the admin's language."""
    changes = []
    for label, old in a.items():
        new = b.get(label)
        if old == new:
            continue
        if label == "Body":
            html = diff_paragraphs(old, new)
        elif isinstance(old, list):
            html = diff_list(old, new, ordered=label not in UNORDERED)
        else:
            html = diff_words(old, new)
        changes.append((_(label), html))
    return changes


# --- restore ------------------------------------------------------------------


def restore(article, version, user):
    """Put a revision's content back on the story and keep that as a new revision.

    Newer revisions stay. The state and publication times are not touched; the version
    number moves on so that forms opened before the restore get a conflict when saved.
    Returns notes on what could not come back (a deleted author, a taken address …), in
    the admin's language: they are told to whoever restores, not kept.
    """
    content = content_of(version)
    fields = content["fields"]
    notes = []
    with transaction.atomic():
        live = Article.objects.select_for_update().get(pk=article.pk)
        for name in ["headline", "kind", "standfirst", "body", "hero_caption"]:
            if name in fields:
                setattr(live, name, fields[name])

        slug = fields.get("slug") or live.slug
        if slug != live.slug:
            if live.published_at is not None:
                # Readers and search engines know the live address; it stays.
                notes.append(
                    _("The address stays “%(slug)s”: the story has been published.")
                    % {"slug": live.slug}
                )
            elif Article.including_trash.filter(slug=slug).exclude(pk=live.pk).exists():
                notes.append(
                    _("The address stays “%(slug)s”: “%(taken)s” is now another story's.")
                    % {"slug": live.slug, "taken": slug}
                )
            else:
                live.slug = slug

        section_id = fields.get("section_id")
        if Section.objects.filter(pk=section_id).exists():
            live.section_id = section_id
        else:
            notes.append(_("That revision's section no longer exists; the section was kept."))

        image_id = fields.get("hero_image_id")
        if image_id is None or Image.objects.filter(pk=image_id).exists():
            live.hero_image_id = image_id
        else:
            live.hero_image_id = None
            notes.append(_("That revision's picture no longer exists; the story has none now."))

        live.save(update_fields=[*CONTENT_FIELDS, "modified_at"])
        # Forms opened before the restore must not save over it (optimistic locking).
        Article.objects.filter(pk=live.pk).update(version=F("version") + 1)

        notes += _restore_rows(
            live, Byline, "author", Author, content["author_ids"], _authors_left_out
        )
        notes += _restore_rows(
            live, ArticleSource, "source", Source, content["source_ids"], _sources_left_out
        )
        notes += _restore_tags(live, content["tag_ids"])

        record(live, user, f"Restored the revision of {when(version)}")
    article.refresh_from_db()
    return notes


def _authors_left_out(count):
    return ngettext(
        "%(count)d author of that revision no longer exists and was left out.",
        "%(count)d authors of that revision no longer exist and were left out.",
        count,
    ) % {"count": count}


def _sources_left_out(count):
    return ngettext(
        "%(count)d source of that revision no longer exists and was left out.",
        "%(count)d sources of that revision no longer exist and were left out.",
        count,
    ) % {"count": count}


def _restore_rows(article, model, field, target_model, ids, left_out):
    model.objects.filter(article=article).delete()
    existing = target_model.objects.in_bulk(ids)
    position = 0
    for pk in ids:
        if pk in existing:
            model.objects.create(article=article, position=position, **{f"{field}_id": pk})
            position += 1
    missing = len(ids) - position
    return [left_out(missing)] if missing else []


def _restore_tags(article, ids):
    TaggedArticle.objects.filter(content_object=article).delete()
    existing = Tag.objects.in_bulk(ids)
    TaggedArticle.objects.bulk_create(
        TaggedArticle(content_object=article, tag_id=pk) for pk in ids if pk in existing
    )
    # bulk_create sends no signal: the cached pages that list these tags' stories go.
    signals.stories_linked.send(
        Tag, story_ids=[article.pk], subject_ids=[pk for pk in ids if pk in existing]
    )
    missing = len(set(ids) - set(existing))
    if not missing:
        return []
    return [
        ngettext(
            "%(count)d tag of that revision no longer exists and was left out.",
            "%(count)d tags of that revision no longer exist and were left out.",
            missing,
        )
        % {"count": missing}
    ]


# --- preview ------------------------------------------------------------------


def article_as_of(version):
    """The story as it was in a revision, in memory only (for a preview; never saved)."""
    content = content_of(version)
    fields = content["fields"]
    article = Article.objects.for_story_page().get(pk=version.object_id)
    for name in ["headline", "slug", "kind", "standfirst", "body", "hero_caption"]:
        if name in fields:
            setattr(article, name, fields[name])
    section = Section.objects.filter(pk=fields.get("section_id")).first()
    if section is not None:
        article.section = section
    article.hero_image = (
        Image.objects.select_related("credit_source").filter(pk=fields.get("hero_image_id")).first()
    )
    authors = Author.objects.in_bulk(content["author_ids"])
    sources = Source.objects.in_bulk(content["source_ids"])
    tags = Tag.objects.in_bulk(content["tag_ids"])
    # The page reads the byline, sources and tags through the prefetch cache: fill it
    # with the revision's rows (unsaved) instead of today's.
    article._prefetched_objects_cache = {
        **getattr(article, "_prefetched_objects_cache", {}),
        "bylines": [
            Byline(article=article, author=authors[pk], position=n)
            for n, pk in enumerate(content["author_ids"])
            if pk in authors
        ],
        "article_sources": [
            ArticleSource(article=article, source=sources[pk], position=n)
            for n, pk in enumerate(content["source_ids"])
            if pk in sources
        ],
        "tags": sorted((tags[pk] for pk in content["tag_ids"] if pk in tags), key=lambda t: t.name),
    }
    return article
