"""Make the renditions that are missing: for images saved outside the admin (load_demo,
imports) or whose task failed. Safe to run at any time; what exists is kept."""

from django.core.management.base import BaseCommand

from articles.models import Image
from articles.renditions import make_renditions


class Command(BaseCommand):
    help = "Make missing or out-of-date image renditions (all images, or the ids given)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Only these images.")

    def handle(self, *args, ids=(), **options):
        images = Image.objects.order_by("pk")
        if ids:
            images = images.filter(pk__in=ids)
        made = 0
        for image in images.iterator():
            made += make_renditions(image)
        if options["verbosity"]:
            self.stdout.write(f"Renditions: {made} made for {images.count()} images.")
