//! Signing in through the province's identity provider (统一身份认证), by OpenID Connect's
//! authorization code flow with PKCE (RFC 7636). The server is the client: it sends the
//! browser to the provider with a fresh `state`, `nonce` and code challenge, and on the way
//! back exchanges the code, with the verifier and its client secret, for an ID token straight
//! from the provider's token endpoint.
//!
//! The state, the verifier and the nonce travel in a short-lived cookie (HttpOnly,
//! SameSite=Lax: a Strict one is not sent on the provider's redirect back), so any instance of
//! the server can finish what another began.
//!
//! The ID token's signature is not checked: it comes from the token endpoint itself, over the
//! TLS connection the server opened, which OpenID Connect Core 1.0 §3.1.3.7 (6) accepts in place
//! of the signature for this flow. Its issuer, audience, expiry and nonce are checked.

use std::sync::Mutex;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use rand::RngCore;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::hashing::{hex, sha256_hex};

/// The cookie that carries a sign-in begun, and how long it may take at the provider.
pub const COOKIE: &str = "pilot_oidc";
const PENDING_SECS: u32 = 600;

/// Where the provider sends the browser back, under `--public-url`.
pub const CALLBACK: &str = "/api/v1/session/oidc/callback";

/// What the server needs to know of the provider and of itself as the provider's client.
#[derive(Debug, Clone)]
pub struct Settings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    /// The ID token's claim that names the reviewer's account.
    pub account_claim: String,
    /// The URL the server is reached at, for the redirect URI.
    pub public_url: String,
}

/// The configured provider, its endpoints found once (OpenID Connect Discovery).
pub struct Oidc {
    settings: Settings,
    http: reqwest::Client,
    endpoints: Mutex<Option<Endpoints>>,
}

#[derive(Debug, Clone, Deserialize)]
struct Endpoints {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
}

/// Why a sign-in through the provider did not happen.
#[derive(Debug)]
pub enum Failure {
    /// The provider could not be reached, or answered what is not OpenID Connect.
    Unreachable(String),
    /// The provider, or the browser, gave what does not finish this sign-in: a state that is
    /// not the one sent, a refused code, an ID token for someone else or too old.
    Refused(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Unreachable(why) => write!(f, "provider unreachable: {why}"),
            Failure::Refused(why) => write!(f, "sign-in refused: {why}"),
        }
    }
}

/// A sign-in begun: where to send the browser, and the cookie to set.
pub struct Begun {
    pub location: String,
    pub cookie_value: String,
}

impl Oidc {
    pub fn new(settings: Settings) -> Result<Oidc, String> {
        for (flag, url) in [
            ("--oidc-issuer", &settings.issuer),
            ("--public-url", &settings.public_url),
        ] {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(format!("{flag} {url}: an http(s) URL"));
            }
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Oidc {
            settings,
            http,
            endpoints: Mutex::new(None),
        })
    }

    fn redirect_uri(&self) -> String {
        format!(
            "{}{CALLBACK}",
            self.settings.public_url.trim_end_matches('/')
        )
    }

    /// The provider's endpoints, asked for once it answers.
    async fn endpoints(&self) -> Result<Endpoints, Failure> {
        if let Some(known) = self
            .endpoints
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
        {
            return Ok(known);
        }
        let issuer = self.settings.issuer.trim_end_matches('/');
        let url = format!("{issuer}/.well-known/openid-configuration");
        let unreachable = |e: reqwest::Error| Failure::Unreachable(format!("{url}: {e}"));
        let found: Endpoints = self
            .http
            .get(&url)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(unreachable)?
            .json()
            .await
            .map_err(unreachable)?;
        // Discovery §4.3: the document is the issuer's own.
        if found.issuer != self.settings.issuer {
            return Err(Failure::Unreachable(format!(
                "{url} names the issuer {}, not {}",
                found.issuer, self.settings.issuer
            )));
        }
        *self.endpoints.lock().unwrap_or_else(|e| e.into_inner()) = Some(found.clone());
        Ok(found)
    }

    /// Begins a sign-in: the provider's authorization URL for a new state, nonce and PKCE
    /// challenge, and the cookie that keeps them.
    pub async fn begin(&self) -> Result<Begun, Failure> {
        let endpoints = self.endpoints().await?;
        let (state, verifier, nonce) = (random(), random(), random());
        let challenge = B64.encode(Sha256::digest(verifier.as_bytes()));
        let mut location = reqwest::Url::parse(&endpoints.authorization_endpoint)
            .map_err(|e| Failure::Unreachable(format!("authorization_endpoint: {e}")))?;
        location
            .query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.settings.client_id)
            .append_pair("redirect_uri", &self.redirect_uri())
            .append_pair("scope", "openid profile")
            .append_pair("state", &state)
            .append_pair("nonce", &nonce)
            .append_pair("code_challenge", &challenge)
            .append_pair("code_challenge_method", "S256");
        Ok(Begun {
            location: location.into(),
            cookie_value: format!("{state}.{verifier}.{nonce}"),
        })
    }

    /// Finishes a sign-in the cookie `pending` began: the account the provider names, by the
    /// configured claim of the ID token the code is exchanged for.
    pub async fn finish(&self, code: &str, state: &str, pending: &str) -> Result<String, Failure> {
        let mut parts = pending.split('.');
        let (Some(sent), Some(verifier), Some(nonce), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(Failure::Refused(
                "no sign-in was begun in this browser".into(),
            ));
        };
        if !crate::hashing::matches(state, &sha256_hex(sent)) {
            return Err(Failure::Refused("the state is not the one sent".into()));
        }
        let endpoints = self.endpoints().await?;
        let redirect_uri = self.redirect_uri();
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri.as_str()),
            ("code_verifier", verifier),
        ];
        let mut request = self.http.post(&endpoints.token_endpoint);
        match &self.settings.client_secret {
            Some(secret) => {
                request = request.basic_auth(
                    form_encoded(&self.settings.client_id),
                    Some(form_encoded(secret)),
                );
            }
            None => form.push(("client_id", &self.settings.client_id)),
        }
        let answer = request
            .form(&form)
            .send()
            .await
            .map_err(|e| Failure::Unreachable(format!("token endpoint: {e}")))?;
        if !answer.status().is_success() {
            let status = answer.status();
            let body = answer.text().await.unwrap_or_default();
            return Err(Failure::Refused(format!(
                "token endpoint answered {status}: {}",
                body.chars().take(300).collect::<String>()
            )));
        }
        #[derive(Deserialize)]
        struct Tokens {
            id_token: String,
        }
        let tokens: Tokens = answer
            .json()
            .await
            .map_err(|e| Failure::Refused(format!("token endpoint: {e}")))?;
        let claims = claims(&tokens.id_token)?;
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        self.check(&claims, nonce, now)?;
        account(&claims, &self.settings.account_claim)
    }

    /// The ID token's checks (OpenID Connect Core §3.1.3.7): its issuer, its audience, not
    /// expired (a minute's leeway for clocks), and the nonce this sign-in sent.
    fn check(&self, claims: &serde_json::Value, nonce: &str, now: i64) -> Result<(), Failure> {
        let refused = |why: &str| Err(Failure::Refused(format!("ID token: {why}")));
        if claims["iss"].as_str() != Some(self.settings.issuer.as_str()) {
            return refused("another issuer");
        }
        let id = self.settings.client_id.as_str();
        let audience = match &claims["aud"] {
            serde_json::Value::String(one) => one == id,
            serde_json::Value::Array(many) => many.iter().any(|a| a.as_str() == Some(id)),
            _ => false,
        };
        if !audience {
            return refused("issued to another client");
        }
        if claims["exp"].as_i64().is_none_or(|exp| exp + 60 < now) {
            return refused("expired");
        }
        if claims["nonce"].as_str() != Some(nonce) {
            return refused("another sign-in's nonce");
        }
        Ok(())
    }
}

/// The claims of a compact JWT, undecoded otherwise.
fn claims(jwt: &str) -> Result<serde_json::Value, Failure> {
    let payload = jwt
        .split('.')
        .nth(1)
        .ok_or_else(|| Failure::Refused("the ID token is no JWT".into()))?;
    let bytes = B64
        .decode(payload.trim_end_matches('='))
        .map_err(|e| Failure::Refused(format!("ID token: {e}")))?;
    serde_json::from_slice(&bytes).map_err(|e| Failure::Refused(format!("ID token: {e}")))
}

/// The account the claim `name` names.
fn account(claims: &serde_json::Value, name: &str) -> Result<String, Failure> {
    match &claims[name] {
        serde_json::Value::String(s) if !s.is_empty() => Ok(s.clone()),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        _ => Err(Failure::Refused(format!(
            "the ID token has no claim {name}"
        ))),
    }
}

/// 256 random bits, as hex: a state, a verifier (RFC 7636 §4.1 allows these characters), a
/// nonce.
fn random() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

/// RFC 6749 §2.3.1: HTTP Basic's client id and secret are form-encoded first.
fn form_encoded(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The `Set-Cookie` value of a sign-in begun (or, with `value` empty, taken away).
pub fn cookie(value: &str, secure: bool) -> String {
    let age = if value.is_empty() { 0 } else { PENDING_SECS };
    format!(
        "{COOKIE}={value}; Path=/api/v1/session/oidc; Max-Age={age}; HttpOnly; SameSite=Lax{}",
        if secure { "; Secure" } else { "" }
    )
}
