/*
 * pretix widgets, loaded only with the visitor's consent (two-click).
 *
 * Each widget box (overrides/partials/pretix-widget.html, class "civic-pretix") keeps
 * the <pretix-widget> tag inside a <template>, so the page makes no request to pretix.
 * After a click on the box's button (or at once with extra.pretix.loading: direct) the
 * tag is put into the page, the organizer stylesheet and the language script are loaded
 * (each at most once per page) and pretix builds the widget. pretix's script builds all
 * widgets present when it loads; widgets added later need PretixWidget.buildWidgets(),
 * which skips widgets that are already built.
 */
(function () {
  "use strict";

  function loadStylesheet(url) {
    var links = document.querySelectorAll("link[data-civic-pretix]");
    for (var i = 0; i < links.length; i++) {
      if (links[i].getAttribute("href") === url) return;
    }
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = url;
    link.setAttribute("data-civic-pretix", "");
    document.head.appendChild(link);
  }

  function buildWidgets() {
    if (window.PretixWidget && typeof window.PretixWidget.buildWidgets === "function") {
      window.PretixWidget.buildWidgets();
    }
  }

  function loadScript(url) {
    if (window.PretixWidget) {
      buildWidgets();
      return;
    }
    var scripts = document.querySelectorAll("script[data-civic-pretix]");
    for (var i = 0; i < scripts.length; i++) {
      if (scripts[i].getAttribute("src") === url) {
        // Still loading: build when it is there.
        scripts[i].addEventListener("load", buildWidgets);
        return;
      }
    }
    var script = document.createElement("script");
    script.src = url;
    script.async = true;
    script.setAttribute("data-civic-pretix", "");
    script.addEventListener("load", buildWidgets);
    document.head.appendChild(script);
  }

  function activate(box, moveFocus) {
    if (box.hasAttribute("data-pretix-active")) return;
    box.setAttribute("data-pretix-active", "");
    var template = box.querySelector("template.civic-pretix__template");
    var target = box.querySelector(".civic-pretix__widget");
    var placeholder = box.querySelector(".civic-pretix__placeholder");
    if (!template || !target) return;
    target.appendChild(document.importNode(template.content, true));
    target.hidden = false;
    if (placeholder) placeholder.hidden = true;
    if (moveFocus) target.focus();
    loadStylesheet(box.getAttribute("data-pretix-stylesheet"));
    loadScript(box.getAttribute("data-pretix-script"));
  }

  function setUp() {
    var boxes = document.querySelectorAll(".civic-pretix");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.hasAttribute("data-pretix-ready")) continue;
      box.setAttribute("data-pretix-ready", "");
      if (box.getAttribute("data-pretix-loading") === "direct") {
        activate(box, false);
        continue;
      }
      var button = box.querySelector(".civic-pretix__load");
      if (!button) continue;
      button.hidden = false;
      button.addEventListener("click", activate.bind(null, box, true));
    }
  }

  // Material's instant navigation swaps the page without reloading scripts; its
  // document$ observable fires for every page it shows (and once for the first one).
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
