"""axe-core in Chromium: the accessibility violations of each page, as JSON.

    .venv/bin/python -m audit.axe home=http://127.0.0.1:8000/ story=http://…/ > axe.json

Each page is opened in Debian's Chromium (headless, driven by Playwright) at a phone's
width and at a desktop's, since layout decides contrast, overlap and target sizes;
axe-core (node_modules/axe-core) is injected once the page has loaded and run with its
default rules (WCAG 2.0–2.2 A and AA, and its best practices). Prints
``{name: {"390x844": [violation, …], "1280x800": […]}}``, each violation with its rule,
impact, help text and the elements it found.

tests/validators runs this in a process of its own: Playwright's sync API keeps an event
loop running in the thread that uses it, which Django's database calls then refuse.
"""

import json
import sys

from playwright.sync_api import sync_playwright

from audit import tools

VIEWPORTS = [(390, 844), (1280, 800)]
RUN_AXE = """async () => {
  await document.fonts.ready;  // judged as drawn: icon fonts are words until they arrive
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target, html: n.html, summary: n.failureSummary})),
  }));
}"""


def check(pages):
    """``pages``: {name: url}. Returns {name: {"WxH": [violations]}}."""
    axe = tools.axe_script().read_text()
    results = {name: {} for name in pages}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=tools.playwright(), args=["--no-sandbox"], headless=True
        )
        try:
            for width, height in VIEWPORTS:
                # bypass_csp: axe arrives as an injected script, which a page's own
                # Content-Security-Policy would rightly refuse.
                context = browser.new_context(
                    viewport={"width": width, "height": height}, bypass_csp=True
                )
                page = context.new_page()
                for name, url in pages.items():
                    page.goto(url, wait_until="load")
                    page.add_script_tag(content=axe)
                    results[name][f"{width}x{height}"] = page.evaluate(RUN_AXE)
                context.close()
        finally:
            browser.close()
    return results


def main():
    pages = dict(argument.split("=", 1) for argument in sys.argv[1:])
    if not pages:
        sys.exit("usage: python -m audit.axe name=url [name=url …]")
    try:
        tools.playwright()
        tools.axe_script()
    except tools.Missing as missing:
        sys.exit(f"axe: {missing}")
    json.dump(check(pages), sys.stdout, indent=1)


if __name__ == "__main__":
    main()
