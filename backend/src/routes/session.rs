//! Signing in and out of the reviewers' page: `POST /api/v1/session` with an account, its
//! password and a code from its authenticator app; `DELETE /api/v1/session`; and through the
//! province's identity provider, `GET /api/v1/session/oidc` and its callback. Each gives the
//! browser a session cookie (`crate::signin::session`); every sign-in, failed ones too, is in
//! the audit log.

use axum::Json;
use axum::extract::State;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{Extensions, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::clock::now_rfc3339;
use crate::error::ApiError;
use crate::http::extract::{Body, Query};
use crate::http::{client, cookies};
use crate::oidc::{self, Failure, Oidc};
use crate::openapi::shapes::Errors;
use crate::reviewers::Reviewer;
use crate::signin::session::{self, NewSession};
use crate::signin::{password, totp};
use crate::state::AppState;
use crate::store::Actor;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(current, sign_in, sign_out))
        .routes(routes!(oidc_begin))
        .routes(routes!(oidc_callback))
}

/// Who this browser is signed in as, and the ways it may sign in.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct Current {
    /// The account signed in (by the session cookie or a bearer token), or null.
    account: Option<String>,
    /// Whether the province's identity provider is offered (`GET /api/v1/session/oidc`).
    oidc: bool,
}

/// Who this browser is signed in as (never 401), and whether the identity provider is offered:
/// what the reviewers' page asks before it shows its sign-in form.
#[utoipa::path(
    get,
    path = "/session",
    tag = "session",
    responses((status = 200, description = "The account signed in, if any, and the ways to sign in.", body = Current)),
)]
async fn current(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Current>, ApiError> {
    let account = crate::auth::reviewer(&headers, &state)
        .await?
        .map(|r| r.name);
    Ok(Json(Current {
        account,
        oidc: state.oidc.is_some(),
    }))
}

/// An account's password and the code its authenticator app shows now.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct SignIn {
    account: String,
    password: String,
    /// Six digits (spaces allowed), good once.
    code: String,
}

/// Signs in with a password and a second factor: `204` with the session cookie (HttpOnly,
/// SameSite=Strict, Secure when the request came over TLS); `401 sign_in_failed` for a wrong
/// account, password or code alike; `429 sign_in_locked` with `Retry-After` past the failures an
/// account or a client may have in 15 minutes.
#[utoipa::path(
    post,
    path = "/session",
    tag = "session",
    request_body = SignIn,
    responses(
        (status = 204, description = "Signed in: `Set-Cookie: pilot_session=…`; the session ends 30 minutes after its last request, 12 hours after sign-in."),
        (status = 400, description = "A body that is not this JSON.", body = Errors),
        (status = 401, description = "`sign_in_failed`: the account, the password or the code is wrong (not said which).", body = Errors),
        (status = 429, description = "`sign_in_locked`: too many failures for this account or from this client; `Retry-After` says when to try again.", body = Errors),
    ),
)]
async fn sign_in(
    State(state): State<AppState>,
    extensions: Extensions,
    headers: HeaderMap,
    Body(given): Body<SignIn>,
) -> Result<Response, ApiError> {
    let client = client::of(&extensions, &headers, &state.trusted);
    let account: String = given.account.trim().chars().take(64).collect();
    let limits = &state.sign_in;
    if let Some(secs) = limits
        .by_client
        .wait(client.as_ref())
        .or_else(|| limits.by_account.wait(Some(&account)))
    {
        return Err(ApiError::SignInLocked(secs));
    }
    let known = state.store.credentials(&account).await?;
    let (hash, secret, used) = known.map_or_else(Default::default, |c| {
        (c.password_hash, c.totp_secret, c.totp_step)
    });
    let password_right = password::matches(given.password, hash).await;
    let now = crate::clock::now();
    let step = totp::verify(&secret, &given.code, u64::try_from(now).unwrap_or(0), used);
    let signed_in = match step {
        Some(step) if password_right => state.store.use_totp_step(&account, step).await?,
        _ => false,
    };
    let reviewer = match signed_in {
        true => state.store.reviewer_named(&account).await?,
        false => None,
    };
    let Some(reviewer) = reviewer else {
        limits.by_client.failed(client);
        limits.by_account.failed(Some(account.clone()));
        let why = if password_right { "code" } else { "password" };
        failed(&state, &account, why).await?;
        return Err(ApiError::SignInFailed);
    };
    let cookie = open(
        &state,
        &reviewer,
        "password",
        tls(&state, &extensions, &headers),
    )
    .await?;
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, cookie)]).into_response())
}

/// Signs out: the session ends at once and the cookie goes; `204` whether or not there was one.
#[utoipa::path(
    delete,
    path = "/session",
    tag = "session",
    responses((status = 204, description = "Signed out (or never signed in): the cookie is cleared.")),
)]
async fn sign_out(
    State(state): State<AppState>,
    extensions: Extensions,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(value) = cookies::read(&headers, session::COOKIE) {
        state
            .store
            .close_session(&session::hash(value), &now_rfc3339())
            .await?;
    }
    let secure = tls(&state, &extensions, &headers);
    Ok((
        StatusCode::NO_CONTENT,
        [(SET_COOKIE, session::clear(secure))],
    )
        .into_response())
}

/// Sends the browser to the identity provider to sign in (authorization code with PKCE); it
/// comes back to the callback. `404` where none is configured.
#[utoipa::path(
    get,
    path = "/session/oidc",
    tag = "session",
    responses(
        (status = 303, description = "To the provider's authorization endpoint, with `Set-Cookie: pilot_oidc=…` (SameSite=Lax, 10 minutes) keeping the state, the PKCE verifier and the nonce; to `/review?sign_in=oidc_unreachable` if the provider cannot be reached."),
        (status = 404, description = "No identity provider is configured (`--oidc-issuer`).", body = Errors),
    ),
)]
async fn oidc_begin(
    State(state): State<AppState>,
    extensions: Extensions,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let provider = provider(&state)?;
    match provider.begin().await {
        Ok(begun) => {
            let secure = tls(&state, &extensions, &headers);
            Ok((
                StatusCode::SEE_OTHER,
                [
                    (LOCATION, begun.location),
                    (SET_COOKIE, oidc::cookie(&begun.cookie_value, secure)),
                ],
            )
                .into_response())
        }
        Err(failure) => {
            tracing::warn!(%failure, "identity provider");
            Ok(back("oidc_unreachable", None))
        }
    }
}

/// What the provider sends back: a code and the state, or an error.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct Callback {
    code: Option<String>,
    state: Option<String>,
    /// The provider's refusal (`access_denied`, …), instead of a code.
    error: Option<String>,
}

/// Where the provider sends the browser back: the code is exchanged for an ID token, whose
/// claim (`--oidc-account-claim`) names the account; the browser goes on to `/review` signed
/// in, or to `/review?sign_in=…` saying why not.
#[utoipa::path(
    get,
    path = "/session/oidc/callback",
    tag = "session",
    params(Callback),
    responses(
        (status = 303, description = "To `/review` with the session cookie; or to `/review?sign_in=oidc_refused|oidc_no_account|oidc_unreachable`."),
        (status = 404, description = "No identity provider is configured.", body = Errors),
    ),
)]
async fn oidc_callback(
    State(state): State<AppState>,
    extensions: Extensions,
    headers: HeaderMap,
    Query(back_from): Query<Callback>,
) -> Result<Response, ApiError> {
    let provider = provider(&state)?;
    let secure = tls(&state, &extensions, &headers);
    let clear = oidc::cookie("", secure);
    let pending = cookies::read(&headers, oidc::COOKIE).unwrap_or_default();
    let finished = match (&back_from.code, &back_from.state, &back_from.error) {
        (Some(code), Some(sent), None) => provider.finish(code, sent, pending).await,
        (_, _, Some(error)) => Err(Failure::Refused(format!("the provider answered {error}"))),
        _ => Err(Failure::Refused("no code".into())),
    };
    let account = match finished {
        Ok(account) => account,
        Err(failure) => {
            tracing::warn!(%failure, "identity provider sign-in");
            let code = match failure {
                Failure::Unreachable(_) => "oidc_unreachable",
                Failure::Refused(_) => "oidc_refused",
            };
            failed(&state, "oidc", &failure.to_string()).await?;
            return Ok(back(code, Some(clear)));
        }
    };
    let Some(reviewer) = state.store.reviewer_named(&account).await? else {
        failed(&state, &account, "oidc: no such active account").await?;
        return Ok(back("oidc_no_account", Some(clear)));
    };
    let cookie = open(&state, &reviewer, "oidc", secure).await?;
    let mut answer = back("", Some(clear));
    answer.headers_mut().append(
        SET_COOKIE,
        cookie.parse().expect("a cookie is a header value"),
    );
    Ok(answer)
}

/// The identity provider; `404` where none is configured.
fn provider(state: &AppState) -> Result<&Oidc, ApiError> {
    state
        .oidc
        .as_deref()
        .ok_or_else(|| ApiError::NotFound("统一身份认证（本系统未配置 --oidc-issuer）".into()))
}

/// A new session for `reviewer`, recorded; the `Set-Cookie` value that gives it.
async fn open(
    state: &AppState,
    reviewer: &Reviewer,
    via: &str,
    secure: bool,
) -> Result<String, ApiError> {
    let new = NewSession::generate();
    state
        .store
        .open_session(reviewer, &new, via, crate::clock::now(), &now_rfc3339())
        .await?;
    Ok(session::set(&new.value, secure))
}

/// Records a failed sign-in as `account` (as given: it may be no account at all).
async fn failed(state: &AppState, account: &str, why: &str) -> Result<(), ApiError> {
    let actor = Actor {
        name: account,
        unit: "",
    };
    state
        .store
        .audit(&now_rfc3339(), actor, "sign_in_failed", None, why)
        .await?;
    Ok(())
}

fn tls(state: &AppState, extensions: &Extensions, headers: &HeaderMap) -> bool {
    cookies::over_tls(extensions, headers, &state.trusted)
}

/// To the reviewers' page, saying why a sign-in did not happen (`code`, if any), with `cookie`
/// set.
fn back(code: &str, cookie: Option<String>) -> Response {
    let location = if code.is_empty() {
        "/review".to_owned()
    } else {
        format!("/review?sign_in={code}")
    };
    let mut answer = (StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response();
    if let Some(cookie) = cookie {
        answer.headers_mut().append(
            SET_COOKIE,
            cookie.parse().expect("a cookie is a header value"),
        );
    }
    answer
}
