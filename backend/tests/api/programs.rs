//! The programs, their calls and the form's one answer: definitions as the API gives them, a
//! call's window and hand-in by the server's clock.

use super::*;

#[tokio::test]
async fn programs_are_listed_and_defined() {
    let t = test_app().await;
    let list = t.get("/api/v1/programs", &[]).await.json();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "cq-municipal",
            "sx-provincial",
            "national-hightech",
            "national-service-demo",
            "national-social-pilot",
            "sh-municipal"
        ]
    );
    assert!(list[0]["title"].as_str().unwrap().contains("重庆"));

    let program = t.get("/api/v1/programs/cq-municipal", &[]).await.json();
    let keys: Vec<&str> = program["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["items"].as_array().unwrap())
        .filter_map(|i| i["key"].as_str())
        .collect();
    assert!(keys.contains(&"applicant.credit_code"));
    assert_eq!(program["plan"]["layout"], "stages");
    assert_eq!(program["plan"]["stages"][0]["name"], "启动阶段");
    assert_eq!(program["attachments"][0]["key"], "implementation_plan");
    // Each condition says every way it is checked: the legal-person condition by the credit
    // code's registration (a blocking rule) and by a declaration.
    let legal = &program["conditions"][0]["check"];
    assert_eq!(legal[0]["by"], "rule");
    assert_eq!(legal[0]["code"], "not_legal_person");
    assert_eq!(legal[0]["severity"], "error");
    assert_eq!(legal[1], json!({"by": "declaration", "at": "legal_person"}));
    assert!(program["hand_in"]["paper"].as_str().unwrap().contains("A4"));
    // Every opinion block with its stable key, for the reviewers' opinions to name.
    assert_eq!(
        program["opinion_blocks"][1],
        json!({
            "key": "区县市场监管局推荐意见",
            "label": "区县市场监管局推荐意见",
            "text": "区县市场监管局推荐意见：\n（盖章）",
        })
    );
    let keys: Vec<&str> = program["opinion_blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "申报试点示范项目单位意见",
            "区县市场监管局推荐意见",
            "初审意见",
            "专家评审意见",
            "市局审批意见"
        ]
    );
    let sx = t.get("/api/v1/programs/sx-provincial", &[]).await.json();
    assert_eq!(sx["plan"]["kinds"][4], "申请评估");
    assert_eq!(sx["opinion_blocks"][2]["key"], "保证单位");
    assert_eq!(sx["opinion_blocks"][4]["label"], "管理单位（盖章）");
    assert_eq!(sx["region_min_percent"], 50);
    let sh = t.get("/api/v1/programs/sh-municipal", &[]).await.json();
    assert_eq!(sh["contacts"].as_array().unwrap().len(), 6);

    let missing = t.get("/api/v1/programs/nowhere", &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_error_shape(&missing.json());
    let unknown = t.get("/api/v1/nothing-here", &[]).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_error_shape(&unknown.json());
}

#[tokio::test]
async fn a_call_whose_closing_instant_has_passed_refuses_with_409() {
    let calls = Calls::parse(
        "[[call]]\nid = 'cq-2023'\nprogram = 'cq-municipal'\nyear = 2023\ntitle = '2023年度'\n\
         opens = 2023-07-24T00:00:00\ncloses = 2023-08-11T17:30:00\nunits = ['渝北区']\n\
         [[call]]\nid = 'cq-2099'\nprogram = 'cq-municipal'\nyear = 2099\ntitle = '2099年度'\n\
         opens = 2099-01-01T09:00:00",
    )
    .unwrap();
    let t = test_app_with(calls).await;
    let app = VALID.replace("cq-municipal-demo", "cq-2023");
    let reply = t.post_program("cq-municipal", &app).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    let body = reply.json();
    assert_error_shape(&body);
    assert_eq!(body["errors"][0]["code"], "call_closed");
    assert_eq!(body["errors"][0]["path"], "call");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("2023-08-11 17:30")
    );

    let early = t
        .post_program(
            "cq-municipal",
            &VALID.replace("cq-municipal-demo", "cq-2099"),
        )
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert_eq!(early.json()["errors"][0]["code"], "call_not_open");

    let unknown = t.post_program("cq-municipal", VALID).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.json()["errors"][0]["path"], "call");
    assert_eq!(unknown.json()["errors"][0]["code"], "unknown_call");
    assert_eq!(t.store.count().await.unwrap(), 0);

    let listed = t
        .get("/api/v1/programs/cq-municipal/calls", &[])
        .await
        .json();
    assert_eq!(listed[0]["id"], "cq-2099");
    assert_eq!(listed[0]["state"], "upcoming");
    assert_eq!(listed[1]["state"], "closed");
    assert_eq!(listed[1]["closes_at"], "2023-08-11 17:30");
}

#[tokio::test]
async fn a_call_of_another_program_is_unknown() {
    let t = test_app().await;
    let app = VALID.replace("cq-municipal-demo", "sh-municipal-demo");
    let reply = t.post_program("cq-municipal", &app).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["code"], "unknown_call");
}

/// The service demonstration's one-year rule against the server's own clock.
#[tokio::test]
async fn a_service_pilot_evaluated_less_than_a_year_ago_is_refused() {
    let t = test_app().await;
    let today = shared::Date::in_shanghai(time::OffsetDateTime::now_utc().unix_timestamp());
    let mut app: Value = serde_json::from_str(vectors::fixture("national-service-demo")).unwrap();
    app["prior_pilot"]["evaluated_on"] = json!(today.minus_months(11).to_string());
    let reply = t
        .post_program("national-service-demo", &app.to_string())
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.json()["errors"][0]["path"],
        "prior_pilot.evaluated_on"
    );
    assert_eq!(reply.json()["errors"][0]["code"], "prior_too_recent");

    app["prior_pilot"]["evaluated_on"] = json!(today.minus_months(12).to_string());
    let reply = t
        .post_program("national-service-demo", &app.to_string())
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
}

#[tokio::test]
async fn calls_are_listed_with_their_state() {
    let t = test_app().await;
    let calls = t.get("/api/v1/calls", &[]).await.json();
    assert_eq!(calls.as_array().unwrap().len(), 6);
    assert!(
        calls
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["state"] == "open" && c["closes_at"].is_null())
    );
    let missing = t.get("/api/v1/programs/nowhere/calls", &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

/// A call's own hand-in words ([call.hand_in]) reach the form and the calls list, the
/// program's standing in for what the call does not say.
#[tokio::test]
async fn a_call_says_how_its_paper_goes_in() {
    let t = test_app_with(Calls::parse(include_str!("../../calls.example.toml")).unwrap()).await;
    let form = t
        .get("/api/v1/form?program=sx-provincial", &[])
        .await
        .json();
    let hand_in = &form["calls"][0]["hand_in"];
    assert!(
        hand_in["copies"].as_str().unwrap().contains("一式5份"),
        "{hand_in}"
    );
    assert!(
        hand_in["to"].as_str().unwrap().contains("晋城市"),
        "{hand_in}"
    );
    let calls = t.get("/api/v1/calls", &[]).await.json();
    let cq = calls
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["program"] == "cq-municipal")
        .unwrap();
    assert_eq!(cq["closes_at"], "2023-08-12 00:00");
    assert!(cq["hand_in"]["paper"].as_str().unwrap().contains("A4"));
    assert!(cq["hand_in"]["to"].as_str().unwrap().contains("渝北区"));
}

/// The form's one request: every program to pick from, the one definition it renders (as
/// `shared` serializes it, without the conditions the form never shows) and that program's
/// calls.
#[tokio::test]
async fn the_form_gets_its_program_and_calls_in_one_answer() {
    let t = test_app().await;
    let form = t.get("/api/v1/form?program=sx-provincial", &[]).await;
    assert_eq!(form.status, StatusCode::OK);
    let form = form.json();
    let ids: Vec<&str> = form["programs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    let known: Vec<&str> = shared::PROGRAMS.iter().map(|p| p.id).collect();
    assert_eq!(ids, known);
    let program = shared::programs::find("sx-provincial").unwrap();
    assert_eq!(form["program"], serde_json::to_value(program).unwrap());
    assert!(form["program"].get("conditions").is_none());
    assert_eq!(form["calls"][0]["program"], "sx-provincial");
    assert_eq!(form["calls"][0]["state"], "open");

    // Without a program (the standalone page's picker), the first one.
    let first = t.get("/api/v1/form", &[]).await.json();
    assert_eq!(first["program"]["id"], known[0]);
    let missing = t.get("/api/v1/form?program=nowhere", &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

/// Asked for by a portal's embed.js, the answer also carries the form rendered for today, with
/// the token its form posts; without asking, it does not.
#[tokio::test]
async fn a_portal_gets_the_form_rendered_with_its_answer() {
    let t = test_app().await;
    let form = t
        .get(
            "/api/v1/form?program=sx-provincial&rendered=true&call=x%22%3E",
            &[],
        )
        .await;
    assert_eq!(form.status, StatusCode::OK);
    let form = form.json();
    let rendered = &form["rendered"];
    let today = shared::Date::in_shanghai(backend::clock::now());
    assert_eq!(rendered["day"], today.to_string());
    assert_eq!(rendered["token"].as_str().unwrap().len(), 32);
    let markup = rendered["markup"].as_str().unwrap();
    assert!(markup.contains("name=\"applicant.credit_code\""));
    assert!(
        markup.contains("/embed/sx-provincial"),
        "its form posts to this server"
    );
    assert!(
        !markup.contains("x\">"),
        "a call that is no id is not echoed"
    );
    let plain = t
        .get("/api/v1/form?program=sx-provincial", &[])
        .await
        .json();
    assert!(plain.get("rendered").is_none());
}

/// The definition is on the form's way to being usable: it goes compressed to a browser that
/// accepts gzip.
#[tokio::test]
async fn the_form_answer_is_sent_gzipped() {
    use std::io::Read;
    let t = test_app().await;
    let plain = t.get("/api/v1/form?program=sx-provincial", &[]).await;
    let zipped = t
        .get(
            "/api/v1/form?program=sx-provincial",
            &[("accept-encoding", "gzip")],
        )
        .await;
    assert_eq!(zipped.headers["content-encoding"], "gzip");
    assert!(
        zipped.body.len() * 2 < plain.body.len(),
        "{}",
        zipped.body.len()
    );
    let mut unpacked = Vec::new();
    flate2::read::GzDecoder::new(&zipped.body[..])
        .read_to_end(&mut unpacked)
        .unwrap();
    assert_eq!(unpacked, plain.body);
}

/// The national notices set the provinces' deadline ("于2023年8月15日前将…报送"), not the
/// applicants' window: on the example calls a national call is upcoming without a date and takes
/// no application, while its provincial unit recommends by 2023-08-15.
#[tokio::test]
async fn a_national_call_waits_for_the_province_to_set_its_window() {
    let t = test_app_with(Calls::parse(include_str!("../../calls.example.toml")).unwrap()).await;
    let calls = t
        .get("/api/v1/programs/national-social-pilot/calls", &[])
        .await
        .json();
    let call = &calls[0];
    assert_eq!(call["id"], "national-social-pilot-2023");
    assert_eq!(
        (call["state"].as_str(), call["opens_at"].is_null()),
        (Some("upcoming"), true)
    );
    // "社会管理和公共服务标准化联席会议成员单位可将推荐的项目申请材料直接报送联席办公室".
    assert_eq!(call["unit_channels"]["民政部"], "joint_meeting_member");
    assert_eq!(call["unit_channels"]["山西省民政厅"], "provincial_bureau");
    let mut app: Value = serde_json::from_str(vectors::fixture("national-social-pilot")).unwrap();
    app["call"] = json!("national-social-pilot-2023");
    app["units"]["receiving"] = json!("山西省民政厅");
    let reply = t
        .post_program("national-social-pilot", &app.to_string())
        .await;
    assert_eq!(
        reply.json()["errors"][0]["code"],
        "call_not_scheduled",
        "{}",
        reply.json()
    );
    assert!(
        reply.json()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("受理时间尚未公布")
    );
}

/// The social pilot's two channels, on a call that is open: an application sent through a
/// joint-meeting member goes to the member, names no 管理单位 and needs none's consent; a unit
/// that takes one channel refuses the other's.
#[tokio::test]
async fn the_social_pilots_channels_route_an_application() {
    let t = test_app_with(
        Calls::parse(
            r#"
[[call]]
id = "social"
program = "national-social-pilot"
year = 2023
title = "t"
opens = 2020-01-01
[[call.unit]]
name = "山西省市场监督管理局"
[[call.unit]]
name = "山西省民政厅"
parent = "山西省市场监督管理局"
receives = true
channel = "provincial_bureau"
[[call.unit]]
name = "民政部"
receives = true
channel = "joint_meeting_member"
"#,
        )
        .unwrap(),
    )
    .await;
    let mut app: Value = serde_json::from_str(vectors::fixture("national-social-pilot")).unwrap();
    app["call"] = json!("social");
    app["units"]["channel"] = json!("joint_meeting_member");
    app["units"]["manager"] = json!("");
    app["consents"]["manager"] = Value::Null;
    app["units"]["receiving"] = json!("山西省民政厅");
    let wrong = t
        .post_program("national-social-pilot", &app.to_string())
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = &wrong.json()["errors"][0];
    assert_eq!(
        (error["path"].as_str(), error["code"].as_str()),
        (Some("units.receiving"), Some("channel_unit"))
    );
    assert!(error["message"].as_str().unwrap().contains("山西省民政厅"));
    app["units"]["receiving"] = json!("民政部");
    let sent = t
        .post_program("national-social-pilot", &app.to_string())
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.json());
}
