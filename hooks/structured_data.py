"""schema.org JSON-LD: an Event on every event page, the Organization on the home pages.

Logic in civic_site/structured_data.py; overrides/partials/structured-data.html prints
the blocks. They are <script type="application/ld+json"> data blocks, which browsers do
not execute, so hooks/csp.py does not need to hash them.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from civic_site.build_data import build_data
from civic_site.event_model import Event, Organizer
from civic_site.placeholders import is_unconfirmed
from civic_site.pretix_embed import PretixSettingsError, event_url, settings_from_extra
from civic_site.pretix_ref import PretixValueError
from civic_site.social_meta import social_image_url
from civic_site.structured_data import (
    event_json_ld,
    organization_json_ld,
    script_safe_json,
)
from civic_site.urls import absolute_url


def _offer_url(event: Event, config: MkDocsConfig) -> str | None:
    """Where people register: the pretix shop page, else the event's registration_url."""
    if event.pretix is not None:
        try:
            return event_url(event.pretix, settings_from_extra(config.extra))
        except (PretixValueError, PretixSettingsError):
            pass  # no pretix organizer configured: hooks/pretix_widget.py reports that
    return event.registration_url


@event_priority(-20)  # after hooks/events.py (default 0) has put `event` into the context
def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, **kwargs
) -> dict[str, Any]:
    home = build_data(config).paths.home()
    site_url = config.site_url or ""
    organizer = Organizer(config.site_name, absolute_url(site_url, home))
    event: Event | None = context.get("event")
    blocks = []
    if event is not None:
        image = social_image_url(site_url, event.header_image)
        page_url = absolute_url(site_url, page.url)
        offer = _offer_url(event, config)
        blocks.append(
            event_json_ld(
                event, page_url=page_url, image_url=image, organizer=organizer, offer_url=offer
            )
        )
    elif page.url in ("", "./", home):
        logo = absolute_url(site_url, config.theme.get("logo") or "")
        email = (config.extra.get("operator") or {}).get("email")
        if is_unconfirmed(email):
            email = None  # an assumed address is never published as fact (launch-check)
        blocks.append(
            organization_json_ld(
                organizer, logo_url=logo, description=config.site_description, email=email
            )
        )
    context["civic_json_ld"] = [script_safe_json(block) for block in blocks]
    return context
