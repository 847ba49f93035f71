from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_redirect_permissions")]

    operations = []
