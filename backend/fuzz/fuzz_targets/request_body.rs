//! Any request body, as a submission or a correction, with any of the content types a client
//! might send: the whole path from the bytes to the answer (content type, multipart, JSON,
//! normalization, the rules, attachments, storage) must answer without panicking and never
//! with a 5xx. The first byte picks the route and the content type; the rest is the body.
#![no_main]

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::Request;
use backend::calls::Calls;
use backend::http::cors::AllowedOrigins;
use backend::startup::{AppState, app};
use backend::store::Store;
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

struct Fixture {
    runtime: tokio::runtime::Runtime,
    router: axum::Router,
    _dir: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("fuzz.db").display());
        let router = runtime.block_on(async {
            let store = Store::connect(&url).await.unwrap();
            app(AppState {
                store,
                calls: Arc::new(Calls::load(None).unwrap()),
                origins: Arc::new(AllowedOrigins::default()),
                uploads: backend::http::uploads::Uploads::new(
                    128,
                    backend::intake::multipart_limit(),
                ),
                rate: backend::http::rate::SubmissionRate::per_minute(0),
            })
        });
        Fixture {
            runtime,
            router,
            _dir: dir,
        }
    })
}

const CONTENT_TYPES: [&str; 5] = [
    "application/json",
    "multipart/form-data; boundary=X",
    "multipart/form-data",
    "",
    "text/plain",
];

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let mut request = if pick & 0x80 == 0 {
        Request::post("/api/v1/submissions")
    } else {
        Request::put("/api/v1/receipts/ABCD-EFGH").header("submission-secret", "K7Q3M-9XAVB")
    };
    let content_type = CONTENT_TYPES[usize::from(pick & 0x7f) % CONTENT_TYPES.len()];
    if !content_type.is_empty() {
        request = request.header("content-type", content_type);
    }
    let request = request.body(Body::from(body.to_vec())).unwrap();
    let answer = f
        .runtime
        .block_on(f.router.clone().oneshot(request))
        .unwrap();
    assert!(
        !answer.status().is_server_error(),
        "answered {}",
        answer.status()
    );
});
