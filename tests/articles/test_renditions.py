"""Image renditions: made once, the right sizes and shapes, upright, without metadata,
and drawn on pages as responsive pictures that never break when a copy is missing."""

from io import BytesIO, StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html
from PIL import ExifTags, ImageDraw
from PIL import Image as PILImage

from articles.models import Image, Rendition
from articles.renditions import (
    crop_box,
    make_renditions,
    make_renditions_task,
    queue_renditions,
    rendition_for,
    widths_for,
)
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db

RED, BLUE, WHITE, BLACK = (255, 0, 0), (0, 0, 255), (255, 255, 255), (0, 0, 0)


def jpeg_bytes(size=(1000, 500), exif=None, draw=None):
    picture = PILImage.new("RGB", size, WHITE)
    if draw:
        draw(ImageDraw.Draw(picture), size)
    out = BytesIO()
    picture.save(out, "JPEG", quality=95, **({"exif": exif.tobytes()} if exif else {}))
    return out.getvalue()


def image_from(data, name="photo.jpg", **fields):
    fields.setdefault("alt_text", "A picture")
    return Image.objects.create(file=ContentFile(data, name=name), **fields)


def halves(left, right):
    """Draw the left half of a picture in one colour and the right half in another."""

    def draw(pen, size):
        pen.rectangle((0, 0, size[0] // 2 - 1, size[1]), fill=left)
        pen.rectangle((size[0] // 2, 0, size[0], size[1]), fill=right)

    return draw


def opened(rendition):
    with rendition.file.open("rb") as handle:
        data = handle.read()
    picture = PILImage.open(BytesIO(data))
    picture.load()
    return data, picture


def near(colour, expected, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(colour[:3], expected, strict=True))


def made(image, crop, rendition_format="jpeg"):
    return list(image.renditions.filter(crop=crop, format=rendition_format).order_by("width"))


# --- Sizes and shapes -------------------------------------------------------------


def test_widths_are_never_wider_than_the_picture():
    assert widths_for(4000) == [320, 640, 960, 1280, 1920]
    assert widths_for(1920) == [320, 640, 960, 1280, 1920]
    assert widths_for(1000) == [320, 640, 960, 1000]
    assert widths_for(320) == [320]
    assert widths_for(48) == [48]


def test_crop_boxes_keep_the_focal_point_in_frame():
    # A 2:1 picture cut to 16:9 keeps its full height; the sides are trimmed around x.
    assert crop_box((1000, 500), 16 / 9) == (56, 0, 945, 500)
    assert crop_box((1000, 500), 16 / 9, focal_x=0.9) == (111, 0, 1000, 500)
    assert crop_box((1000, 500), 16 / 9, focal_x=0.0) == (0, 0, 889, 500)
    # A portrait picture is trimmed top and bottom around y.
    assert crop_box((500, 1000), 1.0, focal_y=0.2) == (0, 0, 500, 500)
    assert crop_box((500, 1000), 1.0, focal_y=0.6) == (0, 350, 500, 850)
    assert crop_box((500, 1000), None) == (0, 0, 500, 1000)


def test_renditions_come_in_every_width_shape_and_format():
    image = image_from(jpeg_bytes((1000, 500)))
    assert make_renditions(image) > 0

    def sizes(crop, rendition_format):
        return [(r.width, r.height) for r in made(image, crop, rendition_format)]

    for rendition_format in ("webp", "jpeg"):
        assert sizes("original", rendition_format) == [
            (320, 160),
            (640, 320),
            (960, 480),
            (1000, 500),
        ]
        assert sizes("wide", rendition_format) == [(320, 180), (640, 360), (889, 500)]
        assert sizes("square", rendition_format) == [(320, 320), (500, 500)]
    # The stored files are the sizes their rows say.
    for rendition in image.renditions.all():
        _, picture = opened(rendition)
        assert picture.size == (rendition.width, rendition.height)


def test_a_small_picture_is_never_enlarged():
    image = ImageFactory()  # 48 × 32
    make_renditions(image)
    assert {(r.crop, r.width, r.height) for r in image.renditions.all()} == {
        ("original", 48, 32),
        ("wide", 48, 27),
        ("square", 32, 32),
    }
    assert image.renditions.count() == 6  # each in WebP and JPEG


@pytest.mark.parametrize(
    ("focal_x", "colour"),
    [(0.9, WHITE), (0.1, BLACK)],
)
def test_the_square_and_wide_crops_follow_the_focal_point(focal_x, colour):
    # Left half black, right half white: the square cut round the focal point is one or other.
    image = image_from(jpeg_bytes((1000, 500), draw=halves(BLACK, WHITE)), focal_x=focal_x)
    make_renditions(image)
    for rendition_format in ("webp", "jpeg"):
        _, square = opened(made(image, "square", rendition_format)[-1])
        for x in (5, square.width // 2, square.width - 5):
            assert near(square.getpixel((x, square.height // 2)), colour)
    _, wide = opened(made(image, "wide")[-1])
    assert near(wide.getpixel((wide.width - 5 if focal_x > 0.5 else 5, 250)), colour)


def test_formats_are_webp_and_jpeg():
    image = image_from(jpeg_bytes((400, 300)))
    make_renditions(image)
    for rendition in image.renditions.all():
        data, picture = opened(rendition)
        if rendition.format == "webp":
            assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
            assert picture.format == "WEBP"
            assert rendition.file.name.endswith(".webp")
        else:
            assert data[:3] == b"\xff\xd8\xff"
            assert picture.format == "JPEG"
            assert rendition.file.name.endswith(".jpg")
        assert picture.mode == "RGB"


def test_transparent_pictures_are_flattened_on_white():
    picture = PILImage.new("RGBA", (400, 200), (0, 0, 0, 0))
    out = BytesIO()
    picture.save(out, "PNG")
    image = image_from(out.getvalue(), name="logo.png")
    make_renditions(image)
    for rendition in image.renditions.all():
        _, copy = opened(rendition)
        assert near(copy.getpixel((10, 10)), WHITE)


# --- Orientation and metadata -------------------------------------------------------


def test_exif_orientation_is_applied():
    # Stored on its side: 400 × 200, top half red. Orientation 6 says "turn 90° clockwise
    # to view", so readers see a 200 × 400 picture whose right half is red.
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = 6

    def top_red(pen, size):
        pen.rectangle((0, 0, size[0], size[1] // 2 - 1), fill=RED)
        pen.rectangle((0, size[1] // 2, size[0], size[1]), fill=BLUE)

    image = image_from(jpeg_bytes((400, 200), exif=exif, draw=top_red))
    # The upload is stored upright already (articles.uploads): pages show it until
    # its renditions are made.
    assert (image.width, image.height) == (200, 400)
    make_renditions(image)
    for rendition_format in ("webp", "jpeg"):
        original = made(image, "original", rendition_format)[-1]
        assert (original.width, original.height) == (200, 400)
        _, picture = opened(original)
        assert picture.size == (200, 400)
        assert near(picture.getpixel((150, 200)), RED)
        assert near(picture.getpixel((50, 200)), BLUE)
        assert picture.getexif().get(ExifTags.Base.Orientation) is None


def test_metadata_is_stripped_gps_above_all():
    exif = PILImage.Exif()
    exif[ExifTags.Base.Make] = "NewsCam"
    exif[ExifTags.Base.Artist] = "A photographer"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (41.0, 0.0, 52.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (28.0, 58.0, 0.0)
    image = image_from(jpeg_bytes((700, 400), exif=exif))
    with image.file.open("rb") as handle:
        stored = PILImage.open(BytesIO(handle.read()))
    # Pages show the upload until its renditions are made: it is stored without metadata.
    assert not stored.getexif()

    make_renditions(image)
    assert image.renditions.count() == 16
    for rendition in image.renditions.all():
        data, picture = opened(rendition)
        assert not picture.getexif()
        assert not picture.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "exif" not in picture.info and "icc_profile" not in picture.info
        for marker in (b"Exif", b"EXIF", b"NewsCam", b"photographer", b"XMP"):
            assert marker not in data


def test_a_colour_profile_is_converted_not_copied():
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    picture = PILImage.new("RGB", (400, 300), RED)
    out = BytesIO()
    picture.save(out, "JPEG", icc_profile=profile)
    image = image_from(out.getvalue())
    make_renditions(image)
    for rendition in image.renditions.all():
        _, copy = opened(rendition)
        assert "icc_profile" not in copy.info
        assert near(copy.getpixel((10, 10)), RED)


# --- Made once; made again when the picture changes -----------------------------------


def test_making_renditions_twice_changes_nothing():
    image = image_from(jpeg_bytes((700, 400)))
    assert make_renditions(image) == 16
    before = {(r.pk, r.file.name) for r in image.renditions.all()}
    assert make_renditions(image) == 0
    assert {(r.pk, r.file.name) for r in image.renditions.all()} == before


def test_only_missing_renditions_are_made():
    image = image_from(jpeg_bytes((700, 400)))
    make_renditions(image)
    lost = image.renditions.get(crop="wide", format="webp", width=640)
    lost.file.delete(save=False)
    lost.delete()
    assert make_renditions(image) == 1
    assert image.renditions.filter(crop="wide", format="webp", width=640).exists()


def test_a_new_file_replaces_every_rendition():
    image = image_from(jpeg_bytes((1000, 500)))
    make_renditions(image)
    old = {r.file.name for r in image.renditions.all()}
    assert all(default_storage.exists(name) for name in old)

    image.file.save("replacement.jpg", ContentFile(jpeg_bytes((500, 500))), save=False)
    image.save()
    assert make_renditions(image) > 0
    new = {r.file.name for r in image.renditions.all()}
    assert not old & new
    assert not any(default_storage.exists(name) for name in old)
    assert all(default_storage.exists(name) for name in new)
    assert max(r.width for r in made(image, "original")) == 500


def test_a_moved_focal_point_remakes_the_crops_only():
    image = image_from(jpeg_bytes((1000, 500)))
    make_renditions(image)
    originals = {r.pk for r in made(image, "original")}
    squares = {r.pk for r in made(image, "square")}
    image.focal_x = 0.9
    image.save()
    make_renditions(image)
    assert {r.pk for r in made(image, "original")} == originals
    assert not {r.pk for r in made(image, "square")} & squares


def test_a_sharing_copy_is_found_for_metadata():
    image = image_from(jpeg_bytes((1000, 500)))
    assert rendition_for(image) is None  # not made yet: callers use the original
    make_renditions(image)
    chosen = rendition_for(image)
    assert (chosen.crop, chosen.format, chosen.width) == ("original", "jpeg", 1000)
    assert rendition_for(image, min_width=600).width == 640
    assert rendition_for(image, crop="wide", rendition_format="webp").width == 889


def test_an_unreadable_file_makes_no_renditions_and_raises_nothing():
    # Uploads are checked (articles.uploads), but a stored file can still be damaged.
    image = image_from(jpeg_bytes((400, 300)))
    with open(image.file.path, "wb") as stored:
        stored.write(b"not a picture at all")
    assert make_renditions(image) == 0
    assert not image.renditions.exists()


# --- When they are made -------------------------------------------------------------------


def test_the_task_makes_renditions():
    image = image_from(jpeg_bytes((400, 300)))
    result = make_renditions_task.enqueue(image.pk)
    assert result.status == "SUCCESSFUL"
    assert result.return_value == image.renditions.count() == 10


def test_the_task_of_a_deleted_image_does_nothing():
    result = make_renditions_task.enqueue(999_999)
    assert result.status == "SUCCESSFUL" and result.return_value == 0


def test_renditions_are_queued_after_the_save_commits(django_capture_on_commit_callbacks):
    image = image_from(jpeg_bytes((400, 300)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_renditions(image)
    assert len(callbacks) == 1
    assert not image.renditions.exists()  # nothing inside the save's transaction
    callbacks[0]()
    assert image.renditions.count() == 10


def test_saving_an_image_in_the_admin_queues_its_renditions(
    superuser_client, django_capture_on_commit_callbacks
):
    image = image_from(jpeg_bytes((400, 300)))
    url = reverse("admin:articles_image_change", args=[image.pk])
    page = superuser_client.get(url)
    assert b'name="focal_x"' in page.content and b'name="focal_y"' in page.content
    assert b"cut around this point" in page.content
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = superuser_client.post(
            url,
            {
                "alt_text": "A picture",
                "caption": "",
                "credit_text": "",
                "focal_x": "0.25",
                "focal_y": "0.5",
            },
        )
    assert response.status_code == 302
    assert not image.renditions.exists()  # the editor's request made none
    for callback in callbacks:
        callback()
    assert image.renditions.count() == 10


def test_the_admin_refuses_a_focal_point_outside_the_picture(superuser_client):
    image = image_from(jpeg_bytes((400, 300)))
    url = reverse("admin:articles_image_change", args=[image.pk])
    response = superuser_client.post(url, {"alt_text": "A picture", "focal_x": "1.5"})
    assert response.status_code == 200
    assert b"less than or equal to 1" in response.content


def test_the_command_makes_what_is_missing():
    images = [image_from(jpeg_bytes((400, 300))), ImageFactory()]
    out = StringIO()
    call_command("make_renditions", stdout=out)
    assert all(image.renditions.count() > 0 for image in images)
    assert "16 made for 2 images" in out.getvalue()
    call_command("make_renditions", verbosity=0)
    assert Rendition.objects.count() == 16


# --- On pages -------------------------------------------------------------------------------


def pictures(response):
    assert response.status_code == 200
    return html.fromstring(response.content).xpath("//picture")


def hero_pictures(response):
    return [p for p in pictures(response) if p.xpath("ancestor::figure[@class='story__hero']")]


def parts(picture):
    # libxml2 reads <source> as a container, so the <img> may sit inside it.
    sources = picture.xpath(".//source")
    (img,) = picture.xpath(".//img")
    return (sources[0] if sources else None), img


def srcset_widths(value):
    return [int(item.split()[-1].rstrip("w")) for item in value.split(",")]


def test_the_story_hero_is_a_responsive_picture(client):
    hero = image_from(jpeg_bytes((1000, 500)), alt_text="Ministers meet in Ankara")
    make_renditions(hero)
    story = ArticleFactory(hero_image=hero)
    (picture,) = hero_pictures(client.get(story.get_absolute_url()))
    source, img = parts(picture)
    assert source.get("type") == "image/webp"
    assert srcset_widths(source.get("srcset")) == [320, 640, 960, 1000]
    assert all(".webp " in item for item in source.get("srcset").split(","))
    assert srcset_widths(img.get("srcset")) == [320, 640, 960, 1000]
    assert all(".jpg " in item for item in img.get("srcset").split(","))
    assert img.get("src").endswith(".jpg") and "/renditions/" in img.get("src")
    assert source.get("sizes") == img.get("sizes") and "56rem" in img.get("sizes")
    assert (img.get("width"), img.get("height")) == ("1000", "500")  # the original shape
    assert img.get("alt") == "Ministers meet in Ankara"
    assert img.get("fetchpriority") == "high" and img.get("loading") != "lazy"
    assert hero.file.url not in html.tostring(picture).decode()  # the upload is not drawn


def test_cards_use_the_wide_crop_lazily_and_the_lead_loads_first(client):
    images = [image_from(jpeg_bytes((1000, 500)), alt_text=f"Picture {n}") for n in range(3)]
    for image in images:
        make_renditions(image)
    for image in images:
        ArticleFactory(hero_image=image)
    found = pictures(client.get(reverse("articles:home")))
    assert len(found) == 3
    for position, picture in enumerate(found):
        source, img = parts(picture)
        assert srcset_widths(source.get("srcset")) == [320, 640, 889]
        assert (img.get("width"), img.get("height")) == ("889", "500")  # 16:9
        assert img.get("alt").startswith("Picture ")
        assert img.get("decoding") == "async"
        if position == 0:  # the lead story, above the fold
            assert img.get("fetchpriority") == "high" and img.get("loading") != "lazy"
            assert "50rem" in img.get("sizes")
        else:
            assert img.get("loading") == "lazy" and img.get("fetchpriority") is None
            assert "18rem" in img.get("sizes")


def test_a_draft_story_s_picture_is_on_no_page(client):
    shown = image_from(jpeg_bytes((400, 300)), alt_text="Published picture")
    hidden = image_from(jpeg_bytes((400, 300)), alt_text="Draft picture")
    make_renditions(shown)
    make_renditions(hidden)
    ArticleFactory(hero_image=shown)
    ArticleFactory(hero_image=hidden, draft=True)
    ArticleFactory(hero_image=hidden, scheduled=True)
    page = client.get(reverse("articles:home")).content.decode()
    assert "Published picture" in page and "Draft picture" not in page
    # A rendition's file name starts with its image's id (the rest is a random-looking key).
    assert f"/{hidden.pk}-" not in " ".join(
        img.get("srcset", "") for img in html.fromstring(page).xpath("//img")
    )


def test_without_renditions_pages_show_the_original_and_make_none(client):
    hero = image_from(jpeg_bytes((800, 450)), alt_text="Not made yet")
    story = ArticleFactory(hero_image=hero)
    ArticleFactory(hero_image=ImageFactory())
    for url in (story.get_absolute_url(), reverse("articles:home")):
        for picture in pictures(client.get(url)):
            source, img = parts(picture)
            assert source is None and img.get("srcset") is None
            assert "/renditions/" not in img.get("src") and img.get("alt")
            assert img.get("width") and img.get("height")
    (hero_picture,) = hero_pictures(client.get(story.get_absolute_url()))
    _, img = parts(hero_picture)
    assert img.get("src") == hero.file.url and (img.get("width"), img.get("height")) == (
        "800",
        "450",
    )
    assert not Rendition.objects.exists()  # a reader's request never makes them


def test_a_missing_rendition_file_or_picture_does_not_break_a_page(client):
    hero = image_from(jpeg_bytes((700, 400)))
    make_renditions(hero)
    for rendition in hero.renditions.all()[:5]:
        rendition.file.delete(save=False)  # gone from storage, row left behind
    default_storage.delete(hero.file.name)  # and the original too
    story = ArticleFactory(hero_image=hero)
    assert len(pictures(client.get(story.get_absolute_url()))) == 1
    assert len(pictures(client.get(reverse("articles:home")))) == 1


def test_every_picture_has_alt_text(client):
    images = [image_from(jpeg_bytes((400, 300)), alt_text=f"Scene {n}") for n in range(2)]
    make_renditions(images[0])
    story = ArticleFactory(hero_image=images[0])
    ArticleFactory(hero_image=images[1])
    for url in (story.get_absolute_url(), reverse("articles:home")):
        for img in html.fromstring(client.get(url).content).xpath("//img"):
            assert img.get("alt", "").strip()


# --- Query budgets ----------------------------------------------------------------------------


@pytest.fixture
def cards_page_queries(client, django_assert_max_num_queries):
    def count(url):
        client.get(url)  # warm up
        with django_assert_max_num_queries(10) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), len(pictures(response))

    return count


def test_renditions_cost_one_query_however_many_cards(cards_page_queries):
    image = image_from(jpeg_bytes((700, 400)))
    make_renditions(image)
    story = ArticleFactory(hero_image=image)
    few = cards_page_queries(reverse("articles:home"))
    section_few = cards_page_queries(story.section.get_absolute_url())
    for _ in range(9):
        other = image_from(jpeg_bytes((700, 400)))
        make_renditions(other)
        ArticleFactory(hero_image=other, section=story.section)
    many = cards_page_queries(reverse("articles:home"))
    section_many = cards_page_queries(story.section.get_absolute_url())
    assert few[1] == section_few[1] == 1
    assert many[1] == 5 and section_many[1] == 10  # the front page: a lead and four cards
    assert few[0] == many[0]
    assert section_few[0] == section_many[0]


def test_the_story_page_reads_its_renditions_in_fixed_queries(client):
    def story_queries(explore_count):
        hero = image_from(jpeg_bytes((700, 400)))
        make_renditions(hero)
        story = ArticleFactory(hero_image=hero)
        for _ in range(explore_count):
            picked = image_from(jpeg_bytes((400, 300)))
            make_renditions(picked)
            ArticleFactory(hero_image=picked, section=story.section)
        url = story.get_absolute_url()
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            pictures(client.get(url))
        return len(captured)

    assert story_queries(1) == story_queries(6)


def test_an_empty_focal_point_is_the_centre(superuser_client):
    image = image_from(jpeg_bytes((400, 300)), focal_x=0.2, focal_y=0.8)
    url = reverse("admin:articles_image_change", args=[image.pk])
    response = superuser_client.post(url, {"alt_text": "A picture", "focal_x": "", "focal_y": ""})
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.5, 0.5)
