//! Who is asking: the reviewer a request's bearer token or session cookie names ([`SignedIn`]),
//! with what they may see and how what they do is recorded. Routes take it as an extractor; a
//! request with neither never reaches them (401).

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use shared::Lang;

use crate::error::ApiError;
use crate::http::cookies;
use crate::http::language::Language;
use crate::reviewers::{self, Reviewer};
use crate::signin::session;
use crate::state::AppState;
use crate::store::Stored;

/// The reviewer a request's bearer token names (scripts), or else its session cookie (the
/// reviewers' page). No token and no session, a malformed, unknown or expired one, or a revoked
/// account: 401.
pub struct SignedIn {
    pub reviewer: Reviewer,
    pub lang: Lang,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Ok(Language(lang)) = Language::from_request_parts(parts, state).await;
        let Some(mut reviewer) = reviewer(&parts.headers, state).await? else {
            return Err(ApiError::Unauthorized);
        };
        // The units directly below theirs, in every call whose chain names it.
        if let Some(unit) = &reviewer.unit {
            for call in state.calls.all() {
                for below in call.chain.children(unit) {
                    reviewer.below.push((call.id.clone(), below.name.clone()));
                }
            }
        }
        Ok(SignedIn { reviewer, lang })
    }
}

/// The account a request's bearer token names, or else its live session; the session is seen
/// again (its idle time starts over).
pub async fn reviewer(headers: &HeaderMap, state: &AppState) -> Result<Option<Reviewer>, ApiError> {
    // The scheme's name is case-insensitive (RFC 9110 §11.1): `bearer` is `Bearer`.
    let bearer = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim_start().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    if let Some(token) = bearer {
        let Some((id, secret)) = reviewers::split(token) else {
            return Ok(None);
        };
        return Ok(match state.store.reviewer_by_token(id).await? {
            Some((reviewer, hash)) if crate::hashing::matches(secret, &hash) => Some(reviewer),
            _ => None,
        });
    }
    match cookies::read(headers, session::COOKIE) {
        Some(value) => Ok(state
            .store
            .session(&session::hash(value), crate::clock::now())
            .await?),
        None => Ok(None),
    }
}

impl SignedIn {
    /// Records what this reviewer did; a request whose reading cannot be recorded is refused.
    pub async fn audit(
        &self,
        state: &AppState,
        action: &str,
        id: Option<&str>,
        detail: &str,
    ) -> Result<(), ApiError> {
        state
            .store
            .audit(
                &crate::clock::now_rfc3339(),
                self.reviewer.actor(),
                action,
                id,
                detail,
            )
            .await?;
        Ok(())
    }

    /// The submission named by id or receipt, if this reviewer may see it: their unit
    /// received it, or a unit directly below theirs recommends it (an expert: it is assigned
    /// to them now). Found in their scope by one query (`Store::visible_to`), so a missing one
    /// and one out of scope take the same work and get the same 404.
    pub async fn submission(&self, state: &AppState, id: &str) -> Result<Stored, ApiError> {
        let missing = || ApiError::NotFound(format!("submission {id}"));
        let seen = state
            .store
            .visible_to(&self.reviewer, id)
            .await?
            .ok_or_else(missing)?;
        state.store.find(&seen).await?.ok_or_else(missing)
    }
}
