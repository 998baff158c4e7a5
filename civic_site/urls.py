"""URL helpers."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

# A link that `urljoin` appends to a base as it is: path segments of URL characters, none
# of them empty, "." or ".."; no scheme (":"), query, fragment or parameters, not absolute.
_PLAIN_LINK_RE = re.compile(r"[A-Za-z0-9._~!$&'()*+,=@%-]+(?:/[A-Za-z0-9._~!$&'()*+,=@%-]+)*/?")


def absolute_url(site_url: str, link: str) -> str:
    """Make a site-root-relative link ('en/x/', '/en/', './') absolute against `site_url`.

    Search engines want absolute URLs in hreflang links, sitemaps and feeds; MkDocs and
    static-i18n give root-relative ones ('en/x/') or absolute paths that already contain
    the site's base path ('/en/').
    """
    if link.startswith(("http://", "https://")):
        return link
    base = site_url if site_url.endswith("/") else site_url + "/"
    if link in ("", ".", "./"):
        return base
    if _PLAIN_LINK_RE.fullmatch(link) and _joins_plainly(base):
        segments = link.split("/")
        if "." not in segments and ".." not in segments:
            return base + link  # what urljoin gives, without its parsing (9000 calls a build)
    return urljoin(base, link)


@lru_cache(maxsize=16)
def _joins_plainly(base: str) -> bool:
    """True when `urljoin` keeps `base` as it is in front of a plain link (a usual site_url;
    not one with a query, dot segments or an upper-case scheme, which it rewrites)."""
    return all(urljoin(base, link) == base + link for link in ("x", "x/y/"))


# Characters RFC 3986 allows in a URL; anything else (spaces, line breaks, umlauts,
# quotes, angle brackets) must be %-encoded.
_URL_RE = re.compile(
    r"^https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?#][A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*)?$"
)


def url_problem(url: str, *, https_only: bool = True) -> str | None:
    """Why `url` cannot be published as a link (in German), or None when it is fine."""
    if not isinstance(url, str):
        return "ist keine Internetadresse."
    shown = "".join("⏎" if char in "\r\n" else char for char in url)
    scheme = urlsplit(url).scheme.lower() if "://" in url else ""
    if scheme != "https" and (https_only or scheme != "http"):
        return f"„{shown}“ muss mit https:// beginnen."
    if any(char.isspace() for char in url):
        return f"„{shown}“ enthält Leerzeichen oder Zeilenumbrüche; bitte die Adresse prüfen."
    if not _URL_RE.match(url):
        return (
            f"„{shown}“ enthält Zeichen, die in Internetadressen nicht erlaubt sind "
            "(z. B. Umlaute oder Anführungszeichen); bitte die Adresse aus dem Browser kopieren."
        )
    return None
