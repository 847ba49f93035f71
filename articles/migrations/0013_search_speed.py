from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_listing_indexes")]

    operations = []
