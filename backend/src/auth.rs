//! Who is asking: the reviewer a request's bearer token names ([`SignedIn`]), with what they may
//! see and how what they do is recorded. Routes take it as an extractor; a request without a
//! valid token never reaches them (401).

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use shared::Lang;

use crate::error::ApiError;
use crate::http::language::Language;
use crate::reviewers::{self, Reviewer};
use crate::state::AppState;
use crate::store::Stored;

/// The reviewer a request's bearer token names. No token, a malformed or unknown one, or a
/// revoked account: 401.
pub struct SignedIn {
    pub reviewer: Reviewer,
    pub lang: Lang,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Ok(Language(lang)) = Language::from_request_parts(parts, state).await;
        // The scheme's name is case-insensitive (RFC 9110 §11.1): `bearer` is `Bearer`.
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim_start().split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim());
        let Some((id, secret)) = token.and_then(reviewers::split) else {
            return Err(ApiError::Unauthorized);
        };
        match state.store.reviewer_by_token(id).await {
            Ok(Some((mut reviewer, hash))) if crate::hashing::matches(secret, &hash) => {
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
            Ok(_) => Err(ApiError::Unauthorized),
            Err(e) => Err(ApiError::Internal(e.to_string())),
        }
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
