"""The ingest as a background task (Django's tasks framework, ``django.tasks``).

With the default ImmediateBackend (newsroom/settings.py) ``poll_channels.enqueue()``
runs at once, in the caller. A deployment with a worker uses a database-backed queue:
the ``django-tasks-db`` package (0.13, for Django 6; the ``django-tasks`` package itself
is only the backport for older Djangos since 0.12 and has no database backend):

    pip install django-tasks-db
    INSTALLED_APPS += ["django_tasks_db"]; python manage.py migrate
    NEWSROOM_TASKS_BACKEND=django_tasks_db.DatabaseBackend
    python manage.py db_worker              # the worker, kept running by systemd
    */5 * * * * python manage.py ingest --background   # cron enqueues, the worker polls

Without a worker, cron runs ``python manage.py ingest`` itself.
"""

from django.tasks import task

from wire.models import IngestChannel


@task()
def poll_channels(channel_ids=None):
    """Poll the active channels (or those of ``channel_ids``) once; returns the counts."""
    from wire.ingest import poll

    channels = IngestChannel.objects.filter(active=True).select_related("source")
    if channel_ids is not None:
        channels = channels.filter(pk__in=channel_ids)
    return {channel.name: dict(poll(channel)) for channel in channels}
