"""Load the demo newsroom: the reference story, the stories it links to, its Explore list.

Safe to run on every start (``make run`` does): nothing is duplicated, and a story
that already exists is left as editors have it. Sections, agencies and authors are
found by their natural keys (slugs, source codes); a story by the revision this command
recorded when it loaded it, whose slug is the seed's, so a story an editor has renamed
since (a new slug, a new headline) is still the demo's; a story loaded before revisions
were kept is found by its seed slug. ``--refresh`` puts the demo stories back as the
seed has them.
"""

import json
from collections import Counter

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from reversion.models import Version

from articles import editions
from articles.models import (
    Article,
    ArticleSource,
    Author,
    Byline,
    ExplorePick,
    Image,
    RelatedItem,
    Section,
    Source,
)
from desk import revisions
from ops import demo
from ops.demo import editions as demo_editions
from ops.demo.picture import placeholder_jpeg
from public.seo import absolute_url

# The comment of the revision recorded when a demo story is loaded: the story's identity.
LOADED = "Loaded from the demo newsroom's seed"


def loaded_before():
    """{seed slug: story} of the stories this command has loaded, each found by the first
    revision it recorded for it, whatever the story's slug is now."""
    found = {}
    versions = Version.objects.get_for_model(Article).filter(revision__comment=LOADED)
    for object_id, data in versions.order_by("pk").values_list("object_id", "serialized_data"):
        try:
            slug = json.loads(data)[0]["fields"]["slug"]
        except (ValueError, LookupError, TypeError):
            continue  # a revision this command did not write as it writes them now
        if object_id.isdigit():
            found.setdefault(slug, int(object_id))
    stories = Article.including_trash.in_bulk(set(found.values()))
    return {slug: stories[pk] for slug, pk in found.items() if pk in stories}


class Command(BaseCommand):
    help = "Load the demo newsroom (the reference story and its neighbours). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Overwrite demo rows with the seed's values, undoing editors' changes to them.",
        )

    @transaction.atomic
    def handle(self, *args, refresh=False, **options):
        self.refresh = refresh
        self.created = Counter()
        self.loaded = loaded_before()
        sections = {s["slug"]: self.ensure(Section, {"slug": s["slug"]}, s) for s in demo.SECTIONS}
        sources = {s["code"]: self.ensure(Source, {"code": s["code"]}, s) for s in demo.SOURCES}
        authors = {a["slug"]: self.ensure(Author, {"slug": a["slug"]}, a) for a in demo.AUTHORS}

        # The seed story comes last: its slots and picks point at the others.
        stories, written = {}, 0
        for story in demo.STORIES:
            article, was_written = self.write_story(story, sections, sources, authors)
            stories[story.slug] = article
            written += was_written
        seed = stories[demo.SEED.slug]
        if was_written:  # the seed story (the last one) was just created or refreshed
            self.place_slots(seed, stories)
            self.set_ordered(seed, ExplorePick, "picked", [stories[s.slug] for s in demo.EXPLORE])
        written += self.write_translations(seed, sections, sources, authors)

        if options["verbosity"]:
            kept = len(demo.STORIES) + len(self.translations) - written
            new = ", ".join(f"{n} {model}" for model, n in sorted(self.created.items()) if n)
            self.stdout.write(
                f"Demo newsroom: {written} stories written, {kept} left as they were"
                f"{'; new: ' + new if new else ''}.\n"
                f"The reference story: {absolute_url(seed.get_absolute_url())}"
            )

    def ensure(self, model, lookup, values):
        """Find a row by its natural key; create it if missing, update it on --refresh."""
        defaults = {k: v for k, v in values.items() if k not in lookup}
        if self.refresh:
            obj, created = model.objects.update_or_create(**lookup, defaults=defaults)
        else:
            obj, created = model.objects.get_or_create(**lookup, defaults=defaults)
        self.created[model.__name__] += created
        return obj

    def set_ordered(self, article, model, field, objects):
        """Bylines, sources, picks: exactly these, in this order (position 0, 1, …)."""
        model.objects.filter(article=article).exclude(**{f"{field}__in": objects}).delete()
        for position, obj in enumerate(objects):
            self.ensure(model, {"article": article, field: obj}, {"position": position})

    def write_story(self, story, sections, sources, authors):
        article = self.loaded.get(story.slug)
        if article is None:  # never loaded, or loaded before revisions were kept
            article = Article.including_trash.filter(slug=story.slug).first()
        if article and not self.refresh:
            return article, False
        self.created["Article"] += article is None
        article = article or Article(slug=story.slug)
        if not Article.including_trash.filter(slug=story.slug).exclude(pk=article.pk).exists():
            article.slug = story.slug  # --refresh: the seed's address, unless another has it
        article.headline = story.headline
        article.standfirst = story.standfirst
        article.body = story.body  # sanitised by the field on save
        if demo.GALLERY_MARK in story.body:
            ids = " ".join(str(self.placeholder(spec, sources).pk) for spec in demo.SEED_GALLERY)
            article.body = story.body.replace(
                demo.GALLERY_MARK, f'<div data-gallery="{ids}"></div>'
            )
        article.kind = story.kind
        article.language = story.language or editions.default_code()
        article.section = sections[story.section]
        article.status = Article.Status.PUBLISHED
        article.published_at = story.published_at
        article.updated_at = None
        if story is demo.SEED:
            article.hero_image = self.hero_image(sources)
        article.save()
        article.tags.set(list(story.tags))
        self.set_ordered(article, Byline, "author", [authors[slug] for slug in story.authors])
        self.set_ordered(article, ArticleSource, "source", [sources[c] for c in story.sources])
        # The history starts here, so the seed text can be compared with and restored.
        revisions.record(article, None, LOADED)
        return article, True

    def write_translations(self, seed, sections, sources, authors):
        """The seed's editions in the newsroom's other languages (ops/demo/editions.py),
        translations of its revision as loaded; returns how many were written."""
        self.translations = [
            story
            for code, story in demo_editions.SEED_TRANSLATIONS.items()
            if editions.get(code).code == code and code != seed.language
        ]
        made_from = revisions.revisions_of(seed).first()
        written = 0
        for story in self.translations:
            article, was_written = self.write_story(story, sections, sources, authors)
            if was_written:
                article.original, article.translated_from = seed, made_from
                article.hero_image = seed.hero_image
                article.save(update_fields=["original", "translated_from", "hero_image"])
                written += 1
        return written

    def hero_image(self, sources):
        return self.placeholder(demo.SEED_HERO, sources)

    def placeholder(self, spec, sources):
        """A demo picture (the seed's hero, its gallery): a placeholder file, drawn once
        and reused (found by alt text)."""
        image = Image.objects.filter(alt_text=spec["alt_text"]).first()
        has_file = bool(image and image.file and image.file.storage.exists(image.file.name))
        if image and has_file and not self.refresh:
            return image
        self.created["Image"] += image is None
        image = image or Image(alt_text=spec["alt_text"])
        image.caption = spec["caption"]
        image.credit_source = sources[spec["credit_source"]]
        image.credit_text = ""
        if not has_file:
            picture = ContentFile(placeholder_jpeg(spec["lines"]))
            image.file.save(spec["file_name"], picture, save=False)
        image.save()
        return image

    def place_slots(self, seed, stories):
        """The Recommended slot and the READ MORE line, between the seed's paragraphs."""
        slots = [
            (RelatedItem.Kind.RECOMMENDED, demo.RECOMMENDED, demo.RECOMMENDED_AFTER_BLOCK),
            (RelatedItem.Kind.READ_MORE, demo.READ_MORE, demo.READ_MORE_AFTER_BLOCK),
        ]
        kept = []
        for kind, story, after_block in slots:
            values = {"target": stories[story.slug], "after_block": after_block, "url": ""}
            kept.append(self.ensure(RelatedItem, {"article": seed, "kind": kind}, values).pk)
        seed.related_items.exclude(pk__in=kept).delete()
