"""Content checks for the parent guidance pages: reading grade, FAQ, glossary, sources, site basics.

Run: .venv/bin/python -m pytest tests/test_content.py -q
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from quiz.authoring import readability
from quiz.authoring.readability import EXEMPT, GRADE_LIMIT, extract_prose, grade

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

# The pages this suite owns (the questionnaire page and how-it-works are checked elsewhere).
GUIDANCE_PAGES = [
    "index.md",
    "guide/what-a-paraprofessional-does.md",
    "guide/kinds-of-support.md",
    "guide/taking-part.md",
    "guide/safety.md",
    "guide/supports-and-plans.md",
    "guide/independence.md",
    "guide/preparing-and-asking.md",
    "guide/tracking.md",
    "guide/reading-the-iep.md",
    "guide/records-and-data.md",
    "guide/school-life-and-ages.md",
    "rights/index.md",
    "rights/iep-or-504.md",
    "rights/when-the-school-says-no.md",
    "rights/health-needs.md",
    "rights/language.md",
    "faq.md",
    "about.md",
    "disclaimer.md",
    "privacy.md",
    "glossary.md",
    "404.md",
]
ALL_PAGES = GUIDANCE_PAGES + ["sources.md"]

# The seed page's FAQ. Its stored text kept the five answers but lost the question headings,
# so the questions are reconstructed from the answers; the FAQ must ask each one as a heading.
SEED_FAQ_QUESTIONS = [
    "What does a paraprofessional do in school?",
    "Is 1:1 aide support the same as specialized instruction?",
    "How do I ask for paraprofessional support for my child?",
    "Can paraprofessional support be written into an IEP?",
    "Is more adult help always better?",
]

# Questions the issue names as ones parents ask (in our wording).
MORE_FAQ_QUESTIONS = [
    "What if the school says no?",
    "Can I ask for a particular aide?",
    "Will my child become dependent on an aide?",
    "What about the bus and field trips?",
    "My child has a 504 plan, not an IEP. Can they get an aide?",
    "Who pays for an aide?",
    "How long does 1:1 support last?",
]

GLOSSARY_ABBREVIATIONS = ["IEP", "FAPE", "IDEA", "LRE", "FBA", "BIP", "AAC", "SDI", "PWN", "ADL", "AT", "PBIS", "SELPA"]
GLOSSARY_TERMS = GLOSSARY_ABBREVIATIONS + [
    "504 plan",
    "Paraprofessional",
    "paraeducator",
    "Supplementary aids and services",
    "Prompt hierarchy",
]

HARD = (
    "Notwithstanding the aforementioned considerations, the individualized educational programming "
    "determination necessitates comprehensive interdisciplinary deliberation regarding supplementary "
    "accommodations, particularly where organizational constraints substantially complicate implementation."
)
EASY = "Your child can get help at school. Ask the team to meet. Bring notes about the hard parts of the day."


def read(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8")


def front_matter(page: str) -> dict:
    match = re.match(r"---\n(.*?)\n---\n", read(page), re.S)
    assert match, f"{page}: no front matter"
    return yaml.safe_load(match.group(1)) or {}


def headings(page: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(r"^#{1,6}\s+(.+)$", read(page), re.M)]


# --------------------------------------------------------------------------- reading grade


def test_hard_text_is_measured_above_the_limit_and_easy_text_below():
    assert grade(HARD) > GRADE_LIMIT
    assert grade(EASY) < GRADE_LIMIT
    assert grade("") == 0.0


def test_grading_never_downloads_from_nltk(monkeypatch):
    import nltk

    def no_download(*args, **kwargs):
        raise AssertionError("nltk.download was called: the syllable counter is not using the bundled dictionary")

    monkeypatch.setattr(nltk, "download", no_download)
    # A sentence with words that are in the CMU dictionary, unlikely to be cached by earlier tests.
    assert grade("Quixotic zephyrs meander languorously over the verdant archipelago.") > 0


def test_syllables_come_from_the_cmu_dictionary():
    textstat = readability._textstat()
    # Words where the CMU dictionary and pyphen's hyphenation (textstat's fallback) disagree:
    # CMU gives idea 3 and area 3 syllables, pyphen 1 each.
    assert textstat.syllable_count("idea") == 3
    assert textstat.syllable_count("area") == 3


def test_prose_extraction_skips_non_prose():
    markdown = """---
description: "Front matter words should not count"
---

# A heading that should not count

First paragraph with a [link text](page.md){#anchor} and `code`.
It goes on here

- a list item
  with a continuation line
1. a numbered item

| table | cell |
|---|---|
| more | cells |

```python
print("code block")
```

!!! note "Admonition title words"
    The admonition body counts.

Term
:   The definition counts.

*[IEP]: Individualized Education Program
"""
    prose = extract_prose(markdown)
    assert prose.splitlines() == [
        "First paragraph with a link text and . It goes on here.",
        "The admonition body counts.",
        "The definition counts.",
    ]
    for excluded in [
        "Front matter",
        "heading",
        "list item",
        "continuation",
        "numbered",
        "table",
        "print",
        "Admonition title",
        "Term",
        "Individualized",
        "anchor",
        "page.md",
    ]:
        assert excluded not in prose


def test_every_guidance_page_is_at_or_below_grade_8():
    results = {r.page: r for r in readability.check(DOCS)}
    for page in GUIDANCE_PAGES:
        assert page in results, f"{page} was not measured"
        assert not results[page].exempt, f"{page} must not be exempt"
        assert results[page].words > 20, f"{page}: almost no prose was found; is extraction broken?"
    over = [f"{r.page}: {r.grade}" for r in results.values() if r.over_limit]
    assert not over, "pages above grade 8: " + ", ".join(over)


def test_exemptions_are_few_and_explained():
    assert 1 <= len(EXEMPT) <= 3
    for page, reason in EXEMPT.items():
        assert (DOCS / page).is_file(), f"exempt page {page} does not exist"
        assert len(reason) > 20, f"exempt page {page} needs a reason"
        assert page not in GUIDANCE_PAGES


def test_cli_fails_and_names_a_page_over_the_limit(tmp_path):
    (tmp_path / "easy.md").write_text("# Easy\n\n" + EASY + "\n", encoding="utf-8")
    (tmp_path / "hard.md").write_text("# Hard\n\n" + HARD + "\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    run = subprocess.run(
        [sys.executable, "-m", "quiz.authoring.readability", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert run.returncode == 1
    assert "hard.md" in run.stderr and "easy.md" not in run.stderr
    assert re.search(r"^easy\.md\s+\d+\s+-?\d+\.\d", run.stdout, re.M), run.stdout
    (tmp_path / "hard.md").unlink()
    assert readability.main([str(tmp_path)]) == 0


# --------------------------------------------------------------------------- FAQ and glossary


@pytest.mark.parametrize("question", SEED_FAQ_QUESTIONS + MORE_FAQ_QUESTIONS)
def test_faq_asks_the_question(question):
    assert question in headings("faq.md")


def test_faq_has_at_least_fifteen_questions():
    questions = [h for h in headings("faq.md") if h.endswith("?")]
    assert len(questions) >= 15, questions


@pytest.mark.parametrize("term", GLOSSARY_TERMS)
def test_glossary_explains_the_term(term):
    # A definition-list term line that starts with the term, followed by a definition.
    assert re.search(rf"^{re.escape(term)}\b.*\n:\s{{3}}\S", read("glossary.md"), re.M | re.I), term


def test_abbreviations_file_covers_the_glossary_abbreviations():
    text = read("includes/abbreviations.md")
    defined = dict(re.findall(r"^\*\[([^\]]+)\]:\s*(.+)$", text, re.M))
    for abbr in GLOSSARY_ABBREVIATIONS:
        assert defined.get(abbr), f"{abbr} has no tooltip in includes/abbreviations.md"


# --------------------------------------------------------------------------- pages, wording and sources


@pytest.mark.parametrize("page", ALL_PAGES)
def test_page_has_a_meta_description(page):
    description = front_matter(page).get("description")
    assert isinstance(description, str) and 40 <= len(description) <= 200, description


@pytest.mark.parametrize("page", [p for p in GUIDANCE_PAGES if p != "404.md"])
def test_page_ends_by_leading_onward(page):
    last_section = read(page).split("\n## ")[-1]
    assert last_section.startswith(("What to do next", "Tell us about a mistake")), page
    assert re.search(r"\]\([^)]+\.md", last_section) or "What to do next" in read(page)


def test_pages_never_tell_a_parent_what_their_child_needs():
    verdict = re.compile(r"\byour child needs (a|an) (1:1|one-to-one|shared|aide|para)", re.I)
    for page in ALL_PAGES:
        assert not verdict.search(read(page)), page


def source_anchors() -> set[str]:
    text = read("sources.md")
    ids = set(re.findall(r"\{:\s*#([a-z0-9-]+)\s*\}", text))
    return ids


def test_source_links_point_to_existing_anchors():
    anchors = source_anchors()
    assert len(anchors) >= 25
    used = set()
    for page in ALL_PAGES:
        for anchor in re.findall(r"sources\.md#([a-z0-9-]+)", read(page)):
            assert anchor in anchors, f"{page} links to missing source #{anchor}"
            used.add(anchor)
    assert {"nysed-2012", "cfr-300-42", "cfr-300-320", "cfr-300-503", "section-504"} <= used


@pytest.mark.parametrize("page", [p for p in GUIDANCE_PAGES if p.startswith(("guide/", "rights/")) or p == "faq.md"])
def test_guidance_pages_cite_sources(page):
    assert re.search(r"sources\.md#", read(page)), f"{page} cites no source"


def test_only_the_sources_page_links_to_other_websites():
    for page in ALL_PAGES:
        if page == "sources.md":
            continue
        assert not re.search(r"\]\((https?:)?//", read(page)), f"{page} links to another website"


# Sources added for issue 11 (the hard moments). Each must link only to official, live sites.
NEW_SOURCES = [
    "idea-preamble-2006",
    "cost-between-options",
    "idea-appendix-a-1999",
    "cfr-300-34",
    "garret-f",
    "cfr-300-106",
    "cfr-300-323",
    "cfr-300-151",
    "cfr-300-502",
    "cfr-300-506",
    "cfr-300-507",
    "cfr-300-520",
    "cfr-300-613",
    "facilitated-iep",
    "ocr",
    "restraint-and-seclusion",
    "essa-paraprofessionals",
    "parent-centers",
    "ny-200-4",
    "eef-teaching-assistants",
]
# Government sites, and the few federally funded or research bodies a new source may cite. A host matches a
# domain when it is the domain or a subdomain of it (ocrcas.ed.gov is under ed.gov).
OFFICIAL_DOMAINS = [
    "ecfr.gov",
    "govinfo.gov",
    "ed.gov",
    "uscode.house.gov",
    "congress.gov",
    "loc.gov",
    "nysed.gov",
    "legislature.vermont.gov",
    "dpi.wi.gov",
    "parentcenterhub.org",
    "cadreworks.org",
    "educationendowmentfoundation.org.uk",
]
# Federal sites the Department of Education has retired; their pages now redirect or are gone.
RETIRED_HOSTS = ["idea.ed.gov", "www2.ed.gov", "idea-b.ed.gov"]


def source_entries() -> dict[str, str]:
    """Each source's text on sources.md, keyed by its anchor: the paragraph the `{: #id }` line closes."""
    entries = {}
    for block in read("sources.md").split("\n\n"):
        match = re.search(r"\{:\s*#([a-z0-9-]+)\s*\}\s*$", block.strip())
        if match:
            entries[match.group(1)] = block
    return entries


def links(markdown: str) -> list[str]:
    return re.findall(r"\]\((https?://[^)\s]+)\)", markdown)


def is_official(host: str) -> bool:
    return any(host == d or host.endswith("." + d) for d in OFFICIAL_DOMAINS)


def test_the_domain_check_can_fail():
    assert is_official("www.ecfr.gov") and is_official("ocrcas.ed.gov") and is_official("crsreports.congress.gov")
    assert not is_official("codes.findlaw.com") and not is_official("ecfr.gov.example.com")
    assert not is_official("notcongress.gov")


@pytest.mark.parametrize("anchor", NEW_SOURCES)
def test_new_source_links_are_well_formed_and_official(anchor):
    entry = source_entries().get(anchor)
    assert entry, f"sources.md has no entry #{anchor}"
    urls = links(entry)
    assert urls, f"#{anchor} links to nothing"
    for url in urls:
        parts = urlparse(url)
        assert parts.scheme == "https", f"#{anchor}: {url} is not https"
        assert parts.netloc and " " not in url and parts.path not in ("",), f"#{anchor}: {url} is malformed"
        assert is_official(parts.hostname or ""), f"#{anchor}: {url} is not on an official site"
        assert parts.hostname not in RETIRED_HOSTS, f"#{anchor}: {url} is on a retired site"


def test_ecfr_links_name_the_section_their_entry_cites():
    # A link to eCFR section N must sit in an entry that names N, so a copied link cannot point at the wrong rule.
    for anchor, entry in source_entries().items():
        for url in links(entry):
            match = re.match(r"https://www\.ecfr\.gov/current/title-34/(section-([0-9.]+)|part-([0-9]+))$", url)
            if url.startswith("https://www.ecfr.gov/"):
                assert match, f"#{anchor}: {url} is not an eCFR title 34 section or part address"
                cited = match.group(2) or match.group(3)
                assert cited in entry.replace("](" + url, ""), f"#{anchor}: links to {cited} but never names it"


def test_sources_no_longer_use_retired_sites_or_the_wrong_504_rules():
    text = read("sources.md")
    for url in links(text):
        assert urlparse(url).hostname not in RETIRED_HOSTS, url
    for page in ALL_PAGES:
        # 45 CFR 84 is the health department's Section 504 rule; schools answer to 34 CFR 104.
        assert not re.search(r"45 CFR 84\.\d", read(page)), page
    assert "104.34" in text and "104.36" in text and "104.37" in text


def test_staff_and_budget_claims_cite_the_preamble_not_300_115():
    # "Not staff or budget" is in the 2006 preamble (71 FR 46587); 300.115 only requires a range of placements.
    for page in ALL_PAGES:
        if page == "sources.md":
            continue
        for sentence in re.split(r"(?<=[.?!])\s+", read(page)):
            if re.search(r"\b(budget|staff or money|staff or budget|staffing)\b", sentence, re.I):
                if re.search(r"sources\.md#", sentence):
                    assert "idea-preamble-2006" in sentence and "cfr-300-115" not in sentence, (page, sentence)


def test_dispute_page_names_each_step_and_its_rule():
    text = read("rights/when-the-school-says-no.md")
    for citation in [
        "300.503",
        "300.613",
        "300.502",
        "300.506",
        "300.152",
        "300.153",
        "300.507",
        "300.511",
        "300.518",
        "300.323",
        "300.151",
        "104.36",
    ]:
        assert citation in text, citation
    for fact in ["one year", "60 days", "two years", "180 days", "compensatory services", "stay-put"]:
        assert fact in text, fact
    assert "](../disclaimer.md)" in text


def test_records_and_iep_pages_cite_their_rules():
    assert "300.613" in read("guide/records-and-data.md") and "300.324(a)(1)(ii)" in read("guide/records-and-data.md")
    assert "45 days" in read("guide/records-and-data.md")
    reading = read("guide/reading-the-iep.md")
    assert "300.320(a)(7)" in reading
    for kind in ["Classroom supports", "certain times of day", "Shared support", "1:1 support"]:
        assert kind in reading, kind


def test_abc_log_is_a_printable_table(site):
    html = built(site, "guide/records-and-data.md")
    log = html[html.index('class="print-log"') :]
    log = log[: log.index("</table>")]
    assert log.count("<tr>") >= 9, "the ABC log needs a header row and at least eight blank rows"
    for column in ["Before (A)", "Behavior (B)", "After (C)"]:
        assert column in log, column
    css = (DOCS / "assets" / "site.css").read_text(encoding="utf-8")
    assert ".print-log" in css[css.index("@media print") :], "the ABC log has no print rules"


def test_rights_pages_name_the_regulations():
    text = read("rights/index.md") + read("rights/language.md") + read("rights/health-needs.md")
    for citation in ["300.42", "300.320", "300.114", "300.117", "300.503", "300.322", "300.324", "300.156", "104.33"]:
        assert citation in text, citation
    assert "not legal advice" in read("rights/index.md")
    assert "Parent Training and Information Center" in read("rights/index.md")


def test_privacy_page_describes_each_storage():
    text = read("privacy.md")
    for phrase in [
        "session storage",
        "local storage",
        "Remember on this device",
        "Save my answers",
        "Clear my answers",
        "no cookies",
        "Pyodide",
        "shared computer",
    ]:
        assert phrase.lower() in text.lower(), phrase


# --------------------------------------------------------------------------- the built site


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta_description = None
        self.resources: list[str] = []  # src/href of things the browser fetches
        self.anchors: list[str] = []
        self.scripts: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name") == "description":
            self.meta_description = a.get("content")
        if tag in ("script", "img", "iframe", "source", "audio", "video") and a.get("src"):
            self.resources.append(a["src"])
        if tag == "link" and a.get("href") and a.get("rel") not in ("canonical",):
            self.resources.append(a["href"])
        if tag == "a" and a.get("href"):
            self.anchors.append(a["href"])
        if tag == "script":
            self.scripts.append(a)


@pytest.fixture(scope="session")
def site(site_dir) -> Path:
    """The site built once per session by build.py (tests/conftest.py's site_dir), as `make build` does."""
    return site_dir


def built(site: Path, page: str) -> str:
    stem = page[:-3]
    path = site / (
        "index.html" if stem == "index" else (stem[:-6] if stem.endswith("/index") else stem) + "/index.html"
    )
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("page", ALL_PAGES)
def test_built_page_has_its_description_and_nothing_from_another_origin(site, page):
    html = built(site, page)
    parser = _Links()
    parser.feed(html)
    assert parser.meta_description == front_matter(page)["description"]
    for url in parser.resources:
        assert not re.match(r"(https?:)?//", url), f"{page} loads {url} from another origin"
    assert "{#" not in html and "{:" not in html, f"{page} shows a raw attribute list"
    assert any("print.js" in s.get("src", "") and s.get("type") == "module" for s in parser.scripts)


def test_footer_links_to_the_disclaimer_relatively(site):
    parser = _Links()
    parser.feed(built(site, "guide/safety.md"))
    assert "../../disclaimer/" in parser.anchors


def test_404_page_links_home_questionnaire_and_faq(site):
    # site/404.html is the error page the host serves (from overrides/404.html); docs/404.md must say the same.
    for html in [(site / "404.html").read_text(encoding="utf-8"), built(site, "404.md")]:
        assert "could not find that page" in html
        parser = _Links()
        parser.feed(html)
        targets = [a.strip("./") for a in parser.anchors]
        for target in ["questionnaires/paraprofessional-support", "faq", "rights"]:
            assert target in targets, (target, targets)
        assert "" in targets  # the home page


def test_abbreviations_become_tooltips(site):
    html = built(site, "guide/safety.md")
    assert re.search(r'<abbr title="[^"]+">FBA</abbr>', html)


def test_sources_anchors_exist_in_the_built_page(site):
    html = built(site, "sources.md")
    for anchor in source_anchors():
        assert f'id="{anchor}"' in html, anchor


def test_print_script_opens_details_before_printing():
    script = (DOCS / "assets" / "print.js").read_text(encoding="utf-8")
    assert "beforeprint" in script and ".open = true" in script
    css = (DOCS / "assets" / "site.css").read_text(encoding="utf-8")
    print_rules = css[css.index("@media print") :]
    for selector in [".md-header", ".md-sidebar", ".md-search", ".md-footer__inner"]:
        assert selector in print_rules
