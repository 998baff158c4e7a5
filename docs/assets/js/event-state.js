/* Keeps event lists and event pages honest between daily rebuilds: when an event's
   end has passed in the visitor's clock, its card moves from "upcoming" to "past"
   and an event page shows "past" instead of its registration. No network, no storage. */
(function () {
  "use strict";

  function isOver(element, now) {
    var end = Date.parse(element.getAttribute("data-event-end"));
    return !isNaN(end) && now >= end;
  }

  function markPast(element) {
    element.setAttribute("data-event-state", "past");
    var badge = element.querySelector("[data-event-badge], .civic-badge");
    if (badge) {
      badge.textContent = element.getAttribute("data-label-past");
      badge.className = "civic-badge civic-badge--past";
    }
  }

  function pastListFor(container, card) {
    var year = new Date(Date.parse(card.getAttribute("data-event-start"))).getFullYear();
    return container.querySelector('[data-list="past-' + year + '"]') ||
      container.querySelector('[data-list="past"]');
  }

  function insertNewestFirst(list, card) {
    var start = Date.parse(card.getAttribute("data-event-start"));
    var items = list.querySelectorAll(".civic-event-card");
    for (var i = 0; i < items.length; i++) {
      if (Date.parse(items[i].getAttribute("data-event-start")) < start) {
        list.insertBefore(card, items[i]);
        return;
      }
    }
    list.appendChild(card);
  }

  function updateListing(container, now) {
    var upcoming = container.querySelector('[data-list="upcoming"]');
    if (!upcoming) return;
    var cards = upcoming.querySelectorAll(".civic-event-card");
    for (var i = 0; i < cards.length; i++) {
      if (!isOver(cards[i], now)) continue;
      var target = pastListFor(container, cards[i]);
      if (!target) continue;
      markPast(cards[i]);
      target.hidden = false;
      insertNewestFirst(target, cards[i]);
      var emptyPast = container.querySelector("[data-empty-past]");
      if (emptyPast) emptyPast.hidden = true;
    }
    var emptyUpcoming = container.querySelector("[data-empty-upcoming]");
    if (emptyUpcoming) emptyUpcoming.hidden = upcoming.children.length > 0;
  }

  function updateHome(list, now) {
    var cards = list.querySelectorAll(".civic-event-card");
    for (var i = 0; i < cards.length; i++) {
      if (isOver(cards[i], now)) cards[i].hidden = true;
    }
  }

  function updateEventPage(article, now) {
    var state = article.getAttribute("data-event-state");
    if (state === "past" || state === "cancelled" || !isOver(article, now)) return;
    markPast(article);
    var open = article.querySelector("[data-registration-open]");
    var past = article.querySelector("[data-registration-past]");
    if (open && past) {
      open.hidden = true;
      past.hidden = false;
    }
    article.querySelectorAll("[data-hide-when-past]").forEach(function (el) { el.hidden = true; });
  }

  function update() {
    var now = Date.now();
    document.querySelectorAll("[data-civic-events]").forEach(function (c) { updateListing(c, now); });
    document.querySelectorAll('[data-list="home"]').forEach(function (l) { updateHome(l, now); });
    document.querySelectorAll("article.civic-event").forEach(function (a) { updateEventPage(a, now); });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(update); // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
