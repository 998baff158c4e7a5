"""Every `ui.<key>` a template uses exists in the UI strings (Jinja would print nothing)."""

from __future__ import annotations

import re
from pathlib import Path

from civic_site.ui_strings import load_ui_strings
from tests.sitebuild import ROOT, STRINGS_DIR

STATIC_KEY = re.compile(r"\bui\.([a-z0-9_]+)")
DYNAMIC_KEY = re.compile(r"""\bui\[\s*["']([a-z0-9_]+)["']\s*~""")
# Keys built at render time from a prefix and a value, with every value they can take.
DYNAMIC_VALUES = {
    "event_state_": ["upcoming", "today", "running", "past", "cancelled"],
}


def used_keys() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for template in sorted((ROOT / "overrides").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        rel = template.relative_to(ROOT).as_posix()
        for key in STATIC_KEY.findall(text):
            found.setdefault(key, set()).add(rel)
        for prefix in DYNAMIC_KEY.findall(text):
            assert prefix in DYNAMIC_VALUES, f"{rel}: add the values of ui['{prefix}' ~ …] here"
            for value in DYNAMIC_VALUES[prefix]:
                found.setdefault(prefix + value, set()).add(rel)
    return found


def test_templates_use_only_existing_ui_strings() -> None:
    used = used_keys()
    assert len(used) > 20  # the scan itself works
    for lang in ("de", "en"):
        strings = load_ui_strings(lang, STRINGS_DIR)
        missing = {key: sorted(where) for key, where in used.items() if key not in strings}
        assert not missing, f"missing in overrides/strings/{lang}.yml: {missing}"


def test_scan_finds_keys_in_a_known_template() -> None:
    assert "event_when" in used_keys()
    assert Path(ROOT / "overrides" / "event.html").exists()
