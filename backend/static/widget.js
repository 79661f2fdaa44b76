// Mounts the application form into every element marked `data-pilot-form` (embed.js loads this
// module; a page may also load it directly with type=module). Attributes of the element:
// `data-program` fixes the program (without it the applicant picks one), `data-call` names the
// call, `data-api` the server to send to (default: the origin this script came from).
//
// An embedded form renders inside an open shadow root with its own stylesheet, so the host
// page's CSS cannot restyle it and ours cannot leak out; the server's own page (marked
// `data-pilot-page`) renders in place. The host element hears `pilot:ready`,
// `pilot:validity` ({errors}) and `pilot:submitted` ({receipt, submitted_at}) as CustomEvents.
import init, { mount } from "./app.js";

const base = new URL("./", import.meta.url);

function emit(host, name, detail) {
  host.dispatchEvent(new CustomEvent("pilot:" + name, { detail, bubbles: true }));
}

async function start() {
  await init({ module_or_path: new URL("app_bg.wasm", base) });
  for (const host of document.querySelectorAll("[data-pilot-form]")) {
    if (host.dataset.pilotMounted) continue;
    host.dataset.pilotMounted = "1";
    let root = host;
    if (host.hasAttribute("data-pilot-page")) {
      host.textContent = "";
    } else {
      const shadow = host.shadowRoot || host.attachShadow({ mode: "open" });
      const style = document.createElement("link");
      style.rel = "stylesheet";
      style.href = new URL("app.css", base).href;
      root = document.createElement("div");
      root.className = "pf-root";
      shadow.replaceChildren(style, root);
    }
    const api = host.dataset.api || base.origin;
    const { program = null, call = null } = host.dataset;
    mount(root, program, call, api, (name, detail) => emit(host, name, detail));
    emit(host, "ready", { program });
  }
}

start().catch((err) => {
  for (const host of document.querySelectorAll("[data-pilot-form]")) {
    (host.shadowRoot || host).textContent = "申报表加载失败，请刷新页面重试。";
  }
  console.error(err);
});
