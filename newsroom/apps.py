from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    """Django's admin with the newsroom's start page (see articles.desk)."""

    default_site = "articles.desk.NewsroomAdminSite"
