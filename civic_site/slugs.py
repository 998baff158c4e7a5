"""Short names (slugs) for file names and URLs, derived from titles."""

from __future__ import annotations

import re
import unicodedata

GERMAN_LETTERS = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"))
MAX_LENGTH = 60


def slugify(text: str, max_length: int = MAX_LENGTH) -> str:
    """'KI & Zivilgesellschaft: Das 10. Treffen' → 'ki-zivilgesellschaft-das-10-treffen'.

    German umlauts become ae/oe/ue/ss (the German convention), other accents are dropped
    ('Gonçalves' → 'goncalves'), every other run of characters becomes one '-'. Long
    slugs are cut at a word boundary. Returns '' when nothing usable is left.
    """
    lowered = text.lower()
    for letter, plain in GERMAN_LETTERS:
        lowered = lowered.replace(letter, plain)
    ascii_text = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:
        slug = slug[: max_length + 1].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug
        slug = slug[:max_length].strip("-")
    return slug
