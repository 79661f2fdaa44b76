//! Reviewers: signed in with a token, they read only their programs' (and unit's) submissions;
//! everything else is a 401 (no valid token) or a 404 (not theirs, exactly as if it did not
//! exist), and what they read is in the audit log. Their downloads are in `exports.rs`.

use backend::configuration::ReviewerCommand;

use super::*;

/// Adds a reviewer through the operator's command and returns the token it printed last.
pub(crate) async fn reviewer(
    t: &TestApp,
    name: &str,
    programs: &[&str],
    unit: Option<&str>,
) -> String {
    let out = backend::admin::run(
        &t.store,
        &t.calls,
        ReviewerCommand::Add {
            name: name.into(),
            programs: programs.iter().map(|p| p.to_string()).collect(),
            unit: unit.map(Into::into),
            expert: false,
            password_stdin: false,
        },
        None,
    )
    .await
    .unwrap();
    out.lines().last().unwrap().to_owned()
}

/// A reviewer of a unit this server's calls do not name (made while another calls file named
/// it): they see nothing of the units the calls do name.
pub(crate) async fn reviewer_elsewhere(
    t: &TestApp,
    name: &str,
    program: &str,
    unit: &str,
) -> String {
    let elsewhere = Calls::parse(&format!(
        "[[call]]\nid = 'elsewhere'\nprogram = '{program}'\nyear = 2023\ntitle = 't'\n\
         opens = 2020-01-01\nunits = ['{unit}']"
    ))
    .unwrap();
    let out = backend::admin::run(
        &t.store,
        &elsewhere,
        ReviewerCommand::Add {
            name: name.into(),
            programs: vec![program.into()],
            unit: Some(unit.into()),
            expert: false,
            password_stdin: false,
        },
        None,
    )
    .await
    .unwrap();
    out.lines().last().unwrap().to_owned()
}

pub(crate) fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// Submits `program`'s fixture; its id and receipt.
pub(crate) async fn submitted(t: &TestApp, program: &str) -> (String, String) {
    let reply = t.post_program(program, vectors::fixture(program)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    let body = reply.json();
    (
        body["id"].as_str().unwrap().to_owned(),
        body["receipt"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn without_a_valid_token_everything_is_a_401() {
    let t = test_app().await;
    let (id, _) = submitted(&t, "sh-municipal").await;
    let token = reviewer(&t, "sh-1", &["sh-municipal"], None).await;
    let (token_id, _) = backend::reviewers::split(&token).unwrap();
    let wrong_secret = format!("pr_{token_id}_{}", "0".repeat(64));
    let paths = [
        "/api/v1/submissions".to_owned(),
        format!("/api/v1/submissions/{id}"),
        format!("/api/v1/submissions/{id}/attachments/supporting_documents"),
    ];
    for path in &paths {
        for auth in [
            None,
            Some("Bearer".to_owned()),
            Some("Bearer not-a-token".to_owned()),
            Some(format!("Basic {token}")),
            Some(bearer(&wrong_secret)),
        ] {
            let headers: Vec<(&str, &str)> =
                auth.iter().map(|a| ("authorization", a.as_str())).collect();
            let reply = t.get(path, &headers).await;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{path} {auth:?}");
            assert_eq!(reply.headers["www-authenticate"], "Bearer");
            assert_eq!(reply.json()["errors"][0]["code"], "unauthorized");
        }
        let ok = t.get(path, &[("authorization", &bearer(&token))]).await;
        assert_eq!(ok.status, StatusCode::OK, "{path}");
        // The scheme's name is case-insensitive.
        for scheme in ["bearer", "BEARER", "bEaReR"] {
            let auth = format!("{scheme} {token}");
            let ok = t.get(path, &[("authorization", &auth)]).await;
            assert_eq!(ok.status, StatusCode::OK, "{path} {scheme}");
        }
    }

    // A revoked token stops working at once.
    backend::admin::run(
        &t.store,
        &t.calls,
        ReviewerCommand::Revoke {
            name: "sh-1".into(),
        },
        None,
    )
    .await
    .unwrap();
    let reply = t
        .get(&paths[1], &[("authorization", &bearer(&token))])
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_shanghai_reviewer_never_sees_a_shanxi_submission() {
    let t = test_app().await;
    let (sx_id, sx_receipt) = submitted(&t, "sx-provincial").await;
    let (sh_id, sh_receipt) = submitted(&t, "sh-municipal").await;
    let sh = bearer(&reviewer(&t, "sh-1", &["sh-municipal"], None).await);
    let auth = [("authorization", sh.as_str())];

    let list = t.get("/api/v1/submissions", &auth).await.json();
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], sh_id.as_str());
    // A filter cannot widen the scope.
    let widened = t
        .get("/api/v1/submissions?program=sx-provincial", &auth)
        .await
        .json();
    assert_eq!(widened["total"], 0);
    assert_eq!(widened["items"], json!([]));

    for name in [&sx_id, &sx_receipt] {
        let reply = t.get(&format!("/api/v1/submissions/{name}"), &auth).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{name}");
        assert!(!String::from_utf8_lossy(&reply.body).contains("晋城"));
        let file = t
            .get(
                &format!("/api/v1/submissions/{name}/attachments/supporting_documents"),
                &auth,
            )
            .await;
        assert_eq!(file.status, StatusCode::NOT_FOUND, "{name}");
        assert!(!file.body.starts_with(b"%PDF"));
    }
    // Its own, by id and by receipt.
    for name in [&sh_id, &sh_receipt] {
        let reply = t.get(&format!("/api/v1/submissions/{name}"), &auth).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.json()["id"], sh_id.as_str());
    }
    // What does not exist answers the same as what is not theirs.
    let missing = t.get("/api/v1/submissions/ABCD-EFGH", &auth).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_submission_reads_back_whole_with_its_files() {
    let t = test_app().await;
    let (id, receipt) = submitted(&t, "sh-municipal").await;
    let sh = bearer(&reviewer(&t, "sh-1", &["sh-municipal"], None).await);
    let auth = [("authorization", sh.as_str())];

    let detail = t
        .get(&format!("/api/v1/submissions/{id}"), &auth)
        .await
        .json();
    assert_eq!(detail["receipt"], receipt.as_str());
    assert_eq!(detail["program"], "sh-municipal");
    assert_eq!(detail["schema_version"], json!(shared::SCHEMA_VERSION));
    assert_eq!(
        detail["application"]["applicant"]["name"],
        "上海示例集成电路有限公司"
    );
    assert!(detail["warnings"].is_array());
    let file = &detail["attachments"][0];
    assert_eq!(file["key"], "supporting_documents");
    let href = file["href"].as_str().unwrap();

    let download = t.get(href, &auth).await;
    assert_eq!(download.status, StatusCode::OK);
    let (_, _, bytes) = vectors::attachments("sh-municipal")[0];
    assert_eq!(download.body, bytes);
    assert_eq!(
        download.headers["content-type"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert_eq!(download.headers["x-content-type-options"], "nosniff");
    let disposition = download.headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with(&format!(
            "attachment; filename=\"{receipt}-supporting_documents.docx\""
        )),
        "{disposition}"
    );
    let unknown = t
        .get(
            &format!("/api/v1/submissions/{id}/attachments/nothing"),
            &auth,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    // The audit log names the reviewer, what they did and to which submission.
    let log = t.store.audit_log().await.unwrap();
    let did: Vec<_> = log
        .iter()
        .filter(|e| e.actor == "sh-1")
        .map(|e| (e.action.as_str(), e.submission_id.as_deref()))
        .collect();
    assert_eq!(
        did,
        [("view", Some(id.as_str())), ("download", Some(id.as_str()))]
    );
}

#[tokio::test]
async fn a_reviewer_with_a_unit_sees_only_what_that_unit_received() {
    let t = test_app().await;
    // The demonstration call of Chongqing names one unit, which therefore receives it.
    let (id, _) = submitted(&t, "cq-municipal").await;
    let unit = "重庆市渝北区标准化协调推进部门联席会议办公室";
    let ours = bearer(&reviewer(&t, "yubei", &["cq-municipal"], Some(unit)).await);
    let theirs = bearer(&reviewer_elsewhere(&t, "jiangbei", "cq-municipal", "江北区").await);
    let path = format!("/api/v1/submissions/{id}");
    let seen = t.get(&path, &[("authorization", &ours)]).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(seen.json()["unit"], unit);
    let unseen = t.get(&path, &[("authorization", &theirs)]).await;
    assert_eq!(unseen.status, StatusCode::NOT_FOUND);
    let list = t
        .get("/api/v1/submissions", &[("authorization", &theirs)])
        .await
        .json();
    assert_eq!(list["total"], 0);
}

#[tokio::test]
async fn the_list_filters_and_pages() {
    let t = test_app().await;
    for _ in 0..3 {
        submitted(&t, "sx-provincial").await;
    }
    let mut other: Value = serde_json::from_str(vectors::fixture("sx-provincial")).unwrap();
    other["project"]["name"] = json!("100%_特别的项目");
    let reply = t.post_program("sx-provincial", &other.to_string()).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let sx = bearer(&reviewer(&t, "sx-1", &["sx-provincial"], None).await);
    let auth = [("authorization", sx.as_str())];
    let count = |query: &str| {
        let query = query.to_owned();
        let t = &t;
        async move {
            let reply = t.get(&format!("/api/v1/submissions?{query}"), &auth).await;
            assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.json());
            reply.json()["total"].as_i64().unwrap()
        }
    };
    assert_eq!(count("").await, 4);
    assert_eq!(count("province=14").await, 4);
    assert_eq!(count("province=31").await, 0);
    assert_eq!(count("domain=农业").await, 0);
    // `%` and `_` are the applicant's characters, not patterns.
    assert_eq!(count("q=100%25_").await, 1);
    assert_eq!(count("q=%25%25").await, 0);
    // The project's name, or the applicant's.
    assert_eq!(count("q=种植与加工").await, 3);
    assert_eq!(count("q=示例药茶").await, 4);
    let today = shared::Date::in_shanghai(time::OffsetDateTime::now_utc().unix_timestamp());
    assert_eq!(count(&format!("from={today}&to={today}")).await, 4);
    assert_eq!(count("to=2020-01-01").await, 0);

    let beyond = t
        .get(&format!("/api/v1/submissions?page={}", i64::MAX), &auth)
        .await;
    assert_eq!(beyond.status, StatusCode::OK);
    assert_eq!(beyond.json()["items"], json!([]));
    let page = t
        .get("/api/v1/submissions?per_page=3&page=2", &auth)
        .await
        .json();
    assert_eq!(page["total"], 4);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);

    for bad in [
        "from=yesterday",
        "province=S",
        "page=x",
        "colour=red",
        "recommended=maybe",
    ] {
        let reply = t.get(&format!("/api/v1/submissions?{bad}"), &auth).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_error_shape(&reply.json());
    }
}

#[cfg(unix)]
#[tokio::test]
async fn sqlite_the_database_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let t = test_app().await;
    submitted(&t, "sh-municipal").await;
    let db = t._dir.path().join("test.db");
    for file in [db.clone(), db.with_extension("db-wal")] {
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{}", file.display());
    }
}

/// `reviewer add --unit` takes only a unit a chain of the reviewer's programs names, and says
/// which it knows; `reviewer rotate` replaces a lost token under the same name.
#[tokio::test]
async fn a_unit_must_be_the_calls_and_a_lost_token_is_replaced() {
    let t = test_app().await;
    let refused = backend::admin::run(
        &t.store,
        &t.calls,
        ReviewerCommand::Add {
            name: "typo".into(),
            programs: vec!["cq-municipal".into()],
            unit: Some("渝北区市场监管局".into()),
            expert: false,
            password_stdin: false,
        },
        None,
    )
    .await
    .unwrap_err();
    assert!(
        refused.contains("渝北区市场监管局")
            && refused.contains("重庆市渝北区标准化协调推进部门联席会议办公室"),
        "{refused}"
    );
    let old = bearer(&reviewer(&t, "cq-1", &["cq-municipal"], None).await);
    let out = backend::admin::run(
        &t.store,
        &t.calls,
        ReviewerCommand::Rotate {
            name: "cq-1".into(),
        },
        None,
    )
    .await
    .unwrap();
    let new = bearer(out.lines().last().unwrap());
    let me = |auth: String| {
        let t = &t;
        async move {
            t.get("/api/v1/me", &[("authorization", &auth)])
                .await
                .status
        }
    };
    assert_eq!(me(old).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me(new).await, StatusCode::OK);
    let log = t.store.audit_log().await.unwrap();
    assert!(
        log.iter()
            .any(|e| e.action == "reviewer_rotate" && e.detail == "cq-1")
    );
}

/// A file downloads under the extension of what its content was found to be, never the one the
/// applicant gave it: a PDF named 说明.hta comes down as 说明.pdf, in the header and on the page.
#[tokio::test]
async fn a_file_downloads_by_what_its_content_is() {
    let t = test_app().await;
    let (_, _, pdf) = vectors::attachments("cq-municipal")[0];
    let reply = t
        .post_with_files(VALID, &[("implementation_plan", "说明.hta", pdf)])
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    let id = reply.json()["id"].as_str().unwrap().to_owned();
    let auth = bearer(&reviewer(&t, "cq", &["cq-municipal"], None).await);
    let detail = t
        .get(
            &format!("/api/v1/submissions/{id}"),
            &[("authorization", &auth)],
        )
        .await
        .json();
    let file = &detail["attachments"][0];
    assert_eq!(file["download_name"], "说明.pdf");
    let download = t
        .get(file["href"].as_str().unwrap(), &[("authorization", &auth)])
        .await;
    let disposition = download.headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.ends_with("filename*=UTF-8''%E8%AF%B4%E6%98%8E.pdf"),
        "{disposition}"
    );
    assert!(!disposition.contains("hta"), "{disposition}");
}

/// The national notice asks for "盖章扫描件": a sealed page scanned as PNG (or JPEG) is taken,
/// checked by its content like the others, stored as what it is and downloaded as such.
#[tokio::test]
async fn a_scan_is_taken_as_an_attachment() {
    let t = test_app().await;
    let mut png =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89".to_vec();
    png.extend_from_slice(b"\0\0\0\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N");
    png.extend_from_slice(b"\0\0\0\0IEND\xaeB`\x82");
    let reply = t
        .post_with_files(VALID, &[("implementation_plan", "盖章页.png", &png)])
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    let id = reply.json()["id"].as_str().unwrap().to_owned();
    let auth = bearer(&reviewer(&t, "cq", &["cq-municipal"], None).await);
    let detail = t
        .get(
            &format!("/api/v1/submissions/{id}"),
            &[("authorization", &auth)],
        )
        .await
        .json();
    let file = &detail["attachments"][0];
    assert_eq!(file["media_type"], "image/png");
    assert_eq!(file["download_name"], "盖章页.png");
    let download = t
        .get(file["href"].as_str().unwrap(), &[("authorization", &auth)])
        .await;
    assert_eq!(download.body, png);
    assert_eq!(download.headers["content-type"], "image/png");
    // A file that only starts like a PNG is still refused.
    let glued = [png.as_slice(), b"<script>alert(1)</script>"].concat();
    let refused = t
        .post_with_files(VALID, &[("implementation_plan", "盖章页.png", &glued)])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["errors"][0]["code"], "attachment_format");
}
