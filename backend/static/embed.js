// The one tag a portal needs: <script src="https://…/embed.js" defer></script>, then
// <div data-pilot-form data-program="…"></div> wherever the form goes (see widget.js for the
// attributes and events). A classic script, so that it runs in any browser: where the browser
// lacks what the form needs, each form's place says so in Chinese instead of staying blank;
// elsewhere it loads the form's module, and the wasm, only when the page has a form.
(function () {
  "use strict";
  var script = document.currentScript;
  // Where the time to an interactive form is measured from (widget.js marks the end).
  if (window.performance && performance.mark) performance.mark("pilot:loader");
  var OLD =
    "您的浏览器版本过旧，无法使用在线申报表。请改用 Chrome、Edge 80 或以上版本，Firefox 78 或以上版本，Safari 14 或以上版本，" +
    "或 360 安全浏览器、QQ 浏览器、搜狗浏览器等的“极速模式”（内核版本 80 或以上）。";

  function supported() {
    return (
      typeof WebAssembly === "object" &&
      typeof WebAssembly.instantiateStreaming === "function" &&
      typeof Element.prototype.attachShadow === "function" &&
      typeof Element.prototype.replaceChildren === "function" &&
      "noModule" in HTMLScriptElement.prototype &&
      typeof CustomEvent === "function"
    );
  }

  function start() {
    var hosts = document.querySelectorAll("[data-pilot-form]");
    if (!hosts.length) return;
    if (!supported()) {
      for (var i = 0; i < hosts.length; i++) {
        var note = document.createElement("p");
        note.setAttribute("role", "alert");
        note.textContent = OLD;
        hosts[i].textContent = "";
        hosts[i].appendChild(note);
      }
      return;
    }
    // Everything the form needs is asked for now, together, rather than each file after the
    // one that names it: the glue (widget.js imports it), the wasm (the glue fetches it), the
    // stylesheet, and each form's definition. The build puts the hashed names in.
    var from = script.src;
    preload("modulepreload", new URL("app.js", from).href, "", true);
    preload("preload", new URL("app_bg.wasm", from).href, "fetch", true);
    preload("preload", new URL("app.css", from).href, "style", false);
    for (var j = 0; j < hosts.length; j++) {
      // The same URL as widget.js's fetch, which then takes this answer.
      var api = (hosts[j].getAttribute("data-api") || new URL(from).origin).replace(/\/+$/, "");
      preload("preload", api + "/api/v1/form" + formQuery(hosts[j]), "fetch", true);
    }
    var module = document.createElement("script");
    module.type = "module";
    module.src = new URL("widget.js", from).href;
    document.head.appendChild(module);
  }

  // What the form's answer is asked for with: the program, and, where the page fixes it, the
  // form rendered by the server, which the shadow root shows at once (widget.js asks the same).
  function formQuery(host) {
    var program = host.getAttribute("data-program");
    if (!program) return "";
    var call = host.getAttribute("data-call");
    return "?program=" + encodeURIComponent(program) + "&rendered=true" +
      (call ? "&call=" + encodeURIComponent(call) : "");
  }

  // `cors`: fetched as the module loader and `fetch` fetch (with CORS), so that they take it.
  function preload(rel, href, as, cors) {
    var link = document.createElement("link");
    link.rel = rel;
    link.href = href;
    if (as) link.as = as;
    if (cors) link.crossOrigin = "anonymous";
    document.head.appendChild(link);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
