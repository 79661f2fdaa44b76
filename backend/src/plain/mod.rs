//! The form without script: `POST /embed/{program}`, what the server-rendered form (`/`,
//! `/embed/{program}`) posts where no script takes the submit (JavaScript off, no WebAssembly,
//! or pressed before the wasm came). Its fields are named by the application's JSON paths
//! (`shared::posted`); the server answers each post with the next page, rendered by the form's
//! own components (`frontend::ssr`), as GOV.UK's services do:
//!
//! - a button that changes the form (`pf-action`: 添加一行 `add:plan`, 删除 `remove:plan.2`,
//!   修改 on the check page `edit:{part}`): the form again, changed;
//! - 核对申请书 (no `pf-action`): the shared rules and the call's window, as before storing; the
//!   form again with the error summary and each error at its field (422), or the check page,
//!   which carries the answers on in hidden fields;
//! - 确认提交 (`confirm`): taken in as `POST /api/v1/submissions` takes an application
//!   (`crate::intake`, under the page's Idempotency-Key, so that a reload stores nothing
//!   twice), answered with the receipt;
//! - 打印申请书 on the receipt (`paper`, with the receipt and its secret): the 申请书 as stored,
//!   headed on every printed page with its 回执编号.
//!
//! Files come in the same post (`multipart/form-data`, each under its attachment's key); the
//! server holds them (`Store::hold_file`) and the next pages name them (`held.{key}`), so that
//! nothing is picked twice. A post from another site is refused (`Origin`, `Sec-Fetch-Site`, as
//! the API's); where the browser sends neither header, the page's token must come with it
//! (`crate::form_token`).

mod files;
mod read;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use frontend::ssr::{Plain, Receipt, Shown, Start};
use shared::{Entry, Lang};
use time::OffsetDateTime;

use crate::error::ApiError;
use crate::http::cors::{Said, said_from};
use crate::state::AppState;
use files::hold;
use read::Posted;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/embed/{program}",
        post(answer).layer(DefaultBodyLimit::max(crate::intake::multipart_limit())),
    )
}

/// The next page for the form posted to `program`'s page.
async fn answer(
    State(state): State<AppState>,
    Path(program): Path<String>,
    request: Request,
) -> Response {
    let Some(program) = shared::programs::find(&program) else {
        return ApiError::NotFound(format!("program {program}")).into_response();
    };
    let now = OffsetDateTime::now_utc();
    let from = said_from(&request, &state.origins, &state.trusted);
    if from == Said::CrossSite {
        return refusal(StatusCode::FORBIDDEN, program, CROSS_SITE);
    }
    let client = crate::http::client::of(request.extensions(), request.headers(), &state.trusted);
    let posted = match read_post(&state, request, client).await {
        Ok(posted) => posted,
        Err(e) => return refusal(e.status(), program, &said(e)),
    };
    // Only a browser that says nothing of where the post comes from must show the token.
    let token = posted.value("pf-token").unwrap_or_default();
    if from == Said::Nothing
        && !crate::form_token::valid(
            state.store.form_key(),
            program.id,
            token,
            now.unix_timestamp(),
        )
    {
        return refusal(StatusCode::FORBIDDEN, program, CROSS_SITE);
    }
    let asked_paper = posted.value("pf-action") == Some("paper");
    match next(&state, program, posted, client, now).await {
        Ok((status, start)) => page(&state, program, status, start).await,
        // A receipt and secret that do not match are told in the words the form's lookup uses.
        Err(e) if asked_paper && e.status() == StatusCode::NOT_FOUND => {
            refusal(e.status(), program, shared::progress::WRONG_SECRET)
        }
        Err(e) => refusal(e.status(), program, &said(e)),
    }
}

/// Reads the post, within the room uploads may take.
async fn read_post(
    state: &AppState,
    request: Request,
    client: Option<std::net::IpAddr>,
) -> Result<Posted, ApiError> {
    let _room = state
        .uploads
        .hold(request.headers(), crate::intake::multipart_limit(), client)
        .await?;
    read::read(request).await
}

/// What an error says, in Chinese.
fn said(e: ApiError) -> String {
    let messages: Vec<String> = e
        .issues()
        .iter()
        .map(|i| i.render(Lang::ZhCn).message)
        .collect();
    messages.join("；")
}

const CROSS_SITE: &str =
    "这份申请表不是从本系统的申报页面提交的，已拒绝。请打开申报页面重新填写并提交。";

/// What the post asks for, done: the status and what the page shows.
async fn next(
    state: &AppState,
    program: &'static shared::Program,
    posted: Posted,
    client: Option<std::net::IpAddr>,
    now: OffsetDateTime,
) -> Result<(StatusCode, Start), ApiError> {
    let Posted { pairs, files } = posted;
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let act = value("pf-action").map(str::to_owned);
    if act.as_deref() == Some("paper") {
        let (receipt, secret) = (value("receipt"), value("secret"));
        let start = paper(state, program, receipt, secret, client).await?;
        return Ok((StatusCode::OK, start));
    }
    let answers =
        shared::posted::read(program, pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    // The lookup (receipt and secret) is the script's; said so rather than ignored.
    let lookup = value("receipt").is_some() && value("program").is_none();
    let held = hold(state, program, &pairs, files, client, now).await?;
    let start = |shown: Shown, key: String| Start {
        posted: answers.clone(),
        act: act.clone(),
        shown,
        plain: Plain {
            held: held.kept.clone(),
            key,
        },
    };
    if lookup {
        let message = "查看办理进度、修改已提交的申请需要浏览器启用 JavaScript。请启用后刷新页面，或使用其他浏览器。";
        return Ok((
            StatusCode::OK,
            start(Shown::Alert(message.into()), String::new()),
        ));
    }
    match act.as_deref() {
        Some("confirm") => {
            state.rate.check(client)?;
            let key = crate::intake::idempotency_key(value("pf-key").unwrap_or_default())?;
            let parts = held.parts(&state.store).await?;
            let application = answers.application.clone();
            let stored = crate::intake::accept(
                state,
                (application, parts),
                Some(key.clone()),
                Lang::ZhCn,
                None,
                now,
            )
            .await;
            Ok(match stored {
                Ok(answer) => (
                    StatusCode::OK,
                    start(Shown::Done(receipt(answer).await?), key),
                ),
                Err(e) => shown_for(e, |shown| start(shown, key.clone()))?,
            })
        }
        Some(_) => Ok((StatusCode::OK, start(Shown::Form, String::new()))),
        None => {
            let given = held.given();
            Ok(
                match crate::intake::verdict(state, &answers.application, given, now) {
                    Ok(()) => {
                        let key = uuid::Uuid::new_v4().to_string();
                        (StatusCode::OK, start(Shown::Check, key))
                    }
                    Err(e) => shown_for(e, |shown| start(shown, String::new()))?,
                },
            )
        }
    }
}

/// The submitted 申请书 to print, from the receipt page: the application as stored under
/// `receipt`, if `secret` is its secret (checked as `GET /api/v1/receipts/{receipt}` checks it,
/// wrong secrets counted alike).
async fn paper(
    state: &AppState,
    program: &'static shared::Program,
    receipt: Option<&str>,
    secret: Option<&str>,
    client: Option<std::net::IpAddr>,
) -> Result<Start, ApiError> {
    let receipt = receipt.unwrap_or_default();
    state.wrong_secrets.check(client.as_ref())?;
    let found = state
        .store
        .own(receipt, secret.unwrap_or_default())
        .await?
        .filter(|stored| stored.program == program.id);
    let Some(stored) = found else {
        state.wrong_secrets.failed(client);
        return Err(crate::intake::not_yours(receipt));
    };
    let application = shared::wire::parse_application(stored.data.to_string().as_bytes())
        .map_err(|_| ApiError::Internal(format!("stored application {receipt} unreadable")))?;
    Ok(Start {
        posted: shared::posted::Posted {
            application,
            typed: Vec::new(),
        },
        act: None,
        shown: Shown::Paper(Receipt {
            receipt: stored.receipt,
            submitted_at: stored.submitted_at,
            warnings: Vec::new(),
            secret: None,
            version: u32::try_from(stored.version).unwrap_or(1),
        }),
        plain: Plain {
            held: Vec::new(),
            key: String::new(),
        },
    })
}

/// The form again for what stopped the application: the rules' findings at their fields
/// (422), or why the call takes none now. Anything else is the page's error.
fn shown_for(e: ApiError, start: impl Fn(Shown) -> Start) -> Result<(StatusCode, Start), ApiError> {
    match e {
        ApiError::Unprocessable(_) => {
            let entries: Vec<Entry> = e.issues().iter().map(|i| i.render(Lang::ZhCn)).collect();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                start(Shown::Refused(entries)),
            ))
        }
        ApiError::CallNotOpen(_) => {
            let status = e.status();
            Ok((status, start(Shown::Alert(said(e)))))
        }
        other => Err(other),
    }
}

/// The receipt in the intake's answer (201, or the same answer replayed).
async fn receipt(answer: Response) -> Result<Receipt, ApiError> {
    #[derive(serde::Deserialize)]
    struct Stored {
        receipt: String,
        secret: String,
        submitted_at: String,
        warnings: Vec<Entry>,
    }
    let body = axum::body::to_bytes(answer.into_body(), crate::intake::BODY_LIMIT)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let stored: Stored =
        serde_json::from_slice(&body).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Receipt {
        receipt: stored.receipt,
        submitted_at: stored.submitted_at,
        warnings: stored.warnings,
        secret: Some(stored.secret),
        version: 1,
    })
}

/// The page answering the post: the form's own components rendered for what `start` says,
/// with the form's stylesheet and no script (the browser that posted runs none, or not yet).
async fn page(
    state: &AppState,
    program: &'static shared::Program,
    status: StatusCode,
    start: Start,
) -> Response {
    // The submitted 申请书 prints with its 回执编号 on every page, by a rule in the page's head
    // (the browser's build adopts the same rule).
    let style = match &start.shown {
        Shown::Paper(r) => Some(frontend::ssr::print_rule(&r.receipt)),
        _ => None,
    };
    let answer = state.calls.form_answer(program);
    let form =
        crate::http::pages::form_page(&answer, (true, None), state.store.form_key(), Some(start))
            .await;
    // As GOV.UK's pages say it first: a page that refused the post has errors.
    let title = if status == StatusCode::UNPROCESSABLE_ENTITY {
        format!("有错误：{}", program.title)
    } else {
        program.title.to_owned()
    };
    let body = layout(&title, &form.rendered.markup, style.as_deref());
    answered(status, body, &state.origins.to_string(), style.as_deref())
}

/// A page of the form without script around `markup`, with `style` in its head if given.
fn layout(title: &str, markup: &str, style: Option<&str>) -> String {
    let style = style
        .map(|s| format!("<style>{s}</style>\n"))
        .unwrap_or_default();
    format!(
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<link rel=\"icon\" href=\"data:,\">\n\
         <link rel=\"stylesheet\" href=\"/{css}\">\n{style}</head>\n<body>\n<main class=\"pf-page\">\n\
         <div class=\"pf-plain\">{markup}</div>\n</main>\n</body>\n</html>\n",
        css = crate::http::assets::stylesheet(),
    )
}

/// A page that answers a post: never cached (it may hold the receipt's secret), framed only
/// where the form may be; the one `style` in its head allowed by its hash.
fn answered(status: StatusCode, body: String, parents: &str, style: Option<&str>) -> Response {
    let mut csp = crate::http::pages::csp_framed(parents);
    if let Some(style) = style {
        csp = crate::http::pages::allow_style(&csp, style);
    }
    (
        status,
        [
            (CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
            (CACHE_CONTROL, "no-store".to_owned()),
            (CONTENT_SECURITY_POLICY, csp),
        ],
        body,
    )
        .into_response()
}

/// Why the post was not taken, with the way back to the form.
fn refusal(status: StatusCode, program: &shared::Program, message: &str) -> Response {
    let message = html_escape(message);
    let markup = format!(
        "<div class=\"pf-form-wrap\"><p class=\"pf-alert\" role=\"alert\">{message}</p>\
         <p><a href=\"/embed/{id}\">返回申报表</a></p></div>",
        id = program.id
    );
    answered(status, layout(program.title, &markup, None), "", None)
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
