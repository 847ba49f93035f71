"""Staff members in the admin: their admin language, on the Language page of their own
(the user tools' link) and on their user page for whoever manages users."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from desk.middleware import AdminLanguageMiddleware
from desk.models import StaffProfile, admin_languages


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


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, StaffProfileInline]
