"""What writes that send no model signal changed, announced for whoever keeps copies.

Django sends nothing for ``bulk_create`` or ``update()``. A write that goes around
``save()`` announces what it changed here, and the content never calls a cache: the page
cache (pagecache/invalidation.py) listens and invalidates what shows it.
"""

from django.dispatch import Signal

# Stories joined subjects' lists by bulk_create (tags added in bulk, a merge, a restored
# revision). Sent by the subjects' model (Tag, Author, Source) with story_ids and
# subject_ids.
stories_linked = Signal()

# A story left the site or came back without a save of the fields that list it (moved
# to the trash, restored from it). Sent with story.
story_shown_or_hidden = Signal()
