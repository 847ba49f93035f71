"""Public pages. Every query starts from ``Article.objects.published()``."""

from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, ListView, TemplateView

from .http import add_keys, public_page
from .listings import ListingMixin
from .models import Article, Section


@method_decorator(public_page("home"), name="dispatch")
class HomeView(TemplateView):
    template_name = "articles/home.html"
    # Enough recent stories to fill the lead and a few per section, in one query.
    window = 60
    per_section = 4

    def get_context_data(self, **kwargs):
        stories = list(Article.objects.published().cards_only().newest_first()[: self.window])
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


@method_decorator(public_page(), name="dispatch")
class ArticleView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().for_story_page()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        # The slug is the story's identity; a story that moved section keeps working.
        if self.object.section.slug != kwargs["section"]:
            return redirect(self.object, permanent=True)
        context = self.get_context_data(object=self.object)
        # Surrogate keys of what the page names besides its cards (all prefetched: no query).
        story = self.object
        add_keys(request, story.section, story.tags.all(), story.bylines.all())
        add_keys(request, story.article_sources.all())
        # The lists Explore read: a publication that could change it changes the page.
        add_keys(request, *story.explore_keys)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**story_context(self.object), **kwargs)


def story_context(article):
    """What the story template needs besides the story (shared with previews)."""
    return {"body_parts": article.body_with_inserts(), "explore": article.explore()}
