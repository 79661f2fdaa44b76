//! What reviewers download: the CSV, XLSX and ZIP exports and the official form as Word, each
//! scoped and filtered like the list, and readable by the programs offices use.

use super::review::{bearer, reviewer, submitted};
use super::*;

/// The CSV export's rows, after its byte order mark and header.
pub(crate) fn csv_rows(body: &[u8]) -> Vec<Vec<String>> {
    let text = body
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("a UTF-8 BOM for Excel");
    let mut reader = csv::Reader::from_reader(text);
    assert!(reader.headers().is_ok());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[tokio::test]
async fn the_csv_export_is_scoped_filtered_and_safe_in_a_spreadsheet() {
    let t = test_app().await;
    submitted(&t, "sx-provincial").await;
    let mut hostile: Value = serde_json::from_str(vectors::fixture("sh-municipal")).unwrap();
    hostile["project"]["name"] = json!("=HYPERLINK(\"http://evil.example\",\"点击\")");
    hostile["applicant"]["name"] = json!("@上海示例集成电路有限公司");
    let reply = t.post_program("sh-municipal", &hostile.to_string()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    let receipt = reply.json()["receipt"].as_str().unwrap().to_owned();
    submitted(&t, "sh-municipal").await;
    let sh = bearer(&reviewer(&t, "sh-1", &["sh-municipal"], None).await);
    let auth = [("authorization", sh.as_str())];

    let export = t.get("/api/v1/exports/submissions.csv", &auth).await;
    assert_eq!(export.status, StatusCode::OK);
    let header = String::from_utf8_lossy(&export.body[3..])
        .lines()
        .next()
        .unwrap()
        .to_owned();
    assert!(header.starts_with("序号,回执编号,申报项目"), "{header}");
    assert_eq!(export.headers["content-type"], "text/csv; charset=utf-8");
    let rows = csv_rows(&export.body);
    // Only Shanghai's two, numbered.
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0][0].as_str(), rows[1][0].as_str()), ("1", "2"));
    let (hostile, plain) = if rows[0][1] == receipt {
        (&rows[0], &rows[1])
    } else {
        (&rows[1], &rows[0])
    };
    assert_eq!(hostile[1], receipt);
    assert_eq!(hostile[5], "上海");
    assert_eq!(hostile[7], "'=HYPERLINK(\"http://evil.example\",\"点击\")");
    assert_eq!(hostile[8], "'@上海示例集成电路有限公司");
    assert_eq!(plain[8], "上海示例集成电路有限公司");
    assert!(rows.iter().all(|r| r[2] != "山西省省级标准化试点项目"));

    let filtered = t
        .get("/api/v1/exports/submissions.csv?q=HYPERLINK", &auth)
        .await;
    assert_eq!(csv_rows(&filtered.body).len(), 1);
    let none = t
        .get(
            "/api/v1/exports/submissions.csv?program=sx-provincial",
            &auth,
        )
        .await;
    assert!(csv_rows(&none.body).is_empty());
    let unsigned = t.get("/api/v1/exports/submissions.csv", &[]).await;
    assert_eq!(unsigned.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_long_csv_export_is_sent_in_pages_without_losing_a_row() {
    let t = test_app().await;
    for _ in 0..1203 {
        let reply = t
            .post_program("cq-municipal", vectors::fixture("cq-municipal"))
            .await;
        assert_eq!(reply.status, StatusCode::CREATED);
    }
    let cq = bearer(&reviewer(&t, "cq-1", &["cq-municipal"], None).await);
    let export = t
        .get("/api/v1/exports/submissions.csv", &[("authorization", &cq)])
        .await;
    let rows = csv_rows(&export.body);
    assert_eq!(rows.len(), 1203);
    let receipts: std::collections::HashSet<_> = rows.iter().map(|r| r[1].clone()).collect();
    assert_eq!(receipts.len(), 1203);
    assert_eq!(rows.last().unwrap()[0], "1203");
}

/// Checks that an XLSX export's first sheet prints as a sealed table must: A4 landscape, one
/// page wide, the heading rows repeated on every page, its cells ruled, the 序号 column narrow.
pub(crate) fn assert_prints_on_a4_landscape(body: &[u8]) {
    let part = |name: &str| {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(body)).unwrap();
        let mut xml = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
        xml
    };
    let sheet = part("xl/worksheets/sheet1.xml");
    for want in [
        r#"<pageSetUpPr fitToPage="1"/>"#,
        r#"paperSize="9""#,
        r#"orientation="landscape""#,
        r#"fitToHeight="0""#,
        r#"<col min="1" max="1" width="5.7109375""#,
    ] {
        assert!(sheet.contains(want), "{want} in {sheet}");
    }
    assert!(part("xl/workbook.xml").contains("_xlnm.Print_Titles"));
    assert!(part("xl/styles.xml").contains(r#"<left style="thin">"#));
}

/// Each sheet of an XLSX export by name, as rows of text.
pub(crate) fn xlsx_sheets(body: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(body.to_vec())).expect("an XLSX file");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

#[tokio::test]
async fn the_xlsx_export_has_the_summary_table_and_a_sheet_per_repeating_table() {
    let t = test_app().await;
    let (_, sx) = submitted(&t, "sx-provincial").await;
    let (_, sh) = submitted(&t, "sh-municipal").await;
    submitted(&t, "cq-municipal").await;
    let both = bearer(&reviewer(&t, "two", &["sx-provincial", "sh-municipal"], None).await);

    let export = t
        .get(
            "/api/v1/exports/submissions.xlsx",
            &[("authorization", &both)],
        )
        .await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(
        export.headers["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let sheets = xlsx_sheets(&export.body);
    let names: Vec<_> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["推荐汇总表", "工作计划", "标准明细", "参加单位"]);
    let rows = |i: usize| &sheets[i].1;

    // The summary: a header, then Shanxi's and Shanghai's (not Chongqing's), numbered.
    assert_eq!(rows(0)[0][..3], ["序号", "回执编号", "申报项目"]);
    assert_eq!(rows(0).len(), 3);
    let receipts: Vec<_> = rows(0)[1..].iter().map(|r| r[1].as_str()).collect();
    assert!(receipts.contains(&sx.as_str()) && receipts.contains(&sh.as_str()));
    assert_eq!(rows(0)[1][0], "1");
    assert_eq!(rows(0)[2][0], "2");
    let shanxi = rows(0).iter().find(|r| r[1] == sx).unwrap();
    assert_eq!(shanxi[5], "山西");
    assert_eq!(shanxi[8], "晋城市示例药茶有限公司");

    // The plan: Shanxi's 5 rows and Shanghai's 3, each keyed by its receipt.
    let plan = rows(1);
    assert_eq!(plan.len(), 1 + 5 + 3);
    assert_eq!(plan.iter().filter(|r| r[0] == sx).count(), 5);
    assert_eq!(plan.iter().filter(|r| r[0] == sh).count(), 3);
    // The standards list: Shanghai's 3, with the paper's words for tier and status.
    let standards = rows(2);
    assert_eq!(standards[0][2..], ["层级", "标准编号", "标准名称", "状态"]);
    assert_eq!(standards.len(), 1 + 3);
    assert!(standards[1..].iter().all(|r| r[0] == sh));
    assert!(
        standards[1..]
            .iter()
            .all(|r| r[5] == "现行有效" || r[5] == "拟制定")
    );
    // The participating units: Shanxi's one.
    let participants = rows(3);
    assert_eq!(participants.len(), 2);
    assert_eq!(participants[1][0], sx);

    // Filters apply; a reviewer of neither program gets the headers alone.
    let filtered = t
        .get(
            "/api/v1/exports/submissions.xlsx?program=sh-municipal",
            &[("authorization", &both)],
        )
        .await;
    assert_eq!(xlsx_sheets(&filtered.body)[0].1.len(), 2);
    let other = bearer(&reviewer(&t, "cq", &["cq-municipal"], None).await);
    let theirs = t
        .get(
            "/api/v1/exports/submissions.xlsx",
            &[("authorization", &other)],
        )
        .await;
    let theirs = xlsx_sheets(&theirs.body);
    assert_eq!(theirs[0].1.len(), 2);
    let mentions = |r: &Vec<String>| r.contains(&sx) || r.contains(&sh);
    assert!(theirs.iter().all(|(_, rows)| !rows.iter().any(mentions)));
}

/// The text of a DOCX's `word/document.xml`, tags and all.
pub(crate) fn docx_xml(body: &[u8]) -> String {
    use std::io::Read;
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(body.to_vec())).expect("a DOCX is a ZIP");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// The table rows of a DOCX's document.xml, each as its XML.
fn table_rows(xml: &str) -> Vec<&str> {
    xml.split("<w:tr>")
        .skip(1)
        .map(|r| r.split("</w:tr>").next().unwrap_or(""))
        .collect()
}

#[tokio::test]
async fn every_programs_official_form_downloads_as_word_with_its_parts_and_values() {
    let t = test_app().await;
    let programs: Vec<&str> = shared::PROGRAMS.iter().map(|p| p.id).collect();
    let all = bearer(&reviewer(&t, "all", &programs, None).await);
    let none = bearer(&reviewer(&t, "none", &["sh-municipal"], None).await);
    for program in shared::PROGRAMS {
        let (id, receipt) = submitted(&t, program.id).await;
        let reply = t
            .get(
                &format!("/api/v1/submissions/{receipt}/document.docx"),
                &[("authorization", &all)],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", program.id);
        assert_eq!(
            reply.headers["content-disposition"],
            format!("attachment; filename=\"{receipt}.docx\"").as_str()
        );
        let xml = docx_xml(&reply.body);
        // The 回执编号 heads every page, as the applicant's paper is asked to carry it.
        let header = {
            use std::io::Read;
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(reply.body.to_vec())).unwrap();
            let mut text = String::new();
            zip.by_name("word/header1.xml")
                .expect("a page header")
                .read_to_string(&mut text)
                .unwrap();
            text
        };
        assert!(header.contains(&format!("回执编号：{receipt}")), "{header}");
        assert!(xml.contains("headerReference"), "{}", program.id);
        // A4, portrait.
        assert!(
            xml.contains(r#"w:w="11906""#) && xml.contains(r#"w:h="16838""#),
            "{}",
            program.id
        );
        // The same document the check page shows: its title, every part, the opinion blocks
        // and the applicant's own words.
        let app = shared::wire::parse_application(vectors::fixture(program.id).as_bytes()).unwrap();
        let checked = shared::check(&app, shared::Date::new(2026, 1, 1).unwrap());
        let doc = shared::document::build(program, &checked.application);
        for line in doc.title.lines() {
            assert!(xml.contains(line), "{}: {line}", program.id);
        }
        for part in &doc.parts {
            assert!(xml.contains(&part.title), "{}: {}", program.id, part.title);
        }
        // The official table layout: each label cell and its value cell in one row, every
        // opinion block a cell of the table.
        let rows = table_rows(&xml);
        for row in doc.parts.iter().flat_map(|p| &p.rows) {
            for pair in row.windows(2).filter(|w| w[0].head && !w[1].head) {
                let first =
                    |c: &shared::document::Cell| c.text.lines().next().unwrap_or("").to_owned();
                let (label, value) = (first(&pair[0]), first(&pair[1]));
                assert!(
                    rows.iter().any(|r| r
                        .contains(&format!("<w:t xml:space=\"preserve\">{label}</w:t>"))
                        && r.contains(&value)),
                    "{}: no row holds {label} beside {value}",
                    program.id
                );
            }
            for cell in row.iter().filter(|c| c.opinion.is_some()) {
                assert!(
                    rows.iter().any(|r| r.contains(&cell.text)),
                    "{}: {} is not in the table",
                    program.id,
                    cell.text
                );
            }
        }
        // The template's 填写说明 page and its guidance in the value cells, where it has them.
        if !doc.instructions.is_empty() {
            assert!(xml.contains(&doc.instructions_title), "{}", program.id);
        }
        for item in &doc.instructions {
            assert!(xml.contains(item), "{}: {item}", program.id);
        }
        for cell in doc.parts.iter().flat_map(|p| &p.rows).flatten() {
            if !cell.guide.is_empty() {
                assert!(
                    rows.iter().any(|r| r.contains(&cell.guide)),
                    "{}: {} is not in the table",
                    program.id,
                    cell.guide
                );
            }
        }
        assert!(
            xml.contains(&checked.application.applicant.name),
            "{}",
            program.id
        );
        assert!(
            xml.contains(&checked.application.project.name),
            "{}",
            program.id
        );

        if program.id != "sh-municipal" {
            let hidden = t
                .get(
                    &format!("/api/v1/submissions/{id}/document.docx"),
                    &[("authorization", &none)],
                )
                .await;
            assert_eq!(hidden.status, StatusCode::NOT_FOUND, "{}", program.id);
        }
    }
}

#[tokio::test]
async fn the_zip_export_has_a_folder_per_application_and_a_manifest() {
    use std::io::Read;
    let t = test_app().await;
    let (_, sh) = submitted(&t, "sh-municipal").await;
    let (_, social) = submitted(&t, "national-social-pilot").await;
    let (_, sx) = submitted(&t, "sx-provincial").await;
    let two = bearer(&reviewer(&t, "two", &["sh-municipal", "national-social-pilot"], None).await);
    let export = t
        .get(
            "/api/v1/exports/submissions.zip",
            &[("authorization", &two)],
        )
        .await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(export.headers["content-type"], "application/zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(export.body.clone())).unwrap();
    let mut names: Vec<String> = zip.file_names().map(str::to_owned).collect();
    names.sort();
    let (_, _, sh_file) = vectors::attachments("sh-municipal")[0];
    let mut expected = vec![
        format!("{sh}/application.json"),
        format!("{sh}/{sh}-申请书.docx"),
        format!("{sh}/supporting_documents.docx"),
        format!("{social}/application.json"),
        format!("{social}/{social}-申请书.docx"),
        "manifest.csv".to_owned(),
    ];
    expected.extend(
        vectors::attachments("national-social-pilot")
            .iter()
            .map(|(key, name, _)| format!("{social}/{key}.{}", name.rsplit('.').next().unwrap())),
    );
    expected.sort();
    assert_eq!(names, expected);
    assert!(!names.iter().any(|n| n.contains(&sx)));

    let mut read = |name: &str| {
        let mut bytes = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut bytes).unwrap();
        bytes
    };
    assert_eq!(read(&format!("{sh}/supporting_documents.docx")), sh_file);
    let record: Value = serde_json::from_slice(&read(&format!("{sh}/application.json"))).unwrap();
    assert_eq!(record["receipt"], sh.as_str());
    assert_eq!(
        record["application"]["project"]["name"],
        "集成电路设计服务标准化试点"
    );
    assert!(
        docx_xml(&read(&format!("{sh}/{sh}-申请书.docx"))).contains("集成电路设计服务标准化试点")
    );
    let manifest = csv_rows(&read("manifest.csv"));
    assert_eq!(manifest.len(), 2);
    assert!(
        manifest
            .iter()
            .any(|r| r[0] == sh && r[5].contains("application.json"))
    );
}

/// The Word files open in LibreOffice (Debian's, which tests/run.sh installs), which prints
/// them to PDF with the form's title and the applicant's values in their text.
#[tokio::test]
async fn the_word_files_open_in_libreoffice() {
    let t = test_app().await;
    let programs: Vec<&str> = shared::PROGRAMS.iter().map(|p| p.id).collect();
    let all = bearer(&reviewer(&t, "all", &programs, None).await);
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for program in &programs {
        let (_, receipt) = submitted(&t, program).await;
        let docx = t
            .get(
                &format!("/api/v1/submissions/{receipt}/document.docx"),
                &[("authorization", &all)],
            )
            .await;
        let path = dir.path().join(format!("{program}.docx"));
        std::fs::write(&path, &docx.body).unwrap();
        files.push(path);
    }
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let converted = std::process::Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .args(&files)
        .output()
        .expect("LibreOffice (soffice) is needed: tests/run.sh installs it");
    assert!(
        converted.status.success(),
        "{}",
        String::from_utf8_lossy(&converted.stderr)
    );
    for program in shared::PROGRAMS {
        let pdf = dir.path().join(format!("{}.pdf", program.id));
        let text = std::process::Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils)");
        let text = String::from_utf8_lossy(&text.stdout).replace(char::is_whitespace, "");
        let app = shared::wire::parse_application(vectors::fixture(program.id).as_bytes()).unwrap();
        let doc = shared::document::build(program, &app);
        for wanted in [&doc.title, &doc.parts[0].title, &app.applicant.name] {
            let wanted = wanted.replace(char::is_whitespace, "");
            assert!(
                text.contains(&wanted),
                "{}: {wanted} not in the PDF",
                program.id
            );
        }
    }
}

/// The ZIP's manifest.csv neutralizes a cell a spreadsheet would run, as the CSV export does.
#[tokio::test]
async fn the_zip_manifest_runs_no_formula() {
    use std::io::Read;
    let t = test_app().await;
    let mut app: Value = serde_json::from_str(vectors::fixture("sh-municipal")).unwrap();
    app["project"]["name"] = json!("=HYPERLINK(\"http://x\")试点");
    let reply = t.post_program("sh-municipal", &app.to_string()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    let auth = bearer(&reviewer(&t, "sh", &["sh-municipal"], None).await);
    let export = t
        .get(
            "/api/v1/exports/submissions.zip",
            &[("authorization", &auth)],
        )
        .await;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(export.body.clone())).unwrap();
    let mut bytes = Vec::new();
    zip.by_name("manifest.csv")
        .unwrap()
        .read_to_end(&mut bytes)
        .unwrap();
    let rows = csv_rows(&bytes);
    assert_eq!(rows[0][3], "'=HYPERLINK(\"http://x\")试点");
}

/// The audit log says that an export searched, not for what: the words may name a person and
/// the log outlives a call's retention.
#[tokio::test]
async fn the_audit_log_keeps_no_search_words() {
    let t = test_app().await;
    submitted(&t, "cq-municipal").await;
    let auth = bearer(&reviewer(&t, "cq", &["cq-municipal"], None).await);
    let export = t
        .get(
            "/api/v1/exports/submissions.csv?q=%E6%9D%8E%E6%98%8E",
            &[("authorization", &auth)],
        )
        .await;
    assert_eq!(export.status, StatusCode::OK);
    let log = t.store.audit_log().await.unwrap();
    let entry = log.iter().find(|e| e.action == "export_csv").unwrap();
    assert!(!entry.detail.contains("李明"), "{}", entry.detail);
    assert!(entry.detail.contains("(search)"), "{}", entry.detail);
}

/// An application stored before the rules refused U+FFFF still opens as Word and Excel: the
/// writers drop what XML cannot hold.
#[tokio::test]
async fn what_xml_cannot_hold_is_dropped_from_word_and_excel() {
    let t = test_app().await;
    let mut data: Value = serde_json::from_str(vectors::fixture("cq-municipal")).unwrap();
    data["project"]["name"] = json!("智慧物流\u{FFFF}服务标准化试点");
    let mut row = stored_row("id-x", "R-X", "cq-municipal", "2026-12-02T10:00:00+08:00");
    row.data = data.to_string();
    row.project_name = "智慧物流\u{FFFF}服务标准化试点".into();
    let files: std::sync::Arc<[backend::store::NewAttachment]> = Vec::new().into();
    t.store.insert(&row, &files, None).await.unwrap();
    let auth = bearer(&reviewer(&t, "cq", &["cq-municipal"], None).await);
    let docx = t
        .get(
            "/api/v1/submissions/id-x/document.docx",
            &[("authorization", &auth)],
        )
        .await;
    assert_eq!(docx.status, StatusCode::OK);
    let xml = docx_xml(&docx.body);
    assert!(xml.contains("智慧物流服务标准化试点") && !xml.contains('\u{FFFF}'));
    let xlsx = t
        .get(
            "/api/v1/exports/submissions.xlsx",
            &[("authorization", &auth)],
        )
        .await;
    let sheets = xlsx_sheets(&xlsx.body);
    assert_eq!(sheets[0].1[1][7], "智慧物流服务标准化试点");
}
