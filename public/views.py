"""Public pages. Every query starts from ``Article.objects.published()``."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject, cached_property
from django.views import View
from django.views.generic import ListView, TemplateView

from articles import editions
from articles.models import Article, Section
from newsroom.csp import allow_frames
from pagecache.headers import add_keys, keys_of, public_page
from pagecache.keys import HOME, SCHEDULE, SECTION, STORY, editions_of, object_key, story_part
from pagecache.store import Part
from public.explore import explore
from public.listings import ListingMixin


@method_decorator(public_page(HOME), name="dispatch")
class HomeView(TemplateView):
    template_name = "articles/home.html"
    # Enough recent stories to fill the lead and a few per section, in one query.
    window = 60
    per_section = 4

    def get_context_data(self, **kwargs):
        stories = list(
            Article.objects.published().on_lists().cards_only().newest_first()[: self.window]
        )
        lead, rest = (stories[0], stories[1:]) if stories else (None, [])
        by_section = {}
        for story in rest:
            group = by_section.setdefault(story.section_id, (story.section, []))
            if len(group[1]) < self.per_section:
                group[1].append(story)
        groups = sorted(by_section.values(), key=lambda g: (g[0].position, g[0].name))
        return super().get_context_data(lead=lead, latest=rest[:6], groups=groups, **kwargs)


class SectionView(ListingMixin, ListView):
    template_name = "articles/section.html"
    subject_name = "section"
    feed_name = "section_feed"

    def get_subject(self):
        return get_object_or_404(Section, slug=self.kwargs["slug"])

    def narrow(self, stories, section):
        return stories.filter(section=section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(current_section_id=self.subject.pk, **kwargs)


@method_decorator(public_page(collect=False), name="dispatch")
class ArticleView(View):
    """A story page, put together from kept parts (pagecache/templatetags/parts.py).

    The story (its head tags, and headline to corrections) and its Explore list are
    parts kept under their own keys: an edit to the story draws its part again, a
    publication elsewhere that changes the Explore list draws that list again, and the
    rest is reused. Only the first query always runs: is the story live, and where.
    A part that is drawn loads the story in full (``for_story_page``) then.
    """

    def get(self, request, section, slug):
        story = (
            Article.objects.published()
            .select_related("section")
            .only(*LIGHT_FIELDS, "section__slug")
            .filter(slug=slug)
            .first()
        )
        if story is None:
            raise Http404("No such story.")
        # The slug is the story's identity; a story that moved section (or, with the
        # edition's prefix in front, edition) keeps working.
        elsewhere = editions.several() and story.edition != editions.current()
        if story.section.slug != section or elsewhere:
            return redirect(story, permanent=True)
        page = StoryPage(story)
        own = (object_key(STORY, story.pk),)
        # Related inserts and Explore change when a scheduled story comes out.
        kept = (*own, SCHEDULE)
        context = {
            "story": story,
            "article": SimpleLazyObject(lambda: page.article),
            "body_parts": SimpleLazyObject(lambda: page.body_parts),
            "explore": SimpleLazyObject(lambda: page.explore),
            "editions": SimpleLazyObject(lambda: page.editions),
            "current_section_id": story.section_id,
            "parts": {
                "head": Part(story_part("head", story.pk), kept, page.story_keys),
                "main": Part(story_part("main", story.pk), kept, page.story_keys),
                "explore": Part(story_part("explore", story.pk), kept, page.explore_keys),
            },
        }
        add_keys(request, *own, object_key(SECTION, story.section_id))
        response = TemplateResponse(request, "articles/article_detail.html", context)
        return allow_frames(response, story.frame_origins.split())


class StoryPage:
    """What a story page's parts read, each loaded only if a part is drawn."""

    def __init__(self, story):
        self.story = story  # the light row

    @cached_property
    def article(self):
        found = Article.objects.published().for_story_page().filter(pk=self.story.pk).first()
        if found is None:  # unpublished since the first query
            raise Http404("No such story.")
        return found

    @cached_property
    def body_parts(self):
        return self.article.body_with_inserts()

    @cached_property
    def explore(self):
        # The full story if its own part loaded it, else the light row: Explore needs
        # its section and, when its list is made again, its tags.
        found = explore(self.__dict__.get("article", self.story))
        self._explore_keys = found.keys
        return found.cards

    @cached_property
    def editions(self):
        """The story's published editions for its language links and hreflang:
        ``{"stories": [...], "x_default": story}``, this story among them; empty with one
        edition, or while it has no published translation."""
        if not editions.several():
            return {}
        found = self.article.published_editions()
        if len(found) < 2:
            return {}
        default = editions.default_code()
        x_default = next((s for s in found if s.language == default), None) or next(
            (s for s in found if s.original_id is None), found[0]
        )
        return {"stories": found, "x_default": x_default}

    def story_keys(self):
        keys = keys_of(self.article, self.__dict__.get("body_parts"))
        if editions.several():
            # A translation published or withdrawn changes the links to the others.
            keys.add(editions_of(self.article.original_id or self.article.pk))
        return keys

    def explore_keys(self):
        return {*keys_of(self.explore), *self._explore_keys}


# What a story page reads of every story (the light row): its title, its address, and
# what Explore needs of it when only that part is drawn.
LIGHT_FIELDS = (
    "pk", "slug", "headline", "standfirst", "section", "status", "published_at", "language",
    "frame_origins",
)  # fmt: skip


def story_context(article):
    """What the story template needs besides the story (shared with previews)."""
    return {"body_parts": article.body_with_inserts(), "explore": explore(article).cards}
