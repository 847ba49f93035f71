"""An Arabic story is laid out right to left in Chromium, from the same stylesheet as an
English one: the page says dir="rtl" and the stylesheet is written with logical
properties (margin-inline-start, not margin-left), so everything mirrors."""

import pytest

from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BODY = (
    "<p>قالت الأمم المتحدة إن المحادثات ستستأنف الأسبوع المقبل.</p>"
    "<blockquote><p>نحن بحاجة إلى وقف فوري لإطلاق النار.</p></blockquote>"
    "<ul><li>المساعدات</li><li>الممرات الآمنة</li></ul>"
)

# Where the headline's words sit in its box, and which side the body's rules are on.
LAYOUT = """() => {
  const headline = document.querySelector('.story__headline');
  const words = document.createRange();
  words.selectNodeContents(headline);
  const text = words.getBoundingClientRect(), box = headline.getBoundingClientRect();
  const quote = getComputedStyle(document.querySelector('.story__body blockquote'));
  const list = getComputedStyle(document.querySelector('.story__body ul'));
  return {
    fromLeft: text.left - box.left, fromRight: box.right - text.right,
    quoteRule: [quote.borderLeftWidth, quote.borderRightWidth],
    listIndent: [list.paddingLeft, list.paddingRight],
  };
}"""


@pytest.fixture
def editions(settings):
    settings.NEWSROOM_EDITIONS = "en,ar"


def test_an_arabic_story_mirrors_the_english_layout(browsers, editions):
    arabic = ArticleFactory(language="ar", headline="الأمم المتحدة تدعو", body=BODY)
    english = ArticleFactory(
        language="en",
        headline="UN calls for a ceasefire",
        body="<p>Talks resume.</p><blockquote><p>Now.</p></blockquote><ul><li>Aid</li></ul>",
    )
    reader = browsers.open("reader")

    reader.goto(english.get_absolute_url())
    ltr = reader.evaluate(LAYOUT)
    assert ltr["fromLeft"] < 2 < ltr["fromRight"]  # the words start at the left
    assert ltr["quoteRule"] == ["4px", "0px"]
    assert ltr["listIndent"][1] == "0px"

    reader.goto(arabic.get_absolute_url())
    assert reader.locator("html").get_attribute("dir") == "rtl"
    rtl = reader.evaluate(LAYOUT)
    assert rtl["fromRight"] < 2 < rtl["fromLeft"]  # and at the right here
    assert rtl["quoteRule"] == ["0px", "4px"]
    assert rtl["listIndent"] == list(reversed(ltr["listIndent"]))
