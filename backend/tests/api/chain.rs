//! The recommending chain of Shanxi 2021: counties → 晋城 → the province, which decides. Each
//! level sees what it received and what the level below sent; recommends within its own
//! quotas; a withdrawal below takes the submission out above; the decision closes it; the
//! applicant reads where it stands.

use super::review::{bearer, reviewer};
use super::*;
use backend::configuration::ReviewerCommand;

pub(super) const PROVINCE: &str = "山西省市场监督管理局";
pub(super) const CITY: &str = "晋城市市场监督管理局";
pub(super) const ZEZHOU: &str = "泽州县市场监督管理局";
pub(super) const CHENGQU: &str = "城区市场监督管理局";

/// The chain as the calls file writes it; `county_by` is 泽州's `recommend_by`.
pub(super) fn calls(county_by: &str) -> String {
    format!(
        r#"
[[call]]
id = "sx-chain"
program = "sx-provincial"
year = 2021
title = "t"
opens = 2020-01-01
[[call.unit]]
name = "{PROVINCE}"
decides = true
opinion = "管理单位"
[[call.unit]]
name = "{CITY}"
parent = "{PROVINCE}"
recommend_by = 2099-05-10
opinion = "业务指导单位"
  [call.unit.hand_in]
  list = "试点备选项目清单"
  copies = "纸质材料一式三份，电子材料发送指定邮箱"
  [[call.unit.quota]]
  name = "每个领域"
  max = 2
  per = "domain"
[[call.unit]]
name = "{ZEZHOU}"
parent = "{CITY}"
receives = true
recommend_by = {county_by}
  [[call.unit.quota]]
  name = "至少申报一个"
  min = 1
[[call.unit]]
name = "{CHENGQU}"
parent = "{CITY}"
receives = true
"#
    )
}

pub(super) async fn app(county_by: &str) -> TestApp {
    test_app_with(Calls::parse(&calls(county_by)).unwrap()).await
}

/// A reviewer of `unit` (none: reads everything, acts on nothing).
pub(super) async fn of(t: &TestApp, name: &str, unit: Option<&str>) -> String {
    bearer(&reviewer(t, name, &["sx-provincial"], unit).await)
}

/// Shanxi's fixture in this call, for `unit` to receive.
pub(super) fn application(unit: &str) -> Value {
    let mut app: Value = serde_json::from_str(vectors::fixture("sx-provincial")).unwrap();
    app["call"] = json!("sx-chain");
    app["units"]["receiving"] = json!(unit);
    app
}

/// Shanxi's fixture received by `unit`: its id, receipt and secret.
pub(super) async fn received(t: &TestApp, unit: &str) -> (String, String, String) {
    let reply = t
        .post_program("sx-provincial", &application(unit).to_string())
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    let body = reply.json();
    let text = |key: &str| body[key].as_str().unwrap().to_owned();
    (text("id"), text("receipt"), text("secret"))
}

pub(super) async fn put(t: &TestApp, auth: &str, id: &str, what: &str, body: Value) -> Reply {
    let req = Request::put(format!("/api/v1/submissions/{id}/{what}"))
        .header("authorization", auth)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    t.send(req).await
}

pub(super) async fn recommend(t: &TestApp, auth: &str, id: &str) -> Reply {
    put(
        t,
        auth,
        id,
        "recommendation",
        json!({ "recommended": true }),
    )
    .await
}

/// The ids a reviewer's list holds.
pub(super) async fn listed(t: &TestApp, auth: &str) -> Vec<String> {
    let list = t
        .get(
            "/api/v1/submissions?per_page=200",
            &[("authorization", auth)],
        )
        .await
        .json();
    let mut ids: Vec<String> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

pub(super) fn sorted(ids: &[&String]) -> Vec<String> {
    let mut ids: Vec<String> = ids.iter().map(|s| (*s).clone()).collect();
    ids.sort();
    ids
}

/// Where the applicant reads it stands.
pub(super) async fn status(t: &TestApp, receipt: &str, secret: &str) -> Value {
    let reply = t
        .get(
            &format!("/api/v1/receipts/{receipt}"),
            &[("submission-secret", secret)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
    reply.json()["status"].clone()
}

pub(super) fn code(reply: &Reply) -> String {
    reply.json()["errors"][0]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_shanxi_application_travels_county_city_province_and_is_decided() {
    let t = app("2099-05-08").await;
    let (a, a_receipt, a_secret) = received(&t, ZEZHOU).await;
    let (b, _, _) = received(&t, ZEZHOU).await;
    let (x, x_receipt, x_secret) = received(&t, ZEZHOU).await;
    let (c, _, _) = received(&t, CHENGQU).await;
    let zezhou = of(&t, "zezhou", Some(ZEZHOU)).await;
    let chengqu = of(&t, "chengqu", Some(CHENGQU)).await;
    let city = of(&t, "jincheng", Some(CITY)).await;
    let province = of(&t, "shanxi", Some(PROVINCE)).await;
    let reader = of(&t, "reader", None).await;

    // Nothing has been sent up: the city and the province see nothing yet.
    assert!(listed(&t, &city).await.is_empty());
    assert!(listed(&t, &province).await.is_empty());
    assert_eq!(status(&t, &x_receipt, &x_secret).await["state"], "received");

    // 泽州 recommends two, 城区 one, all in one domain.
    for (auth, id) in [(&zezhou, &a), (&zezhou, &b), (&chengqu, &c)] {
        let reply = recommend(&t, auth, id).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
    }
    // The city sees exactly those three, not 泽州's third.
    assert_eq!(listed(&t, &city).await, sorted(&[&a, &b, &c]));
    let seen = t
        .get(
            &format!("/api/v1/submissions/{x}"),
            &[("authorization", &city)],
        )
        .await;
    assert_eq!(seen.status, StatusCode::NOT_FOUND);
    // A sibling county sees nothing of 泽州's.
    assert_eq!(listed(&t, &chengqu).await, sorted(&[&c]));
    for path in [
        format!("/api/v1/submissions/{a}"),
        format!("/api/v1/submissions/{a}/document.docx"),
    ] {
        let seen = t.get(&path, &[("authorization", &chengqu)]).await;
        assert_eq!(seen.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(status(&t, &a_receipt, &a_secret).await["unit"], CITY);

    // The city recommends two; the third in the domain is over its quota of two.
    assert_eq!(recommend(&t, &city, &a).await.status, StatusCode::OK);
    assert_eq!(recommend(&t, &city, &b).await.status, StatusCode::OK);
    let full = recommend(&t, &city, &c).await;
    assert_eq!(full.status, StatusCode::CONFLICT);
    assert_eq!(code(&full), "quota_full");
    // The province sees the city's two.
    assert_eq!(listed(&t, &province).await, sorted(&[&a, &b]));
    assert_eq!(status(&t, &a_receipt, &a_secret).await["unit"], PROVINCE);

    // 泽州 withdraws b: it leaves the city's recommendations and the province's view, and the
    // city sees who withdrew it.
    let withdrawn = put(
        &t,
        &zezhou,
        &b,
        "recommendation",
        json!({ "recommended": false }),
    )
    .await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.json());
    assert_eq!(listed(&t, &city).await, sorted(&[&a, &c]));
    assert_eq!(listed(&t, &province).await, sorted(&[&a]));
    let list = t
        .get("/api/v1/submissions", &[("authorization", &city)])
        .await
        .json();
    assert_eq!(list["withdrawn"][0]["by"], ZEZHOU);
    let quotas = t
        .get("/api/v1/quotas?call=sx-chain", &[("authorization", &city)])
        .await
        .json();
    assert_eq!(quotas["quotas"][0]["used"], 1);
    // 泽州 still sent at least one (a); 城区 has no such quota.
    assert_eq!(
        quotas["children"],
        json!([{ "unit": ZEZHOU, "quota": "至少申报一个", "min": 1, "used": 1, "met": true }])
    );
    // The city's list says where each stands for it.
    let statuses = t
        .get(
            "/api/v1/submissions?status=new",
            &[("authorization", &city)],
        )
        .await
        .json();
    assert_eq!(statuses["total"], 1, "c, not yet sent on: {statuses}");
    assert_eq!(statuses["items"][0]["status"], "new");
    let bad = t
        .get(
            "/api/v1/submissions?status=lost",
            &[("authorization", &city)],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    // Its place freed, the city may now send c.
    assert_eq!(recommend(&t, &city, &c).await.status, StatusCode::OK);

    // The deciding unit does not recommend; a reader without a unit does nothing.
    let decider = recommend(&t, &province, &a).await;
    assert_eq!(decider.status, StatusCode::FORBIDDEN);
    assert_eq!(code(&decider), "decider_decides");
    assert_eq!(
        recommend(&t, &reader, &a).await.status,
        StatusCode::FORBIDDEN
    );
    let not_decider = put(&t, &city, &a, "decision", json!({ "decision": "approved" })).await;
    assert_eq!(not_decider.status, StatusCode::FORBIDDEN);
    assert_eq!(code(&not_decider), "not_decider");

    // The city writes its opinion (its block here: 业务指导单位; the 保证单位 seals before the
    // city sees the application); the province decides.
    let opinion = put(&t, &city, &a, "opinion", json!({ "text": "同意推荐。" })).await;
    assert_eq!(opinion.status, StatusCode::OK, "{}", opinion.json());
    assert_eq!(opinion.json()["opinion"]["block"], "业务指导单位");
    let wrong_block = put(
        &t,
        &city,
        &a,
        "opinion",
        json!({ "block": "管理单位", "text": "x" }),
    )
    .await;
    assert_eq!(wrong_block.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong_block.json()["errors"][0]["path"], "block");
    let refusal = put(
        &t,
        &province,
        &b,
        "decision",
        json!({ "decision": "rejected" }),
    )
    .await;
    assert_eq!(
        refusal.status,
        StatusCode::NOT_FOUND,
        "b no longer reached the province"
    );
    let no_reason = put(
        &t,
        &province,
        &a,
        "decision",
        json!({ "decision": "rejected" }),
    )
    .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_reason.json()["errors"][0]["path"], "reason");
    let decided = put(
        &t,
        &province,
        &a,
        "decision",
        json!({ "decision": "approved" }),
    )
    .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.json());
    let s = status(&t, &a_receipt, &a_secret).await;
    assert_eq!(
        (s["state"].as_str(), s["unit"].as_str()),
        (Some("approved"), Some(PROVINCE))
    );
    // The province's 立项名单: what it decided in the call, to seal and publish; only the
    // deciding unit has one.
    let list = t
        .get(
            "/api/v1/exports/decisions.xlsx?call=sx-chain",
            &[("authorization", &province)],
        )
        .await;
    assert_eq!(list.status, StatusCode::OK);
    let sheets = super::exports::xlsx_sheets(&list.body);
    let (name, rows) = &sheets[0];
    assert_eq!(name, "立项名单");
    assert!(rows[0][0].starts_with(PROVINCE), "{:?}", rows[0]);
    assert_eq!(rows[1][6], "决定");
    assert_eq!(
        (rows[2][1].as_str(), rows[2][6].as_str()),
        (a_receipt.as_str(), "立项")
    );
    assert!(rows.last().unwrap()[0].starts_with(&format!("决定单位（盖章）：{PROVINCE}")));
    super::exports::assert_prints_on_a4_landscape(&list.body);
    let not_decider = t
        .get(
            "/api/v1/exports/decisions.xlsx?call=sx-chain",
            &[("authorization", &city)],
        )
        .await;
    assert_eq!(not_decider.status, StatusCode::FORBIDDEN);
    assert_eq!(code(&not_decider), "not_decider");
    // For 泽州 too, a reads decided.
    let decided_list = t
        .get(
            "/api/v1/submissions?status=decided",
            &[("authorization", &zezhou)],
        )
        .await
        .json();
    assert_eq!(decided_list["items"][0]["id"], a.as_str());
    assert_eq!(decided_list["total"], 1);
    // The list tells 立项 from 不予立项.
    assert_eq!(decided_list["items"][0]["status"], "approved");
    let approved = t
        .get(
            "/api/v1/submissions?status=approved",
            &[("authorization", &zezhou)],
        )
        .await
        .json();
    assert_eq!(approved["total"], 1);
    let rejected = t
        .get(
            "/api/v1/submissions?status=rejected",
            &[("authorization", &zezhou)],
        )
        .await
        .json();
    assert_eq!(rejected["total"], 0);

    // Decided, it no longer moves: not below, not by the applicant.
    for (auth, recommended) in [(&zezhou, false), (&city, false), (&city, true)] {
        let reply = put(
            &t,
            auth,
            &a,
            "recommendation",
            json!({ "recommended": recommended }),
        )
        .await;
        assert_eq!(reply.status, StatusCode::CONFLICT);
        assert_eq!(code(&reply), "decided");
    }
    let correction = Request::put(format!("/api/v1/receipts/{a_receipt}"))
        .header("submission-secret", &a_secret)
        .header("content-type", "application/json")
        .body(Body::from(application(ZEZHOU).to_string()))
        .unwrap();
    let correction = t.send(correction).await;
    assert_eq!(
        correction.status,
        StatusCode::CONFLICT,
        "{}",
        correction.json()
    );
    assert_eq!(code(&correction), "decided");

    // The city's list, titled as its notice calls it ("本地区推荐的试点备选项目清单"): its
    // recommendations in rank order, a title row naming the unit and the call, 序号 as numbers,
    // 地区 down to the county, the opinion it wrote.
    let summary = t
        .get(
            "/api/v1/exports/summary.xlsx?call=sx-chain",
            &[("authorization", &city)],
        )
        .await;
    assert_eq!(summary.status, StatusCode::OK);
    let sheets = super::exports::xlsx_sheets(&summary.body);
    let (name, rows) = &sheets[0];
    assert_eq!(name, "试点备选项目清单");
    assert!(
        summary.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("UTF-8''%E8%AF%95%E7%82%B9%E5%A4%87%E9%80%89%E9%A1%B9%E7%9B%AE%E6%B8%85%E5%8D%95.xlsx")
    );
    assert!(
        rows[0][0].starts_with(CITY) && rows[0][0].contains("试点备选项目清单"),
        "{:?}",
        rows[0]
    );
    assert_eq!(
        rows[1][..5],
        ["序号", "地区", "项目名称", "承担单位名称", "领域"]
    );
    // The title, the heading, a and c, then the line the city seals under.
    assert_eq!(rows.len(), 6, "a and c: {rows:?}");
    assert!(
        rows[5][0].starts_with(&format!("推荐单位（盖章）：{CITY}")),
        "{:?}",
        rows[5]
    );
    // It prints: A4 landscape, one page wide, the heading on every page, every cell ruled, the
    // 序号 column narrow.
    super::exports::assert_prints_on_a4_landscape(&summary.body);
    assert_eq!((rows[2][0].as_str(), rows[3][0].as_str()), ("1", "2"));
    assert_eq!(rows[2][1], "山西省晋城市城区");
    assert_eq!(rows[2][4], "农业农村");
    assert_eq!(rows[2][12], "同意推荐。");
    let book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(summary.body.to_vec())).unwrap();
    let mut book = book;
    let range = calamine::Reader::worksheet_range(&mut book, "试点备选项目清单").unwrap();
    assert!(matches!(range.get((2, 0)), Some(calamine::Data::Float(n)) if *n == 1.0));
    assert!(matches!(
        range.get((2, 11)),
        Some(calamine::Data::DateTime(_))
    ));
    // Its reviewers see what the city hands in, by when: its notice's words.
    let me = t
        .get("/api/v1/me", &[("authorization", &city)])
        .await
        .json();
    let own = me["calls"][0]["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == CITY)
        .unwrap()
        .clone();
    assert_eq!(own["recommend_by"], "2099-05-11 00:00");
    assert_eq!(own["hand_in"]["list"], "试点备选项目清单");
    assert_eq!(
        own["hand_in"]["copies"],
        "纸质材料一式三份，电子材料发送指定邮箱"
    );
    let county = t
        .get(
            "/api/v1/exports/summary.xlsx?call=sx-chain",
            &[("authorization", &reader)],
        )
        .await;
    assert_eq!(
        county.status,
        StatusCode::FORBIDDEN,
        "a reader without a unit sends nothing up"
    );

    // The detail and the Word file carry the city's opinion and the decision in their blocks.
    let detail = t
        .get(
            &format!("/api/v1/submissions/{a}"),
            &[("authorization", &province)],
        )
        .await
        .json();
    assert_eq!(detail["decision"]["decision"], "approved");
    let blocks: Vec<(String, String, String)> = detail["document"]["parts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["rows"].as_array().unwrap().clone())
        .flat_map(|r| r.as_array().unwrap().clone())
        .filter(|c| !c["opinion"].is_null())
        .map(|c| {
            let o = &c["opinion"];
            let text = |k: &str| o[k].as_str().unwrap().to_owned();
            (text("key"), text("text"), text("unit"))
        })
        .collect();
    assert!(blocks.contains(&("业务指导单位".into(), "同意推荐。".into(), CITY.into())));
    assert!(blocks.contains(&("管理单位".into(), "立项".into(), PROVINCE.into())));
    let docx = t
        .get(
            &format!("/api/v1/submissions/{a}/document.docx"),
            &[("authorization", &province)],
        )
        .await;
    let xml = super::exports::docx_xml(&docx.body);
    assert!(
        xml.contains("同意推荐。") && xml.contains(CITY),
        "the city's opinion"
    );

    // 泽州's third, never sent up, stays where it was received.
    let s = status(&t, &x_receipt, &x_secret).await;
    assert_eq!(
        (s["state"].as_str(), s["unit"].as_str()),
        (Some("received"), Some(ZEZHOU))
    );
}

/// After a unit's `recommend_by` it can no longer recommend, withdraw or write its opinion,
/// and what it did not send up reads as not recommended.
#[tokio::test]
async fn after_its_recommend_by_a_unit_is_closed() {
    let t = app("2021-05-08").await;
    let (a, receipt, secret) = received(&t, ZEZHOU).await;
    let zezhou = of(&t, "zezhou", Some(ZEZHOU)).await;
    let late = recommend(&t, &zezhou, &a).await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert_eq!(code(&late), "recommend_closed");
    assert!(
        late.json()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("2021-05-09 00:00")
    );
    let opinion = put(&t, &zezhou, &a, "opinion", json!({ "text": "x" })).await;
    assert_eq!(opinion.status, StatusCode::CONFLICT);
    assert_eq!(
        status(&t, &receipt, &secret).await["state"],
        "not_recommended"
    );
}

/// Twenty recommendations at the city at once, against its quota of two per domain, leave
/// exactly two, ranked 1 and 2.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_at_once_at_the_city_leave_exactly_two() {
    let t = app("2099-05-08").await;
    let zezhou = of(&t, "zezhou", Some(ZEZHOU)).await;
    let city = of(&t, "jincheng", Some(CITY)).await;
    let mut ids = Vec::new();
    for _ in 0..20 {
        let (id, _, _) = received(&t, ZEZHOU).await;
        assert_eq!(recommend(&t, &zezhou, &id).await.status, StatusCode::OK);
        ids.push(id);
    }
    let tasks: Vec<_> = ids
        .iter()
        .map(|id| {
            let router = t.router.clone();
            let req = Request::put(format!("/api/v1/submissions/{id}/recommendation"))
                .header("authorization", city.as_str())
                .header("content-type", "application/json")
                .body(Body::from(r#"{"recommended": true}"#))
                .unwrap();
            tokio::spawn(async move { router.oneshot(req).await.unwrap().status() })
        })
        .collect();
    let mut accepted = 0;
    for task in tasks {
        match task.await.unwrap() {
            StatusCode::OK => accepted += 1,
            StatusCode::CONFLICT => {}
            other => panic!("{other}"),
        }
    }
    assert_eq!(accepted, 2);
    let quotas = t
        .get("/api/v1/quotas?call=sx-chain", &[("authorization", &city)])
        .await
        .json();
    assert_eq!(quotas["quotas"][0]["used"], 2);
    let sent = t
        .get(
            "/api/v1/submissions?recommended=true",
            &[("authorization", &city)],
        )
        .await
        .json();
    let mut ranks: Vec<i64> = sent["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["rank"].as_i64().unwrap())
        .collect();
    ranks.sort();
    assert_eq!(ranks, [1, 2]);
}

/// A chain the server cannot work with is refused when the calls file is read, saying where.
#[test]
fn a_bad_chain_is_refused_at_start() {
    let refused = |text: String| Calls::parse(&text).unwrap_err();
    let chain = calls("2099-05-08");
    assert!(
        refused(chain.replace("parent = \"山西省", "parent = \"太原")).contains("no parent unit")
    );
    assert!(
        refused(chain.replace("opinion = \"业务指导单位\"", "opinion = \"初审意见\""))
            .contains("初审意见")
    );
    assert!(
        refused(chain.replace("recommend_by = 2099-05-10", "recommend_by = 2021-05-01"))
            .contains("later than its parent")
    );
    assert!(refused(chain.replace("min = 1", "")).contains("max or min"));
    assert!(
        refused(chain.replace(
            &format!("name = \"{CHENGQU}\""),
            &format!("name = \"{ZEZHOU}\"")
        ))
        .contains("twice")
    );
}

/// Chongqing: the district recommends to the municipal bureau, which invites experts (专家评审)
/// and decides.
pub(super) const CHONGQING: &str = r#"
[[call]]
id = "cq-chain"
program = "cq-municipal"
year = 2023
title = "t"
opens = 2020-01-01
[[call.unit]]
name = "重庆市市场监督管理局"
decides = true
opinion = ["初审意见", "市局审批意见"]
experts = "专家评审意见"
[[call.unit]]
name = "渝北区"
parent = "重庆市市场监督管理局"
receives = true
opinion = "区县市场监管局推荐意见"
"#;

pub(super) async fn expert(t: &TestApp, name: &str) -> String {
    let out = backend::admin::run(
        &t.store,
        &t.calls,
        ReviewerCommand::Add {
            name: name.into(),
            programs: vec!["cq-municipal".into()],
            unit: Some("重庆市市场监督管理局".into()),
            expert: true,
            password_stdin: false,
        },
        None,
    )
    .await
    .unwrap();
    bearer(out.lines().last().unwrap())
}

#[tokio::test]
async fn experts_see_what_they_are_assigned_and_the_unit_ranks_by_their_scores() {
    let t = test_app_with(Calls::parse(CHONGQING).unwrap()).await;
    let district = bearer(&reviewer(&t, "yubei", &["cq-municipal"], Some("渝北区")).await);
    let city = bearer(&reviewer(&t, "cq", &["cq-municipal"], Some("重庆市市场监督管理局")).await);
    let (e1, e2) = (expert(&t, "e1").await, expert(&t, "e2").await);
    let mut ids = Vec::new();
    for _ in 0..2 {
        let mut app: Value = serde_json::from_str(VALID).unwrap();
        app["call"] = json!("cq-chain");
        let reply = t.post_program("cq-municipal", &app.to_string()).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
        let id = reply.json()["id"].as_str().unwrap().to_owned();
        assert_eq!(recommend(&t, &district, &id).await.status, StatusCode::OK);
        ids.push(id);
    }
    let (a, b) = (&ids[0], &ids[1]);
    // Only the unit's experts may be assigned.
    let stranger = put(&t, &city, a, "experts", json!({ "experts": ["nobody"] })).await;
    assert_eq!(stranger.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(stranger.json()["errors"][0]["path"], "experts.0");
    for (id, experts) in [(a, json!(["e1"])), (b, json!(["e1", "e2"]))] {
        let reply = put(&t, &city, id, "experts", json!({ "experts": experts })).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
    }
    // An expert sees only what was assigned.
    assert_eq!(listed(&t, &e1).await, sorted(&[a, b]));
    assert_eq!(listed(&t, &e2).await, sorted(&[b]));
    let hidden = t
        .get(
            &format!("/api/v1/submissions/{a}"),
            &[("authorization", &e2)],
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let not_assigned = put(&t, &e2, a, "review", json!({ "score": 90, "text": "好" })).await;
    assert_eq!(not_assigned.status, StatusCode::NOT_FOUND);
    let out_of_range = put(&t, &e1, a, "review", json!({ "score": 101, "text": "好" })).await;
    assert_eq!(out_of_range.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(out_of_range.json()["errors"][0]["path"], "score");
    for (auth, id, score) in [(&e1, a, 60), (&e1, b, 70), (&e2, b, 90)] {
        let reply = put(
            &t,
            auth,
            id,
            "review",
            json!({ "score": score, "text": format!("评{score}") }),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
    }
    // Experts do nothing else.
    let acting = recommend(&t, &e1, a).await;
    assert_eq!(acting.status, StatusCode::FORBIDDEN);
    assert_eq!(code(&acting), "expert_only");
    // An expert never sees another's score; the unit sees every score and their mean.
    let own = t
        .get(
            &format!("/api/v1/submissions/{b}"),
            &[("authorization", &e2)],
        )
        .await
        .json();
    assert_eq!(own["experts"]["reviews"].as_array().unwrap().len(), 1);
    assert_eq!(own["experts"]["reviews"][0]["expert"], "e2");
    assert!(!own.to_string().contains("评70"));
    let full = t
        .get(
            &format!("/api/v1/submissions/{b}"),
            &[("authorization", &city)],
        )
        .await
        .json();
    assert_eq!(full["experts"]["reviews"].as_array().unwrap().len(), 2);
    assert_eq!(full["experts"]["mean"], 80.0);
    assert_eq!(full["experts"]["assigned"], json!(["e1", "e2"]));
    // The unit ranks by the mean score.
    let by_score = t
        .get(
            "/api/v1/submissions?sort=score",
            &[("authorization", &city)],
        )
        .await
        .json();
    let order: Vec<&str> = by_score["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(order, [b.as_str(), a.as_str()]);
    assert_eq!(by_score["items"][0]["score"], 80.0);
    // The experts' block of the 申请书 prints them.
    let docx = t
        .get(
            &format!("/api/v1/submissions/{b}/document.docx"),
            &[("authorization", &city)],
        )
        .await;
    let xml = super::exports::docx_xml(&docx.body);
    assert!(
        xml.contains("e1：70分。评70") && xml.contains("平均分：80"),
        "the experts' block"
    );
}

/// 退回补正: the receiving unit returns a submission after the call closed; the applicant
/// corrects it before the date the unit set, and the unit sees what changed; after that date,
/// 409.
#[tokio::test]
async fn a_returned_application_is_corrected_after_the_call_closed_until_its_date() {
    let calls = |closes: &str| {
        Calls::parse(&CHONGQING.replace(
            "opens = 2020-01-01",
            &format!("opens = 2020-01-01\ncloses = {closes}"),
        ))
        .unwrap()
    };
    let open = test_app_with(calls("2099-01-01")).await;
    let mut app: Value = serde_json::from_str(VALID).unwrap();
    app["call"] = json!("cq-chain");
    let reply = open.post_program("cq-municipal", &app.to_string()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    let body = reply.json();
    let text = |k: &str| body[k].as_str().unwrap().to_owned();
    let (id, receipt, secret) = (text("id"), text("receipt"), text("secret"));
    // The same database served with the call closed.
    let t = TestApp {
        router: app_on(open.store.clone(), calls("2021-01-01"), &[]),
        calls: calls("2021-01-01"),
        store: open.store.clone(),
        url: open.url.clone(),
        _dir: tempfile::tempdir().unwrap(),
    };
    let district = bearer(&reviewer(&t, "yubei", &["cq-municipal"], Some("渝北区")).await);
    let city = bearer(&reviewer(&t, "cq", &["cq-municipal"], Some("重庆市市场监督管理局")).await);
    let correct = |name: &str| {
        let mut app = app.clone();
        app["project"]["name"] = json!(name);
        Request::put(format!("/api/v1/receipts/{receipt}"))
            .header("submission-secret", secret.as_str())
            .header("content-type", "application/json")
            .body(Body::from(app.to_string()))
            .unwrap()
    };
    let closed = t.send(correct("补正前")).await;
    assert_eq!(closed.status, StatusCode::CONFLICT);
    assert_eq!(code(&closed), "call_closed");

    let beijing = time::UtcOffset::from_hms(8, 0, 0).unwrap();
    let now = time::OffsetDateTime::now_utc().to_offset(beijing);
    let day = |d: time::OffsetDateTime| d.date().to_string();
    let give_back = |auth: &str, by: String| {
        Request::post(format!("/api/v1/submissions/{id}/return"))
            .header("authorization", auth)
            .header("content-type", "application/json")
            .body(Body::from(
                json!({ "reason": "请补充实施方案的进度安排", "correct_by": by }).to_string(),
            ))
            .unwrap()
    };
    // Only the receiving unit returns it, to a date in the future: not the unit it was sent to.
    assert_eq!(recommend(&t, &district, &id).await.status, StatusCode::OK);
    let not_ours = t
        .send(give_back(&city, day(now + time::Duration::days(2))))
        .await;
    assert_eq!(not_ours.status, StatusCode::FORBIDDEN);
    assert_eq!(code(&not_ours), "return_not_receiver");
    let past = t.send(give_back(&district, "2020-01-01".into())).await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(past.json()["errors"][0]["path"], "correct_by");
    let returned = t
        .send(give_back(&district, day(now + time::Duration::days(2))))
        .await;
    assert_eq!(returned.status, StatusCode::OK, "{}", returned.json());
    // Returning it withdrew what was sent up.
    assert!(listed(&t, &city).await.is_empty());
    let s = status(&t, &receipt, &secret).await;
    assert_eq!(s["state"], "returned");
    assert_eq!(s["reason"], "请补充实施方案的进度安排");

    // Corrected though the call closed; the unit sees what changed.
    let corrected = t.send(correct("补正后的项目名称")).await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.json());
    let detail = t
        .get(
            &format!("/api/v1/submissions/{id}"),
            &[("authorization", &district)],
        )
        .await
        .json();
    assert_eq!(detail["returned"]["changed"], json!(["project.name"]));
    assert_eq!(detail["returned"]["changed_labels"], json!(["项目名称"]));
    assert_ne!(detail["returned"]["corrected_at"], "");
    assert_eq!(status(&t, &receipt, &secret).await["state"], "received");
    // Once it came back, the call's window holds again.
    let again = t.send(correct("再次修改")).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(code(&again), "call_closed");

    // Returned to a date a moment away: after it, 409.
    let soon = (now + time::Duration::seconds(2))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let returned = t.send(give_back(&district, soon)).await;
    assert_eq!(returned.status, StatusCode::OK, "{}", returned.json());
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let late = t.send(correct("逾期修改")).await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert_eq!(code(&late), "correct_by_passed");
    assert_eq!(status(&t, &receipt, &secret).await["state"], "received");
}

/// A calls file that no longer names a unit that received stored submissions would leave them
/// seen by nobody: the server refuses to start, saying which.
#[tokio::test]
async fn sqlite_a_server_whose_calls_lost_a_receiving_unit_refuses_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pilot.db");
    let database = format!("sqlite://{}", path.display());
    let store = Store::connect(&database).await.unwrap();
    let mut row = stored_row("id-1", "R-1", "cq-municipal", "2026-12-02T10:00:00+08:00");
    row.call = "cq-chain".into();
    row.unit = "渝北区".into();
    let files: std::sync::Arc<[backend::store::NewAttachment]> = Vec::new().into();
    store.insert(&row, &files, None).await.unwrap();
    store.close().await;
    let config = |calls: &str| {
        let file = dir.path().join("calls.toml");
        std::fs::write(&file, calls).unwrap();
        Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            database: database.clone(),
            calls: Some(file),
            allow_origins: Vec::new(),
            trusted_proxies: Vec::new(),
            sqlite_max_pages: None,
            metrics_addr: None,
            public_url: None,
            oidc: Default::default(),
            notify: Default::default(),
            limits: ServerLimits::DEFAULT,
        }
    };
    let kept = Server::build(&config(CHONGQING)).await;
    assert!(kept.is_ok());
    drop(kept);
    let renamed = CHONGQING.replace("\"渝北区\"", "\"江北区\"");
    let refused = Server::build(&config(&renamed)).await;
    let why = refused.err().unwrap().to_string();
    assert!(why.contains("cq-chain") && why.contains("渝北区"), "{why}");
}
