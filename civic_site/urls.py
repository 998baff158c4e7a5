"""URL helpers."""

from __future__ import annotations

from urllib.parse import urljoin


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
    return urljoin(base, link)
