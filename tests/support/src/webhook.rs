//! A real HTTP receiver for the server's signed webhook, on a port of its own: it refuses the
//! first `fail` requests (500), then keeps what it is sent, as a province's gateway would.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;

/// What the receiver was sent: its signature, its delivery id and its body.
#[derive(Clone, Debug)]
pub struct Delivered {
    pub signature: String,
    pub delivery: String,
    pub body: Value,
    pub raw: Vec<u8>,
}

pub struct Receiver {
    /// Where it listens, for `--webhook-url`.
    pub url: String,
    pub kept: Arc<Mutex<Vec<Delivered>>>,
    /// Requests taken, refused ones included.
    pub tried: Arc<AtomicUsize>,
}

impl Receiver {
    pub async fn start(fail: usize) -> Receiver {
        let kept: Arc<Mutex<Vec<Delivered>>> = Arc::default();
        let tried = Arc::new(AtomicUsize::new(0));
        let (k, t) = (kept.clone(), tried.clone());
        let take = move |headers: HeaderMap, body: axum::body::Bytes| {
            let (k, t) = (k.clone(), t.clone());
            async move {
                if t.fetch_add(1, Ordering::SeqCst) < fail {
                    return StatusCode::INTERNAL_SERVER_ERROR;
                }
                let header = |n: &str| {
                    headers
                        .get(n)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned()
                };
                k.lock().unwrap().push(Delivered {
                    signature: header("x-pilot-signature"),
                    delivery: header("x-pilot-delivery"),
                    body: serde_json::from_slice(&body).unwrap(),
                    raw: body.to_vec(),
                });
                StatusCode::NO_CONTENT
            }
        };
        let router = axum::Router::new().route("/hook", axum::routing::post(take));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Receiver { url, kept, tried }
    }

    /// The kinds of the events it was sent about `receipt`, in the order they came.
    pub fn kinds(&self, receipt: &str) -> Vec<String> {
        self.delivered(receipt)
            .iter()
            .map(|d| d.body["event"]["kind"].as_str().unwrap().to_owned())
            .collect()
    }

    /// What it was sent about `receipt`.
    pub fn delivered(&self, receipt: &str) -> Vec<Delivered> {
        self.kept
            .lock()
            .unwrap()
            .iter()
            .filter(|d| d.body["receipt"] == receipt)
            .cloned()
            .collect()
    }
}
