"""OpenGraph and Twitter card tags for every page (what a shared link's preview shows).

Pure: returns (attribute, name, content) triples; overrides/partials/social-meta.html
prints them as <meta> tags and escapes the content. Values are plain text here, never
HTML: the template's escaping is the only one, so a title round-trips exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from markupsafe import Markup

from civic_site.urls import absolute_url

DEFAULT_IMAGE = "assets/images/social-default.png"
DEFAULT_IMAGE_SIZE = (1200, 630)
# Social networks show raster images only; an SVG header image falls back to the default.
RASTER_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})


@dataclass(frozen=True)
class SocialPage:
    title: str
    description: str
    url: str  # absolute
    image_url: str  # absolute
    image_is_default: bool
    image_alt: str
    locale: str  # og:locale wants language_TERRITORY: the `locale` of the strings file
    other_locales: tuple[str, ...]
    site_name: str
    og_type: str  # "website" for the home page, "article" for the others


def plain_text(markup: str) -> str:
    """Page titles from MkDocs may hold HTML (tags, entities): give the text a reader sees."""
    return Markup(markup).striptags()


def one_line(text: str) -> str:
    """Collapse newlines and runs of spaces (an editor's multi-line teaser)."""
    return " ".join(text.split())


def social_image_path(image: str | None) -> str:
    """Site-relative path of the preview image: the page's own if it is a raster image."""
    if image and PurePosixPath(image).suffix.lower() in RASTER_SUFFIXES:
        return image.lstrip("/")
    return DEFAULT_IMAGE


def social_image_url(site_url: str, image: str | None) -> str:
    """Absolute URL of the preview image; its path %-encoded (a file name is not a URL)."""
    return absolute_url(site_url, quote(social_image_path(image), safe="/"))


def social_meta_tags(page: SocialPage) -> list[tuple[str, str, str]]:
    """[(attribute, name, content)], e.g. ('property', 'og:title', 'Hallo')."""
    tags = [
        ("property", "og:type", page.og_type),
        ("property", "og:site_name", page.site_name),
        ("property", "og:title", one_line(page.title)),
        ("property", "og:description", one_line(page.description)),
        ("property", "og:url", page.url),
        ("property", "og:image", page.image_url),
    ]
    if page.image_is_default:
        width, height = DEFAULT_IMAGE_SIZE
        tags += [
            ("property", "og:image:type", "image/png"),
            ("property", "og:image:width", str(width)),
            ("property", "og:image:height", str(height)),
        ]
    if page.image_alt:
        tags.append(("property", "og:image:alt", page.image_alt))
    tags.append(("property", "og:locale", page.locale))
    tags += [("property", "og:locale:alternate", other) for other in page.other_locales]
    tags.append(("name", "twitter:card", "summary_large_image"))
    return tags
