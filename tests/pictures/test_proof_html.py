"""The proof page: its structure (every step names SVG elements that exist), escaping, and
the highlight in a real headless browser (slow; skipped without chromium)."""
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from domains.geometry.parse import parse_problem
from domains.geometry.pictures import result_figure
from domains.geometry.proof_html import page, write_page
from domains.geometry.prover import prove

ORTHOCENTER = "a b c = triangle a b c; d = foot d a b c; e = foot e b c a; " \
              "h = on_line h a d, on_line h b e ? perp c h a b"


class _Page(HTMLParser):
    """The ids inside the <svg>, the steps' attributes, and every tag seen."""

    def __init__(self):
        super().__init__()
        self.svg_ids, self.steps, self.tags, self.depth = set(), [], [], 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "svg":
            self.depth += 1
        if self.depth and "id" in a:
            self.svg_ids.add(a["id"])
        if tag == "li" and "data-objects" in a:
            self.steps.append(a)

    def handle_endtag(self, tag):
        if tag == "svg":
            self.depth -= 1


def _parsed(text):
    p = _Page()
    p.feed(text)
    return p


@pytest.fixture(scope="module")
def fig():
    return result_figure(prove(parse_problem("orthocenter", ORTHOCENTER), seconds=20))


def test_each_step_lists_its_objects_and_they_are_in_the_svg(fig):
    p = _parsed(page(fig))
    assert [s["data-step"] for s in p.steps] == [str(n) for n in range(1, 8)]
    for s in p.steps:
        objects = s["data-objects"].split()
        assert objects and set(objects) <= p.svg_ids, s["id"]
    assert "right-a-b-c-h" in p.steps[-1]["data-objects"].split()


def test_the_page_is_self_contained(fig):
    text = page(fig)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    assert _parsed(text).tags.count("script") == 1


def test_text_from_the_problem_file_is_escaped():
    evil = '<script>alert("x")</script> & "q"'
    fig = result_figure(prove(parse_problem(evil, ORTHOCENTER), seconds=20))
    text = page(fig)
    assert evil not in text and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;" in text
    assert _parsed(text).tags.count("script") == 1


def _chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
@pytest.mark.skipif(_chromium() is None, reason="no chromium binary")
def test_a_browser_highlights_the_objects_of_the_step_in_the_url(fig, tmp_path):
    out = tmp_path / "proof.html"
    write_page(fig, out)
    step = fig.steps[-1]
    dom = subprocess.run([_chromium(), "--headless", "--disable-gpu", "--no-sandbox",
                          f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
                          f"{out.as_uri()}#step={step.number}"],
                         capture_output=True, text=True, timeout=120).stdout
    on = set(re.findall(r'id="([^"]+)" class="[^"]*\bon\b[^"]*"', dom))
    assert f"step-{step.number}" in on                    # the script ran and chose the step
    assert set(step.objects) <= on                         # every object of it lit up
    others = {i.id for i in fig.items} - set(step.objects)
    assert not on & others                                 # and nothing else
    assert re.search(r'<body data-selected="7"', dom)
    cited = set(re.findall(r'id="(step-\d+)" class="[^"]*\bcited\b', dom))
    assert cited == {f"step-{c}" for c in step.cites} and cited


def test_point_names_beyond_letters_make_safe_ids_that_still_match():
    problem = parse_problem("primes", "a b c = triangle a b c; a' = midpoint a' b c "
                                      "? cong b a' c a'")
    text = page(result_figure(prove(problem, seconds=20)))
    p = _parsed(text)
    assert "pt-a_27_" in p.svg_ids and all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in p.svg_ids)
    assert all(set(s["data-objects"].split()) <= p.svg_ids for s in p.steps)
