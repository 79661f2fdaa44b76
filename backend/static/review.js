// The reviewers' page: plain JavaScript over the JSON API (/api/v1/submissions, /exports), so
// that none of it reaches the applicants' widget. The token stays in this tab's sessionStorage
// and goes out only as an Authorization header to this server.
"use strict";

const KEY = "pilot-review-token";
const FILTERS = ["program", "call", "status", "unit", "domain", "province", "from", "to", "q"];
const $ = (selector) => document.querySelector(selector);
let page = 1;
let me = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

// A status or a decision in the server's words (`GET /api/v1/me`), its key where none is given.
function words(kind, key) {
  const found = me && me.words[kind].find((w) => w.key === key);
  return found ? found.words : key;
}

function say(text) {
  $("#status").textContent = text;
}

// The page is in Chinese, so are the server's messages, whatever the browser's languages.
function headers(more) {
  return { authorization: "Bearer " + sessionStorage.getItem(KEY), "accept-language": "zh-CN", ...more };
}

function api(path) {
  return fetch(path, { headers: headers() });
}

// What went wrong, in the server's words; a 401 sends the reviewer back to sign in.
async function failed(response) {
  if (response.status === 401) {
    signOut();
    $("#sign-in-error").textContent = "令牌无效或已停用，请重新输入。";
    return;
  }
  let message = "服务器返回错误 " + response.status;
  try {
    message = (await response.json()).errors.map((e) => e.message).join("；");
  } catch (_) {
    // Not JSON: the status says enough.
  }
  say(message);
}

function show(part) {
  for (const id of ["sign-in", "list", "detail"]) $("#" + id).hidden = id !== part;
  $("#sign-out").hidden = part === "sign-in";
}

function signOut() {
  sessionStorage.removeItem(KEY);
  show("sign-in");
}

function query() {
  const q = new URLSearchParams();
  for (const name of FILTERS) {
    const value = $("#filter-" + name).value.trim();
    if (value) q.set(name, value);
  }
  return q;
}

async function list() {
  const q = query();
  q.set("page", page);
  const response = await api("/api/v1/submissions?" + q);
  if (!response.ok) return failed(response);
  const body = await response.json();
  const pages = Math.max(1, Math.ceil(body.total / body.per_page));
  $("#count").textContent = "共 " + body.total + " 份申请";
  $("#page").textContent = "第 " + body.page + " / " + pages + " 页";
  $("#prev").disabled = body.page <= 1;
  $("#next").disabled = body.page >= pages;
  $("#rows").replaceChildren(
    ...body.items.map((s) =>
      el(
        "tr",
        {},
        el("td", {}, el("button", { type: "button", class: "rv-link", onclick: () => detail(s.id) }, s.receipt)),
        el("td", {}, programs[s.program] || s.program),
        el("td", {}, s.applicant_name),
        el("td", {}, s.project_name),
        el("td", {}, s.domain),
        el("td", {}, s.submitted_at.replace("T", " ").slice(0, 16)),
        el("td", {}, words("statuses", s.status)),
        el("td", {}, s.rank === null ? "" : String(s.rank)),
        el("td", {}, s.score === null ? "" : String(s.score)),
      ),
    ),
  );
  // What a unit below withdrew from this unit: receipt and project only.
  $("#withdrawn").replaceChildren(
    ...(body.withdrawn.length
      ? [el("h3", {}, "下级单位已撤回"), el("ul", {}, body.withdrawn.map((w) => el("li", {}, w.receipt + " " + w.project_name + "（" + w.by + " 于 " + w.at.replace("T", " ").slice(0, 16) + " 撤回）")))]
      : []),
  );
  $("#summary").hidden = !(me && me.unit && !me.expert && $("#filter-call").value);
  await quotas();
  show("list");
}

// The reviewer's unit in the call being looked at, as the chain names it.
function ownUnit(call) {
  const c = me && me.calls.find((c) => c.id === call);
  return c ? c.units.find((u) => u.name === me.unit) : undefined;
}

// What the unit hands in to the level above, by when, in how many copies, where: its notice's words.
function handIn(unit) {
  if (!unit) return [];
  const h = unit.hand_in;
  const by = unit.recommend_by ? unit.recommend_by + "前" : "";
  const parts = [by + "报送" + h.list, h.copies, h.to].filter((p) => p);
  return h.copies || h.to || by ? [el("p", { class: "rv-hand-in" }, "本单位报送：" + parts.join("；"))] : [];
}

// The counts against each quota of the call being looked at, for a unit's reviewer.
async function quotas() {
  const call = $("#filter-call").value.trim();
  if (!me || !me.unit || !call) return $("#quotas").replaceChildren();
  const unit = ownUnit(call);
  $("#summary").textContent = "本单位" + (unit ? unit.hand_in.list : "推荐汇总表") + "（Excel）";
  const response = await api("/api/v1/quotas?call=" + encodeURIComponent(call));
  if (!response.ok) return $("#quotas").replaceChildren();
  const body = await response.json();
  const limit = (q) =>
    (q.max === null ? "" : " / " + q.max + (q.firm ? "" : "（原则上）")) + (q.min === null ? "" : "（至少 " + q.min + "）");
  // What went beyond a quota set in principle, and why.
  const beyond = (q) => (q.beyond.length ? "；超出名额：" + q.beyond.map((b) => b.receipt + "（" + b.reason + "）").join("、") : "");
  $("#quotas").replaceChildren(
    ...handIn(unit),
    el("h3", {}, body.unit + "的推荐名额"),
    el("ul", {}, body.quotas.map((q) => el("li", {}, q.quota + "：已推荐 " + q.used + limit(q) + (q.receipts.length ? "（" + q.receipts.join("、") + "）" : "") + beyond(q)))),
    ...(body.children.length
      ? [el("h3", {}, "下级单位"), el("ul", {}, body.children.map((c) => el("li", { class: c.met ? "" : "rv-quota-unmet" }, c.unit + " " + c.quota + "：" + c.used + " / 至少 " + c.min + (c.met ? "（已满足）" : "（未满足）"))))]
      : []),
  );
}

// Says why a chain action on `s` was refused; where it changed meanwhile (409 version_changed),
// opens it again so the reviewer sees what it is now.
async function refused(response, s) {
  const body = await response
    .clone()
    .json()
    .catch(() => null);
  await failed(response);
  if (body && body.errors && body.errors.some((e) => e.code === "version_changed")) await detail(s.id);
}

// Sends `body` to one of a submission's chain actions, on the version `s` the reviewer reads
// (another one since is refused, 409 version_changed), and opens it again.
async function act(s, what, method, body, done) {
  const response = await fetch("/api/v1/submissions/" + encodeURIComponent(s.id) + "/" + what, {
    method,
    headers: headers({ "content-type": "application/json" }),
    body: JSON.stringify({ ...body, version: s.version }),
  });
  if (!response.ok) return refused(response, s);
  say(done);
  return detail(s.id);
}

// What the reviewer's unit may do with `s`: its place in the call's chain.
function actions(s) {
  const call = me && me.calls ? me.calls.find((c) => c.id === s.call) : null;
  const mine = call && me.unit ? call.units.find((u) => u.name === me.unit) : null;
  const unit = Boolean(mine && !me.expert);
  const chain = [];
  for (const r of s.recommendations) chain.push(el("li", {}, r.unit + " 已推荐，排序第 " + r.rank + " 位"));
  if (s.returned) {
    const back = s.returned.corrected_at
      ? "，已于 " + s.returned.corrected_at.replace("T", " ").slice(0, 16) + " 补正，修改了：" + (s.returned.changed.join("、") || "（无）")
      : "，补正期限 " + s.returned.correct_by;
    chain.push(el("li", {}, s.returned.unit + " 退回补正：" + s.returned.reason + back));
  }
  if (s.decision) chain.push(el("li", {}, s.decision.unit + "：" + words("decisions", s.decision.decision) + (s.decision.reason ? "（" + s.decision.reason + "）" : "")));
  $("#detail-chain").replaceChildren(...(chain.length ? [el("h3", {}, "办理情况"), el("ul", {}, chain)] : []));

  $("#detail-recommend").hidden = !(unit && !mine.decides);
  if (!$("#detail-recommend").hidden) {
    $("#recommend-state").textContent = s.rank ? "已推荐，排序第 " + s.rank + " 位。" : "尚未推荐。";
    $("#recommend-rank").value = s.rank || "";
    $("#recommend-reason").value = "";
    $("#recommend").onclick = () => recommend(s, true);
    $("#withdraw").onclick = () => recommend(s, false);
    $("#withdraw").hidden = !s.rank;
  }

  $("#opinion-form").hidden = !unit;
  if (unit) {
    const blocks = mine.opinion;
    $("#opinion-block").replaceChildren(...blocks.map((b) => el("option", { value: b }, b)));
    $("#opinion-block").hidden = $("#opinion-block-label").hidden = blocks.length < 2;
    const own = s.opinions.find((o) => o.unit === me.unit);
    $("#opinion-text").value = own ? own.text : "";
    $("#opinion-form").onsubmit = (e) => {
      e.preventDefault();
      const body = { text: $("#opinion-text").value };
      if (blocks.length > 1) body.block = $("#opinion-block").value;
      return act(s, "opinion", "PUT", body, "意见已保存，打印在申请书的意见栏。");
    };
  }

  $("#experts-form").hidden = !unit;
  if (unit) {
    const reviews = s.experts.reviews.map((r) => el("li", {}, r.expert + "：" + r.score + " 分。" + r.text));
    $("#experts-reviews").replaceChildren(
      ...(reviews.length ? [el("ul", {}, reviews), el("p", {}, "平均分：" + s.experts.mean)] : [el("p", {}, "尚无专家评分。")]),
    );
    $("#experts-names").value = s.experts.assigned.join(", ");
    $("#experts-form").onsubmit = (e) => {
      e.preventDefault();
      const experts = $("#experts-names").value.split(/[,，、\s]+/).filter(Boolean);
      return act(s, "experts", "PUT", { experts }, "已分配给专家：" + (experts.join("、") || "（无）"));
    };
  }

  $("#review-form").hidden = !me.expert;
  if (me.expert) {
    const own = s.experts.reviews[0];
    $("#review-score").value = own ? own.score : "";
    $("#review-text").value = own ? own.text : "";
    $("#review-form").onsubmit = (e) => {
      e.preventDefault();
      const body = { score: Number($("#review-score").value), text: $("#review-text").value };
      return act(s, "review", "PUT", body, "评审已提交。");
    };
  }

  $("#return-form").hidden = !(unit && s.unit === me.unit);
  $("#return-form").onsubmit = (e) => {
    e.preventDefault();
    const body = { reason: $("#return-reason").value, correct_by: $("#return-by").value };
    return act(s, "return", "POST", body, "已退回补正。请按惯例告知申请人退回理由和补正期限。");
  };

  $("#decision-form").hidden = !(unit && mine.decides);
  $("#decision-form").onsubmit = (e) => {
    e.preventDefault();
    const body = { decision: $("#decision-value").value, reason: $("#decision-reason").value };
    return act(s, "decision", "PUT", body, "已作出决定。");
  };
}

// Recommends the version the reviewer reads; a withdrawal holds whatever the version.
async function recommend(s, recommended) {
  const rank = $("#recommend-rank").value.trim();
  const reason = $("#recommend-reason").value.trim();
  const body = recommended
    ? { recommended, version: s.version, ...(rank ? { rank: Number(rank) } : {}), ...(reason ? { reason } : {}) }
    : { recommended };
  const response = await fetch("/api/v1/submissions/" + encodeURIComponent(s.id) + "/recommendation", {
    method: "PUT",
    headers: headers({ "content-type": "application/json" }),
    body: JSON.stringify(body),
  });
  if (!response.ok) return refused(response, s);
  const answer = await response.json();
  say(answer.recommended ? "已推荐，排序第 " + answer.rank + " 位。" : "已撤销推荐。");
  return detail(s.id);
}

// Downloads what `path` answers as `name`, through the Authorization header.
async function download(path, name) {
  say("正在准备 " + name + " ……");
  const response = await api(path);
  if (!response.ok) return failed(response);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  say("已下载：" + name + "（" + blob.size + " 字节）");
}

// A line of the cover: its label and its value.
function coverLine(line) {
  return el("p", {}, line.label ? el("strong", {}, line.label + "：") : null, el("span", { class: "rv-value" }, line.value));
}

// A cell of the official form's table (shared::document::Cell): a label, a value, or an opinion
// block with its heading, what the unit wrote, the lines to sign, the unit and the date.
function cell(c) {
  const attrs = { colspan: c.span, rowspan: c.down };
  if (!c.opinion) return el(c.head ? "th" : "td", { ...attrs, class: c.head ? "" : "rv-value" }, c.guide ? [el("span", { class: "rv-guide" }, c.guide), el("br", {}), c.text] : c.text);
  const o = c.opinion;
  return el(
    "td",
    { ...attrs, class: "rv-opinion" },
    [c.text, o.text, o.sign, o.unit, o.date || "年　　月　　日"].map((line) => el("p", {}, line)),
  );
}

function part(p) {
  const table = el("table", { class: "rv-table rv-form" }, el("tbody", {}, p.rows.map((row) => el("tr", {}, row.map(cell)))));
  return p.title ? [el("h4", {}, p.title), table] : [table];
}

async function detail(id) {
  const response = await api("/api/v1/submissions/" + encodeURIComponent(id));
  if (!response.ok) return failed(response);
  const s = await response.json();
  // Without a document (an application the current form cannot lay out), the JSON still is.
  const doc = s.document || { title: "", cover: [], parts: [] };
  $("#detail-title").textContent = s.application.project.name || s.receipt;
  const meta = [
    ["回执编号", s.receipt],
    ["申报项目", programs[s.program] || s.program],
    ["申报批次", s.call],
    ["受理单位", s.unit || "（批次未指定）"],
    ["承担单位", s.application.applicant.name],
    ["提交时间", s.submitted_at.replace("T", " ")],
  ];
  // Corrected by the applicant before the deadline: this is the latest version.
  if (s.version > 1) meta.push(["版本", "第 " + s.version + " 版（申请人截止前修改过 " + (s.version - 1) + " 次，原版本存档备查）"]);
  $("#detail-meta").replaceChildren(...meta.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  $("#detail-warnings").replaceChildren(
    ...(s.warnings.length
      ? [el("div", { class: "rv-warnings" }, el("p", {}, "申请人提交时看到的提示："), el("ul", {}, s.warnings.map((w) => el("li", {}, w.message))))]
      : []),
  );
  const files = [
    el("li", {}, el("button", { type: "button", class: "rv-link", onclick: () => download("/api/v1/submissions/" + s.id + "/document.docx", s.receipt + "-申请书.docx") }, "申请书（Word）")),
    ...s.attachments.map((a) =>
      el("li", {}, el("button", { type: "button", class: "rv-link", onclick: () => download(a.href, a.download_name) }, a.file_name), "（" + Math.ceil(a.size / 1024) + " KB）"),
    ),
  ];
  $("#detail-files").replaceChildren(...files);
  actions(s);
  const parts = [
    el("h3", { class: "rv-form-title" }, doc.title),
    ...doc.cover.map(coverLine),
    ...(doc.issuer ? [el("p", {}, doc.issuer)] : []),
    ...doc.parts.flatMap(part),
  ];
  if (doc.supplementary && doc.supplementary.rows.length) parts.push(...part(doc.supplementary));
  $("#detail-document").replaceChildren(...parts);
  show("detail");
  $("#detail-title").focus();
}

const programs = {};

async function signedIn() {
  const response = await api("/api/v1/me");
  if (!response.ok) return failed(response);
  me = await response.json();
  // The statuses in the server's words (backend/src/standing.rs), for the list's filter.
  const chosen = $("#filter-status").value;
  $("#filter-status").replaceChildren(
    el("option", { value: "" }, "全部"),
    ...me.words.statuses.map((w) => el("option", { value: w.key }, w.words)),
  );
  $("#filter-status").value = chosen;
  // The calls whose chain names the reviewer's unit; with one, it is the one looked at.
  $("#filter-call").replaceChildren(
    el("option", { value: "" }, "全部"),
    ...me.calls.map((c) => el("option", { value: c.id }, c.title + "（" + c.id + "）")),
  );
  if (me.unit && me.calls.length === 1) $("#filter-call").value = me.calls[0].id;
  return list();
}

async function start() {
  const response = await fetch("/api/v1/programs");
  if (response.ok) {
    for (const p of await response.json()) {
      programs[p.id] = p.title;
      $("#filter-program").append(el("option", { value: p.id }, p.title));
    }
  }
  $("#sign-in").addEventListener("submit", (e) => {
    e.preventDefault();
    $("#sign-in-error").textContent = "";
    sessionStorage.setItem(KEY, $("#token").value.trim());
    $("#token").value = "";
    page = 1;
    signedIn();
  });
  $("#filters").addEventListener("submit", (e) => {
    e.preventDefault();
    page = 1;
    list();
  });
  $("#prev").addEventListener("click", () => { page -= 1; list(); });
  $("#next").addEventListener("click", () => { page += 1; list(); });
  $("#back").addEventListener("click", () => list());
  $("#sign-out").addEventListener("click", () => { signOut(); say("已退出登录。"); });
  for (const button of document.querySelectorAll("[data-export]")) {
    const kind = button.dataset.export;
    button.addEventListener("click", () => download("/api/v1/exports/submissions." + kind + "?" + query(), "submissions." + kind));
  }
  $("#summary").addEventListener("click", () => {
    const call = $("#filter-call").value;
    const unit = ownUnit(call);
    download("/api/v1/exports/summary.xlsx?call=" + encodeURIComponent(call), (unit ? unit.hand_in.list : "推荐汇总表") + "-" + call + ".xlsx");
  });
  if (sessionStorage.getItem(KEY)) signedIn();
  else show("sign-in");
}

start();
