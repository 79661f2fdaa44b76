//! `/metrics` on its own port: the counters move as the server stores, refuses and limits, by
//! route template and code, never by anything that names a person or a submission.

use super::*;

/// The sum of `name`'s samples whose labels contain every one of `labels` (`key="value"`).
fn sample(text: &str, name: &str, labels: &[&str]) -> f64 {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter(|l| l.starts_with(&format!("{name}{{")) || l.starts_with(&format!("{name} ")))
        .filter(|l| labels.iter().all(|label| l.contains(label)))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

#[tokio::test]
async fn metrics_show_what_was_stored_refused_and_limited() {
    let server = TestServer::with(support::server::Options {
        metrics: true,
        limits: ServerLimits {
            submissions_per_minute: 2,
            ..ServerLimits::DEFAULT
        },
        ..Default::default()
    })
    .await;
    let metrics = server.metrics.clone().expect("a metrics address");
    let client = reqwest::Client::new();
    let scrape = || async {
        let answer = client.get(&metrics).send().await.unwrap();
        assert!(
            answer.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/plain")
        );
        answer.text().await.unwrap()
    };
    let before = scrape().await;
    let post = |body: String| async {
        let sent = client
            .post(format!("{}/api/v1/submissions", server.base))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        openapi::read(axum::http::Method::POST, sent).await.unwrap()
    };
    let stored = post(vectors::fixture("national-social-pilot").to_owned()).await;
    assert_eq!(stored.status, 201);
    let receipt = stored.json()["receipt"].as_str().unwrap().to_owned();
    let refused = post("{\"program\": 1}".to_owned()).await;
    assert_eq!(refused.status, 422);
    let limited = post(vectors::fixture("national-social-pilot").to_owned()).await;
    assert_eq!(limited.status, 429);
    let after = scrape().await;

    let moved =
        |name: &str, labels: &[&str]| sample(&after, name, labels) - sample(&before, name, labels);
    assert!(
        moved("submissions_stored_total", &["kind=\"new\""]) >= 1.0,
        "{after}"
    );
    assert!(
        moved("api_errors_total", &["status=\"422\""]) >= 1.0,
        "{after}"
    );
    assert!(
        moved(
            "api_errors_total",
            &["code=\"too_many_requests\"", "status=\"429\""]
        ) >= 1.0
    );
    assert!(moved("rate_limited_total", &[]) >= 1.0, "{after}");
    let route = ["route=\"/api/v1/submissions\"", "method=\"POST\""];
    assert!(
        moved(
            "http_requests_total",
            &[route[0], route[1], "status=\"201\""]
        ) >= 1.0
    );
    assert!(
        moved("http_request_duration_seconds_count", &route) >= 3.0,
        "{after}"
    );
    assert!(moved("writer_batch_size_count", &[]) >= 1.0, "{after}");
    assert!(
        after.contains("db_pool_connections{state=\"idle\"}"),
        "{after}"
    );
    assert!(after.contains("upload_memory_held_mib"), "{after}");
    // Nothing that names a submission or a client.
    assert!(!after.contains(&receipt));
    assert!(!after.contains("127.0.0.1"));
    // Not on the applicants' port.
    let elsewhere = client
        .get(format!("{}/metrics", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), 404);
}
