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

  var CONSENT_KEY = "civic-pretix-consent";

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

  // The page's Content-Security-Policy allows the pretix host only on pages with a
  // widget. Material's instant navigation keeps the document and adds each new page's
  // policy <meta>; every policy added stays in force, and a policy can only forbid
  // more. So all policies seen since the last full load must allow pretix; if one does
  // not, the page is loaded once more (the consent is remembered for that one reload)
  // and the widget is built then.
  var seenPolicies = [];

  function notePolicy() {
    var metas = document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]');
    for (var i = 0; i < metas.length; i++) {
      var policy = metas[i].getAttribute("content");
      if (seenPolicies.indexOf(policy) === -1) seenPolicies.push(policy);
    }
  }

  function policyAllowsOrigin(policy, origin) {
    var directives = {};
    policy.split(";").forEach(function (directive) {
      var tokens = directive.trim().split(/\s+/);
      if (tokens[0]) directives[tokens[0]] = tokens.slice(1);
    });
    return ["script-src", "style-src", "connect-src"].every(function (name) {
      var sources = directives[name] || directives["default-src"];
      return !sources || sources.indexOf(origin) !== -1;
    });
  }

  function policyAllows(url) {
    var origin = new URL(url, document.baseURI).origin;
    return seenPolicies.every(function (policy) {
      return policyAllowsOrigin(policy, origin);
    });
  }

  function reloadWithConsent(box) {
    var boxes = document.querySelectorAll(".civic-pretix");
    try {
      window.sessionStorage.setItem(CONSENT_KEY, location.pathname + "#" +
        Array.prototype.indexOf.call(boxes, box));
    } catch (error) {
      // No storage: after the reload the visitor clicks once more.
    }
    location.reload();
  }

  function activate(box, moveFocus) {
    if (box.hasAttribute("data-pretix-active")) return;
    if (!policyAllows(box.getAttribute("data-pretix-script"))) {
      reloadWithConsent(box);
      return;
    }
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

  function consentFromReload() {
    try {
      var value = window.sessionStorage.getItem(CONSENT_KEY);
      window.sessionStorage.removeItem(CONSENT_KEY);
      return value;
    } catch (error) {
      return null;
    }
  }

  function setUp() {
    notePolicy();
    var remembered = consentFromReload();
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
      if (remembered === location.pathname + "#" + i) activate(box, true);
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
