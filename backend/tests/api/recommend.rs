//! Recommendation within the notices' quotas: a unit's reviewer recommends and ranks; a full
//! quota refuses, naming itself and what fills it, also when many try at once.

use super::exports::csv_rows;
use super::review::{bearer, reviewer, reviewer_elsewhere};
use super::*;

/// Chongqing with one receiving unit and a quota of 2, and Shanxi with one city and at most 2
/// per domain, as its 2021 notice has it.
pub(crate) const CALLS: &str = r#"
[[call]]
id = "cq"
program = "cq-municipal"
year = 2023
title = "t"
opens = 2020-01-01
units = ["渝北区"]
[[call.quota]]
name = "推荐项目"
max = 2

[[call]]
id = "sx"
program = "sx-provincial"
year = 2021
title = "t"
opens = 2020-01-01
units = ["晋城市市场监督管理局"]
[[call.quota]]
name = "每个领域"
max = 2
per = "domain"
"#;

async fn app() -> TestApp {
    test_app_with(Calls::parse(CALLS).unwrap()).await
}

async fn token(t: &TestApp, name: &str, program: &str, unit: Option<&str>) -> String {
    bearer(&reviewer(t, name, &[program], unit).await)
}

/// Submits `program`'s fixture to `call`, edited; its id.
async fn submit(t: &TestApp, program: &str, call: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut app: Value = serde_json::from_str(vectors::fixture(program)).unwrap();
    app["call"] = json!(call);
    edit(&mut app);
    let reply = t.post_program(program, &app.to_string()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    reply.json()["id"].as_str().unwrap().to_owned()
}

async fn put(t: &TestApp, auth: &str, id: &str, body: Value) -> Reply {
    let req = Request::put(format!("/api/v1/submissions/{id}/recommendation"))
        .header("authorization", auth)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    t.send(req).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_at_once_against_a_quota_of_two_leave_exactly_two() {
    let t = app().await;
    let auth = token(&t, "yubei", "cq-municipal", Some("渝北区")).await;
    let mut ids = Vec::new();
    for _ in 0..20 {
        ids.push(submit(&t, "cq-municipal", "cq", |_| {}).await);
    }
    let tasks: Vec<_> = ids
        .iter()
        .map(|id| {
            let router = t.router.clone();
            let req = Request::put(format!("/api/v1/submissions/{id}/recommendation"))
                .header("authorization", auth.as_str())
                .header("content-type", "application/json")
                .body(Body::from(r#"{"recommended": true}"#))
                .unwrap();
            tokio::spawn(async move {
                let res = router.oneshot(req).await.unwrap();
                let status = res.status();
                let body = res.into_body().collect().await.unwrap().to_bytes();
                (status, serde_json::from_slice::<Value>(&body).unwrap())
            })
        })
        .collect();
    let mut accepted = 0;
    for task in tasks {
        let (status, body) = task.await.unwrap();
        match status {
            StatusCode::OK => accepted += 1,
            StatusCode::CONFLICT => {
                assert_eq!(body["errors"][0]["code"], "quota_full");
                let message = body["errors"][0]["message"].as_str().unwrap();
                assert!(
                    message.contains("推荐项目") && message.contains("2项"),
                    "{message}"
                );
            }
            other => panic!("{other}: {body}"),
        }
    }
    assert_eq!(accepted, 2);
    let recommended = t
        .get(
            "/api/v1/submissions?recommended=true",
            &[("authorization", &auth)],
        )
        .await
        .json();
    assert_eq!(recommended["total"], 2);
    let mut ranks: Vec<_> = recommended["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["rank"].as_i64().unwrap())
        .collect();
    ranks.sort();
    assert_eq!(ranks, [1, 2]);
}

#[tokio::test]
async fn a_full_quota_names_itself_and_what_fills_it_per_domain() {
    let t = app().await;
    let auth = token(
        &t,
        "jincheng",
        "sx-provincial",
        Some("晋城市市场监督管理局"),
    )
    .await;
    let farm: Vec<String> = vec![
        submit(&t, "sx-provincial", "sx", |_| {}).await,
        submit(&t, "sx-provincial", "sx", |_| {}).await,
        submit(&t, "sx-provincial", "sx", |_| {}).await,
    ];
    let industry = submit(&t, "sx-provincial", "sx", |app| {
        app["project"]["domain"] = json!("工业");
        app["project"]["sub_area"] = json!("其他");
        app["project"]["sub_area_other"] = json!("药茶加工机械");
    })
    .await;
    // Ranked farm, industry, farm: each domain is counted once however its places interleave.
    for id in [&farm[0], &industry, &farm[1]] {
        let reply = put(&t, &auth, id, json!({"recommended": true})).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
    }
    let refused = put(&t, &auth, &farm[2], json!({"recommended": true})).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let message = refused.json()["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("每个领域（农业农村）"), "{message}");
    let detail = t
        .get(
            &format!("/api/v1/submissions/{}", farm[0]),
            &[("authorization", &auth)],
        )
        .await
        .json();
    assert!(
        message.contains(detail["receipt"].as_str().unwrap()),
        "{message}"
    );

    let quotas = t
        .get("/api/v1/quotas?call=sx", &[("authorization", &auth)])
        .await
        .json();
    let used: Vec<(String, i64)> = quotas["quotas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["quota"].as_str().unwrap().to_owned(),
                q["used"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        used,
        [
            ("每个领域（农业农村）".to_owned(), 2),
            ("每个领域（工业）".to_owned(), 1)
        ]
    );

    // Withdrawing one frees its place.
    let withdrawn = put(&t, &auth, &farm[0], json!({"recommended": false})).await;
    assert_eq!(withdrawn.json()["recommended"], false);
    let now = put(&t, &auth, &farm[2], json!({"recommended": true})).await;
    assert_eq!(now.status, StatusCode::OK);
}

#[tokio::test]
async fn units_rank_their_recommendations_and_the_export_gives_exactly_those_in_order() {
    let t = app().await;
    let auth = token(
        &t,
        "jincheng",
        "sx-provincial",
        Some("晋城市市场监督管理局"),
    )
    .await;
    let mut ids = Vec::new();
    for domain in ["农业农村", "工业", "服务业"] {
        ids.push(
            submit(&t, "sx-provincial", "sx", |app| {
                if domain != "农业农村" {
                    app["project"]["domain"] = json!(domain);
                    app["project"]["sub_area"] = json!("其他");
                    app["project"]["sub_area_other"] = json!("其他方向");
                }
            })
            .await,
        );
    }
    submit(&t, "sx-provincial", "sx", |_| {}).await;
    for id in &ids {
        assert_eq!(
            put(&t, &auth, id, json!({"recommended": true}))
                .await
                .status,
            StatusCode::OK
        );
    }
    // The third moves to the top.
    let moved = put(&t, &auth, &ids[2], json!({"recommended": true, "rank": 1})).await;
    assert_eq!(moved.json()["rank"], 1);

    let export = t
        .get(
            "/api/v1/exports/submissions.csv?recommended=true",
            &[("authorization", &auth)],
        )
        .await;
    let rows = csv_rows(&export.body);
    let mut order = Vec::new();
    for id in [&ids[2], &ids[0], &ids[1]] {
        let detail = t
            .get(
                &format!("/api/v1/submissions/{id}"),
                &[("authorization", &auth)],
            )
            .await
            .json();
        order.push(detail["receipt"].as_str().unwrap().to_owned());
    }
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[1].as_str(), r[14].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (order[0].as_str(), "1"),
            (order[1].as_str(), "2"),
            (order[2].as_str(), "3")
        ]
    );
    let rest = t
        .get(
            "/api/v1/exports/submissions.csv?recommended=false",
            &[("authorization", &auth)],
        )
        .await;
    assert_eq!(csv_rows(&rest.body).len(), 1);

    // Only a unit's reviewer recommends, and only its own unit's.
    let province = token(&t, "province", "sx-provincial", None).await;
    let refused = put(&t, &province, &ids[0], json!({"recommended": false})).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let taiyuan =
        bearer(&reviewer_elsewhere(&t, "taiyuan", "sx-provincial", "太原市市场监督管理局").await);
    let hidden = put(&t, &taiyuan, &ids[0], json!({"recommended": true})).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let log = t.store.audit_log().await.unwrap();
    assert_eq!(log.iter().filter(|e| e.action == "recommend").count(), 4);
}

#[tokio::test]
async fn purge_deletes_what_a_call_keeps_past_its_retain_days_and_logs_it() {
    // Shanxi's submissions are kept 30 days; Chongqing's as long as the operator likes.
    let calls = CALLS.replace(
        "units = [\"晋城市市场监督管理局\"]",
        "units = [\"晋城市市场监督管理局\"]\nretain_days = 30",
    );
    let calls = Calls::parse(&calls).unwrap();
    let t = test_app_with(calls.clone()).await;
    let kept = submit(&t, "cq-municipal", "cq", |_| {}).await;
    // Corrected once, so that an earlier version is kept too.
    let mut app: Value = serde_json::from_str(vectors::fixture("sx-provincial")).unwrap();
    app["call"] = json!("sx");
    let first = t
        .post_program("sx-provincial", &app.to_string())
        .await
        .json();
    let old = first["id"].as_str().unwrap().to_owned();
    app["project"]["name"] = json!("更正后的试点名称");
    let req = Request::put(format!(
        "/api/v1/receipts/{}",
        first["receipt"].as_str().unwrap()
    ))
    .header("content-type", "application/json")
    .header("submission-secret", first["secret"].as_str().unwrap())
    .body(Body::from(app.to_string()))
    .unwrap();
    assert_eq!(t.send(req).await.status, StatusCode::OK);
    assert_eq!(t.store.superseded(&old).await.unwrap().len(), 1);
    let now = time::OffsetDateTime::now_utc();

    let early = backend::admin::purge(&t.store, &calls, now + time::Duration::days(29))
        .await
        .unwrap();
    assert!(early.contains("sx: 0 submissions"), "{early}");
    assert_eq!(t.store.count().await.unwrap(), 2);

    let said = backend::admin::purge(&t.store, &calls, now + time::Duration::days(31))
        .await
        .unwrap();
    assert!(
        said.contains("sx: 1 submissions older than 30 days deleted"),
        "{said}"
    );
    assert_eq!(t.store.count().await.unwrap(), 1);
    assert!(t.store.find(&old).await.unwrap().is_none());
    assert!(t.store.superseded(&old).await.unwrap().is_empty());
    assert!(t.store.find(&kept).await.unwrap().is_some());
    let log = t.store.audit_log().await.unwrap();
    let purged: Vec<_> = log.iter().filter(|e| e.action == "purge").collect();
    assert_eq!(purged.len(), 1);
    assert_eq!(purged[0].submission_id.as_deref(), Some(old.as_str()));
    // The log names what went, not what it held.
    assert!(!purged[0].detail.contains("晋城"));
}

/// The demonstration call of Shanxi names two cities: the applicant chooses, the server checks
/// the choice against the call, and the chosen city's reviewers alone see it.
#[tokio::test]
async fn where_a_call_names_several_units_the_applicants_choice_receives_it() {
    let t = test_app().await;
    let mut app: Value = serde_json::from_str(vectors::fixture("sx-provincial")).unwrap();
    for (chosen, code) in [("", "required"), ("大同市市场监督管理局", "unknown_unit")] {
        app["units"]["receiving"] = json!(chosen);
        let reply = t.post(app.to_string(), None).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{chosen}");
        let errors = reply.json()["errors"].clone();
        assert_eq!(errors[0]["path"], "units.receiving", "{errors}");
        assert_eq!(errors[0]["code"], code);
    }
    app["units"]["receiving"] = json!("太原市市场监督管理局");
    let reply = t.post(app.to_string(), None).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    let id = reply.json()["id"].as_str().unwrap().to_owned();
    let taiyuan = token(&t, "taiyuan", "sx-provincial", Some("太原市市场监督管理局")).await;
    let jincheng = token(
        &t,
        "jincheng",
        "sx-provincial",
        Some("晋城市市场监督管理局"),
    )
    .await;
    let path = format!("/api/v1/submissions/{id}");
    let seen = t.get(&path, &[("authorization", &taiyuan)]).await;
    assert_eq!(seen.json()["unit"], "太原市市场监督管理局");
    let unseen = t.get(&path, &[("authorization", &jincheng)]).await;
    assert_eq!(unseen.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_busy_database_is_a_503_for_a_recommendation_too() {
    let t = app().await;
    let auth = token(&t, "yubei", "cq-municipal", Some("渝北区")).await;
    let id = submit(&t, "cq-municipal", "cq", |_| {}).await;
    let mut other = t.hold_write_lock().await;
    let reply = put(&t, &auth, &id, json!({ "recommended": true })).await;
    assert_eq!(
        reply.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        reply.json()
    );
    assert_eq!(reply.headers["retry-after"], "2");
    sqlx::query("ROLLBACK").execute(&mut other).await.unwrap();
    let reply = put(&t, &auth, &id, json!({ "recommended": true })).await;
    assert_eq!(reply.status, StatusCode::OK);
}

/// A correction withdraws the corrected submission's recommendation, and the ranking closes
/// its gap: the one after it moves up (it used to keep a hole at the top).
#[tokio::test]
async fn a_correction_withdraws_its_recommendation_and_closes_the_gap() {
    let t = app().await;
    let auth = token(&t, "yubei", "cq-municipal", Some("渝北区")).await;
    let mut app: Value = serde_json::from_str(vectors::fixture("cq-municipal")).unwrap();
    app["call"] = json!("cq");
    let first = t
        .post_program("cq-municipal", &app.to_string())
        .await
        .json();
    let second = submit(&t, "cq-municipal", "cq", |_| {}).await;
    let first_id = first["id"].as_str().unwrap();
    for id in [first_id, second.as_str()] {
        assert_eq!(
            put(&t, &auth, id, json!({"recommended": true}))
                .await
                .status,
            StatusCode::OK
        );
    }
    app["project"]["name"] = json!("更正后的项目名称");
    let req = Request::put(format!(
        "/api/v1/receipts/{}",
        first["receipt"].as_str().unwrap()
    ))
    .header("submission-secret", first["secret"].as_str().unwrap())
    .header("content-type", "application/json")
    .body(Body::from(app.to_string()))
    .unwrap();
    let corrected = t.send(req).await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.json());
    let held = t.store.recommended("cq", "渝北区").await.unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(
        (held[0].submission_id.as_str(), held[0].rank),
        (second.as_str(), 1)
    );
}

/// The national notice: "原则上试点项目不超过10个,新型基础设施领域试点项目不超过10个,示范项目不超过2个".
/// In principle, a unit may go beyond it with a reason (`firm = false`): without one, still
/// `409 quota_full`, whose message says a reason allows it; with one, stored, audited, shown on
/// the quota panel and printed in the unit's 汇总表. A firm quota refuses even with a reason.
#[tokio::test]
async fn a_quota_set_in_principle_is_exceeded_only_with_a_reason() {
    let calls = CALLS.replace(
        "name = \"推荐项目\"\nmax = 2",
        "name = \"推荐项目\"\nmax = 2\nfirm = false",
    );
    let t = test_app_with(Calls::parse(&calls).unwrap()).await;
    let yubei = token(&t, "yubei", "cq-municipal", Some("渝北区")).await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(submit(&t, "cq-municipal", "cq", |_| {}).await);
    }
    for id in &ids[..2] {
        let reply = put(&t, &yubei, id, json!({ "recommended": true })).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
    }
    let bare = put(&t, &yubei, &ids[2], json!({ "recommended": true })).await;
    assert_eq!(bare.status, StatusCode::CONFLICT);
    assert_eq!(bare.json()["errors"][0]["code"], "quota_full");
    let said = bare.json()["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(said.contains("原则上") && said.contains("理由"), "{said}");
    let reason = "该项目为全市唯一的国家级服务业标准化示范候选";
    let beyond = put(
        &t,
        &yubei,
        &ids[2],
        json!({ "recommended": true, "reason": reason }),
    )
    .await;
    assert_eq!(beyond.status, StatusCode::OK, "{}", beyond.json());
    assert_eq!(beyond.json()["rank"], 3);
    let log = t.store.audit_log().await.unwrap();
    assert!(
        log.iter()
            .any(|e| e.action == "recommend" && e.detail.contains(reason)),
        "audited with its reason"
    );
    let panel = t
        .get("/api/v1/quotas?call=cq", &[("authorization", &yubei)])
        .await
        .json();
    let quota = &panel["quotas"][0];
    assert_eq!(quota["firm"], false);
    assert_eq!(quota["used"], 3);
    assert_eq!(quota["beyond"][0]["reason"], reason);
    let book = t
        .get(
            "/api/v1/exports/summary.xlsx?call=cq",
            &[("authorization", &yubei)],
        )
        .await;
    assert_eq!(book.status, StatusCode::OK);
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(book.body)).unwrap();
    use calamine::Reader;
    let sheet = book.worksheet_range("推荐汇总表").unwrap();
    let header: Vec<String> = (0..15)
        .map(|c| sheet.get((1, c)).map(|d| d.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(header[14], "超出名额理由");
    assert_eq!(
        sheet
            .get((4, 14))
            .map(|d| d.to_string())
            .unwrap_or_default(),
        reason
    );
    assert_eq!(
        sheet
            .get((2, 14))
            .map(|d| d.to_string())
            .unwrap_or_default(),
        ""
    );

    // A firm quota (Shanxi's 每个领域报送不超过2个) refuses even with a reason.
    let city = token(
        &t,
        "jincheng",
        "sx-provincial",
        Some("晋城市市场监督管理局"),
    )
    .await;
    let mut sx = Vec::new();
    for _ in 0..3 {
        sx.push(submit(&t, "sx-provincial", "sx", |_| {}).await);
    }
    for id in &sx[..2] {
        let reply = put(&t, &city, id, json!({ "recommended": true })).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
    }
    let firm = put(
        &t,
        &city,
        &sx[2],
        json!({ "recommended": true, "reason": reason }),
    )
    .await;
    assert_eq!(firm.status, StatusCode::CONFLICT);
    let said = firm.json()["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(!said.contains("原则上"), "{said}");
}
