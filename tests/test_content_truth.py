"""The pages say only what is true and follow the editors' style guide (REDAKTION.md).

Checks on the Markdown sources (no build): legal pages that read every operator value from
`extra.operator` and state the law as it is; facts the sources contradict or never gave;
one form of address and gender-fair wording on German pages; the rules of BITV 2.0
Anlage 2 Teil 2 on the Leichte Sprache page (as far as a machine can check them).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LEGAL_PAGES = ("impressum.md", "datenschutz.md", "barrierefreiheit.md")
CONTENT_PAGES_DE = (
    "index.md",
    "initiative.md",
    "mitmachen.md",
    "projekte/civic-innovation-platform.md",
    "projekte/civic-data-lab.md",
    "projekte/ki-ideenwerkstatt.md",
)
LEICHTE_SPRACHE = DOCS / "de" / "leichte-sprache.md"
GEBAERDENSPRACHE = DOCS / "de" / "gebaerdensprache.md"

# Operator keys whose values are ordinary words that legal texts may use on their own.
GENERIC_OPERATOR_KEYS = {"country", "country_en"}
# E-mail addresses of others that a legal page may name: the conciliation body (BGG).
THIRD_PARTY_EMAILS = {"info@schlichtungsstelle-bgg.de"}
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml even if it uses tags such as !ENV."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _operator() -> dict[str, Any]:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.load(text, Loader=_AnyTagLoader)  # noqa: S506 - SafeLoader subclass
    return config["extra"]["operator"]


def _body(path: Path) -> str:
    """The page without its front matter."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text[text.index("\n---", 4) + 4 :]
    return text


def _without_templating(text: str) -> str:
    """Text with Jinja expressions, statements and comments removed."""
    return re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", text, flags=re.DOTALL)


def _prose(text: str) -> str:
    """Readable text of a Markdown body: no templating, HTML, link targets, URLs, e-mails."""
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.DOTALL)
    text = _without_templating(text)
    text = re.sub(r"\]\([^)]*\)(\{[^}]*\})?", "]", text)  # [label](target){ attrs }
    text = re.sub(r"\{\s*[#.][^}]*\}", " ", text)  # heading attributes { #id }
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"https?://\S+|www\.\S+", " ", text)
    text = EMAIL_RE.sub(" ", text)
    text = re.sub(r"^\s*(#+|[-*]|\d+\.)\s+", "", text, flags=re.MULTILINE)
    return text.replace("[", "").replace("]", "").replace("**", "")


def _joined(text: str) -> str:
    return " ".join(text.split())


def _page(lang: str, name: str) -> Path:
    return DOCS / lang / name


# --- Legal pages -------------------------------------------------------------------------


def _operator_texts(value: str) -> list[str]:
    """The value, and for an unconfirmed one ("UNBESTÄTIGT: …") also the guess it records."""
    texts = [value.strip()]
    unconfirmed = re.match(r"UNBESTÄTIGT:\s*(.*)", value.strip())
    if unconfirmed:
        rest = unconfirmed.group(1)
        earlier = re.search(r"bisher (?:angenommen|angegeben):\s*([^)]*)", rest)
        if earlier:
            texts.append(earlier.group(1).strip())
        elif len(rest) < 40 and not re.search(r"\b(der|des|die|für|von)\b", rest):
            texts.append(rest.strip())  # a bare guess such as "Wilhelmstraße 49"
    return texts


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("name", LEGAL_PAGES)
def test_legal_pages_read_operator_data_only_from_mkdocs_yml(lang: str, name: str) -> None:
    text = _without_templating(_body(_page(lang, name)))
    # Addresses of others (the conciliation body) are written as <address> blocks.
    text = re.sub(r'<address class="civic-address".*?</address>', " ", text, flags=re.DOTALL)
    typed = [
        f"{key}: {piece!r}"
        for key, value in _operator().items()
        if key not in GENERIC_OPERATOR_KEYS and isinstance(value, str)
        for piece in _operator_texts(value)
        if piece in text
    ]
    assert typed == [], f"docs/{lang}/{name} types operator data instead of {{{{ operator.… }}}}"
    emails = set(EMAIL_RE.findall(text)) - THIRD_PARTY_EMAILS
    assert emails == set(), f"docs/{lang}/{name}: e-mail addresses typed into the page"


def test_operator_has_every_field_the_legal_pages_need() -> None:
    operator = _operator()
    needed = {
        "name",
        "street",
        "city",
        "email",
        "phone",
        "representative",  # § 5 DDG: vertreten durch …
        "responsible",  # § 18 Abs. 2 MStV: a natural person
        "dpo",
        "accessibility_statement_date",
        "accessibility_review_date",
    }
    missing = sorted(k for k in needed if not str(operator.get(k) or "").strip())
    assert missing == []


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize(
    ("name", "references"),
    [
        (
            "impressum.md",
            ["operator.representative", "operator.phone", "operator.responsible", "operator.email"],
        ),
        ("datenschutz.md", ["operator.dpo", "operator.representative"]),
        (
            "barrierefreiheit.md",
            ["operator.accessibility_statement_date", "operator.accessibility_review_date"],
        ),
    ],
)
def test_legal_pages_show_the_required_operator_fields(
    lang: str, name: str, references: list[str]
) -> None:
    body = _body(_page(lang, name))
    used = set(re.findall(r"\{\{\s*(operator\.\w+)", body))
    assert set(references) <= used, f"docs/{lang}/{name} lacks {set(references) - used}"


@pytest.mark.parametrize(
    ("lang", "wrong", "right"),
    [
        ("de", r"sechs Wochen", "innerhalb eines Monats"),
        ("en", r"six weeks", "within one month"),
    ],
)
def test_accessibility_statement_states_the_one_month_deadline(
    lang: str, wrong: str, right: str
) -> None:
    text = _joined(_body(_page(lang, "barrierefreiheit.md")))
    assert not re.search(wrong, text, re.IGNORECASE)
    assert right in text


def _publishing_waits_for_the_tests() -> bool:
    """True when deploy.yml's `deploy` job needs (directly or through other jobs) a job that
    runs the CI workflow (ci.yml), with no condition that lets it run after a failure."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text("utf-8"))
    jobs = workflow.get("jobs") or {}
    test_jobs = {
        name
        for name, job in jobs.items()
        if str(job.get("uses", "")).endswith(".github/workflows/ci.yml") and "if" not in job
    }

    def needs(name: str) -> set[str]:
        value = jobs.get(name, {}).get("needs") or []
        direct = {value} if isinstance(value, str) else set(value)
        return direct.union(*(needs(n) for n in direct)) if direct else set()

    if "deploy" not in jobs or not test_jobs:
        return False
    chain = {"deploy", *needs("deploy")}
    guarded = all(
        not re.search(r"always\(\)|failure\(\)|cancelled\(\)", str(jobs[n].get("if", "")))
        for n in chain
    )
    return bool(test_jobs & needs("deploy")) and guarded


@pytest.mark.parametrize(
    ("lang", "claim", "denial"),
    [
        ("de", r"vor jeder Veröffentlichung", r"hängt (derzeit )?(noch )?nicht vom Ergebnis"),
        ("en", r"before (it is|every|each) publi", r"does not (yet )?depend on the results"),
    ],
)
def test_accessibility_statement_claims_checks_before_publishing_only_if_they_gate_it(
    lang: str, claim: str, denial: str
) -> None:
    """ "Checked before every publication" is true only while publishing depends on the tests
    (deploy.yml: the deploy job needs the job that runs ci.yml); the statement says it exactly
    then, and otherwise says that publishing does not depend on them."""
    text = _joined(_body(_page(lang, "barrierefreiheit.md")))
    gated = _publishing_waits_for_the_tests()
    assert bool(re.search(claim, text, re.IGNORECASE)) == gated
    assert bool(re.search(denial, text, re.IGNORECASE)) != gated
    for tool in ("axe-core", "Chromium", "Nu Html Checker", "vnu"):
        assert tool in text, f"docs/{lang}/barrierefreiheit.md does not name {tool}"


def test_the_workflow_check_above_sees_the_real_gate() -> None:
    assert _publishing_waits_for_the_tests()  # deploy.yml: deploy needs [test, build]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_accessibility_statement_names_the_conciliation_body_with_contact(lang: str) -> None:
    text = _joined(_body(_page(lang, "barrierefreiheit.md")))
    for fact in (
        "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz",
        "Mauerstraße 53",
        "10117 Berlin",
        "+49 30 18 527-2805",
        "info@schlichtungsstelle-bgg.de",
        "https://www.schlichtungsstelle-bgg.de/",
    ):
        assert fact in text, f"docs/{lang}/barrierefreiheit.md: {fact} missing"


@pytest.mark.parametrize(
    ("lang", "own_server", "facts"),
    [
        (
            "de",
            r"(von|auf) unserem (eigenen )?Server",
            [
                "GitHub, Inc.",
                "Data Privacy Framework",
                "Speicherdauer",
                "Art. 22 DSGVO",
                "ausrichtet",
            ],
        ),
        (
            "en",
            r"(from|on) our (own )?server",
            [
                "GitHub, Inc.",
                "Data Privacy Framework",
                "Storage period",
                "Art. 22 GDPR",
                "organises the event",
            ],
        ),
    ],
)
def test_privacy_policy_says_where_data_go_and_for_how_long(
    lang: str, own_server: str, facts: list[str]
) -> None:
    text = _joined(_body(_page(lang, "datenschutz.md")))
    assert not re.search(own_server, text, re.IGNORECASE), "the site has no server of its own"
    missing = [fact for fact in facts if fact not in text]
    assert missing == []


# --- Facts the sources give (or do not give) ----------------------------------------------


@pytest.mark.parametrize("lang", ["de", "en"])
def test_community_call_to_action_is_to_register_not_to_email(lang: str) -> None:
    body = _body(_page(lang, "mitmachen.md"))
    assert "mailto:" not in body and "operator.email" not in body
    assert "www.civic-coding.de" in body
    assert re.search(r"registriert euch|register", body, re.IGNORECASE)


@pytest.mark.parametrize(
    ("lang", "phrase"), [("de", "Arbeits- und Sozialpolitik"), ("en", "labour and social policy")]
)
def test_cip_project_funding_is_tied_to_labour_and_social_policy(lang: str, phrase: str) -> None:
    for name in ("projekte/civic-innovation-platform.md", "mitmachen.md"):
        assert phrase in _joined(_body(_page(lang, name))), f"docs/{lang}/{name}"


@pytest.mark.parametrize(("lang", "note"), [("de", "Wirkungsübersicht"), ("en", "impact overview")])
def test_impact_figures_name_their_source_once(lang: str, note: str) -> None:
    """The figures partial prints the source (UI string figures_source) wherever the figures
    appear; the page must not repeat it (tests/test_content.py checks the built pages)."""
    strings = yaml.safe_load((ROOT / "overrides" / "strings" / f"{lang}.yml").read_text("utf-8"))
    assert note in strings["figures_source"]
    body = _body(_page(lang, "initiative.md"))
    after_figures = body[body.index('include "partials/figures.html"') :]
    assert note not in after_figures.split("\n## ")[0]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_mission_or_working_principles_presented_as_the_official_leitbild(lang: str) -> None:
    body = _body(_page(lang, "initiative.md"))
    headings = re.findall(r"^#+ (.+)$", body, re.MULTILINE)
    invented = [h for h in headings if re.search(r"Arbeitsprinzipien|working principles|Vision", h)]
    assert invented == []
    assert not re.search(r"\*\*(Unsere|Our) (Vision|Mission):\*\*", body)


# Full names no source gives (the sources name BMBFSFJ, BMUKN and BMDS by abbreviation only).
UNSOURCED_MINISTRY_NAMES = (
    "Bundesministerium für Bildung, Familie",
    "Bundesministerium für Umwelt, Klimaschutz",
    "Bundesministerium für Digitales",
    "Ministry of Education, Family",
    "Climate Action, Nature Conservation",
    "Ministry for Digital Transformation",
)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_ministries_are_named_as_the_sources_name_them(lang: str) -> None:
    for path in sorted((DOCS / lang).rglob("*.md")):
        text = _joined(path.read_text(encoding="utf-8"))
        found = [name for name in UNSOURCED_MINISTRY_NAMES if name in text]
        assert found == [], f"{path.relative_to(ROOT)}: {found}"


# --- Language ---------------------------------------------------------------------------


def test_german_pages_say_gemeinwohlorientiert_not_the_tax_law_term() -> None:
    for path in sorted((DOCS / "de").rglob("*.md")):
        assert "gemeinnützig" not in path.read_text(encoding="utf-8"), path.relative_to(ROOT)


def test_english_pages_avoid_translationese() -> None:
    for path in sorted((DOCS / "en").rglob("*.md")):
        text = _joined(path.read_text(encoding="utf-8"))
        assert "learning offer" not in text, path.relative_to(ROOT)


@pytest.mark.parametrize("name", CONTENT_PAGES_DE)
def test_german_content_pages_address_the_community_informally(name: str) -> None:
    paragraphs = [_joined(p) for p in re.split(r"\n\s*\n", _prose(_body(_page("de", name))))]
    # "Sie"/"Ihnen"/"Ihr…" inside a sentence (after a lowercase word or comma) is the formal
    # address; at the start of a sentence or paragraph "Sie" may be "they", "Ihr" informal.
    formal = [
        m.group(1)
        for paragraph in paragraphs
        for m in re.finditer(r"(?<=[a-zäöüß,]) (Sie|Ihnen|Ihre[mnrs]?|Ihr)\b", paragraph)
    ]
    assert formal == [], f"docs/de/{name}: formal address {formal}"


def test_get_involved_page_speaks_to_the_community_as_ihr() -> None:
    prose = _joined(_prose(_body(_page("de", "mitmachen.md"))))
    assert re.search(r"\b(ihr|euch|euer)\b", prose)


@pytest.mark.parametrize("name", LEGAL_PAGES)
def test_legal_pages_keep_the_formal_address(name: str) -> None:
    prose = _joined(_prose(_body(_page("de", name))))
    assert re.search(r"\bSie\b", prose)
    assert not re.search(r"\b(euch|eure[mnrs]?|du|dich|dein\w*)\b", prose, re.IGNORECASE)


def test_german_pages_use_the_gender_star_not_pair_forms() -> None:
    for path in sorted((DOCS / "de").rglob("*.md")):
        text = _joined(path.read_text(encoding="utf-8"))
        pairs = re.findall(r"\b(\w+)innen und \1(e|en|n)?\b", text)
        assert pairs == [], f"{path.relative_to(ROOT)}: pair forms {pairs}"


def test_gender_star_is_escaped_in_markdown() -> None:
    # An unescaped "Akteur*innen … Partner*innen" turns the text between the stars italic.
    for path in sorted((DOCS / "de").rglob("*.md")):
        body = _body(path)
        unescaped = re.findall(r"\w(?<!\\)\*innen", body)
        assert unescaped == [], f"{path.relative_to(ROOT)}: write \\*innen"


# --- Leichte Sprache and Deutsche Gebärdensprache -------------------------------------------


def _leichte_sprache_prose() -> str:
    assert LEICHTE_SPRACHE.is_file(), "docs/de/leichte-sprache.md is missing"
    return _prose(_body(LEICHTE_SPRACHE))


def _leichte_sprache_words() -> list[str]:
    return re.findall(r"[\wÄÖÜäöüß-]+", _leichte_sprache_prose())


def test_leichte_sprache_covers_the_four_points_of_bitv_section_4() -> None:
    body = _body(LEICHTE_SPRACHE) if LEICHTE_SPRACHE.is_file() else ""
    headings = " ".join(re.findall(r"^## (.+)$", body, re.MULTILINE))
    for topic in ("Was steht", "zurecht", "barriere-frei", "Gebärden-Sprache"):
        assert topic in headings, f"no section on {topic!r}"
    assert "(gebaerdensprache.md)" in body
    assert "Schlichtungs-Stelle" in body and "operator.email" in body


@pytest.mark.parametrize(
    ("rule", "pattern", "flags"),
    [
        ("no gender star or similar", r"[*:_/]innen|[a-zäöüß]Innen", 0),
        (
            "no abbreviations",
            r"\b[a-zA-Z]\.\s?[a-zA-Z]\.|\b(bzw|usw|etc|ca|evtl|ggf|inkl|vgl|Nr|Abs|Tel|Str)\."
            r"|\b[A-ZÄÖÜ]{2,}\b",
            0,
        ),
        (
            "no negations",
            r"\b(nicht|nichts|kein\w*|nie|niemals|niemand|nirgends|weder|ohne)\b",
            re.IGNORECASE,
        ),
        (
            "no subjunctive",
            r"\b(würde\w*|könnte\w*|möchte\w*|hätte\w*|wäre\w*|sollte\w*|müsste\w*|dürfte\w*)\b",
            re.IGNORECASE,
        ),
        ("no passive (no form of 'werden')", r"\b(wird|werden|wurde|wurden|worden)\b", re.I),
        ("no genitive article", r"\b(des|eines)\b", re.IGNORECASE),
        ("no special characters", r"[§%&„“\"«»;()\[\]{}*_/\\–—…·]", 0),
        ("the reader is addressed as 'Sie'", r"\b(du|dich|dir|dein\w*|euch|euer|eure\w*)\b", re.I),
    ],
)
def test_leichte_sprache_follows_bitv_anlage_2_teil_2(rule: str, pattern: str, flags: int) -> None:
    found = sorted({m.group(0) for m in re.finditer(pattern, _leichte_sprache_prose(), flags)})
    assert found == [], f"{rule}: {found}"


def test_leichte_sprache_sentences_are_short() -> None:
    sentences = re.split(r"[.!?:]\s|\n\s*\n", _leichte_sprache_prose())
    long = [s.strip() for s in sentences if len(s.split()) > 15]
    assert long == []


# Long words the page may write unsplit: menu and footer labels as the site shows them,
# names, and words that are not compounds.
LONG_WORDS_ALLOWED = {
    "Ankerprojekte",
    "Barrierefreiheit",
    "Datenschutz",
    "Ministerien",
    "Ministerium",
    "Veranstaltungen",
    "Veranstaltung",
    "Informationen",
    "Wissenschaft",
    "Gemeinschaft",
    "Mauerstraße",
    "Intelligenz",
    "Künstlicher",
    "Künstliche",
    "Behinderung",
}


def test_leichte_sprache_splits_long_compound_words() -> None:
    unsplit = sorted(
        {w for w in _leichte_sprache_words() if "-" not in w and len(w) >= 11} - LONG_WORDS_ALLOWED
    )
    assert unsplit == [], "split compound nouns with a hyphen (Barriere-Freiheit)"


def test_dgs_page_says_the_videos_are_in_preparation_and_marks_the_component() -> None:
    assert GEBAERDENSPRACHE.is_file(), "docs/de/gebaerdensprache.md is missing"
    body = _body(GEBAERDENSPRACHE)
    assert "in Vorbereitung" in body
    assert "<!-- DGS-Video-Komponente -->" in body
    assert "(leichte-sprache.md)" in body


def test_leichte_sprache_and_dgs_pages_are_outside_the_nav() -> None:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    not_in_nav = text[text.index("not_in_nav:") :].split("\n\n")[0]
    assert "/*/leichte-sprache.md" in not_in_nav
    assert "/*/gebaerdensprache.md" in not_in_nav
