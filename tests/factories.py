"""factory_boy factories for the newsroom's content.

``ArticleFactory()`` is a story published an hour ago; the ``draft``, ``scheduled``
and ``published`` traits say which state a test needs. Bylines, sources and tags
are passed as lists: ``ArticleFactory(authors=[a, b], sources=[aa], tags=["NATO"])``.
"""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

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
    Tag,
)


def an_hour_ago():
    return timezone.now() - timedelta(hours=1)


def tomorrow():
    return timezone.now() + timedelta(days=1)


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"Section {n}")


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Agency {n}")
    code = factory.Sequence(lambda n: f"AG{n}")


class AuthorFactory(DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Writer {n}")


class ImageFactory(DjangoModelFactory):
    """A real (tiny) PNG made by Pillow, so width and height are read from the file."""

    class Meta:
        model = Image

    file = factory.django.ImageField(width=48, height=32, color="navy", format="PNG")
    alt_text = factory.Sequence(lambda n: f"Picture {n}")


class TagFactory(DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Topic {n}")


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = Article
        # The hooks below save what they make; saving the story again would be wasted work.
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Headline number {n:04d}")
    # Left empty so that save() makes the ASCII slug from the headline, as it does for editors.
    slug = ""
    section = factory.SubFactory(SectionFactory)
    standfirst = factory.Sequence(lambda n: f"Standfirst of story {n:04d}.")
    body = "<p>First paragraph of the story.</p><p>Second paragraph of the story.</p>"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(an_hour_ago)

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)
        scheduled = factory.Trait(
            status=Article.Status.PUBLISHED, published_at=factory.LazyFunction(tomorrow)
        )
        published = factory.Trait(
            status=Article.Status.PUBLISHED, published_at=factory.LazyFunction(an_hour_ago)
        )

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        for position, author in enumerate(extracted or []):
            Byline.objects.create(article=self, author=author, position=position)

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        for position, source in enumerate(extracted or []):
            ArticleSource.objects.create(article=self, source=source, position=position)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.add(*extracted)


class RelatedItemFactory(DjangoModelFactory):
    """A READ MORE link to another of our stories, after the first paragraph."""

    class Meta:
        model = RelatedItem

    article = factory.SubFactory(ArticleFactory)
    kind = RelatedItem.Kind.READ_MORE
    after_block = 1
    target = factory.SubFactory(ArticleFactory)


class ExplorePickFactory(DjangoModelFactory):
    class Meta:
        model = ExplorePick

    article = factory.SubFactory(ArticleFactory)
    picked = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n)
