from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The reader's site: pages, listings, Explore, search, feeds, sitemaps, SEO."""

    name = "public"
    verbose_name = "Public site"
