"""Make a large synthetic newsroom quickly, for the benchmark (bench/).

    python manage.py generate_newsroom --stories 100000 [--seed 7] [--replace]

At full scale: 30 sections, 2,000 authors, 20,000 tags, a picture on most stories,
bodies of 300-1,500 words, bylines, agency sources, tags, publication times spread
over five years, and a few drafts, scheduled and unpublished stories so that the
public filters have something to leave out. Smaller runs scale the authors and tags
down. Everything goes in with ``bulk_create`` in batches; no per-row ``save()``.

Synthetic rows are marked by the ``syn-`` slug prefix (and ``SYN`` source codes), so
``--replace`` removes exactly them and a second run without it refuses. Pictures are
a handful of real files made once with Pillow, shared by many Image rows.
"""

import random
import time
from datetime import timedelta
from pathlib import Path

from django.contrib.postgres.search import SearchVector
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F, Func, TextField, Value
from django.utils import timezone

from articles import editions, search
from articles.models import (
    Article,
    ArticleSource,
    Author,
    Byline,
    Image,
    Section,
    Source,
    Tag,
    TaggedArticle,
)

PREFIX = "syn-"
SOURCE_PREFIX = "SYN"
PICTURE_FOLDER = "images/synthetic"
PICTURES = 8
BATCH = 1000

SECTION_NAMES = [
    "World", "Politics", "Business", "Economy", "Markets", "Technology", "Science",
    "Health", "Climate", "Environment", "Sport", "Football", "Culture", "Books", "Film",
    "Music", "Travel", "Food", "Education", "Law", "Opinion", "Analysis", "Europe",
    "Middle East", "Africa", "Asia", "Americas", "Energy", "Defence", "Media",
]  # fmt: skip
FIRST_NAMES = [
    "Ayla", "Mehmet", "Sara", "John", "Fatma", "Ali", "Elif", "David", "Maria", "Omar",
    "Lena", "Yusuf", "Hana", "Peter", "Nadia", "Emre", "Clara", "Tariq", "Irina", "Kemal",
    "Sofia", "Jonas", "Leila", "Marco", "Zeynep", "Amir", "Julia", "Can", "Noor", "Erik",
]  # fmt: skip
LAST_NAMES = [
    "Demir", "Yilmaz", "Kaya", "Smith", "Haddad", "Novak", "Rossi", "Schmidt", "Ozturk",
    "Khan", "Silva", "Petrov", "Aydin", "Jensen", "Costa", "Celik", "Moreau", "Said",
    "Arslan", "Weber", "Sahin", "Doğan", "Ivanova", "Karimi", "Brown", "Yildiz", "Lopez",
    "Nakamura", "Berg", "Farah",
]  # fmt: skip
# Plain words only: the bodies need no escaping, and search has common and rare words.
WORDS = """
government minister president parliament election vote talks agreement ceasefire border
economy inflation market prices energy gas oil power grid climate flood drought storm
river city village region country capital police court judge trial law reform budget
tax bank rates growth trade exports workers union strike school students hospital
doctors health vaccine research scientists study data report officials spokesperson
statement meeting summit leaders foreign security defence troops aid refugees crisis
people families residents community water food harvest farmers prices transport rail
airport port shipping container company shares investors profit loss deal merger
technology software network internet phone privacy media newspaper broadcast film
festival music museum exhibition artist season match team coach league final goal
record victory defeat injury stadium fans weather heat snow earthquake rescue damage
reconstruction housing rent mortgage construction road bridge tunnel project plan
decision announcement investigation inquiry evidence witness committee debate policy
proposal opposition coalition party campaign poll survey result analysis expert warned
said told added according yesterday today week month year morning evening night early
late new old first last major minor local national international public private
""".split()
KICKS = ["Breaking", "Exclusive", "Live", "Explainer", "Analysis", "Interview"]


def scaled(total, stories, divisor):
    return max(1, min(total, stories // divisor))


class Timer:
    def __init__(self, out):
        self.out, self.start, self.last = out, time.perf_counter(), time.perf_counter()

    def step(self, what):
        now = time.perf_counter()
        self.out.write(f"  {what}: {now - self.last:.1f} s")
        self.last = now


class Command(BaseCommand):
    help = "Make a large synthetic newsroom with bulk inserts (for the benchmark)."

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, required=True, help="How many stories.")
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed (same seed, same data)."
        )
        parser.add_argument(
            "--replace", action="store_true", help="Remove earlier synthetic data first."
        )

    def handle(self, *args, stories, seed, replace, **options):
        if stories < 1:
            raise CommandError("--stories must be at least 1.")
        if Article.objects.filter(slug__startswith=PREFIX).exists() or (
            Section.objects.filter(slug__startswith=PREFIX).exists()
        ):
            if not replace:
                raise CommandError(
                    "Synthetic data already exists; run with --replace to make it again."
                )
        self.rng = random.Random(seed)
        timer = Timer(self.stdout)
        if replace:
            self.remove()
            timer.step("removed earlier synthetic data")
        with transaction.atomic():
            sections = self.make_sections()
            sources = self.make_sources()
            authors = self.make_authors(max(2, scaled(2000, stories, 50)))
            tags = self.make_tags(scaled(20000, stories, 5))
            timer.step(
                f"{len(sections)} sections, {len(sources)} sources, {len(authors)} authors, "
                f"{len(tags)} tags"
            )
            images = self.make_images(int(stories * 0.85) or 1, sources)
            timer.step(f"{len(images)} images ({PICTURES} picture files)")
            made = self.make_stories(stories, sections, authors, sources, tags, images, timer)
        if connection.vendor == "postgresql":
            self.fill_search_vectors()
            timer.step("search vectors (one UPDATE), VACUUM ANALYZE")
        # Bulk inserts send no signals, so no page was told that the newsroom changed:
        # cached pages (and part caches) of the old newsroom must not answer for the new.
        cache.clear()
        total = time.perf_counter() - timer.start
        self.stdout.write(self.style.SUCCESS(f"Made {made} synthetic stories in {total:.1f} s."))

    # --- removal ---------------------------------------------------------------

    def remove(self):
        with transaction.atomic():
            synthetic = Article.objects.filter(slug__startswith=PREFIX)
            TaggedArticle.objects.filter(content_object__in=synthetic).delete()
            Byline.objects.filter(article__in=synthetic).delete()
            ArticleSource.objects.filter(article__in=synthetic).delete()
            synthetic.delete()
            Image.objects.filter(file__startswith=PICTURE_FOLDER + "/").delete()
            Author.objects.filter(slug__startswith=PREFIX).delete()
            Tag.objects.filter(slug__startswith=PREFIX).delete()
            Section.objects.filter(slug__startswith=PREFIX).delete()
            Source.objects.filter(code__startswith=SOURCE_PREFIX).delete()

    # --- the cast --------------------------------------------------------------

    def make_sections(self):
        taken = set(Section.objects.values_list("name", flat=True))
        rows = []
        for position, name in enumerate(SECTION_NAMES):
            name = name if name not in taken else f"{name} (synthetic)"
            slug = PREFIX + name.lower().replace(" ", "-").replace("(", "").replace(")", "")
            rows.append(Section(name=name, slug=slug, position=position))
        return Section.objects.bulk_create(rows)

    def make_sources(self):
        agencies = ["Anadolu", "Reuters", "AFP", "AP", "DPA", "EFE"]
        rows = [
            Source(name=f"{name} (synthetic)", code=f"{SOURCE_PREFIX}{i}")
            for i, name in enumerate(agencies)
        ]
        return Source.objects.bulk_create(rows)

    def make_authors(self, count):
        roles = ["Reporter", "Correspondent", "Editor", "Diplomatic editor", "Columnist"]
        rows = []
        for i in range(count):
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            rows.append(
                Author(
                    name=name,
                    slug=f"{PREFIX}{i}-{name.lower().replace(' ', '-')}".encode(
                        "ascii", "ignore"
                    ).decode(),
                    role=self.rng.choice(roles),
                    bio=f"{name} writes about {self.rng.choice(WORDS)}.",
                )
            )
        return Author.objects.bulk_create(rows, batch_size=BATCH)

    def make_tags(self, count):
        # Two-word names from the word list are unique and read like tags; beyond
        # their number, a numbered name.
        taken = {name.lower() for name in Tag.objects.values_list("name", flat=True)}
        pairs = [(a, b) for a in WORDS for b in WORDS if a != b]
        self.rng.shuffle(pairs)
        rows, i = [], 0
        while len(rows) < count:
            a, b = pairs[i] if i < len(pairs) else (f"topic {i}", "")
            name = f"{a.title()} {b}".strip()
            i += 1
            if name.lower() in taken:
                continue
            taken.add(name.lower())
            rows.append(Tag(name=name, slug=f"{PREFIX}{len(rows)}-{a}-{b}".strip("-")))
        return Tag.objects.bulk_create(rows, batch_size=BATCH)

    def picture_files(self):
        """A handful of real pictures, written once and shared by many Image rows."""
        from PIL import Image as Picture

        names = []
        for i in range(PICTURES):
            name = f"{PICTURE_FOLDER}/picture-{i}.jpg"
            if not default_storage.exists(name):
                path = Path(default_storage.path(name))
                path.parent.mkdir(parents=True, exist_ok=True)
                colour = (40 + 25 * i, 90 + 10 * i, 160 - 12 * i)
                Picture.new("RGB", (1600, 900), colour).save(path, "JPEG", quality=70)
            names.append(name)
        return names

    def make_images(self, count, sources):
        files = self.picture_files()
        rows = []
        for i in range(count):
            source = self.rng.choice(sources) if self.rng.random() < 0.6 else None
            rows.append(
                Image(
                    file=files[i % len(files)],
                    width=1600,
                    height=900,
                    alt_text=f"Picture of {self.rng.choice(WORDS)} and {self.rng.choice(WORDS)}",
                    caption=self.sentence(8, 16),
                    credit_source=source,
                    credit_text="" if source else f"{self.rng.choice(LAST_NAMES)} / Staff",
                )
            )
        return Image.objects.bulk_create(rows, batch_size=BATCH)

    # --- the stories -----------------------------------------------------------

    def sentence(self, low, high):
        words = self.rng.choices(WORDS, k=self.rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    def body(self):
        """300-1,500 words in paragraphs, with a subheading now and then."""
        remaining, parts = self.rng.randint(300, 1500), []
        while remaining > 0:
            if parts and self.rng.random() < 0.12:
                parts.append(f"<h2>{self.sentence(3, 6)[:-1]}</h2>")
            length = min(remaining, self.rng.randint(40, 120))
            remaining -= length
            words = self.rng.choices(WORDS, k=length)
            # Sentences of about 15 words.
            sentences = [
                " ".join(words[i : i + 15]).capitalize() + "." for i in range(0, length, 15)
            ]
            parts.append(f"<p>{' '.join(sentences)}</p>")
        return "".join(parts)

    def make_stories(self, count, sections, authors, sources, tags, images, timer):
        rng, now = self.rng, timezone.now()
        # Some sections are much busier than others, and a few tags are on many
        # stories, as in a real newsroom. Zipf's law for sections: World takes a
        # quarter, so that at 100,000 stories its listing runs past page 1,000 (the
        # benchmark's deep page) and the smallest section still has ~800 stories.
        section_weights = [1 / (i + 1) for i in range(len(sections))]
        tag_weights = [1 / (i + 1) for i in range(len(tags))]
        five_years = 5 * 365 * 24 * 3600
        made, image_index = 0, 0
        sanitise_time = 0.0
        for start in range(0, count, BATCH):
            stories = []
            for n in range(start, min(count, start + BATCH)):
                roll = rng.random()
                published_at = now - timedelta(seconds=rng.randint(60, five_years))
                status = Article.Status.PUBLISHED
                if roll < 0.01:
                    status, published_at = Article.Status.DRAFT, None
                elif roll < 0.015:  # scheduled: published, its time not yet come
                    published_at = now + timedelta(hours=rng.randint(1, 72))
                elif roll < 0.02:
                    status = Article.Status.UNPUBLISHED
                image = None
                if image_index < len(images) and rng.random() < 0.85:
                    image, image_index = images[image_index], image_index + 1
                headline = self.sentence(6, 12)[:-1]
                stories.append(
                    Article(
                        headline=headline,
                        slug=(f"{PREFIX}{n}-" + "-".join(headline.lower().split()[:6]))[:120],
                        kind=rng.choice(Article.Kind.values),
                        section=rng.choices(sections, section_weights)[0],
                        standfirst=self.sentence(18, 35),
                        body=self.body(),
                        hero_image=image,
                        status=status,
                        published_at=published_at,
                    )
                )
            began = time.perf_counter()
            Article.objects.bulk_create(stories)
            sanitise_time += time.perf_counter() - began
            bylines, credits, tagged = [], [], []
            for story in stories:
                for position, author in enumerate(
                    rng.sample(authors, min(len(authors), rng.choice((1, 1, 1, 2))))
                ):
                    bylines.append(Byline(article=story, author=author, position=position))
                if rng.random() < 0.4:
                    credits.append(ArticleSource(article=story, source=rng.choice(sources)))
                chosen = {t.pk: t for t in rng.choices(tags, tag_weights, k=rng.randint(2, 5))}
                tagged.extend(
                    TaggedArticle(content_object=story, tag=tag) for tag in chosen.values()
                )
            Byline.objects.bulk_create(bylines)
            ArticleSource.objects.bulk_create(credits)
            TaggedArticle.objects.bulk_create(tagged)
            made += len(stories)
        timer.step(
            f"{made} stories with bylines, sources and tags "
            f"(inserting stories, sanitising included: {sanitise_time:.1f} s)"
        )
        return made

    def fill_search_vectors(self):
        """The vectors ``Article.update_search_vector`` stores, for every synthetic story
        in one UPDATE: the bodies hold no entities or angle brackets, so stripping the
        tags in SQL gives the same text as ``body_plain_text``. The synthetic stories are
        the default edition's, and read in its language."""
        config = search.config(editions.default_code())
        body_text = Func(
            F("body"),
            Value("<[^>]*>"),
            Value(" "),
            Value("g"),
            function="regexp_replace",
            output_field=TextField(),
        )
        vector = (
            SearchVector("headline", weight="A", config=config)
            + SearchVector("standfirst", weight="B", config=config)
            + SearchVector(body_text, weight="C", config=config)
        )
        Article.objects.filter(slug__startswith=PREFIX).update(search_vector=vector)
        with connection.cursor() as cursor:
            if connection.in_atomic_block:  # in a test: VACUUM cannot run in a transaction
                cursor.execute("ANALYZE")
            else:
                # The UPDATE left a dead copy of every story: without VACUUM the planner
                # and index scans wade through twice the rows until autovacuum comes by.
                cursor.execute(f"VACUUM ANALYZE {Article._meta.db_table}")
                cursor.execute("ANALYZE")
