"""Atom feed (RFC 4287) of the events of one site language.

Pure: takes validated events and returns the feed's bytes, built with xml.etree
(escaping by the library, never by string concatenation). hooks/calendar_feed.py adds
the file to the site at /events/feed.xml and /en/events/feed.xml.

Order and timestamps: a feed announces, so an entry's `published` and `updated` are the
event's announcement date (`date` in its file, midnight in Berlin) and, when an editor
left that out, its start. Entries are written newest first by that timestamp (ties: later
start first), which is also the order feed readers sort by. Nothing depends on the build
clock, so rebuilding does not make readers show old entries as changed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time

from civic_site.calendar import event_summary, location_text
from civic_site.event_format import DateFormats, format_event_when
from civic_site.event_model import BERLIN, Event
from civic_site.site_paths import SitePaths, category_key
from civic_site.urls import absolute_url

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 forbids; an editor can smuggle them in through YAML escapes.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FeedSite:
    """What the feed needs to know about the site and its language."""

    site_url: str
    paths: SitePaths  # the language's URLs (civic_site/site_paths.py)
    title: str
    subtitle: str
    author: str  # used when an event names no authors
    cancelled_label: str
    # Each language's date formats: an entry's date is written in the event's language.
    date_formats: Mapping[str, DateFormats]

    @property
    def lang(self) -> str:
        return self.paths.lang


def entry_timestamp(event: Event) -> datetime:
    """When the event was announced: its `date`, else its start (see module docstring)."""
    if event.date is not None:
        return datetime.combine(event.date, time(0), tzinfo=BERLIN)
    return event.start.astimezone(BERLIN)


def feed_order(events: list[Event]) -> list[Event]:
    """Newest announcement first; among equal dates the later event first."""
    return sorted(events, key=lambda e: (entry_timestamp(e), e.start, e.slug), reverse=True)


def xml_text(value: str) -> str:
    return _XML_INVALID.sub("", value)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _entry_content(event: Event, site: FeedSite) -> str:
    # In the event's own language, like its teaser (German for a German-only event).
    where = location_text(event)
    lines = [format_event_when(event, site.date_formats[event.lang]), where or "", "", event.teaser]
    return "\n".join(line for i, line in enumerate(lines) if line or i == 2)


def _add_entry(feed: ET.Element, event: Event, site: FeedSite) -> None:
    url = absolute_url(site.site_url, site.paths.event(event.slug))
    entry = _sub(feed, "entry")
    if event.lang != site.lang:  # a German-only event in the English feed
        entry.set(XML_LANG, event.lang)
    _sub(entry, "title", event_summary(event, site.cancelled_label), type="text")
    _sub(entry, "link", rel="alternate", type="text/html", href=url)
    _sub(entry, "id", url)
    stamp = entry_timestamp(event).isoformat()
    _sub(entry, "published", stamp)
    _sub(entry, "updated", stamp)
    for name in event.authors or (site.author,):
        _sub(_sub(entry, "author"), "name", name)
    for category in event.categories:
        _sub(entry, "category", term=category_key(category), label=category)
    _sub(entry, "summary", event.teaser, type="text")
    _sub(entry, "content", _entry_content(event, site), type="text")


def build_atom_feed(events: list[Event], site: FeedSite, fallback_updated: datetime) -> bytes:
    """The feed document; `fallback_updated` is its <updated> when there are no events."""
    ordered = feed_order(events)
    self_url = absolute_url(site.site_url, site.paths.feed())
    feed = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: site.lang})
    _sub(feed, "title", site.title, type="text")
    _sub(feed, "subtitle", site.subtitle, type="text")
    _sub(feed, "id", self_url)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    listing = absolute_url(site.site_url, site.paths.listing())
    _sub(feed, "link", rel="alternate", type="text/html", href=listing)
    updated = entry_timestamp(ordered[0]) if ordered else fallback_updated  # the newest entry
    _sub(feed, "updated", updated.isoformat())
    _sub(_sub(feed, "author"), "name", site.author)
    for event in ordered:
        _add_entry(feed, event, site)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
