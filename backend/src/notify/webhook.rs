//! The signed webhook (`--webhook-url`, `--webhook-secret`): each event as a JSON POST of
//! `{"receipt", "program", "call", "event"}`, signed `X-Pilot-Signature: sha256=<hex>` with
//! HMAC-SHA256 of the raw body under the shared secret, so that the receiver (a province's
//! 一网通办, an SMS gateway) can tell it came from here; `X-Pilot-Delivery` names the delivery,
//! the same on every retry, for a receiver to take each once.

use std::time::Duration;

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

use crate::store::{Due, Event};

pub struct Webhook {
    url: String,
    secret: String,
    http: reqwest::Client,
}

#[derive(Serialize)]
struct Body<'a> {
    receipt: &'a str,
    program: &'a str,
    call: &'a str,
    event: &'a Event,
}

impl Webhook {
    pub fn new(url: &str, secret: &str) -> Result<Webhook, String> {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(format!("--webhook-url {url}: an http(s) URL"));
        }
        if secret.len() < 16 {
            return Err("--webhook-secret: at least 16 characters".into());
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Webhook {
            url: url.to_owned(),
            secret: secret.to_owned(),
            http,
        })
    }

    pub async fn send(&self, due: &Due) -> Result<(), String> {
        let body = serde_json::to_vec(&Body {
            receipt: &due.receipt,
            program: &due.program,
            call: &due.call,
            event: &due.event,
        })
        .map_err(|e| e.to_string())?;
        let answer = self
            .http
            .post(&self.url)
            .header("content-type", "application/json")
            .header("x-pilot-signature", signature(&self.secret, &body))
            .header("x-pilot-delivery", due.seq.to_string())
            .body(body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if answer.status().is_success() {
            Ok(())
        } else {
            Err(format!("{} answered {}", self.url, answer.status()))
        }
    }
}

/// `sha256=<lower-case hex of HMAC-SHA256(secret, body)>`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(body);
    format!(
        "sha256={}",
        crate::hashing::hex(&mac.finalize().into_bytes())
    )
}

#[cfg(test)]
mod tests {
    /// RFC 4231's test case 2.
    #[test]
    fn the_signature_is_hmac_sha256_in_hex() {
        assert_eq!(
            super::signature("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
