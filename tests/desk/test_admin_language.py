"""The admin in the staff member's language: their profile's (desk.StaffProfile), else
the browser's, on the admin's addresses only; the project's own strings in Turkish and
Arabic (locale/), the Arabic admin right to left; an Arabic story's words right to left
whatever the admin's language; readers' pages in their edition's language whoever asks."""

import re
from gettext import GNUTranslations
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from desk.models import StaffProfile
from tests.admin_forms import change_url
from tests.desk_pages import messages_of
from tests.factories import ArticleFactory
from tests.pages import page_html, page_text

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.fixture(autouse=True)
def three_editions(settings):
    settings.NEWSROOM_EDITIONS = "en,tr,ar"


def speaks(user, language):
    StaffProfile.objects.update_or_create(user=user, defaults={"language": language})


def html_tag(response):
    return re.search(r"<html[^>]*>", page_html(response)).group(0)


def story_list(client, **headers):
    return client.get(reverse("admin:articles_article_changelist"), headers=headers)


@pytest.fixture
def story():
    return ArticleFactory(headline="Ceasefire talks resume")


# --- the staff member's language -----------------------------------------------------


def test_a_turkish_editor_reads_the_desks_own_strings_in_turkish(editor, editor_client, story):
    speaks(editor, "tr")
    listing = story_list(editor_client)
    assert 'lang="tr"' in html_tag(listing) and 'dir="ltr"' in html_tag(listing)
    assert listing["Content-Language"] == "tr"
    text = page_text(listing)
    assert "Çeviriler raporu" in text and "Translations report" not in text
    assert "Çöp kutusu" in text

    form = page_text(editor_client.get(change_url(story)))
    assert "Şu dile çevir…" in form and "Translate into…" not in form
    # A help text of the desk's own (the tag picker), and a fieldset's name.
    assert "Etiket bulmak için yazmaya başlayın" in form
    assert "Zaman çizelgesi" in form

    report = page_text(editor_client.get(reverse("admin:articles_article_translations")))
    assert "Çevirisi olan haberler" in report


def test_a_turkish_editor_gets_the_workflow_and_its_messages_in_turkish(editor, editor_client):
    speaks(editor, "tr")
    approved = ArticleFactory(draft=True, status="approved")
    url = reverse("admin:articles_article_transition", args=[approved.pk, "publish"])
    page = page_text(editor_client.get(url))
    assert "Yayın zamanı" in page  # the publication time's label
    # The factory's story has no picture: the page says what it still needs.
    assert "Yayıma hazır değil; hâlâ şunlar gerekiyor:" in page


def test_an_arabic_editor_gets_the_admin_in_arabic_right_to_left(editor, editor_client, story):
    speaks(editor, "ar")
    form = editor_client.get(change_url(story))
    assert 'lang="ar"' in html_tag(form) and 'dir="rtl"' in html_tag(form)
    assert "admin/css/rtl.css" in page_html(form)
    text = page_text(form)
    assert "ترجمة إلى…" in text and "Translate into…" not in text
    assert "ابدأ الكتابة للعثور على وسم" in text
    listing = page_text(story_list(editor_client))
    assert "تقرير الترجمات" in listing and "سلة المحذوفات" in listing


def test_without_a_profile_the_browsers_language_is_the_admins(editor_client):
    response = story_list(editor_client, accept_language="tr-TR,tr;q=0.9,en;q=0.5")
    assert 'lang="tr"' in html_tag(response)
    assert "Çeviriler raporu" in page_text(response)
    assert response["Content-Language"] == "tr"
    assert "Accept-Language" in response["Vary"]


def test_a_browser_asking_for_a_language_the_admin_lacks_gets_the_default(editor_client):
    response = story_list(editor_client, accept_language="ja")
    assert 'lang="en' in html_tag(response)
    assert "Translations report" in page_text(response)


def test_the_profile_beats_the_browser(editor, editor_client):
    speaks(editor, "ar")
    response = story_list(editor_client, accept_language="tr")
    assert 'lang="ar"' in html_tag(response)
    assert "تقرير الترجمات" in page_text(response)


def test_a_blank_profile_follows_the_browser(editor, editor_client):
    speaks(editor, "")
    assert 'lang="tr"' in html_tag(story_list(editor_client, accept_language="tr"))


def test_the_login_page_follows_the_browser(client):
    response = client.get(reverse("admin:login"), headers={"accept-language": "ar"})
    assert 'dir="rtl"' in html_tag(response)


def test_readers_pages_stay_in_their_editions_language_whoever_asks(editor, editor_client, story):
    speaks(editor, "ar")
    front = editor_client.get("/", headers={"accept-language": "ar"}, follow=True)
    assert front.status_code == 200
    assert 'lang="en"' in html_tag(front) and 'dir="ltr"' in html_tag(front)
    assert "Skip to content" in page_text(front)
    assert front.get("Content-Language") != "ar"
    assert "Accept-Language" not in front.get("Vary", "")
    page = editor_client.get(story.get_absolute_url(), headers={"accept-language": "ar"})
    assert 'lang="en"' in html_tag(page) and "MIN READ" in page_text(page)


def test_a_turkish_editions_page_is_in_turkish_for_everyone(client):
    story = ArticleFactory(language="tr", headline="Ateşkes görüşmeleri sürüyor")
    page = client.get(story.get_absolute_url(), headers={"accept-language": "en"})
    assert 'lang="tr"' in html_tag(page)
    text = page_text(page)
    assert "İçeriğe geç" in text and "DK OKUMA" in text and "MIN READ" not in text


@pytest.mark.parametrize(
    ("address", "date"),
    [("/en/", "Wednesday, December 2, 2026"), ("/tr/", "2 Aralık 2026, Çarşamba")],
)
def test_the_mastheads_date_is_in_the_editions_words_and_order(client, time_machine, address, date):
    time_machine.move_to("2026-12-02 12:00:00+00:00", tick=False)
    page = page_html(client.get(address))
    assert f'<p class="masthead__date">{date}</p>' in page


def test_an_arabic_story_page_counts_its_minutes_in_arabic(client):
    story = ArticleFactory(language="ar", headline="استئناف محادثات وقف إطلاق النار")
    text = page_text(client.get(story.get_absolute_url()))
    assert "دقيقة قراءة واحدة" in text and "MIN READ" not in text  # a two-paragraph body


# --- the models' own words: field names, choices, help texts ----------------------------


def label_of(response, field):
    """The text of the story form's label for ``field`` (Django writes "Name:")."""
    found = re.search(rf'<label[^>]*for="id_{field}"[^>]*>([^<]*)</label>', page_html(response))
    return found.group(1).strip()


def chosen(response, field):
    """The text of the option chosen in the form's ``field`` select."""
    select = re.search(rf'<select[^>]*name="{field}".*?</select>', page_html(response), re.S)
    return re.search(r"<option[^>]*selected[^>]*>([^<]*)</option>", select.group(0)).group(1)


def test_a_turkish_editor_reads_the_storys_field_names_and_states_in_turkish(editor, editor_client):
    speaks(editor, "tr")
    draft = ArticleFactory(draft=True, kind="opinion")
    form = editor_client.get(change_url(draft))
    assert label_of(form, "standfirst") == "Spot:"
    assert label_of(form, "hero_caption") == "Ana görsel altyazısı:"
    assert chosen(form, "kind") == "Görüş"
    text = page_text(form)
    assert "Taslak" in text and "Draft" not in text  # the story's state
    assert "Haberin adresinin bir parçası; yalnızca ASCII." in text  # a model help text
    assert "Newsroom yönetim paneli" in text  # the header, in the admin's language
    listing = page_text(story_list(editor_client))
    assert "Durum" in listing and "Taslak" in listing  # the list's filter, by state


def test_an_arabic_editor_reads_the_storys_field_names_and_states_in_arabic(editor, editor_client):
    speaks(editor, "ar")
    draft = ArticleFactory(draft=True, kind="news")
    form = editor_client.get(change_url(draft))
    assert label_of(form, "standfirst") == "المقدمة:"
    assert chosen(form, "kind") == "خبر"
    text = page_text(form)
    assert "مسودة" in text and "Draft" not in text
    assert "جزء من عنوان الخبر؛ بأحرف ASCII فقط." in text
    assert "لوحة إدارة Newsroom" in text


def test_a_state_inside_a_turkish_sentence_is_written_as_it_is(editor, editor_client):
    speaks(editor, "tr")
    approved = ArticleFactory(draft=True, status="approved", headline="Ateşkes")
    url = reverse("admin:articles_article_transition", args=[approved.pk, "publish"])
    assert "“Ateşkes” haberinin durumu: Onaylandı" in page_text(editor_client.get(url))


def test_a_turkish_editor_is_told_in_turkish_what_the_picture_upload_takes(
    editor, editor_client, media_root
):
    speaks(editor, "tr")
    add = reverse("admin:articles_image_add")
    text = page_text(editor_client.get(add))
    assert (
        "En çok 20,0 MB ve 50 megapiksel büyüklüğünde bir JPEG, PNG, WebP, GIF, HEIC ya da AVIF"
        in text
    )
    refused = editor_client.post(
        add,
        {
            "file": SimpleUploadedFile("x.png", b"this is not a picture\n", "image/png"),
            "alt_text": "Hiçbir şey",
            "_save": "Kaydet",
        },
    )
    assert "Bu dosya bir görsel değil." in page_text(refused)


def test_an_english_editor_reads_the_storys_words_as_before(editor_client):
    form = editor_client.get(change_url(ArticleFactory(draft=True)))
    assert label_of(form, "standfirst") == "Standfirst:"
    assert label_of(form, "hero_caption") == "Hero caption:"
    assert chosen(form, "kind") == "News"
    text = page_text(form)
    assert "Draft" in text and "Newsroom admin" in text


# --- choosing it ------------------------------------------------------------------------


def test_a_staff_member_chooses_their_language_on_the_language_page(editor, editor_client):
    page = editor_client.get(reverse("admin:language"))
    html = page_html(page)
    assert f'href="{reverse("admin:language")}"' in html  # in the user tools
    assert '<option value="tr" lang="tr">Türkçe</option>' in html
    assert "The browser&#x27;s language" in html or "The browser's language" in html
    saved = editor_client.post(reverse("admin:language"), {"language": "tr"}, follow=True)
    assert StaffProfile.objects.get(user=editor).language == "tr"
    assert "Yönetim paneli diliniz kaydedildi." in messages_of(saved)
    assert 'lang="tr"' in html_tag(saved)


def test_a_language_outside_the_admins_is_refused(editor, editor_client):
    response = editor_client.post(reverse("admin:language"), {"language": "xx"})
    assert response.status_code == 200
    assert not StaffProfile.objects.filter(user=editor).exists()


def test_whoever_manages_staff_sets_it_on_the_staff_screen(superuser_client, editor):
    speaks(editor, "ar")
    staff_page = reverse("admin:desk_staffmember_change", args=[editor.pk])
    page = page_html(superuser_client.get(staff_page))
    assert '<option value="ar" selected lang="ar">' in page


# --- a story's words in its own direction ------------------------------------------------


def words_dir(response, name):
    tag = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', page_html(response)).group(0)
    return re.search(r'dir="(\w+)"', tag).group(1)


def test_an_arabic_storys_words_run_right_to_left_in_an_english_admin(editor_client):
    story = ArticleFactory(language="ar", headline="استئناف المحادثات")
    form = editor_client.get(change_url(story))
    assert 'dir="ltr"' in html_tag(form)
    assert [words_dir(form, name) for name in ("headline", "standfirst", "body")] == ["rtl"] * 3


def test_an_english_storys_words_run_left_to_right_in_an_arabic_admin(editor, editor_client, story):
    speaks(editor, "ar")
    form = editor_client.get(change_url(story))
    assert 'dir="rtl"' in html_tag(form)
    assert [words_dir(form, name) for name in ("headline", "standfirst", "body")] == ["ltr"] * 3


# --- the admin's scripts ------------------------------------------------------------------


def test_the_admins_script_catalog_has_the_desks_strings(editor, editor_client):
    speaks(editor, "tr")
    catalog = editor_client.get(reverse("admin:jsi18n")).content.decode()
    assert "Kopyaland\\u0131" in catalog or "Kopyalandı" in catalog
    assert "Taslak kopya %(time)s saatinde sakland" in catalog  # JSON: \u0131


# --- the catalogs -------------------------------------------------------------------------


def po_entries(path):
    """(msgctxt, msgid, [msgstr…], flags) of each entry of a .po file but its header."""
    entries, current, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        starts = line.startswith(("#", "msgid ", "msgctxt "))
        if current is not None and (not line.strip() or (starts and current["strs"])):
            entries.append(current)
            current = None
        if not line.strip():
            continue
        if current is None:
            current = {"ctx": None, "id": "", "strs": [], "flags": ""}
        if line.startswith("#,"):
            current["flags"] += line
        elif line.startswith("#"):
            continue
        elif match := re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line):
            field, value = match.group(1), eval(match.group(2))  # a quoted .po string
            if field.startswith("msgstr"):
                current["strs"].append(value)
            elif field in ("msgid", "msgctxt"):
                current["ctx" if field == "msgctxt" else "id"] = value
        elif line.startswith('"'):
            if field.startswith("msgstr"):
                current["strs"][-1] += eval(line)
            elif field in ("msgid", "msgctxt"):
                current["ctx" if field == "msgctxt" else "id"] += eval(line)
    return [entry for entry in entries if entry["id"]]


CATALOGS = [LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"
            for lang in ("tr", "ar") for domain in ("django", "djangojs")]  # fmt: skip


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: f"{path.parts[-3]}/{path.name}")
def test_every_string_is_translated_and_none_is_fuzzy(path):
    entries = po_entries(path)
    assert entries
    assert [e["id"] for e in entries if not all(e["strs"])] == []
    assert [e["id"] for e in entries if "fuzzy" in e["flags"]] == []
    if path.parts[-3] == "ar":
        assert all(len(e["strs"]) == 6 for e in entries if len(e["strs"]) > 1)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: f"{path.parts[-3]}/{path.name}")
def test_the_compiled_catalog_is_that_of_the_po_file(path):
    with path.with_suffix(".mo").open("rb") as compiled:
        catalog = GNUTranslations(compiled)._catalog
    compiled_ids = {key[0] if isinstance(key, tuple) else key for key in catalog} - {""}
    written = {f"{e['ctx']}\x04{e['id']}" if e["ctx"] else e["id"] for e in po_entries(path)}
    assert compiled_ids == written, "run manage.py compilemessages (docs/translating.md)"
