"""The newsroom's staff and their roles: the roles by name, who holds which, giving one.

A role is a group: Writer, Editor and Producer are made by a migration
(articles/migrations/0003_roles.py) and any group made later is a role too. One role is
no group: **Administrator**, a superuser, who holds every right and alone manages the
staff (the Staff screen, desk/admin/staff.py). A person holds exactly one role, and
holding one makes them staff (``is_staff``). Accounts are never deleted, since stories
name who wrote, approved and published them: they are deactivated.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

ADMINISTRATOR = "Administrator"
# The migration's roles in the order of a story's path; roles made later follow by name.
ORDER = ["Writer", "Editor", "Producer"]

# What each role may do, in a line: the Staff screen says it beside the role's name.
LABELS = {
    "Writer": _("Writer"),
    "Editor": _("Editor"),
    "Producer": _("Producer"),
    ADMINISTRATOR: _("Administrator"),
}
DUTIES = {
    "Writer": _("writes stories, adds their authors and agencies, and submits them for review"),
    "Editor": _("edits any story, approves or sends it back, publishes and schedules it"),
    "Producer": _(
        "looks after sections, tags, authors, agencies, pictures and a story's related links"
    ),
    ADMINISTRATOR: _("may do everything, and adds and deactivates staff"),
}


def label(role):
    return LABELS.get(role, role)


def role_names():
    """Every role by name: the migration's first, then later ones, Administrator last."""
    groups = [
        name for name in Group.objects.values_list("name", flat=True) if name != ADMINISTRATOR
    ]
    known = [name for name in ORDER if name in groups]
    return [*known, *sorted(set(groups) - set(known)), ADMINISTRATOR]


def roles_of(user):
    """The roles ``user`` holds now, by name (more than one on an account made before
    the Staff screen, none on one that has no role yet). Reads ``user.groups.all()``,
    which a list prefetches."""
    held = [ADMINISTRATOR] if user.is_superuser else []
    names = sorted((group.name for group in user.groups.all()), key=_position)
    return held + [name for name in names if name != ADMINISTRATOR]


def _position(name):
    return (ORDER.index(name) if name in ORDER else len(ORDER), name)


@transaction.atomic
def give_role(user, role):
    """``user`` holds ``role`` and no other from now on, and is staff."""
    user.is_staff = True
    user.is_superuser = role == ADMINISTRATOR
    user.save(update_fields=["is_staff", "is_superuser"])
    user.groups.set([] if role == ADMINISTRATOR else [Group.objects.get(name=role)])


def set_active(users, active):
    """Deactivate (or reactivate) accounts: an inactive one can no longer log in, and its
    name stays on the stories it worked on. Returns how many changed."""
    return users.exclude(is_active=active).update(is_active=active)
