//! Several servers on one database (PostgreSQL, as a province that outgrows one machine runs
//! it; the same holds for processes sharing one SQLite file): what must be true once is held
//! by the database, not by one process's memory. Each "server" here is its own store (its
//! own pool and writer) and router on the same database.

use super::recommend::CALLS;
use super::review::{bearer, reviewer};
use super::*;

async fn send(router: &axum::Router, req: Request<Body>) -> (StatusCode, Value) {
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&body).unwrap())
}

fn keyed(key: &str, body: &[u8]) -> Request<Body> {
    Request::post("/api/v1/submissions")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header("idempotency-key", key)
        .body(Body::from(body.to_vec()))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_on_one_database_keep_keys_and_quotas() {
    let first = test_app_with(Calls::parse(CALLS).unwrap()).await;
    let other_store = Store::connect(&first.url).await.unwrap();
    let second = app_on(other_store, Calls::parse(CALLS).unwrap(), &[]);
    let servers = [first.router.clone(), second];

    // One retry per submission reaches the other server at the same moment: each key is one
    // row and both answers are the same.
    let mut app: Value = serde_json::from_str(VALID).unwrap();
    app["call"] = json!("cq");
    let body = multipart(&app.to_string(), &vectors::attachments("cq-municipal"));
    let mut pairs = Vec::new();
    for n in 0..10 {
        let key = format!("key-{n}");
        let [a, b] = servers.clone();
        let (ra, rb) = (keyed(&key, &body), keyed(&key, &body));
        pairs.push(tokio::spawn(async move {
            tokio::join!(send(&a, ra), send(&b, rb))
        }));
    }
    let mut ids = Vec::new();
    for pair in pairs {
        let ((sa, a), (sb, b)) = pair.await.unwrap();
        assert_eq!(
            (sa, sb),
            (StatusCode::CREATED, StatusCode::CREATED),
            "{a} {b}"
        );
        assert_eq!(a["receipt"], b["receipt"]);
        assert_eq!(a["secret"], b["secret"]);
        ids.push(a["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(first.store.count().await.unwrap(), 10);

    // Ten recommendations at once through both servers against a quota of 2: exactly two.
    let auth = bearer(&reviewer(&first, "yubei", &["cq-municipal"], Some("渝北区")).await);
    let tasks: Vec<_> = ids
        .iter()
        .enumerate()
        .map(|(n, id)| {
            let server = servers[n % 2].clone();
            let req = Request::put(format!("/api/v1/submissions/{id}/recommendation"))
                .header("authorization", auth.as_str())
                .header("content-type", "application/json")
                .body(Body::from(r#"{"recommended": true}"#))
                .unwrap();
            tokio::spawn(async move { send(&server, req).await })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        let (status, body) = task.await.unwrap();
        if status == StatusCode::CONFLICT {
            assert_eq!(body["errors"][0]["code"], "quota_full");
        }
        statuses.push(status);
    }
    let accepted = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    assert_eq!((accepted, refused), (2, 8), "{statuses:?}");
    let held = first.store.recommended("cq", "渝北区").await.unwrap();
    let ranks: Vec<i64> = held.iter().map(|h| h.rank).collect();
    assert_eq!(ranks, [1, 2]);
}
