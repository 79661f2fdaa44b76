//! The server calls the form makes: what it needs before it can be used (its program's
//! definition and calls), submitting a finished application, and opening a submitted one again
//! to correct it.

use js_sys::{Array, Reflect};
use shared::rules::attachments::Format;
use shared::{Application, Entry, Severity};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

use crate::model::{Call, Correcting, Picked, Receipt, Step, sentence};

/// Why a submission was not stored.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The server's rules found errors (422): they belong on the fields.
    Rejected(Vec<Entry>),
    /// Anything else the server answered, in words for the applicant.
    Other(String),
    /// No answer that says what happened (the network failed, or a gateway answered): the
    /// application may have been stored.
    Unknown(String),
    /// The server is busy (503): nothing was stored; try again after this many seconds.
    Busy(u32),
}

/// The answer parsed by the browser's `JSON`. Its few fields are read one by one below rather
/// than through serde: a Rust decoder (and the float formatting its errors pull in) costs the
/// wasm several kB.
async fn read_json(response: Response) -> Option<JsValue> {
    let text = JsFuture::from(response.text().ok()?).await.ok()?;
    js_sys::JSON::parse(&text.as_string()?).ok()
}

/// Starts the browser's `fetch`, straight (a wrapper crate's request builder and error types
/// cost the wasm more than these lines). `Err` if the request cannot even be made, e.g. a
/// header value the browser refuses: then nothing was sent.
fn start(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&JsValue>,
) -> Result<js_sys::Promise, JsValue> {
    let init = RequestInit::new();
    init.set_method(method);
    let sent = Headers::new()?;
    for (name, value) in headers {
        sent.set(name, value)?;
    }
    init.set_headers(&sent);
    if let Some(body) = body {
        init.set_body(body);
    }
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    Ok(window.fetch_with_str_and_init(url, &init))
}

/// The answer to a started request; `Err` when none came.
async fn answer(started: js_sys::Promise) -> Result<Response, JsValue> {
    JsFuture::from(started).await?.dyn_into()
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(object: &JsValue, key: &str) -> Option<String> {
    get(object, key).as_string()
}

/// The items of the list at `key`, each read by `item`; `None` if it is not a list or an item
/// does not read.
fn list<T>(object: &JsValue, key: &str, item: impl Fn(&JsValue) -> Option<T>) -> Option<Vec<T>> {
    let array = get(object, key).dyn_into::<Array>().ok()?;
    array.iter().map(|v| item(&v)).collect()
}

fn entry(v: &JsValue) -> Option<Entry> {
    Some(Entry {
        path: text(v, "path")?,
        code: text(v, "code")?,
        severity: match text(v, "severity")?.as_str() {
            "warning" => Severity::Warning,
            _ => Severity::Error,
        },
        message: text(v, "message")?,
    })
}

fn call(v: &JsValue) -> Option<Call> {
    Some(Call {
        id: text(v, "id")?,
        title: text(v, "title")?,
        opens_at: text(v, "opens_at"),
        closes_at: text(v, "closes_at"),
        units: list(v, "units", |name| {
            let name = name.as_string()?;
            let channel = text(&get(v, "unit_channels"), &name);
            Some(shared::Receiver { name, channel })
        })?,
        state: text(v, "state")?,
        hand_in: {
            let h = get(v, "hand_in");
            let part = |key| text(&h, key).unwrap_or_default();
            text(&h, "copies").map(|copies| sentence([&copies, &part("paper"), &part("to")]))
        },
    })
}

fn receipt(v: &JsValue) -> Option<Receipt> {
    Some(Receipt {
        receipt: text(v, "receipt")?,
        submitted_at: text(v, "submitted_at")?,
        warnings: list(v, "warnings", entry)?,
        secret: text(v, "secret"),
        version: get(v, "version").as_f64().map_or(1, |n| n as u32),
    })
}

fn kept(v: &JsValue) -> Option<(String, String, Option<Format>)> {
    let format = Format::of_media_type(&text(v, "media_type")?);
    Some((text(v, "key")?, text(v, "file_name")?, format))
}

fn receipt_path(receipt: &str) -> String {
    format!(
        "/api/v1/receipts/{}",
        js_sys::encode_uri_component(receipt.trim())
    )
}

/// A step of the receipt's answer's `events`, in the words `shared::progress` gives it.
fn step(v: &JsValue) -> Option<Step> {
    let spoken = |key: &str| {
        let stored = text(v, key)?;
        Some(shared::progress::beijing(&stored).map_or(stored, |b| shared::date::spoken(&b)))
    };
    let kind = text(v, "kind")?;
    let version = get(v, "version").as_f64().map_or(1, |n| n as i64);
    let mut words =
        shared::progress::sentence(&kind, &text(v, "unit").unwrap_or_default(), version);
    if let Some(reason) = text(v, "reason").filter(|r| !r.is_empty()) {
        words.push_str(&format!("。理由：{}", reason.trim_end_matches('。')));
    }
    if let Some(by) = spoken("correct_by").filter(|b| !b.is_empty()) {
        words.push_str(&format!("。补正期限：{by}前"));
    }
    Some(Step {
        at: spoken("at")?,
        text: words,
    })
}

/// The submission with this receipt, if `secret` is its secret: the application, to be
/// corrected while its call is open or its unit returned it; `None` once it can no longer be,
/// when only where it stands and its progress are shown.
pub async fn own(
    api_base: &str,
    receipt: &str,
    secret: &str,
) -> Result<(Option<Application>, Correcting), String> {
    let wrong = || shared::progress::WRONG_SECRET.to_owned();
    let at = url(api_base, &receipt_path(receipt));
    let started = start("GET", &at, &[("Submission-Secret", secret)], None).map_err(|_| wrong())?;
    let response = answer(started).await.map_err(|_| OFFLINE.to_owned())?;
    if response.status() == 404 {
        return Err(wrong());
    }
    let unreadable = || "无法打开已提交的申请，请稍后重试。".to_owned();
    let v = read_json(response).await.ok_or_else(unreadable)?;
    // Where it stands, in the server's words (`crate::standing` there).
    let status = text(&v, "status_words").unwrap_or_default();
    let state = text(&get(&v, "status"), "state").unwrap_or_default();
    let decided = state == "approved" || state == "rejected";
    let open = text(&v, "call_state").as_deref() == Some("open") || state == "returned";
    let app = crate::draft::application(&get(&v, "application")).ok_or_else(unreadable)?;
    let correcting = Correcting {
        receipt: text(&v, "receipt").ok_or_else(unreadable)?,
        secret: secret.to_owned(),
        version: get(&v, "version").as_f64().map_or(1, |n| n as u32),
        kept: list(&v, "attachments", kept).ok_or_else(unreadable)?,
        status,
        steps: list(&v, "events", step).unwrap_or_default(),
    };
    Ok(((open && !decided).then_some(app), correcting))
}

/// Waits `seconds` (a browser timer).
pub async fn sleep(seconds: u32) {
    let timer = js_sys::Promise::new(&mut |done, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                &done,
                seconds.saturating_mul(1000) as i32,
            );
        }
    });
    let _ = JsFuture::from(timer).await;
}

fn url(api_base: &str, path: &str) -> String {
    format!("{}{path}", api_base.trim_end_matches('/'))
}

const UNSENDABLE: &str = "浏览器无法发送此申请，请刷新页面后重试。";
const OFFLINE: &str = "网络连接失败，请检查网络后刷新页面重试。";
const UNKNOWN: &str = "没有收到服务器的答复，无法确定申请是否已经提交。请检查网络后再次点击“提交申请”：同一份申请不会被重复受理，已提交的会直接显示回执。";

/// What the form needs before it can be used (`GET /api/v1/form`).
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// Every program the server offers, `(id, title)`, for the picker.
    pub programs: Vec<(String, String)>,
    /// The program whose definition came (see [`crate::program::find`]).
    pub program: &'static str,
    /// Its calls: the open one first, then the others newest first.
    pub calls: std::rc::Rc<Vec<Call>>,
}

/// The form of `program`, when the applicant picks another one.
pub async fn form(api_base: &str, program: &str) -> Result<Loaded, String> {
    let path = format!(
        "/api/v1/form?program={}",
        js_sys::encode_uri_component(program)
    );
    let started = start("GET", &url(api_base, &path), &[], None);
    let response = match started {
        Ok(started) => answer(started).await,
        Err(e) => Err(e),
    }
    .map_err(|_| OFFLINE.to_owned())?;
    loaded(response).await
}

/// The answer to the request for the form that `widget.js` started while the wasm downloaded,
/// so that it costs no round trip of its own.
pub async fn form_started(fetch: js_sys::Promise) -> Result<Loaded, String> {
    let response = JsFuture::from(fetch)
        .await
        .and_then(|r| r.dyn_into())
        .map_err(|_| OFFLINE.to_owned())?;
    loaded(response).await
}

async fn loaded(response: Response) -> Result<Loaded, String> {
    if response.status() == 404 {
        return Err("没有此申报项目，请核对页面嵌入代码中的 data-program。".into());
    }
    let unreadable = || "无法读取申报表，请刷新页面重试。".to_owned();
    let v = read_json(response).await.ok_or_else(unreadable)?;
    let program = crate::program::read(&get(&v, "program")).ok_or_else(unreadable)?;
    let programs = list(&v, "programs", |p| {
        Some((text(p, "id")?, text(p, "title")?))
    })
    .ok_or_else(unreadable)?;
    crate::program::know_titles(&programs);
    Ok(Loaded {
        programs,
        program: program.id,
        calls: list(&v, "calls", call).ok_or_else(unreadable)?.into(),
    })
}

/// Sends the application under `key` (its `Idempotency-Key`): a new one, or the correction
/// of the one being corrected.
pub async fn submit(
    api_base: &str,
    app: &Application,
    files: &[(String, Picked)],
    key: &str,
    correcting: Option<&Correcting>,
) -> Result<Receipt, Failure> {
    let json = shared::wire::to_json(app);
    let mut headers = vec![("Accept-Language", "zh-CN"), ("Idempotency-Key", key)];
    let (method, at) = match correcting {
        None => ("POST", url(api_base, "/api/v1/submissions")),
        Some(c) => {
            headers.push(("Submission-Secret", &c.secret));
            ("PUT", url(api_base, &receipt_path(&c.receipt)))
        }
    };
    // Files travel as multipart parts named by their key, beside the JSON in `application`
    // (the browser sets the multipart content type, with its boundary).
    let body: JsValue = if files.is_empty() {
        headers.push(("Content-Type", "application/json"));
        json.into()
    } else {
        multipart(&json, files)
            .map_err(|_| Failure::Other("无法读取所选附件，请重新选择。".into()))?
            .into()
    };
    let started =
        start(method, &at, &headers, Some(&body)).map_err(|_| Failure::Other(UNSENDABLE.into()))?;
    let response = answer(started)
        .await
        .map_err(|_| Failure::Unknown(UNKNOWN.into()))?;
    read_reply(response).await
}

fn multipart(json: &str, files: &[(String, Picked)]) -> Result<web_sys::FormData, JsValue> {
    let form = web_sys::FormData::new()?;
    let parts = js_sys::Array::of1(&JsValue::from_str(json));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    form.append_with_blob("application", &blob)?;
    for (key, picked) in files {
        form.append_with_blob_and_filename(key, &picked.file, &picked.file.name())?;
    }
    Ok(form)
}

async fn read_reply(response: Response) -> Result<Receipt, Failure> {
    if response.status() == 503 {
        let after = response.headers().get("retry-after").ok().flatten();
        return Err(Failure::Busy(
            after.and_then(|s| s.parse().ok()).unwrap_or(5),
        ));
    }
    match response.status() {
        200 | 201 => read_json(response)
            .await
            .and_then(|v| receipt(&v))
            .ok_or_else(|| {
                Failure::Other(
                    "申请已提交，但服务器回执无法识别；请勿重复提交，请联系受理单位核实。".into(),
                )
            }),
        status => match read_json(response)
            .await
            .and_then(|v| list(&v, "errors", entry))
        {
            Some(errors) if status == 422 => Err(Failure::Rejected(errors)),
            Some(errors) if !errors.is_empty() => Err(Failure::Other(
                errors
                    .into_iter()
                    .map(|e| e.message)
                    .collect::<Vec<_>>()
                    .join("；"),
            )),
            // Not our server's answer (a gateway's, say): it may have stored it meanwhile.
            _ => Err(Failure::Unknown(UNKNOWN.into())),
        },
    }
}
