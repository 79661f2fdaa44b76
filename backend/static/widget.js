// Mounts the application form into every element marked `data-pilot-form`; `data-program` fixes
// the program, and without it the applicant picks one. A site embeds the
// form with this one script tag; no inline script is needed, so strict-CSP pages can host it.
// The API is called on the origin this script was loaded from.
import init, { mount } from "./app.js";

const base = new URL("./", import.meta.url);

async function start() {
  await init({ module_or_path: new URL("app_bg.wasm", base) });
  for (const el of document.querySelectorAll("[data-pilot-form]")) {
    if (el.dataset.pilotMounted) continue;
    el.dataset.pilotMounted = "1";
    el.textContent = "";
    mount(el, el.dataset.program || null, base.origin);
  }
}

start().catch((err) => {
  for (const el of document.querySelectorAll("[data-pilot-form]")) {
    el.textContent = "申报表加载失败，请刷新页面重试。";
  }
  console.error(err);
});
