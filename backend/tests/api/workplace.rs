//! What a unit's reviewers work with beyond the chain's acts: private notes, the same applicant
//! twice in a call, earlier versions compared, the list sorted, a selection downloaded.

use super::*;
use review::{bearer, reviewer, submitted};

const UNIT: &str = "重庆市渝北区标准化协调推进部门联席会议办公室";

fn note(id: &str, auth: &str, text: &str) -> Request<Body> {
    Request::post(format!("/api/v1/submissions/{id}/notes"))
        .header("authorization", auth)
        .header("content-type", "application/json")
        .body(Body::from(json!({ "text": text }).to_string()))
        .unwrap()
}

/// The names of the files in a ZIP, and whether any holds `needle`.
fn zip_holds(bytes: &[u8], needle: &str) -> (Vec<String>, bool) {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut names = Vec::new();
    let mut found = false;
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        names.push(file.name().to_owned());
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        found |= String::from_utf8_lossy(&content).contains(needle);
    }
    (names, found)
}

#[tokio::test]
async fn a_unit_keeps_private_notes_that_nothing_prints_or_exports() {
    let t = test_app().await;
    let (id, _) = submitted(&t, "cq-municipal").await;
    let ours = bearer(&reviewer(&t, "yubei", &["cq-municipal"], Some(UNIT)).await);
    let overseer = bearer(&reviewer(&t, "cq-all", &["cq-municipal"], None).await);
    let secret_words = "电话核实：申报单位负责人下周到岗";

    let written = t.send(note(&id, &ours, secret_words)).await;
    assert_eq!(written.status, StatusCode::CREATED, "{}", written.json());
    let notes = &written.json()["notes"];
    assert_eq!(notes[0]["author"], "yubei");
    assert_eq!(notes[0]["text"], secret_words);
    let again = t.send(note(&id, &ours, "第二条")).await.json();
    assert_eq!(again["notes"].as_array().unwrap().len(), 2);
    let empty = t.send(note(&id, &ours, "   ")).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The unit's reviewers read them; a reviewer of no unit neither reads nor writes any.
    let detail = t
        .get(
            &format!("/api/v1/submissions/{id}"),
            &[("authorization", &ours)],
        )
        .await;
    assert_eq!(detail.json()["notes"][0]["text"], secret_words);
    let theirs = t
        .get(
            &format!("/api/v1/submissions/{id}"),
            &[("authorization", &overseer)],
        )
        .await;
    assert_eq!(theirs.json()["notes"], json!([]));
    assert_eq!(
        t.send(note(&id, &overseer, "x")).await.status,
        StatusCode::FORBIDDEN
    );

    // Never printed, never exported.
    let body = |r: &Reply| String::from_utf8_lossy(&r.body).into_owned();
    let doc = t
        .get(
            &format!("/api/v1/submissions/{id}"),
            &[("authorization", &ours)],
        )
        .await;
    assert!(!doc.json()["document"].to_string().contains(secret_words));
    let csv = t
        .get(
            "/api/v1/exports/submissions.csv",
            &[("authorization", &ours)],
        )
        .await;
    assert!(!body(&csv).contains(secret_words));
    for path in [
        format!("/api/v1/submissions/{id}/document.docx"),
        "/api/v1/exports/submissions.zip".to_owned(),
        "/api/v1/exports/submissions.xlsx".to_owned(),
    ] {
        let reply = t.get(&path, &[("authorization", &ours)]).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        let (names, found) = zip_holds(&reply.body, secret_words);
        assert!(!names.is_empty() && !found, "{path}");
    }
    // Audited: that a note was written, not what it says.
    let log = t.store.audit_log().await.unwrap();
    let lines: Vec<_> = log.iter().filter(|e| e.action == "note").collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].actor, "yubei");
    assert_eq!(lines[0].unit, UNIT);
    assert!(!lines[0].detail.contains("电话"), "{}", lines[0].detail);
}

#[tokio::test]
async fn the_same_credit_code_twice_in_a_call_is_named_where_seen_and_counted_elsewhere() {
    let t = test_app().await;
    let (first, first_receipt) = submitted(&t, "cq-municipal").await;
    let (second, _) = submitted(&t, "cq-municipal").await;
    // A third from the same applicant, received by a unit the reader does not see.
    let code = fixture_credit_code();
    let mut row = stored_row(
        "id-far",
        "R-FAR",
        "cq-municipal",
        "2026-12-02T10:00:00+08:00",
    );
    row.credit_code = code;
    row.unit = "另一受理单位".into();
    let files: Arc<[backend::store::NewAttachment]> = Vec::new().into();
    t.store.insert(&row, &files, None).await.unwrap();

    let ours = bearer(&reviewer(&t, "yubei", &["cq-municipal"], Some(UNIT)).await);
    let detail = t
        .get(
            &format!("/api/v1/submissions/{second}"),
            &[("authorization", &ours)],
        )
        .await
        .json();
    assert_eq!(
        detail["same_credit_code"],
        json!([{ "id": first, "receipt": first_receipt, "unit": UNIT }])
    );
    assert_eq!(detail["same_credit_code_elsewhere"], 1);
    // Nothing of the far one reaches any export of this unit.
    let csv = t
        .get(
            "/api/v1/exports/submissions.csv",
            &[("authorization", &ours)],
        )
        .await;
    assert!(!String::from_utf8_lossy(&csv.body).contains("R-FAR"));
    // The first, by the same token, names the second.
    let first_detail = t
        .get(
            &format!("/api/v1/submissions/{first}"),
            &[("authorization", &ours)],
        )
        .await
        .json();
    assert_eq!(first_detail["same_credit_code"][0]["id"], second.as_str());
}

fn fixture_credit_code() -> String {
    let app: Value = serde_json::from_str(vectors::fixture("cq-municipal")).unwrap();
    app["applicant"]["credit_code"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_earlier_version_opens_with_its_changes_by_field_label() {
    let t = test_app().await;
    let reply = t
        .post_program("cq-municipal", vectors::fixture("cq-municipal"))
        .await;
    let body = reply.json();
    let (receipt, secret) = (
        body["receipt"].as_str().unwrap().to_owned(),
        body["secret"].as_str().unwrap().to_owned(),
    );
    let id = body["id"].as_str().unwrap().to_owned();
    let mut app: Value = serde_json::from_str(vectors::fixture("cq-municipal")).unwrap();
    let old_name = app["project"]["name"].as_str().unwrap().to_owned();
    app["project"]["name"] = json!("渝北区智慧社区服务标准化试点（修改）");
    // The same plan with a line more: another file by its content.
    let mut plan = vectors::attachments("cq-municipal")[0].2.to_vec();
    plan.extend_from_slice(b"\n% revised\n");
    let put = Request::put(format!("/api/v1/receipts/{receipt}"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header("submission-secret", &secret)
        .body(Body::from(multipart(
            &app.to_string(),
            &[("implementation_plan", "实施方案（修改）.pdf", &plan)],
        )))
        .unwrap();
    let replaced = t.send(put).await;
    assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.json());

    let ours = bearer(&reviewer(&t, "yubei", &["cq-municipal"], Some(UNIT)).await);
    let detail = t
        .get(
            &format!("/api/v1/submissions/{id}"),
            &[("authorization", &ours)],
        )
        .await
        .json();
    assert_eq!(detail["version"], 2);
    assert_eq!(detail["superseded"][0]["version"], 1);

    let v1 = t
        .get(
            &format!("/api/v1/submissions/{id}/versions/1"),
            &[("authorization", &ours)],
        )
        .await;
    assert_eq!(v1.status, StatusCode::OK, "{}", v1.json());
    let v1 = v1.json();
    assert_eq!(v1["version"], 1);
    assert_eq!(v1["current"], 2);
    assert_eq!(v1["application"]["project"]["name"], old_name.as_str());
    assert!(v1["document"]["title"].is_string());
    let change = &v1["changes"][0];
    assert_eq!(change["path"], "project.name");
    assert_eq!(change["label"], "项目名称");
    assert_eq!(change["before"], old_name.as_str());
    assert_eq!(change["after"], "渝北区智慧社区服务标准化试点（修改）");
    assert_eq!(
        v1["changes"].as_array().unwrap().len(),
        1,
        "{}",
        v1["changes"]
    );
    let file = &v1["files"][0];
    assert_eq!(file["key"], "implementation_plan");
    assert_eq!(file["after"]["file_name"], "实施方案（修改）.pdf");
    assert_eq!(file["same_content"], false);
    assert!(
        file["label"].as_str().unwrap().contains("实施方案"),
        "{file}"
    );

    let missing = t
        .get(
            &format!("/api/v1/submissions/{id}/versions/2"),
            &[("authorization", &ours)],
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let elsewhere = bearer(&review::reviewer_elsewhere(&t, "jb", "cq-municipal", "江北区").await);
    let hidden = t
        .get(
            &format!("/api/v1/submissions/{id}/versions/1"),
            &[("authorization", &elsewhere)],
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_list_sorts_by_a_column_and_a_selection_downloads_as_one_zip() {
    let t = test_app().await;
    let mut ids = Vec::new();
    for name in ["乙项目标准化试点", "甲项目标准化试点", "丙项目标准化试点"]
    {
        let mut app: Value = serde_json::from_str(vectors::fixture("cq-municipal")).unwrap();
        app["project"]["name"] = json!(name);
        let reply = t.post_program("cq-municipal", &app.to_string()).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
        ids.push(reply.json()["id"].as_str().unwrap().to_owned());
    }
    let auth = bearer(&reviewer(&t, "yubei", &["cq-municipal"], Some(UNIT)).await);
    let names = |list: &Value| -> Vec<String> {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["project_name"].as_str().unwrap().to_owned())
            .collect()
    };
    let up = t
        .get(
            "/api/v1/submissions?sort=project",
            &[("authorization", &auth)],
        )
        .await
        .json();
    let down = t
        .get(
            "/api/v1/submissions?sort=project&order=desc",
            &[("authorization", &auth)],
        )
        .await
        .json();
    let mut sorted = names(&up);
    sorted.sort();
    assert_eq!(names(&up), sorted);
    sorted.reverse();
    assert_eq!(names(&down), sorted);
    for bad in ["sort=name", "sort=project&order=up"] {
        let reply = t
            .get(
                &format!("/api/v1/submissions?{bad}"),
                &[("authorization", &auth)],
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
    }

    // Two of the three, chosen in the list: one ZIP with their folders alone.
    let chosen = format!("{},{}", ids[0], ids[2]);
    let list = t
        .get(
            &format!("/api/v1/submissions?ids={chosen}"),
            &[("authorization", &auth)],
        )
        .await
        .json();
    assert_eq!(list["total"], 2);
    let mut listed: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    listed.sort_unstable();
    let mut wanted = [ids[0].as_str(), ids[2].as_str()];
    wanted.sort_unstable();
    assert_eq!(listed, wanted);
    let zip = t
        .get(
            &format!("/api/v1/exports/submissions.zip?ids={chosen}"),
            &[("authorization", &auth)],
        )
        .await;
    assert_eq!(zip.status, StatusCode::OK);
    let (files, _) = zip_holds(&zip.body, "");
    let folders: std::collections::BTreeSet<_> = files
        .iter()
        .filter_map(|f| f.split_once('/').map(|(d, _)| d.to_owned()))
        .collect();
    assert_eq!(folders.len(), 2, "{files:?}");
    let too_many = vec!["x"; 201].join(",");
    let refused = t
        .get(
            &format!("/api/v1/submissions?ids={too_many}"),
            &[("authorization", &auth)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
}
