"""The demo newsroom: the reference story and its neighbours, as plain data.

The seed story is the reference page (design/article-anatomy.md) part by part:
its text is kept as the page printed it, typographic quotes and all. The other
stories exist so that its READ MORE link, Recommended slot and Explore list
point somewhere; their bodies are placeholders and say so.
``python manage.py load_demo`` writes all of this to the database.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils.html import escape

from articles.text import ascii_slugify

# Each section's name in the demo's other editions (Turkish, Arabic): ``names``.
SECTIONS = [
    # Türkiye's capitals need Turkish rules (dotted İ), hence the explicit kicker.
    {
        "name": "Türkiye",
        "slug": "turkiye",
        "names": {"ar": "تركيا"},
        "kicker": "TÜRKİYE",
        "language": "tr",
        "position": 10,
        "description": "News from Türkiye and its neighbourhood.",
    },
    {
        "name": "World",
        "slug": "world",
        "names": {"tr": "Dünya", "ar": "العالم"},
        "language": "en",
        "position": 20,
        "description": "International news.",
    },
    {
        "name": "Middle East",
        "slug": "middle-east",
        "names": {"tr": "Orta Doğu", "ar": "الشرق الأوسط"},
        "language": "en",
        "position": 30,
        "description": "News from the Middle East.",
    },
    {
        "name": "Business",
        "slug": "business",
        "names": {"tr": "Ekonomi", "ar": "اقتصاد"},
        "language": "en",
        "position": 40,
        "description": "Economy, trade, energy and companies.",
    },
    {
        "name": "Culture",
        "slug": "culture",
        "names": {"tr": "Kültür", "ar": "ثقافة"},
        "language": "en",
        "position": 50,
        "description": "Arts, heritage and archaeology.",
    },
    {
        "name": "Analysis",
        "slug": "analysis",
        "names": {"tr": "Analiz", "ar": "تحليل"},
        "language": "en",
        "position": 60,
        "description": "Analysis and opinion, signed by their authors.",
    },
]

SOURCES = [{"name": "Anadolu Agency", "code": "AA", "website": "https://www.aa.com.tr/en/"}]

AUTHORS = [
    {"name": "Kazim Alam", "slug": "kazim-alam"},
    {"name": "Esra Karataş Alpay", "slug": "esra-karatas-alpay"},
]


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


def demo_body(*paragraphs):
    """A placeholder body that no reader could mistake for reporting."""
    text = [
        "Demo text: this story belongs to the demo newsroom. Its headline comes from "
        "the reference page; this text is a placeholder, not reporting.",
        *paragraphs,
        "Editors can replace it in the admin.",
    ]
    return "".join(f"<p>{escape(p)}</p>" for p in text)


@dataclass(frozen=True)
class Story:
    headline: str
    section: str  # section slug
    published_at: datetime
    standfirst: str = ""
    body: str = ""
    kind: str = "news"
    authors: tuple = ()  # author slugs, in byline order
    sources: tuple = ("AA",)  # source codes
    tags: tuple = ()
    slug: str = field(default="")
    language: str = ""  # an edition's; "" for the newsroom's default

    def __post_init__(self):
        if not self.slug:
            object.__setattr__(self, "slug", ascii_slugify(self.headline, max_length=120))
        if not self.body:
            object.__setattr__(self, "body", demo_body())


# --- The seed story -----------------------------------------------------------

# Where the gallery of the meeting's photos goes: load_demo puts SEED_GALLERY's ids here.
GALLERY_MARK = '<div data-gallery="demo"></div>'

SEED_BODY_BLOCKS = [
    # The page's NBSPs ("On NATO, Cavusoglu and") are typing accidents: plain spaces here.
    '<p>US Secretary of State Antony Blinken has said he looks forward to "continued '
    'coordination" with Türkiye on various issues, following a meeting with Turkish Foreign '
    "Minister Mevlut Cavusoglu in Washington.</p>",
    "<p>Noting that they discussed many important issues as part of the US-Türkiye Strategic "
    "Mechanism, Blinken said on Twitter on Thursday: “I look forward to continued coordination "
    "on @NATO’s response to Russia’s unprovoked war against Ukraine, Syria, and other "
    "challenges.”</p>",
    # The post the paragraph quotes, as readers get it: its words and a link; the post
    # itself loads only if a reader asks. A demo address: the demo quotes the page.
    '<figure data-embed="https://twitter.com/SecBlinken/status/1615800000000000000" '
    'data-author="Secretary Antony Blinken" data-date="2023-01-19"><blockquote>I look forward to '
    "continued coordination on @NATO’s response to Russia’s unprovoked war against Ukraine, "
    "Syria, and other challenges.</blockquote></figure>",
    "<p>He also posted photos taken during the meeting.</p>",
    GALLERY_MARK,
    "<h2>'Positive bilateral agenda'</h2>",
    "<p>Blinken and Cavusoglu met on Wednesday and agreed to continue their engagement under a "
    'strategic mechanism to review progress and maintain momentum in their "positive bilateral '
    'agenda," said a joint statement.</p>',
    "<p>The mechanism was launched last April following a meeting between Turkish President "
    "Recep Tayyip Erdogan and his US counterpart Joe Biden on the sidelines of the G-20 summit "
    "in Rome.</p>",
    "<p>To date, the top diplomats have met four times as part of the mechanism.</p>",
    '<p>Cavusoglu and Blinken "reiterated their commitment to a concrete and results-oriented '
    'positive bilateral agenda," said the statement, adding they discussed strengthening the '
    "Türkiye-US defence partnership, including modernization of Türkiye’s F-16 fleet.</p>",
    '<p>On NATO, Cavusoglu and Blinken "reaffirmed their long-standing commitment to collective '
    "defense as Allies, as well as to NATO’s Open Door Policy.”</p>",
    '<p>The two diplomat also "appreciated the continuous growth in Türkiye-US bilateral trade '
    'relations."</p>',
]

SEED = Story(
    headline="Blinken underlines ‘continued coordination’ after meeting with Cavusoglu",
    standfirst=(
        "‘I look forward to continued coordination on NATO’s response to Russia’s unprovoked war "
        "against Ukraine, Syria, other challenges,’ says US secretary of state."
    ),
    body="".join(SEED_BODY_BLOCKS),
    section="turkiye",
    published_at=utc(2023, 1, 19, 9, 30),  # the same calendar day from UTC-9 to UTC+14
    tags=("Türkiye", "US", "NATO", "diplomacy"),
)

# The photos of the meeting, as a gallery after "He also posted photos": placeholders
# drawn by the demo loader, found again by their alt text.
SEED_GALLERY = [
    {
        "file_name": f"demo-meeting-{number}.jpg",
        "alt_text": f"Demo placeholder picture {number} of 3 for the meeting of Blinken and "
        "Cavusoglu: a blue gradient with the words Demo photo",
        "caption": caption,
        "credit_source": "AA",
        "lines": ("Demo photo", f"The meeting, picture {number} of 3"),
    }
    for number, caption in enumerate(
        [
            "Blinken and Cavusoglu before their talks in Washington (demo picture).",
            "The two delegations at the table (demo picture).",
            "The ministers after the meeting (demo picture).",
        ],
        start=1,
    )
]

SEED_HERO = {
    "file_name": "demo-blinken-cavusoglu.jpg",
    # Says what the placeholder shows, and which story it stands in for.
    "alt_text": (
        "Demo placeholder picture for “Blinken underlines ‘continued coordination’ after meeting "
        "with Cavusoglu”: a blue gradient with the words Demo photo"
    ),
    "caption": (
        "To date, the top diplomats have met four times as part of the Türkiye-US Strategic "
        "Mechanism."
    ),
    "credit_source": "AA",
    # Pillow's built-in font has no ü or İ: keep the words ASCII.
    "lines": ("Demo photo", "A placeholder from the demo newsroom"),
}

# The story the READ MORE line points to, a few days older than the seed.
READ_MORE = Story(
    headline="US to host Turkish FM to discuss F-16 deal and Sweden's NATO bid",
    standfirst=(
        "The Turkish foreign minister is to visit Washington for talks on the F-16 deal and "
        "Sweden's bid to join NATO."
    ),
    section="turkiye",
    published_at=utc(2023, 1, 14, 11, 0),
    tags=("Türkiye", "US", "NATO", "F-16", "Sweden", "diplomacy"),
)

# --- Explore, in the seed's order ---------------------------------------------
# Newer stories (2025). Only three of them are in Türkiye, so that the seed story
# still makes the home page's four-story Türkiye group.

EXPLORE = [
    Story(
        headline=(
            "Türkiye’s Erdogan, Spain’s Sanchez discuss Gaza crisis, bilateral ties in phone Call"
        ),
        standfirst="The Turkish president and the Spanish prime minister spoke by phone.",
        section="world",
        published_at=utc(2025, 9, 29, 16, 20),
        tags=("Türkiye", "Spain", "Gaza", "diplomacy"),
    ),
    Story(
        headline=(
            "4,500-year-old golden brooch and rare jade discovered in Türkiye’s ancient city "
            "of Troy"
        ),
        standfirst="Excavations at Troy bring a golden brooch and rare jade to light.",
        section="culture",
        published_at=utc(2025, 9, 29, 11, 5),
        tags=("Türkiye", "archaeology", "Troy"),
    ),
    Story(
        headline=(
            "Erdogan: Recognition of Palestine ‘belated but crucial,’ demands action against Israel"
        ),
        standfirst="The Turkish president comments on the recognition of Palestine.",
        section="middle-east",
        published_at=utc(2025, 9, 28, 18, 40),
        tags=("Türkiye", "Palestine", "Israel", "diplomacy"),
    ),
    Story(
        headline=(
            "Türkiye's Zero Waste Movement marks 8th year of economic, environmental, and "
            "global impact"
        ),
        standfirst="Türkiye's Zero Waste Movement turns eight.",
        section="turkiye",
        published_at=utc(2025, 9, 28, 9, 15),
        tags=("Türkiye", "environment", "Zero Waste"),
    ),
    Story(
        headline=(
            "Why Erdogan’s White House meeting with Trump could be a game-changer in "
            "Türkiye-US relationship"
        ),
        standfirst="What the White House meeting could change between Ankara and Washington.",
        section="analysis",
        kind="analysis",
        authors=("kazim-alam",),
        sources=(),
        published_at=utc(2025, 9, 27, 12, 0),
        tags=("Türkiye", "US", "diplomacy"),
    ),
    Story(
        headline="It is time for new approach to resolve Cyprus issue: TRNC president",
        standfirst="The TRNC president calls for a new approach to the Cyprus issue.",
        section="world",
        published_at=utc(2025, 9, 26, 15, 30),
        tags=("Cyprus", "TRNC", "diplomacy"),
    ),
    Story(
        headline="Turkish FM Fidan warns of Israel's 'calculated expansionism' at OIC meeting",
        standfirst="Turkish Foreign Minister Hakan Fidan addresses an OIC meeting.",
        section="middle-east",
        published_at=utc(2025, 9, 26, 8, 45),
        tags=("Türkiye", "Israel", "OIC", "diplomacy"),
    ),
    Story(
        headline=(
            "Turkish President Erdogan hails UK's recognition of Palestine in call with UK "
            "Premier Keir Starmer"
        ),
        standfirst="The Turkish president and the UK prime minister spoke by phone.",
        section="world",
        published_at=utc(2025, 9, 25, 19, 10),
        tags=("Türkiye", "UK", "Palestine", "diplomacy"),
    ),
    Story(
        headline="Türkiye determines its cooperation with Russia as a sovereign nation: Kremlin",
        standfirst="The Kremlin comments on Türkiye's cooperation with Russia.",
        section="world",
        published_at=utc(2025, 9, 25, 10, 30),
        tags=("Türkiye", "Russia", "diplomacy"),
    ),
    Story(
        headline=(
            "Why the revival of the Ottoman-era Hejaz Railway matters for Türkiye, Syria and Jordan"
        ),
        standfirst="What reviving the Hejaz Railway could mean for the three countries.",
        section="analysis",
        kind="analysis",
        authors=("esra-karatas-alpay",),
        sources=(),
        published_at=utc(2025, 9, 24, 13, 0),
        tags=("Türkiye", "Syria", "Jordan", "railways"),
    ),
    Story(
        headline=(
            "President Erdogan hails UN support for Palestine, says talks with Trump 'constructive'"
        ),
        standfirst="The Turkish president on UN support for Palestine and his talks with Trump.",
        section="turkiye",
        published_at=utc(2025, 9, 24, 7, 50),
        tags=("Türkiye", "US", "Palestine", "UN"),
    ),
    Story(
        headline=(
            "Turkish Airlines announces decision to buy 225 Boeing planes after Trump-Erdogan talks"
        ),
        standfirst="Turkish Airlines says it will buy 225 Boeing planes.",
        body=demo_body() + '<table data-caption="The order, by model (demo figures)"><tbody>'
        "<tr><th><p>Model</p></th><th><p>Firm orders</p></th><th><p>Options</p></th></tr>"
        "<tr><th><p>787 Dreamliner</p></th><td><p>50</p></td><td><p>25</p></td></tr>"
        "<tr><th><p>737 MAX</p></th><td><p>100</p></td><td><p>50</p></td></tr>"
        "<tr><th><p>All</p></th><td><p>150</p></td><td><p>75</p></td></tr>"
        "</tbody></table>",
        section="business",
        published_at=utc(2025, 9, 23, 20, 15),
        tags=("Türkiye", "US", "Turkish Airlines", "Boeing", "aviation"),
    ),
    Story(
        headline="US envoy says 'Turkish Airlines–Boeing deal is done'",
        # ascii_slugify drops the en dash and would glue "airlinesboeing" together.
        slug="us-envoy-says-turkish-airlines-boeing-deal-is-done",
        standfirst="A US envoy comments on the Turkish Airlines–Boeing deal.",
        section="business",
        published_at=utc(2025, 9, 23, 12, 40),
        tags=("Türkiye", "US", "Turkish Airlines", "Boeing", "aviation"),
    ),
    Story(
        headline="Türkiye, US sign deal to deepen partnership in nuclear energy",
        standfirst="Ankara and Washington sign a nuclear energy deal.",
        section="business",
        published_at=utc(2025, 9, 22, 17, 5),
        tags=("Türkiye", "US", "energy"),
    ),
    Story(
        headline="Türkiye's Erdogan holds diplomatic marathon in US",
        standfirst="The Turkish president's meetings in the US.",
        section="turkiye",
        published_at=utc(2025, 9, 22, 9, 30),
        tags=("Türkiye", "US", "diplomacy"),
    ),
    Story(
        headline="Türkiye, Egypt hold first joint naval exercise in the Mediterranean in 13 years",
        standfirst="Turkish and Egyptian navies exercise together in the Mediterranean.",
        section="middle-east",
        published_at=utc(2025, 9, 21, 14, 0),
        tags=("Türkiye", "Egypt", "defence"),
    ),
]

# The seed's Recommended slot: a story on the same relationship, from Explore.
RECOMMENDED = EXPLORE[4]

# Where the inline slots sit in the seed body (counting the h2 as a block).
RECOMMENDED_AFTER_BLOCK = 8  # after "The mechanism was launched …"
READ_MORE_AFTER_BLOCK = len(SEED_BODY_BLOCKS)  # after the last paragraph

STORIES = [READ_MORE, *EXPLORE, SEED]  # in the order they are written
