"""The story screen: the change form laid out for writing, and what its panel recomputes.

The text runs in one column in the order readers meet it (kicker line, headline,
standfirst, byline, picture, body, tags); beside it a panel that stays in view holds
the state and the next steps, the checklist (desk/checklist.py), the word count, the
schedule and embargo, the reviewer and notes, and the links to revisions and previews.
The slug, the timeline and the story's other records fold away under "More".
Django's fieldsets still draw the fields; ``ArticleAdmin.fieldsets`` names each one's
place with a ``story-…`` class (``PLACES``), and the template
(admin/articles/article/change_form.html) puts them where they go.

As the editor types, the panel posts the form (static/admin/js/story_screen.js):

  ``…/checklist/``     the checklist and the counts, as HTML and text (JSON);
  ``…/live-preview/``  the story page readers would get (desk.previews.render_live).

Both build the story from the posted form exactly as the admin's save would (the
story's form, then its inlines), but never save it: the copy lives for the request,
and nothing is written to the database or the cache. Who may use them: whoever may see
the form they come from (add, or view the story), as staff; the admin checks CSRF.
"""

from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from articles import tags
from articles.models import Article, Section, Tag
from articles.richtext import sanitize_body
from articles.text import ascii_slugify
from desk import checklist, previews
from desk.times import desk_time

# Where each fieldset goes, by its ``story-…`` class (ArticleAdmin.fieldsets). A fieldset
# with none goes under "More", so that a field added later is never lost from the page.
PLACES = ["heading", "picture", "body", "tags", "publication", "more"]
# Where each inline goes, by its prefix (the relation's name); the others go under "More".
INLINE_PLACES = {
    "bylines": "byline",
    "article_sources": "byline",
    "related_items": "in_body",
    "corrections": "after_tags",
    "explore_picks": "after_tags",
    "notes": "panel",
}
CHECKLIST_TEMPLATE = "admin/articles/article/_checklist.html"


def _rows(model, objects):
    """A queryset that is already read: ``objects``, and never a query."""
    rows = model._default_manager.none()
    rows._result_cache = list(objects)
    rows._prefetch_done = True
    return rows


def _in_order(objects):
    """Rows in their model's order (position, after_block …), the form's order for ties."""
    fields = [
        name.lstrip("-")
        for name in objects[0]._meta.ordering
        if name.lstrip("-") not in {"pk", "id"} and "__" not in name
    ]
    return sorted(
        objects, key=lambda row: [(getattr(row, n) is None, getattr(row, n) or 0) for n in fields]
    )


def give_rows(story, related):
    """Hand ``story`` its related rows ({relation name: [rows]}) to read instead of the
    database's. A story never saved has no id, and Django reads no relation of such a
    story, not even a list handed to it; it gets an id no row has (0), so that every
    relation not handed to it reads as empty. It is never saved."""
    if story.pk is None:
        story.pk = 0
        for relation in Article._meta.related_objects:
            if relation.one_to_many:
                related.setdefault(relation.cache_name, [])
        related.setdefault("tags", [])
    cache = getattr(story, "_prefetched_objects_cache", {})
    for name, rows in related.items():
        if name == "tags":
            cache[name] = _rows(Tag, rows)
        else:
            model = story._meta.get_field(name).related_model
            cache[name] = _rows(model, _in_order(rows) if rows else rows)
    story._prefetched_objects_cache = cache
    return story


def blank_story():
    """The story an empty add form stands for (its checklist before the first word)."""
    return give_rows(Article(), {})


class StoryScreenMixin:
    """Mixed into ArticleAdmin: the change form's layout (``render_change_form``) and the
    panel's two addresses (``story_screen_urls``, listed by ArticleAdmin.get_urls)."""

    def story_screen_urls(self, view):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("checklist/", view(self.checklist_view), name=f"{name}_checklist_new"),
            path("live-preview/", view(self.live_preview_view), name=f"{name}_live_preview_new"),
            path(
                "<path:object_id>/checklist/",
                view(self.checklist_view),
                name=f"{name}_checklist",
            ),
            path(
                "<path:object_id>/live-preview/",
                view(self.live_preview_view),
                name=f"{name}_live_preview",
            ),
        ]

    # --- the page -----------------------------------------------------------------------
    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if not context.get("is_popup"):
            context["story_screen"] = self._story_screen(request, context, obj)
            # Save and Save and continue editing, in the panel; a new story is not
            # started from the one just saved.
            context["show_save_and_add_another"] = False
            context["show_delete"] = False  # "Move to the trash", with the story's tools
            # The whole width for the text and its panel; the breadcrumbs and the header
            # lead everywhere else, as the admin's menu would.
            context["is_nav_sidebar_enabled"] = False
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _story_screen(self, request, context, obj):
        places = {place: [] for place in PLACES}
        for number, fieldset in enumerate(context["adminform"]):
            found = [c.removeprefix("story-") for c in fieldset.classes.split()]
            place = next((p for p in found if p in places), "more")
            places[place].append((fieldset, number))
        inlines = {place: [] for place in {*INLINE_PLACES.values(), "more"}}
        for inline in context.get("inline_admin_formsets", []):
            inlines[INLINE_PLACES.get(inline.formset.prefix, "more")].append(inline)
        story = obj if obj is not None and obj.pk else blank_story()
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        if obj is None or obj.pk is None:
            urls = {
                "checklist": reverse(f"{name}_checklist_new"),
                "preview": reverse(f"{name}_live_preview_new"),
            }
        else:
            urls = {
                "checklist": reverse(f"{name}_checklist", args=[obj.pk]),
                "preview": reverse(f"{name}_live_preview", args=[obj.pk]),
            }
        return {
            # The checklist drawn here is the stored story's; after a failed save, or with
            # unsaved text put back into the form, the page asks again at once.
            "stale": request.method != "GET" or hasattr(request, "newsroom_restoration"),
            "fieldsets": places,
            "inlines": inlines,
            "checklist": checklist_context(story),
            "counts": counts_text(story),
            "schedule": schedule_text(obj),
            "reviewer": self.review(obj) if obj is not None and obj.assignee_id else "",
            "urls": urls,
        }

    # --- the panel's addresses ----------------------------------------------------------
    @method_decorator(require_POST)
    def checklist_view(self, request, object_id=None):
        story = self.story_from_form(request, object_id)
        found = checklist_context(story)
        return JsonResponse(
            {
                "checklist": render_to_string(CHECKLIST_TEMPLATE, found),
                "ready": not found["needed"],
                "counts": counts_text(story),
                **checklist.counts(story),
            }
        )

    @method_decorator(require_POST)
    def live_preview_view(self, request, object_id=None):
        story = self.story_from_form(request, object_id)
        if not request.user.has_perm("articles.view_article"):
            raise PermissionDenied  # the staff preview's right
        return previews.render_live(request, story)

    def story_from_form(self, request, object_id):
        """The story as the posted form says it, with its byline, agencies, tags and
        inserts as posted: built as the admin's save builds it, never saved. What the
        form refuses (a headline too long) stays as it was."""
        article = None
        if object_id is not None:
            article = self.get_object(request, unquote(object_id))
            if article is None:
                raise Http404(_("No such story."))
            if not self.has_view_or_change_permission(request, article):
                raise PermissionDenied
        elif not self.has_add_permission(request):
            raise PermissionDenied
        change = article is not None
        fields = flatten_fieldsets(self.get_fieldsets(request, article))
        form_class = self.get_form(request, article, change=change, fields=fields)
        form = form_class(request.POST, instance=article)
        form.is_valid()  # fills form.instance with what is valid
        story = form.instance
        story.body = sanitize_body(story.body)
        related = {}
        formsets, _inlines = self._create_formsets(request, story, change=change)
        for formset in formsets:
            formset.is_valid()
            related[formset.fk.remote_field.cache_name] = posted_rows(formset)
        if "tags" in form.fields:
            related["tags"] = posted_tags(form)
        give_rows(story, related)
        if "related_items" in related:
            # As readers get them: our stories only once published (RelatedItem.public).
            story.public_related_items = public_inserts(related["related_items"])
        if story.section_id is None:
            # The kicker and the address need a section; the checklist still asks for one.
            story.section = Section(name=_("No section yet"), slug="section")
        if not story.slug:
            story.slug = ascii_slugify(story.headline, max_length=120) or "story"
        return story


def posted_rows(formset):
    """The rows an inline formset would keep on saving: the stored ones not deleted, and
    the new ones filled in and valid (each as its form built it, not saved)."""
    rows = []
    for form in formset.forms:
        if formset.can_delete and formset._should_delete_form(form):
            continue
        if form.instance.pk is None and (not form.has_changed() or not form.is_valid()):
            continue
        rows.append(form.instance)
    return rows


def posted_tags(form):
    """The posted tag names as tags: the existing one in any case ("nato" is NATO),
    else a new one as saving would make it."""
    names = form.cleaned_data.get("tags")
    if names is None:  # refused: the story's tags as stored
        return list(form.instance.tags.all()) if form.instance.pk else []
    return [
        tags.find_tag(name) or Tag(name=tags.clean_name(name), slug=ascii_slugify(name) or "tag")
        for name in names
    ]


def public_inserts(items):
    """The READ MORE and Recommended links readers would follow, as ``public()`` keeps
    them: external ones, and our stories once published."""
    targets = {item.target_id for item in items if item.target_id}
    live = set(Article.objects.published().filter(pk__in=targets).values_list("pk", flat=True))
    return [item for item in items if not item.target_id or item.target_id in live]


def checklist_context(story):
    """What _checklist.html draws: the items, and how many block publishing still."""
    items = checklist.items(story)
    return {"items": items, "needed": sum(1 for item in items if item.blocks and not item.passed)}


def counts_text(story):
    """ "312 words · 2 min read", as the panel shows it."""
    found = checklist.counts(story)
    words = ngettext("%(words)d word", "%(words)d words", found["words"]) % found
    if not found["words"]:
        return words
    minutes = ngettext("%(minutes)d min read", "%(minutes)d min read", found["minutes"]) % found
    return f"{words} · {minutes}"


def schedule_text(article):
    """When readers get the story: "Not scheduled", "Scheduled for …", "Published …"."""
    if article is None or article.status != Article.Status.PUBLISHED or not article.published_at:
        return _("Not scheduled")
    if article.is_scheduled:
        return _("Scheduled for %(time)s") % {"time": desk_time(article.published_at)}
    return _("Published %(time)s") % {"time": desk_time(article.published_at)}
