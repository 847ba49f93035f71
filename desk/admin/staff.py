"""The Staff screen, where an administrator adds a person with one role, sees who holds
which and deactivates accounts (the roles: desk/staff.py); and each staff member's admin
language, on the Language page of their own (the user tools' link) and on the Staff screen.

Django's own user screen is kept off the start page for superusers alone, as the
advanced route to a person's individual permissions: roles are given on the Staff
screen only, so it has no groups chooser.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from desk import staff
from desk.middleware import AdminLanguageMiddleware
from desk.models import StaffMember, StaffProfile, admin_languages


def language_choices():
    return [("", gettext_lazy("The browser's language")), *admin_languages()]


class LanguageSelect(forms.Select):
    """Each language named in its own language, and marked so (lang="tr")."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class LanguageForm(forms.ModelForm):
    class Meta:
        model = StaffProfile
        fields = ["language"]
        widgets = {"language": LanguageSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()


def language_view(request, site):
    """A staff member chooses the language the admin speaks to them in."""
    profile = StaffProfile.objects.filter(user=request.user).first()
    form = LanguageForm(request.POST or None, instance=profile or StaffProfile(user=request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        # The message, and the page after it, in the language just chosen.
        translation.activate(AdminLanguageMiddleware.language(request))
        messages.success(request, _("Your admin language is saved."))
        return redirect("admin:index")
    context = {**site.each_context(request), "title": _("Language"), "form": form}
    return TemplateResponse(request, "admin/language.html", context)


class StaffProfileInline(admin.StackedInline):
    """The user's admin language, for whoever manages users."""

    model = StaffProfile
    form = LanguageForm
    can_delete = False
    verbose_name = gettext_lazy("desk settings")
    verbose_name_plural = gettext_lazy("desk settings")


# --- the Staff screen -------------------------------------------------------------------


class RoleField(forms.ChoiceField):
    """One role, chosen by name, each with what it may do beside it."""

    widget = forms.RadioSelect

    def __init__(self, **kwargs):
        super().__init__(label=gettext_lazy("Role"), **kwargs)


def role_choices(may_make_administrators):
    return [
        (role, f"{staff.label(role)}: {staff.DUTIES[role]}" if role in staff.DUTIES else role)
        for role in staff.role_names()
        if may_make_administrators or role != staff.ADMINISTRATOR
    ]


class RoleFormMixin:
    """The role field of the Staff screen's forms: required, exactly one; a person who
    holds two roles (an account from before the Staff screen) is asked for one."""

    # Set by StaffAdmin.get_form: who is filling the form in.
    current_user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.current_user
        may_make_administrators = current is not None and current.is_superuser
        self.fields["role"].choices = role_choices(may_make_administrators)
        held = staff.roles_of(self.instance) if self.instance.pk else []
        if len(held) == 1:
            self.initial.setdefault("role", held[0])
        elif len(held) > 1:
            self.fields["role"].help_text = format_html(
                "<strong>{}</strong>",
                _("Holds several roles now (%(roles)s): choose the one they keep.")
                % {"roles": ", ".join(str(staff.label(role)) for role in held)},
            )
        if "is_active" in self.fields:
            self.fields["is_active"].help_text = _(
                "Off: the person can no longer log in. Their name stays on the stories "
                "they worked on; an account is deactivated, never deleted."
            )

    def clean(self):
        cleaned = super().clean()
        current, role = self.current_user, cleaned.get("role")
        if current is not None and self.instance.pk == current.pk:
            # An administrator never locks themselves out of the Staff screen.
            if current.is_superuser and role and role != staff.ADMINISTRATOR:
                self.add_error("role", _("You cannot give up your own Administrator role."))
            if cleaned.get("is_active") is False:
                self.add_error("is_active", _("You cannot deactivate your own account."))
        return cleaned


class StaffAddForm(RoleFormMixin, UserCreationForm):
    role = RoleField()

    class Meta(UserCreationForm.Meta):
        model = StaffMember
        fields = ["username", "first_name", "last_name", "email"]


class StaffChangeForm(RoleFormMixin, UserChangeForm):
    role = RoleField()

    class Meta(UserChangeForm.Meta):
        model = StaffMember
        fields = ["username", "first_name", "last_name", "email", "is_active"]


class RoleFilter(admin.SimpleListFilter):
    title = gettext_lazy("role")
    parameter_name = "role"
    SEVERAL, NONE = "several", "none"

    def lookups(self, request, model_admin):
        return [
            *((role, staff.label(role)) for role in staff.role_names()),
            (self.SEVERAL, _("Several roles (to choose one)")),
            (self.NONE, _("No role")),
        ]

    def queryset(self, request, queryset):
        from django.db.models import Count, Q

        value = self.value()
        if value is None:
            return queryset
        counted = queryset.annotate(
            roles=Count("groups", filter=~Q(groups__name=staff.ADMINISTRATOR), distinct=True)
        )
        if value == self.SEVERAL:
            return counted.filter(Q(roles__gt=1) | Q(roles=1, is_superuser=True))
        if value == self.NONE:
            return counted.filter(roles=0, is_superuser=False)
        if value == staff.ADMINISTRATOR:
            return queryset.filter(is_superuser=True)
        return queryset.filter(groups__name=value)


@admin.register(StaffMember)
class StaffAdmin(UserAdmin):
    """Staff: one role each, given by name; accounts deactivated, never deleted."""

    form = StaffChangeForm
    add_form = StaffAddForm
    # The admin's own add page: Django's user one says there are more options to come,
    # and there are none (the role is chosen here).
    add_form_template = None
    add_fieldsets = [
        (None, {"fields": ["username", "first_name", "last_name", "email", "role"]}),
        (gettext_lazy("First password"), {
            "fields": ["password1", "password2"],
            "description": gettext_lazy("Tell the person; they change it under Change password."),
        }),
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["username", "password", "first_name", "last_name", "email", "role"]}),
        (gettext_lazy("Account"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    list_display = ["username", "full_name", "email", "role", "is_active", "last_login"]
    list_filter = [RoleFilter, "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    filter_horizontal = []
    actions = ["deactivate_selected", "reactivate_selected"]
    inlines = [StaffProfileInline]

    def get_urls(self):
        # UserAdmin names its password page after auth.User; this one is the Staff screen's.
        return [
            path(
                "<id>/password/",
                self.admin_site.admin_view(self.user_change_password),
                name="desk_staffmember_password_change",
            ),
            *admin.ModelAdmin.get_urls(self),
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.current_user = request.user  # a class of its own, made for this request
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and request.user.is_superuser:
            *first, (name, options) = fieldsets
            advanced = format_html(
                '<a href="{}">{}</a>',
                reverse("admin:auth_user_change", args=[obj.pk]),
                _("Individual permissions beyond the role (advanced)"),
            )
            fieldsets = [*first, (name, {**options, "description": advanced})]
        return fieldsets

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        staff.give_role(obj, form.cleaned_data["role"])

    def has_change_permission(self, request, obj=None):
        # Only an administrator changes an administrator's account.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Stories name who wrote, approved and published them (no delete action either).
        return False

    @admin.display(description=gettext_lazy("name"), ordering="last_name")
    def full_name(self, obj):
        return obj.get_full_name() or "—"

    @admin.display(description=gettext_lazy("role"))
    def role(self, obj):
        held = staff.roles_of(obj)
        if not held:
            return _("No role")
        names = ", ".join(str(staff.label(role)) for role in held)
        if len(held) > 1:
            return _("%(roles)s (to choose one)") % {"roles": names}
        return names

    @admin.action(
        description=gettext_lazy("Deactivate the selected accounts"), permissions=["change"]
    )
    def deactivate_selected(self, request, queryset):
        if queryset.filter(pk=request.user.pk).exists():
            self.message_user(request, _("You cannot deactivate your own account."), messages.ERROR)
            return
        if not request.user.is_superuser and queryset.filter(is_superuser=True).exists():
            self.message_user(
                request, _("Only an administrator deactivates an administrator."), messages.ERROR
            )
            return
        count = staff.set_active(queryset, False)
        self.message_user(
            request,
            ngettext(
                "%(count)d account deactivated: it can no longer log in.",
                "%(count)d accounts deactivated: they can no longer log in.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Reactivate the selected accounts"), permissions=["change"]
    )
    def reactivate_selected(self, request, queryset):
        count = staff.set_active(queryset, True)
        self.message_user(
            request,
            ngettext("%(count)d account reactivated.", "%(count)d accounts reactivated.", count)
            % {"count": count},
            messages.SUCCESS,
        )


# --- the advanced route: Django's user screen, for a person's individual permissions ----

User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(admin.ModelAdmin):
    """A person's individual permissions, beyond their role: superusers only, off the
    start page (the Staff screen links to it). Also what the author form's staff-account
    chooser searches."""

    fields = ["username", "user_permissions"]
    readonly_fields = ["username"]
    filter_horizontal = ["user_permissions"]
    search_fields = UserAdmin.search_fields
    ordering = ["username"]

    def has_module_permission(self, request):
        return False  # people are added and changed on the Staff screen

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "user_permissions":
            kwargs["queryset"] = db_field.remote_field.model.objects.select_related("content_type")
        return super().formfield_for_manytomany(db_field, request, **kwargs)
