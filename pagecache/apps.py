from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """Caching that is never stale: key versions, kept parts, the page cache, the HTTP
    headers readers and a CDN get, and the receivers that invalidate on every change."""

    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        # Imported for the receivers they connect: the save hooks that keep the next
        # scheduled publication (which caps every public page's lifetime) current in every
        # process, and those that invalidate cached pages on every change.
        from pagecache import invalidation, schedule  # noqa: F401
