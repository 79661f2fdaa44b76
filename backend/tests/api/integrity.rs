//! The chain's record can be trusted: no action on a version or in a scope it did not see,
//! nothing changes once decided, experts follow their unit, a returned application waits for
//! its correction. Each race is run many times; its invariant must hold in every trial.

use super::chain::{
    CHENGQU, CHONGQING, CITY, PROVINCE, ZEZHOU, app, code, expert, listed, of, put, received,
    recommend,
};
use super::review::{bearer, reviewer};
use super::*;
use backend::configuration::ReviewerCommand;

/// Trials of each race: before the guard, about half of them broke the invariant.
const TRIALS: usize = 12;

/// Shanxi's fixture for `unit`, corrected: the request and its body.
fn correction(receipt: &str, secret: &str, unit: &str, name: &str) -> Request<Body> {
    let mut app = super::chain::application(unit);
    app["project"]["name"] = json!(name);
    Request::put(format!("/api/v1/receipts/{receipt}"))
        .header("submission-secret", secret)
        .header("content-type", "application/json")
        .body(Body::from(app.to_string()))
        .unwrap()
}

/// What a reviewer without a unit reads of a submission: the whole chain's record.
async fn record(t: &TestApp, reader: &str, id: &str) -> Value {
    let reply = read(t, reader, id, "").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
    reply.json()
}

fn units(record: &Value) -> Vec<String> {
    record["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["unit"].as_str().unwrap().to_owned())
        .collect()
}

/// What `auth` reads of the submission (`what` empty) or of one of its files
/// (`/document.docx`).
async fn read(t: &TestApp, auth: &str, id: &str, what: &str) -> Reply {
    t.get(
        &format!("/api/v1/submissions/{id}{what}"),
        &[("authorization", auth)],
    )
    .await
}

/// 退回补正 by `auth`, with this reason, to be corrected by `by`.
async fn give_back(t: &TestApp, auth: &str, id: &str, reason: &str, by: &str) -> Reply {
    t.send(
        Request::post(format!("/api/v1/submissions/{id}/return"))
            .header("authorization", auth)
            .header("content-type", "application/json")
            .body(Body::from(
                json!({ "reason": reason, "correct_by": by }).to_string(),
            ))
            .unwrap(),
    )
    .await
}

/// Chongqing's chain (渝北区 → the 市局, which invites experts and decides) with a reviewer of
/// each unit and one application received by the district, not yet recommended.
struct Chongqing {
    t: TestApp,
    district: String,
    city: String,
    id: String,
    receipt: String,
    secret: String,
}

async fn chongqing() -> Chongqing {
    let t = test_app_with(Calls::parse(CHONGQING).unwrap()).await;
    let district = bearer(&reviewer(&t, "yubei", &["cq-municipal"], Some("渝北区")).await);
    let city = bearer(&reviewer(&t, "cq", &["cq-municipal"], Some("重庆市市场监督管理局")).await);
    let mut app: Value = serde_json::from_str(VALID).unwrap();
    app["call"] = json!("cq-chain");
    let reply = t.post_program("cq-municipal", &app.to_string()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    let body = reply.json();
    let text = |key: &str| body[key].as_str().unwrap().to_owned();
    Chongqing {
        district,
        city,
        id: text("id"),
        receipt: text("receipt"),
        secret: text("secret"),
        t,
    }
}

/// A province deciding while the applicant's correction lands never decides a version that
/// nobody below recommended: either the decision came first (and the correction is refused),
/// or the correction did (and the decision is refused).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_decision_racing_a_correction_decides_only_the_recommended_version() {
    // The city's quota is out of the way: every trial's application is recommended up.
    let calls = super::chain::calls("2099-05-08").replace("max = 2", "max = 1000");
    let t = test_app_with(Calls::parse(&calls).unwrap()).await;
    let county = of(&t, "zezhou", Some(ZEZHOU)).await;
    let city = of(&t, "jincheng", Some(CITY)).await;
    let province = of(&t, "shanxi", Some(PROVINCE)).await;
    let reader = of(&t, "reader", None).await;
    let mut decided = 0;
    for trial in 0..TRIALS {
        let (id, receipt, secret) = received(&t, ZEZHOU).await;
        assert_eq!(recommend(&t, &county, &id).await.status, StatusCode::OK);
        assert_eq!(recommend(&t, &city, &id).await.status, StatusCode::OK);
        let (decision, corrected) = tokio::join!(
            put(
                &t,
                &province,
                &id,
                "decision",
                json!({ "decision": "approved" })
            ),
            t.send(correction(
                &receipt,
                &secret,
                ZEZHOU,
                &format!("补正 {trial}")
            )),
        );
        let r = record(&t, &reader, &id).await;
        if r["decision"].is_null() {
            assert_ne!(decision.status, StatusCode::OK, "{}", decision.json());
            assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.json());
        } else {
            decided += 1;
            // What was decided is the version the city recommended, and it still is.
            assert_eq!(r["decision"]["version"], r["version"], "trial {trial}: {r}");
            assert!(units(&r).contains(&CITY.to_owned()), "trial {trial}: {r}");
            assert_eq!(
                corrected.status,
                StatusCode::CONFLICT,
                "{}",
                corrected.json()
            );
            assert_eq!(code(&corrected), "decided");
        }
    }
    // Both orders happen; what matters is that neither breaks the record.
    println!("decided first in {decided} of {TRIALS} trials");
    // Their audit lines, written at once, still chain one after the other.
    assert!(t.store.verify_audit().await.unwrap().is_ok());
}

/// A city recommending while the county withdraws never keeps a recommendation above a unit
/// that withdrew: the province cannot open what the county took back.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_recommendation_racing_a_withdrawal_below_never_outlives_it() {
    let t = app("2099-05-08").await;
    let county = of(&t, "zezhou", Some(ZEZHOU)).await;
    let city = of(&t, "jincheng", Some(CITY)).await;
    let province = of(&t, "shanxi", Some(PROVINCE)).await;
    let reader = of(&t, "reader", None).await;
    for trial in 0..TRIALS {
        let (id, _, _) = received(&t, ZEZHOU).await;
        assert_eq!(recommend(&t, &county, &id).await.status, StatusCode::OK);
        let withdraw = json!({ "recommended": false });
        let (up, _) = tokio::join!(
            recommend(&t, &city, &id),
            put(&t, &county, &id, "recommendation", withdraw),
        );
        let r = record(&t, &reader, &id).await;
        assert!(
            !units(&r).contains(&CITY.to_owned()),
            "trial {trial}: the city kept what the county withdrew: {r}"
        );
        let seen = read(&t, &province, &id, "").await;
        assert_eq!(seen.status, StatusCode::NOT_FOUND, "trial {trial}");
        // The city's answer, when it came second, is the 404 of what it no longer holds.
        if up.status != StatusCode::OK {
            assert_eq!(up.status, StatusCode::NOT_FOUND, "{}", up.json());
        }
    }
    assert!(t.store.verify_audit().await.unwrap().is_ok());
}

/// A reviewer who names the version they read acts on it or not at all: 409 `version_changed`
/// names the version it is now.
#[tokio::test]
async fn an_action_on_a_version_the_reviewer_did_not_see_is_refused() {
    let t = app("2099-05-08").await;
    let county = of(&t, "zezhou", Some(ZEZHOU)).await;
    let (id, receipt, secret) = received(&t, ZEZHOU).await;
    let corrected = t
        .send(correction(&receipt, &secret, ZEZHOU, "第二版"))
        .await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.json());
    let stale = put(
        &t,
        &county,
        &id,
        "recommendation",
        json!({ "recommended": true, "version": 1 }),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.json());
    assert_eq!(code(&stale), "version_changed");
    assert_eq!(stale.json()["errors"][0]["path"], "version");
    assert!(
        stale.json()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains('2'),
        "{}",
        stale.json()
    );
    let current = put(
        &t,
        &county,
        &id,
        "recommendation",
        json!({ "recommended": true, "version": 2 }),
    )
    .await;
    assert_eq!(current.status, StatusCode::OK, "{}", current.json());
}

/// Once decided, the record is frozen: no opinion, expert, review, return or correction
/// changes it, printed or not; only the decider changes its own decision, with a reason the
/// audit log keeps.
#[tokio::test]
async fn a_decided_application_is_frozen_but_for_the_deciders_own_word() {
    let Chongqing {
        t,
        district,
        city,
        id,
        receipt,
        secret,
    } = chongqing().await;
    let e1 = expert(&t, "e1").await;
    assert_eq!(recommend(&t, &district, &id).await.status, StatusCode::OK);
    let assigned = put(&t, &city, &id, "experts", json!({ "experts": ["e1"] })).await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.json());
    let decided = put(
        &t,
        &city,
        &id,
        "decision",
        json!({ "decision": "approved" }),
    )
    .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.json());
    assert_eq!(decided.json()["decision"]["version"], 1);

    let refused = [
        put(
            &t,
            &district,
            &id,
            "opinion",
            json!({ "text": "不同意推荐" }),
        )
        .await,
        put(
            &t,
            &city,
            &id,
            "opinion",
            json!({ "block": "初审意见", "text": "改" }),
        )
        .await,
        put(&t, &city, &id, "experts", json!({ "experts": [] })).await,
        put(
            &t,
            &e1,
            &id,
            "review",
            json!({ "score": 100, "text": "满分" }),
        )
        .await,
        give_back(&t, &district, &id, "补", "2099-01-01").await,
        put(
            &t,
            &district,
            &id,
            "recommendation",
            json!({ "recommended": false }),
        )
        .await,
    ];
    for (n, reply) in refused.iter().enumerate() {
        assert_eq!(reply.status, StatusCode::CONFLICT, "{n}: {}", reply.json());
        assert_eq!(code(reply), "decided", "{n}");
    }
    let mut changed: Value = serde_json::from_str(VALID).unwrap();
    changed["call"] = json!("cq-chain");
    changed["project"]["name"] = json!("立项后修改");
    let correction = t
        .send(
            Request::put(format!("/api/v1/receipts/{receipt}"))
                .header("submission-secret", secret.as_str())
                .header("content-type", "application/json")
                .body(Body::from(changed.to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(correction.status, StatusCode::CONFLICT);
    assert_eq!(code(&correction), "decided");
    // The printed 申请书 has no opinion or score written after the decision.
    let docx = read(&t, &city, &id, "/document.docx").await;
    let xml = super::exports::docx_xml(&docx.body);
    assert!(!xml.contains("不同意推荐") && !xml.contains("满分"));

    // The decider changes its decision only with a reason, which the audit log keeps.
    let bare = put(
        &t,
        &city,
        &id,
        "decision",
        json!({ "decision": "rejected" }),
    )
    .await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bare.json()["errors"][0]["path"], "reason");
    let reasoned = put(
        &t,
        &city,
        &id,
        "decision",
        json!({ "decision": "rejected", "reason": "复核发现材料不实" }),
    )
    .await;
    assert_eq!(reasoned.status, StatusCode::OK, "{}", reasoned.json());
    let log = t.store.audit_log().await.unwrap();
    let changes: Vec<&str> = log
        .iter()
        .filter(|e| e.action == "decide")
        .map(|e| e.detail.as_str())
        .collect();
    assert_eq!(
        changes,
        ["v1 approved", "v1 approved → rejected: 复核发现材料不实"]
    );
}

/// An expert follows the unit that assigned them: when it loses the submission (the unit below
/// withdrew it), the expert neither reads nor scores it, nor sees it listed, and the unit can
/// assign again once it holds it again. A unit whose chain entry has no experts assigns none.
#[tokio::test]
async fn experts_follow_their_unit_and_only_units_with_experts_assign() {
    let Chongqing {
        t,
        district,
        city,
        id,
        ..
    } = chongqing().await;
    let e1 = expert(&t, "e1").await;
    // An expert of the district, which has no experts' block.
    let district_expert = {
        let out = backend::admin::run(
            &t.store,
            &t.calls,
            ReviewerCommand::Add {
                name: "de".into(),
                programs: vec!["cq-municipal".into()],
                unit: Some("渝北区".into()),
                expert: true,
                password_stdin: false,
            },
            None,
        )
        .await
        .unwrap();
        out.lines().last().unwrap().to_owned()
    };
    assert!(!district_expert.is_empty());
    let own = put(&t, &district, &id, "experts", json!({ "experts": ["de"] })).await;
    assert_eq!(own.status, StatusCode::FORBIDDEN, "{}", own.json());
    assert_eq!(code(&own), "no_experts");

    assert_eq!(recommend(&t, &district, &id).await.status, StatusCode::OK);
    let assigned = put(&t, &city, &id, "experts", json!({ "experts": ["e1"] })).await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.json());
    let scored = put(&t, &e1, &id, "review", json!({ "score": 88, "text": "好" })).await;
    assert_eq!(scored.status, StatusCode::OK, "{}", scored.json());

    // The district withdraws: the city lost it, and so did its expert.
    let withdrawn = put(
        &t,
        &district,
        &id,
        "recommendation",
        json!({ "recommended": false }),
    )
    .await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.json());
    let seen = read(&t, &e1, &id, "").await;
    assert_eq!(seen.status, StatusCode::NOT_FOUND);
    let file = read(&t, &e1, &id, "/document.docx").await;
    assert_eq!(file.status, StatusCode::NOT_FOUND);
    let late = put(&t, &e1, &id, "review", json!({ "score": 10, "text": "差" })).await;
    assert_eq!(late.status, StatusCode::NOT_FOUND);
    let list = t
        .get("/api/v1/submissions", &[("authorization", &e1)])
        .await
        .json();
    assert_eq!(list["items"], json!([]));
    assert_eq!(
        list["withdrawn"],
        json!([]),
        "an expert sees no withdrawals"
    );

    // Recommended again: the old assignment stays ended (and its score counts no more) until
    // the city assigns again.
    assert_eq!(recommend(&t, &district, &id).await.status, StatusCode::OK);
    let r = read(&t, &city, &id, "").await.json();
    assert_eq!(r["experts"]["assigned"], json!([]));
    assert_eq!(r["experts"]["mean"], Value::Null);
    assert!(listed(&t, &e1).await.is_empty());
    let again = put(&t, &city, &id, "experts", json!({ "experts": ["e1"] })).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.json());
    assert_eq!(listed(&t, &e1).await, std::slice::from_ref(&id));
    // Its review prints in the block of the unit that assigned the expert, under its name.
    let docx = read(&t, &city, &id, "/document.docx").await;
    let xml = super::exports::docx_xml(&docx.body);
    assert!(xml.contains("e1：88分。好"), "the experts' block");
}

/// Returned means returned: the uncorrected version is not recommended, and a correction does
/// not move it to another receiving unit while it is returned.
#[tokio::test]
async fn a_returned_application_waits_for_its_correction_and_stays_with_its_unit() {
    let t = app("2099-05-08").await;
    let county = of(&t, "zezhou", Some(ZEZHOU)).await;
    let (id, receipt, secret) = received(&t, ZEZHOU).await;
    let returned = give_back(&t, &county, &id, "请补充", "2099-05-01").await;
    assert_eq!(returned.status, StatusCode::OK, "{}", returned.json());
    let early = recommend(&t, &county, &id).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.json());
    assert_eq!(code(&early), "returned");
    // Moved to the county next door by the correction: refused at units.receiving.
    let moved = t
        .send(correction(&receipt, &secret, CHENGQU, "改投城区"))
        .await;
    assert_eq!(
        moved.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        moved.json()
    );
    assert_eq!(moved.json()["errors"][0]["path"], "units.receiving");
    assert_eq!(code(&moved), "receiving_fixed");
    let corrected = t
        .send(correction(&receipt, &secret, ZEZHOU, "补正后"))
        .await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.json());
    assert_eq!(recommend(&t, &county, &id).await.status, StatusCode::OK);
    // While the call is open and nothing waits for a correction, an applicant may still move
    // it to another county (the first one then loses it).
    let moved = t
        .send(correction(&receipt, &secret, CHENGQU, "改投城区"))
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.json());
    let lost = read(&t, &county, &id, "").await;
    assert_eq!(lost.status, StatusCode::NOT_FOUND);
}

/// Another connection to the test's database, with the audit log's triggers off: what someone
/// with the database file or its superuser could do behind the server's back.
async fn tampering(t: &TestApp) -> sqlx::AnyConnection {
    use sqlx::Connection;
    let mut db = sqlx::AnyConnection::connect(&t.url).await.unwrap();
    let off = match t.store.backend() {
        backend::store::Backend::Sqlite => {
            "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete"
        }
        backend::store::Backend::Postgres => "ALTER TABLE audit_log DISABLE TRIGGER USER",
    };
    sqlx::raw_sql(off).execute(&mut db).await.unwrap();
    db
}

async fn audit(t: &TestApp, verify: bool) -> Result<String, String> {
    backend::admin::run(&t.store, &t.calls, ReviewerCommand::Audit { verify }, None).await
}

/// Each audit line carries a hash chained to the line before it: `reviewer audit --verify`
/// passes on the log the server wrote, and names the first line changed, removed or put in
/// behind its back. The lines stay append-only for the server itself. What a reviewer wrote
/// prints on its own line however it is written.
#[tokio::test]
async fn the_audit_log_is_chained_and_prints_one_line_per_entry() {
    let t = app("2099-05-08").await;
    let county = of(&t, "zezhou", Some(ZEZHOU)).await;
    let (id, _, _) = received(&t, ZEZHOU).await;
    // A reason that would print as a forged line of its own, and a terminal escape.
    let forged = "请补充\n99\t2026-12-01T00:00:00+08:00\toperator\t-\tdecide\t-\tapproved";
    let returned = give_back(&t, &county, &id, forged, "2099-05-01").await;
    assert_eq!(returned.status, StatusCode::OK, "{}", returned.json());
    let escape = give_back(&t, &county, &id, "\u{1b}[2J清屏", "2099-05-01").await;
    assert_eq!(escape.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code(&escape), "control_char");
    for _ in 0..3 {
        let seen = read(&t, &county, &id, "").await;
        assert_eq!(seen.status, StatusCode::OK);
    }
    let entries = t.store.audit_log().await.unwrap();
    let printed = audit(&t, false).await.unwrap();
    assert_eq!(printed.lines().count(), entries.len(), "{printed}");
    assert!(printed.contains("请补充\\n99\\t2026"), "{printed}");
    let intact = audit(&t, true).await.unwrap();
    assert!(
        intact.contains(&format!("{} lines", entries.len())),
        "{intact}"
    );

    // Through the database's own rules, no line is changed or deleted.
    {
        use sqlx::Connection;
        let mut db = sqlx::AnyConnection::connect(&t.url).await.unwrap();
        for statement in [
            "UPDATE audit_log SET detail = 'x'",
            "DELETE FROM audit_log",
            "UPDATE audit_log SET hash = ''",
        ] {
            assert!(
                sqlx::query(statement).execute(&mut db).await.is_err(),
                "{statement}"
            );
        }
    }

    // A line changed behind the server's back: named by its seq.
    let changed = entries[2].seq;
    let mut db = tampering(&t).await;
    sqlx::query("UPDATE audit_log SET detail = 'rank 1' WHERE seq = $1")
        .bind(changed)
        .execute(&mut db)
        .await
        .unwrap();
    let broken = audit(&t, true).await.unwrap_err();
    assert!(broken.contains(&format!("seq {changed}")), "{broken}");
    // Put back, the chain holds again; a line removed breaks it at the line after it.
    sqlx::query("UPDATE audit_log SET detail = $1 WHERE seq = $2")
        .bind(&entries[2].detail)
        .bind(changed)
        .execute(&mut db)
        .await
        .unwrap();
    assert!(audit(&t, true).await.is_ok());
    sqlx::query("DELETE FROM audit_log WHERE seq = $1")
        .bind(entries[3].seq)
        .execute(&mut db)
        .await
        .unwrap();
    let broken = audit(&t, true).await.unwrap_err();
    assert!(
        broken.contains(&format!("seq {}", entries[4].seq)),
        "{broken}"
    );
}

/// Lines written at once, by transactions that share nothing else (reviewers reading
/// different applications), still chain one after another: no two name the same line before.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn audit_lines_written_at_once_chain_one_after_another() {
    let t = test_app().await;
    let writers: Vec<_> = (0..40)
        .map(|n| {
            let store = t.store.clone();
            tokio::spawn(async move {
                let actor = backend::store::Actor {
                    name: "reader",
                    unit: "",
                };
                let at = backend::clock::now_rfc3339();
                store
                    .audit(&at, actor, "view", Some(&format!("s{n}")), "")
                    .await
                    .unwrap();
            })
        })
        .collect();
    for writer in writers {
        writer.await.unwrap();
    }
    assert_eq!(t.store.verify_audit().await.unwrap(), Ok(40));
}

/// Chongqing's form: "初审意见：负责人签字：" and "市局审批意见：（公章）" are separate blocks of
/// the 市局, which decides. 立项 is written into 市局审批意见 alone; 初审意见 keeps what was
/// written there.
#[tokio::test]
async fn the_decision_goes_into_the_approval_block_alone() {
    let Chongqing {
        t,
        district,
        city,
        id,
        ..
    } = chongqing().await;
    assert_eq!(recommend(&t, &district, &id).await.status, StatusCode::OK);
    let first = put(
        &t,
        &city,
        &id,
        "opinion",
        json!({ "block": "初审意见", "text": "材料齐全，同意提交审批" }),
    )
    .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.json());
    let decided = put(
        &t,
        &city,
        &id,
        "decision",
        json!({ "decision": "approved" }),
    )
    .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.json());
    let detail = read(&t, &city, &id, "").await.json();
    let blocks: Vec<&Value> = detail["document"]["parts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["rows"].as_array().unwrap())
        .flat_map(|r| r.as_array().unwrap())
        .filter(|c| !c["opinion"].is_null())
        .map(|c| &c["opinion"])
        .collect();
    let text = |key: &str| {
        blocks
            .iter()
            .find(|o| o["key"] == key)
            .map(|o| o["text"].as_str().unwrap().to_owned())
            .unwrap()
    };
    assert_eq!(text("初审意见"), "材料齐全，同意提交审批");
    assert_eq!(text("市局审批意见"), "立项");
}
