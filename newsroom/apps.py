from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    """Django's admin with the newsroom's start page (see desk.site)."""

    default_site = "desk.site.NewsroomAdminSite"
