// The reviewers' page: plain JavaScript over the JSON API, so that none of it reaches the
// applicants' widget. The browser holds a session cookie (HttpOnly: no script reads it) from
// signing in with a password and a code, or through the province's identity provider.
"use strict";

const FILTERS = ["program", "call", "status", "unit", "domain", "province", "from", "to", "q"];
const $ = (selector) => document.querySelector(selector);
const programs = {};
const selected = new Set();
let page = 1;
let sort = "";
let order = "";
let me = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
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

const pad = (n) => String(n).padStart(2, "0");

// An instant as people write it, in Beijing time: 2026年12月7日 09:56.
function beijing(text) {
  if (!text) return "";
  let m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(text);
  if (!m) return text;
  if (m[6] && m[6] !== "+08:00") {
    const at = new Date(new Date(text).getTime() + 8 * 3600e3);
    m = [null, at.getUTCFullYear(), pad(at.getUTCMonth() + 1), pad(at.getUTCDate()), pad(at.getUTCHours()), pad(at.getUTCMinutes())];
  }
  return m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日 " + m[4] + ":" + m[5];
}

// A day as people write it: 2026年12月20日.
function day(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
  return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : text || "";
}

function callTitle(id) {
  const c = me && me.calls.find((c) => c.id === id);
  return c ? c.title : id;
}

// The page is in Chinese, so are the server's messages, whatever the browser's languages.
function api(path, init) {
  const headers = { "accept-language": "zh-CN", ...((init && init.headers) || {}) };
  return fetch(path, { credentials: "same-origin", ...init, headers });
}

function send(path, method, body) {
  return api(path, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

// The errors of a refusal, `[{path, code, message}]`.
async function errorsOf(response) {
  try {
    return (await response.clone().json()).errors || [];
  } catch (_) {
    return [{ path: "", code: "", message: "服务器返回错误 " + response.status }];
  }
}

// A 401 sends the reviewer back to sign in; anything else is said on the status line.
async function failed(response) {
  if (response.status === 401) return expired();
  say((await errorsOf(response)).map((e) => e.message).join("；"));
}

function expired() {
  me = null;
  show("sign-in");
  $("#sign-in-error").textContent = "登录已过期或已退出，请重新登录。";
  $("#account").focus();
}

function show(part) {
  for (const id of ["sign-in", "list", "detail"]) $("#" + id).hidden = id !== part;
  $("#sign-out").hidden = $("#who").hidden = part === "sign-in";
}

// --- Errors at the field they are about (GOV.UK's pattern), and a form's own line for the rest.

function clearErrors(form) {
  for (const p of form.querySelectorAll(".rv-field-error")) p.remove();
  for (const f of form.querySelectorAll("[aria-invalid]")) {
    f.removeAttribute("aria-invalid");
    const described = (f.getAttribute("aria-describedby") || "").split(" ").filter((d) => !d.endsWith("-error"));
    if (described.length) f.setAttribute("aria-describedby", described.join(" "));
    else f.removeAttribute("aria-describedby");
  }
}

function fieldError(id, message) {
  const field = document.getElementById(id);
  const note = el("p", { class: "rv-error rv-field-error", id: id + "-error" }, message);
  const label = document.querySelector("label[for='" + id + "']");
  (label || field).after(note);
  field.setAttribute("aria-invalid", "true");
  const described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
  field.setAttribute("aria-describedby", [...described, note.id].join(" "));
  return field;
}

function formError(form, message) {
  const note = el("p", { class: "rv-error rv-field-error", role: "alert" }, message);
  form.querySelector("h3").after(note);
  return note;
}

// Shows a refusal's errors in `form`: each at its field (`fields` maps the API's paths to
// fields), the rest at the top of the form; focus goes to the first.
function showErrors(form, errors, fields) {
  clearErrors(form);
  let first = null;
  const rest = [];
  for (const e of errors) {
    const id = fields && fields[e.path];
    if (id) first = first || fieldError(id, e.message);
    else rest.push(e.message);
  }
  if (rest.length) {
    const note = formError(form, rest.join("；"));
    if (!first) {
      note.tabIndex = -1;
      first = note;
    }
  }
  if (first) first.focus();
}

// --- Signing in and out.

const SIGN_IN_FAILED = {
  oidc_refused: "统一身份认证未能完成登录，请重试。",
  oidc_no_account: "统一身份认证的账号在本系统中没有对应的审核账号，请联系系统管理员开设。",
  oidc_unreachable: "暂时无法连接统一身份认证服务，请稍后重试，或使用账号密码登录。",
};

async function signIn(e) {
  e.preventDefault();
  const form = $("#sign-in");
  clearErrors(form);
  $("#sign-in-error").textContent = "";
  const empty = [["account", "请填写账号"], ["password", "请填写密码"], ["code", "请填写动态验证码"]].filter(([id]) => !$("#" + id).value.trim());
  if (empty.length) {
    empty.map(([id, message]) => fieldError(id, message));
    return $("#" + empty[0][0]).focus();
  }
  const body = { account: $("#account").value.trim(), password: $("#password").value, code: $("#code").value.trim() };
  const response = await send("/api/v1/session", "POST", body);
  $("#password").value = "";
  $("#code").value = "";
  if (!response.ok) {
    $("#sign-in-error").textContent = (await errorsOf(response)).map((e) => e.message).join("；");
    return $("#sign-in-error").focus();
  }
  page = 1;
  return signedIn();
}

async function signOut() {
  await api("/api/v1/session", { method: "DELETE" });
  me = null;
  show("sign-in");
  say("已退出登录。");
  $("#account").focus();
}

// --- The list: filters in the URL, columns that sort, a selection downloaded as one ZIP.

function query() {
  const q = new URLSearchParams();
  for (const name of FILTERS) {
    const value = $("#filter-" + name).value.trim();
    if (value) q.set(name, value);
  }
  return q;
}

// The view as the address bar keeps it, so that it can be bookmarked or sent on.
function keepInUrl() {
  const q = query();
  if (sort) q.set("sort", sort);
  if (order) q.set("order", order);
  if (page > 1) q.set("page", page);
  history.replaceState(null, "", "/review" + (q.toString() ? "?" + q : ""));
}

function fromUrl() {
  const q = new URLSearchParams(location.search);
  for (const name of FILTERS) if (q.has(name)) $("#filter-" + name).value = q.get(name);
  sort = q.get("sort") || "";
  order = q.get("order") || "";
  page = Math.max(1, Number(q.get("page")) || 1);
  return FILTERS.some((name) => q.has(name));
}

function options(select, values, all) {
  const chosen = select.value;
  select.replaceChildren(el("option", { value: "" }, all || "全部"), ...values.map(([value, text]) => el("option", { value }, text)));
  select.value = values.some(([v]) => v === chosen) ? chosen : "";
}

// The units that receive applications in the calls looked at, for the unit filter.
function unitChoices() {
  const call = $("#filter-call").value;
  const units = new Set();
  for (const c of me.calls) {
    if (call && c.id !== call) continue;
    for (const u of c.units) if (u.receives) units.add(u.name);
  }
  options($("#filter-unit"), [...units].map((u) => [u, u]));
}

function sortDirection(key) {
  const active = sort || "submitted";
  if (key !== active) return null;
  if (order) return order === "asc" ? "ascending" : "descending";
  return active === "submitted" || active === "score" ? "descending" : "ascending";
}

function selectionChanged() {
  const n = selected.size;
  $("#selected-count").textContent = n ? "已选择 " + n + " 份" : "未选择";
  $("#selected-zip").disabled = n === 0;
}

async function list() {
  const q = query();
  q.set("page", page);
  if (sort) q.set("sort", sort);
  if (order) q.set("order", order);
  const response = await api("/api/v1/submissions?" + q);
  if (!response.ok) return failed(response);
  const body = await response.json();
  const pages = Math.max(1, Math.ceil(body.total / body.per_page));
  $("#count").textContent = "共 " + body.total + " 份申请";
  $("#page").textContent = "第 " + body.page + " / " + pages + " 页";
  $("#prev").disabled = body.page <= 1;
  $("#next").disabled = body.page >= pages;
  for (const th of document.querySelectorAll("th[data-sort]")) {
    const way = sortDirection(th.dataset.sort);
    if (way) th.setAttribute("aria-sort", way);
    else th.removeAttribute("aria-sort");
  }
  $("#rows").replaceChildren(...body.items.map(row));
  // What a unit below withdrew from this unit: receipt and project only.
  $("#withdrawn").replaceChildren(
    ...(body.withdrawn.length
      ? [el("h3", {}, "下级单位已撤回"), el("ul", {}, body.withdrawn.map((w) => el("li", {}, w.receipt + " " + w.project_name + "（" + w.by + " 于 " + beijing(w.at) + " 撤回）")))]
      : []),
  );
  const unit = ownUnit($("#filter-call").value);
  $("#summary").hidden = !(unit && !me.expert && !unit.decides);
  $("#decisions").hidden = !(unit && !me.expert && unit.decides);
  if (unit) $("#summary").textContent = "本单位" + unit.hand_in.list + "（Excel）";
  await quotas();
  keepInUrl();
  show("list");
}

function row(s) {
  const cell = (label, ...content) => el("td", { "data-label": label }, ...content);
  const box = el("input", {
    type: "checkbox",
    "aria-label": "选择 " + s.receipt + " " + s.project_name,
    checked: selected.has(s.id),
    onchange: (e) => {
      if (e.target.checked) selected.add(s.id);
      else selected.delete(s.id);
      selectionChanged();
    },
  });
  return el(
    "tr",
    {},
    el("td", {}, box),
    cell("回执编号", el("button", { type: "button", class: "rv-link", onclick: () => detail(s.id) }, s.receipt)),
    cell("申报项目", programs[s.program] || s.program),
    cell("承担单位", s.applicant_name),
    cell("项目名称", s.project_name),
    cell("领域", s.domain),
    cell("提交时间", beijing(s.submitted_at)),
    cell("状态", words("statuses", s.status)),
    cell("推荐排序", s.rank === null ? "" : String(s.rank)),
    cell("专家评分", s.score === null ? "" : String(s.score)),
  );
}

// The reviewer's unit in the call being looked at, as the chain names it.
function ownUnit(call) {
  const c = me && me.unit && me.calls.find((c) => c.id === call);
  return c ? c.units.find((u) => u.name === me.unit) : undefined;
}

// What the unit hands in to the level above, by when, in how many copies, where: its notice's words.
function handIn(unit) {
  if (!unit) return [];
  const h = unit.hand_in;
  const by = unit.recommend_by ? beijing(unit.recommend_by) + "前" : "";
  const parts = [by + "报送" + h.list, h.copies, h.to].filter((p) => p);
  return h.copies || h.to || by ? [el("p", { class: "rv-hand-in" }, "本单位报送：" + parts.join("；"))] : [];
}

// The counts against each quota of the call being looked at, for a unit's reviewer.
async function quotas() {
  const call = $("#filter-call").value.trim();
  if (!me || !me.unit || me.expert || !call) return $("#quotas").replaceChildren();
  const unit = ownUnit(call);
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

// --- One application: the 申请书 first, this unit's actions beside it.

// Says why a chain action on `s` was refused, at its fields in `form`; where it changed
// meanwhile (409 version_changed), opens it again so the reviewer sees what it is now.
async function refused(response, s, form, fields) {
  if (response.status === 401) return expired();
  const errors = await errorsOf(response);
  if (errors.some((e) => e.code === "version_changed")) {
    await detail(s.id);
    return say(errors.map((e) => e.message).join("；"));
  }
  showErrors(form, errors, fields);
}

// Sends `body` to one of a submission's chain actions, on the version `s` the reviewer reads
// (another one since is refused, 409 version_changed), and opens it again.
async function act(s, form, what, method, body, done, fields) {
  clearErrors(form);
  const response = await send("/api/v1/submissions/" + encodeURIComponent(s.id) + "/" + what, method, { ...body, version: s.version });
  if (!response.ok) return refused(response, s, form, fields);
  await detail(s.id);
  say(done);
}

// Asks before what cannot be undone; true if the reviewer confirms.
function confirmed(title, text, yes) {
  const dialog = $("#confirm");
  $("#confirm-title").textContent = title;
  $("#confirm-text").textContent = text;
  $("#confirm-yes").textContent = yes;
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "yes"), { once: true });
    dialog.returnValue = "";
    dialog.showModal();
    $("#confirm-no").focus();
  });
}

function chain(s) {
  const items = [];
  for (const r of s.recommendations) items.push(el("li", {}, r.unit + " 已推荐，排序第 " + r.rank + " 位"));
  if (s.returned) {
    const r = s.returned;
    const back = r.corrected_at
      ? "，申请人已于 " + beijing(r.corrected_at) + " 补正，修改了：" + (r.changed_labels.join("、") || "（无）")
      : "，补正期限 " + beijing(r.correct_by);
    items.push(el("li", {}, r.unit + " 于 " + beijing(r.at) + " 退回补正：" + r.reason + back));
  }
  if (s.decision) items.push(el("li", {}, s.decision.unit + "：" + words("decisions", s.decision.decision) + (s.decision.reason ? "（" + s.decision.reason + "）" : "")));
  $("#detail-chain").hidden = !items.length;
  $("#detail-chain").replaceChildren(...(items.length ? [el("h3", {}, "办理情况"), el("ul", {}, items)] : []));
}

// What the reviewer's unit may do with `s`, each form saying where its words go.
function actions(s) {
  const call = me.calls.find((c) => c.id === s.call);
  const mine = call && me.unit ? call.units.find((u) => u.name === me.unit) : null;
  const unit = Boolean(mine && !me.expert);
  for (const form of document.querySelectorAll(".rv-action")) clearErrors(form);
  chain(s);

  $("#recommend-form").hidden = !(unit && !mine.decides);
  if (!$("#recommend-form").hidden) {
    const up = mine.parent ? "报送" + mine.parent : "报送上级";
    $("#recommend-where").textContent = "推荐后" + up + "，按排序列入本单位的" + mine.hand_in.list + "；不打印在申请书中。";
    $("#recommend-state").textContent = s.rank ? "已推荐，排序第 " + s.rank + " 位。" : "尚未推荐。";
    $("#recommend-rank").value = s.rank || "";
    $("#recommend-reason").value = "";
    $("#recommend-form").onsubmit = (e) => {
      e.preventDefault();
      recommend(s, true);
    };
    $("#withdraw").onclick = () => recommend(s, false);
    $("#withdraw").hidden = !s.rank;
  }

  const blocks = unit ? mine.opinion : [];
  $("#opinion-form").hidden = !blocks.length;
  if (blocks.length) {
    $("#opinion-block").replaceChildren(...blocks.map((b) => el("option", { value: b }, b + "意见栏")));
    $("#opinion-block-field").hidden = blocks.length < 2;
    $("#opinion-where").textContent =
      (blocks.length < 2 ? "保存后打印在申请书的“" + blocks[0] + "”意见栏" : "保存后打印在申请书所选的意见栏") +
      "，写明本单位名称和日期；盖章仍在纸质件上。";
    const own = s.opinions.find((o) => o.unit === me.unit);
    $("#opinion-text").value = own ? own.text : "";
    $("#opinion-form").onsubmit = (e) => {
      e.preventDefault();
      const body = { text: $("#opinion-text").value };
      if (blocks.length > 1) body.block = $("#opinion-block").value;
      return act(s, $("#opinion-form"), "opinion", "PUT", body, "意见已保存，打印在申请书的意见栏。", { text: "opinion-text", block: "opinion-block" });
    };
  }

  $("#experts-form").hidden = !(unit && mine.experts);
  if (!$("#experts-form").hidden) {
    const reviews = s.experts.reviews.map((r) => el("li", {}, r.expert + "：" + r.score + " 分。" + r.text));
    $("#experts-reviews").replaceChildren(
      ...(reviews.length ? [el("ul", {}, reviews), el("p", {}, "平均分：" + s.experts.mean)] : [el("p", {}, "尚无专家评分。")]),
    );
    const available = [...new Set([...s.experts.available, ...s.experts.assigned])];
    $("#experts-names").replaceChildren(
      ...(available.length
        ? available.map((name) => el("label", { class: "rv-choice" }, el("input", { type: "checkbox", value: name, checked: s.experts.assigned.includes(name) }), name))
        : [el("p", {}, "本单位尚无评审专家账号，请联系系统管理员开设。")]),
    );
    $("#experts-form").onsubmit = (e) => {
      e.preventDefault();
      const experts = [...document.querySelectorAll("#experts-names input:checked")].map((i) => i.value);
      return act(s, $("#experts-form"), "experts", "PUT", { experts }, "已分配给专家：" + (experts.join("、") || "（无）"));
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
      return act(s, $("#review-form"), "review", "PUT", body, "评审已提交。", { score: "review-score", text: "review-text" });
    };
  }

  $("#return-form").hidden = !(unit && s.unit === me.unit);
  $("#return-form").onsubmit = (e) => {
    e.preventDefault();
    const body = { reason: $("#return-reason").value, correct_by: $("#return-by").value };
    return act(s, $("#return-form"), "return", "POST", body, "已退回补正。申请人凭回执编号查询时可看到退回理由和补正期限。", { reason: "return-reason", correct_by: "return-by" });
  };

  $("#decision-form").hidden = !(unit && mine.decides);
  if (!$("#decision-form").hidden) {
    $("#decision-where").textContent = "决定打印在申请书的决定栏，并列入本单位的立项名单。作出后即为最终决定，申请人可查询到；更改须说明理由。";
    $("#decision-form").onsubmit = (e) => decide(e, s);
  }

  $("#notes-form").hidden = !unit;
  if (unit) {
    $("#notes-list").replaceChildren(...s.notes.map((n) => el("li", {}, el("strong", {}, n.author + "，" + beijing(n.at) + "："), n.text)));
    $("#notes-form").onsubmit = (e) => note(e, s);
  }
}

async function decide(e, s) {
  e.preventDefault();
  const form = $("#decision-form");
  clearErrors(form);
  const decision = form.querySelector("input[name=decision]:checked").value;
  const reason = $("#decision-reason").value.trim();
  if (decision === "rejected" && !reason) {
    return fieldError("decision-reason", "不予立项须填写理由，理由打印在申请书中并告知申请人。").focus();
  }
  const verdict = words("decisions", decision);
  const ok = await confirmed(
    "确认" + verdict,
    "对“" + (s.application.project.name || s.receipt) + "”（" + s.receipt + "）作出“" + verdict + "”决定。此为最终决定：打印在申请书中，申请人可查询到；更改须说明理由。",
    "确认" + verdict,
  );
  if (!ok) return $("#decision-form button[type=submit]").focus();
  return act(s, form, "decision", "PUT", { decision, reason }, "已作出决定：" + verdict + "。", { reason: "decision-reason" });
}

async function note(e, s) {
  e.preventDefault();
  const form = $("#notes-form");
  clearErrors(form);
  const response = await send("/api/v1/submissions/" + encodeURIComponent(s.id) + "/notes", "POST", { text: $("#note-text").value });
  if (!response.ok) return refused(response, s, form, { text: "note-text" });
  const body = await response.json();
  s.notes = body.notes;
  $("#note-text").value = "";
  actions(s);
  say("备注已添加（仅本单位可见）。");
}

// Recommends the version the reviewer reads; a withdrawal holds whatever the version.
async function recommend(s, recommended) {
  const form = $("#recommend-form");
  clearErrors(form);
  const rank = $("#recommend-rank").value.trim();
  const reason = $("#recommend-reason").value.trim();
  const body = recommended
    ? { recommended, version: s.version, ...(rank ? { rank: Number(rank) } : {}), ...(reason ? { reason } : {}) }
    : { recommended };
  const response = await send("/api/v1/submissions/" + encodeURIComponent(s.id) + "/recommendation", "PUT", body);
  if (!response.ok) return refused(response, s, form, { rank: "recommend-rank", reason: "recommend-reason" });
  const answer = await response.json();
  await detail(s.id);
  say(answer.recommended ? "已推荐，排序第 " + answer.rank + " 位。" : "已撤销推荐。");
}

// Downloads what `path` answers as `name`.
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

// The 申请书 as the DOCX prints it.
function documentOf(doc) {
  if (!doc) return [el("p", {}, "（当前表单无法排版这份申请，请下载 Word 或 ZIP 查看。）")];
  const parts = [el("h3", { class: "rv-form-title" }, doc.title), ...doc.cover.map(coverLine), ...(doc.issuer ? [el("p", {}, doc.issuer)] : []), ...doc.parts.flatMap(part)];
  if (doc.supplementary && doc.supplementary.rows.length) parts.push(...part(doc.supplementary));
  return parts;
}

// The other applications of the same applicant in this call.
function sameApplicant(s) {
  if (!s.same_credit_code.length && !s.same_credit_code_elsewhere) return [];
  const seen = s.same_credit_code.map((o) =>
    el("li", {}, el("button", { type: "button", class: "rv-link", onclick: () => detail(o.id) }, o.receipt), "（" + (o.unit || "受理单位未定") + "受理）"),
  );
  const elsewhere = s.same_credit_code_elsewhere ? [el("li", {}, "另有 " + s.same_credit_code_elsewhere + " 份由本单位看不到的单位受理")] : [];
  return [
    el("div", { class: "rv-warnings" }, el("p", {}, "同一统一社会信用代码（" + s.application.applicant.credit_code + "）在本批次还有其他申请，请核对是否重复申报："), el("ul", {}, seen, elsewhere)),
  ];
}

function versions(s) {
  if (!s.superseded.length) return [];
  return [
    el("h3", {}, "版本"),
    el("p", {}, "当前为第 " + s.version + " 版：申请人修改过 " + s.superseded.length + " 次，以前的版本存档备查。"),
    el("p", {}, s.superseded.map((v) => el("button", { type: "button", class: "rv-button-secondary", onclick: () => compare(s, v.version) }, "与第 " + v.version + " 版对比"))),
    el("div", { id: "compare" }),
  ];
}

// An earlier version beside the current one, field by field as the form names them.
async function compare(s, version) {
  const response = await api("/api/v1/submissions/" + encodeURIComponent(s.id) + "/versions/" + version);
  if (!response.ok) return failed(response);
  const v = await response.json();
  const shown = (text) => text || "（空）";
  const file = (f) => (f ? f.file_name + "（" + Math.ceil(f.size / 1024) + " KB）" : "（无）");
  const rows = [
    ...v.changes.map((c) => el("tr", {}, el("th", { scope: "row" }, c.label), el("td", { class: "rv-before" }, shown(c.before)), el("td", { class: "rv-after" }, shown(c.after)))),
    ...v.files.map((f) =>
      el(
        "tr",
        {},
        el("th", { scope: "row" }, f.label),
        el("td", { class: "rv-before" }, file(f.before)),
        el("td", { class: "rv-after" }, file(f.after), f.same_content ? "（内容相同，仅改名）" : f.before && f.after ? "（文件内容已更换）" : ""),
      ),
    ),
  ];
  const title = el("h4", { tabindex: "-1" }, "第 " + v.version + " 版与当前第 " + v.current + " 版的差异");
  $("#compare").replaceChildren(
    title,
    el("p", {}, "第 " + v.version + " 版提交于 " + beijing(v.submitted_at) + "，于 " + beijing(v.superseded_at) + " 被申请人修改。"),
    rows.length
      ? el(
          "table",
          { class: "rv-table rv-compare" },
          el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "项目"), el("th", { scope: "col" }, "第 " + v.version + " 版"), el("th", { scope: "col" }, "第 " + v.current + " 版（当前）"))),
          el("tbody", {}, rows),
        )
      : el("p", {}, "两版内容相同。"),
    el("details", {}, el("summary", {}, "查看第 " + v.version + " 版申请书"), el("div", { class: "rv-document" }, documentOf(v.document))),
  );
  title.focus();
}

async function detail(id) {
  const response = await api("/api/v1/submissions/" + encodeURIComponent(id));
  if (!response.ok) return failed(response);
  const s = await response.json();
  $("#detail-title").textContent = s.application.project.name || s.receipt;
  const meta = [
    ["回执编号", s.receipt],
    ["申报项目", programs[s.program] || s.program],
    ["申报批次", callTitle(s.call)],
    ["受理单位", s.unit || "（批次未指定）"],
    ["承担单位", s.application.applicant.name],
    ["提交时间", beijing(s.submitted_at)],
  ];
  if (s.version > 1) meta.push(["版本", "第 " + s.version + " 版（申请人修改过 " + (s.version - 1) + " 次）"]);
  $("#detail-meta").replaceChildren(...meta.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  $("#detail-same").replaceChildren(...sameApplicant(s));
  $("#detail-warnings").replaceChildren(
    ...(s.warnings.length
      ? [el("div", { class: "rv-warnings" }, el("p", {}, "申请人提交时看到的提示："), el("ul", {}, s.warnings.map((w) => el("li", {}, w.message))))]
      : []),
  );
  $("#detail-versions").replaceChildren(...versions(s));
  $("#detail-document").replaceChildren(...documentOf(s.document));
  $("#detail-files").replaceChildren(
    el("li", {}, el("button", { type: "button", class: "rv-link", onclick: () => download("/api/v1/submissions/" + s.id + "/document.docx", s.receipt + "-申请书.docx") }, "申请书（Word）")),
    ...s.attachments.map((a) =>
      el("li", {}, el("button", { type: "button", class: "rv-link", onclick: () => download(a.href, a.download_name) }, a.file_name), "（" + Math.ceil(a.size / 1024) + " KB）"),
    ),
  );
  actions(s);
  show("detail");
  $("#detail-title").focus();
}

// --- Starting.

async function signedIn() {
  const response = await api("/api/v1/me");
  if (!response.ok) return failed(response);
  me = await response.json();
  const titles = me.programs.map((p) => programs[p] || p);
  $("#who").textContent = "账号 " + me.name + (me.expert ? "（评审专家）" : "") + " · " + (me.unit || "不限单位") + " · " + titles.join("、");
  // What the reviewer's programs call their domains, for the domain filter; fetched together.
  const definitions = await Promise.all(me.programs.map((p) => api("/api/v1/programs/" + encodeURIComponent(p)).then((r) => (r.ok ? r.json() : null))));
  const domains = new Set();
  for (const d of definitions) for (const domain of (d && d.domains) || []) domains.add(domain.name);
  options($("#filter-domain"), [...domains].map((d) => [d, d]));
  options($("#filter-status"), me.words.statuses.map((w) => [w.key, w.words]));
  options($("#filter-call"), me.calls.map((c) => [c.id, c.title]));
  const fromAddress = fromUrl();
  // The calls whose chain names the reviewer's unit; with one, it is the one looked at.
  if (!fromAddress && me.unit && me.calls.length === 1) $("#filter-call").value = me.calls[0].id;
  unitChoices();
  fromUrl();
  return list();
}

async function start() {
  const [programsAnswer, sessionAnswer] = await Promise.all([fetch("/api/v1/programs"), api("/api/v1/session")]);
  if (programsAnswer.ok) {
    for (const p of await programsAnswer.json()) {
      programs[p.id] = p.title;
      $("#filter-program").append(el("option", { value: p.id }, p.title));
    }
  }
  const session = sessionAnswer.ok ? await sessionAnswer.json() : { account: null, oidc: false };
  $("#oidc").hidden = !session.oidc;
  const why = new URLSearchParams(location.search).get("sign_in");
  if (why) {
    $("#sign-in-error").textContent = SIGN_IN_FAILED[why] || "登录未完成，请重试。";
    history.replaceState(null, "", "/review");
  }
  $("#sign-in").addEventListener("submit", signIn);
  $("#filters").addEventListener("submit", (e) => {
    e.preventDefault();
    page = 1;
    list();
  });
  $("#filter-call").addEventListener("change", unitChoices);
  $("#filter-clear").addEventListener("click", () => {
    for (const name of FILTERS) $("#filter-" + name).value = "";
    page = 1;
    list();
  });
  for (const th of document.querySelectorAll("th[data-sort]")) {
    th.querySelector("button").addEventListener("click", () => {
      const key = th.dataset.sort;
      const way = sortDirection(key);
      sort = key;
      order = way ? (way === "ascending" ? "desc" : "asc") : "";
      page = 1;
      list();
    });
  }
  $("#prev").addEventListener("click", () => { page -= 1; list(); });
  $("#next").addEventListener("click", () => { page += 1; list(); });
  $("#back").addEventListener("click", () => list());
  $("#sign-out").addEventListener("click", signOut);
  for (const button of document.querySelectorAll("[data-export]")) {
    const kind = button.dataset.export;
    button.addEventListener("click", () => download("/api/v1/exports/submissions." + kind + "?" + query(), "submissions." + kind));
  }
  $("#selected-zip").addEventListener("click", () => download("/api/v1/exports/submissions.zip?ids=" + [...selected].join(","), "所选申请材料.zip"));
  $("#summary").addEventListener("click", () => {
    const call = $("#filter-call").value;
    const unit = ownUnit(call);
    download("/api/v1/exports/summary.xlsx?call=" + encodeURIComponent(call), (unit ? unit.hand_in.list : "推荐汇总表") + "-" + call + ".xlsx");
  });
  $("#decisions").addEventListener("click", () => {
    const call = $("#filter-call").value;
    download("/api/v1/exports/decisions.xlsx?call=" + encodeURIComponent(call), "立项名单-" + call + ".xlsx");
  });
  if (session.account) return signedIn();
  show("sign-in");
}

start();
