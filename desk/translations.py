"""Translations: the same news in several editions, kept in step with the original.

A group of translations is an original story and the stories that translate it, one per
edition (``Article.original``; a translation of a translation joins the original's
group). **Translate into…** makes a draft in another edition's language from the
original's words, with what needs no translating carried over: the section, the picture
and its caption, the tags, the agencies, the kind, and the READ MORE and Recommended
links whose target has a story in that edition (pointing at that one). The translation
remembers the revision of the original it was made from (``translated_from``).

When the original changes after that, the translation is **out of date**: the desk shows
what changed since that revision (the revision diff, desk/revisions.py) until an editor
marks it up to date with the original's newest revision.

Who may: anyone who may write a story may translate one (Writer, Editor: the right to
add stories); marking a translation up to date is an edit of it, so whoever may edit it.
There is no translator role of its own: a translator is a writer in the newsroom.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from articles import editions
from articles.models import Article, ArticleSource, RelatedItem
from desk import revisions


def original_of(story):
    return story.original or story


def group(story):
    """The original and its translations, the original first, then by edition."""
    original = original_of(story)
    order = {edition.code: number for number, edition in enumerate(editions.editions())}
    translations = sorted(
        original.translations.all(), key=lambda t: (order.get(t.language, len(order)), t.pk)
    )
    return [original, *translations]


def missing_editions(story):
    """The editions the story's group has no story in yet."""
    present = {member.language for member in group(story)}
    return [edition for edition in editions.editions() if edition.code not in present]


def newest_revision(story):
    return revisions.revisions_of(story).first()


@transaction.atomic
def translate(story, language, user):
    """A draft of ``story``'s original in ``language``, in the group; ValidationError
    when the edition is not the newsroom's or the group has a story in it already."""
    original = original_of(story)
    edition = editions.matching(language)
    if edition is None or edition.code != language:
        raise ValidationError(
            _("The newsroom has no edition in “%(language)s”.") % {"language": language}
        )
    if edition.code not in {e.code for e in missing_editions(original)}:
        raise ValidationError(
            _("This story has a story in %(edition)s already.") % {"edition": edition.name}
        )
    made_from = newest_revision(original)
    if made_from is None:  # a story made before revisions were kept
        revisions.record(original, user, "Kept before its first translation")
        made_from = newest_revision(original)
    draft = Article.objects.create(
        headline=original.headline,
        slug=Article.free_slug(f"{original.slug} {edition.code}"),
        section=original.section,
        kind=original.kind,
        standfirst=original.standfirst,
        body=original.body,
        hero_image=original.hero_image,
        hero_caption=original.hero_caption,
        language=edition.code,
        original=original,
        translated_from=made_from,
        status=Article.Status.DRAFT,
        created_by=user,
    )
    draft.tags.set(list(original.tags.all()))
    ArticleSource.objects.bulk_create(
        ArticleSource(article=draft, source_id=row.source_id, position=row.position)
        for row in original.article_sources.all()
    )
    _carry_links(original, draft, edition.code)
    revisions.record(draft, user, f"Translation of “{original.headline}” into {edition.name}")
    return draft


def _carry_links(original, draft, language):
    """READ MORE and Recommended links whose target has a story in the draft's edition,
    pointed at that story; links to other sites as they are."""
    for item in original.related_items.select_related("target"):
        target = None
        if item.target_id is not None:
            target = next((s for s in group(item.target) if s.language == language), None)
            if target is None:
                continue
        RelatedItem.objects.create(
            article=draft,
            kind=item.kind,
            after_block=item.after_block,
            target=target,
            url=item.url if target is None else "",
            title=item.title,
        )


def changes_since(translation):
    """What changed in the original since the revision the translation is up to date
    with: [(label, html)], empty when nothing did. None for a story that translates
    nothing."""
    if translation.original_id is None:
        return None
    newest = newest_revision(translation.original)
    if newest is None or newest.pk == translation.translated_from_id:
        return []
    if translation.translated_from is None:  # its revision was deleted: say everything
        return [(_("Original"), _("The revision this translation was made from is gone."))]
    return revisions.diff(
        revisions.version_snapshot(translation.translated_from),
        revisions.version_snapshot(newest),
    )


def is_out_of_date(translation):
    return bool(changes_since(translation))


def mark_up_to_date(translation, user):
    """The translation follows the original's newest revision from now on."""
    translation.translated_from = newest_revision(translation.original)
    translation.save(update_fields=["translated_from"])
    revisions.record(translation, user, "Marked up to date with the original")
