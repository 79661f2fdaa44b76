//! The table of test vectors (`vectors.json`): each one edits the valid Chongqing fixture and
//! names the entries the rules must report, by path and code. All assume today is 2023-08-10;
//! those whose outcome depends on it are marked `dated`. The same table runs natively and
//! as wasm in headless Chromium; both must also produce the same full transcript (paths, codes,
//! severities and both languages' messages), whose digest is kept in `vectors.digest`.

use serde_json::Value;
use shared::wire::parse_application;
use shared::{Date, Lang, check};
use support::apply;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const DIGEST: &str = include_str!("vectors.digest");

/// FNV-1a, so the digest is the same on every target.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn run_vectors() -> (Vec<String>, String) {
    let vectors: Vec<Value> = serde_json::from_str(support::VECTORS).unwrap();
    let today = Date::new(2023, 8, 10).unwrap();
    let mut failures = Vec::new();
    let mut transcript = String::new();
    for vector in &vectors {
        let name = vector["name"].as_str().unwrap();
        let json = apply(vector);
        let app = parse_application(json.to_string().as_bytes())
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let report = check(&app, today).report;
        let mut got: Vec<(String, String)> = report
            .issues
            .iter()
            .map(|i| (i.path.clone(), i.code.as_str().to_owned()))
            .collect();
        let want = support::expected(vector, None);
        got.sort();
        if got != want {
            failures.push(format!("{name}: expected {want:?}, got {got:?}"));
        }
        for issue in &report.issues {
            for lang in [Lang::ZhCn, Lang::En] {
                let message = issue.message(lang);
                if message.contains('{') {
                    failures.push(format!("{name}: unfilled parameter in {message}"));
                }
            }
            transcript.push_str(&format!(
                "{name}\t{}\t{}\t{:?}\t{}\t{}\n",
                issue.path,
                issue.code.as_str(),
                issue.severity(),
                issue.message(Lang::ZhCn),
                issue.message(Lang::En),
            ));
        }
    }
    (failures, transcript)
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn every_vector_reports_what_it_expects() {
    let (failures, _) = run_vectors();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_full_transcript_is_the_same_on_every_target() {
    let (_, transcript) = run_vectors();
    let digest = format!("{:016x}", fnv1a(transcript.as_bytes()));
    assert_eq!(
        digest,
        DIGEST.trim(),
        "the reports changed; if intended, write {digest} to shared/tests/vectors.digest\n{transcript}"
    );
}

/// The attachment files beside the fixtures are recognized by content, natively and in wasm.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn fixture_attachments_are_recognized_by_content() {
    use shared::rules::attachments::{Given, check, detect};
    for program in shared::PROGRAMS {
        let files = support::attachments(program.id);
        let given: Vec<Given> = files
            .iter()
            .map(|(key, _, bytes)| Given {
                key,
                size: bytes.len(),
                format: detect(bytes),
            })
            .collect();
        assert!(given.iter().all(|g| g.format.is_some()), "{}", program.id);
        assert_eq!(check(program, &given), vec![], "{}", program.id);
    }
    // By content, not by name: a text file called .pdf is refused.
    assert_eq!(detect(b"just text, named plan.pdf"), None);
    // OLE2 compound documents (.doc, .wps) and OFD (a ZIP with OFD.xml) by their structure;
    // a ZIP that is neither a Word document nor OFD is refused.
    use shared::rules::attachments::Format;
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
    assert_eq!(detect(&ole), Some(Format::DocOrWps));
    assert_eq!(detect(&zip_of("OFD.xml", b"<ofd:OFD/>")), Some(Format::Ofd));
    assert_eq!(detect(&zip_of("photo.jpg", b"")), None);
    // The national notice's "盖章扫描件": scans as JPEG and PNG, whole from start to end.
    assert_eq!(detect(&jpeg()), Some(Format::Jpeg));
    assert_eq!(detect(&png()), Some(Format::Png));
    assert_eq!(detect(&jpeg()[..jpeg().len() - 2]), None);
    assert_eq!(detect(&[jpeg(), b"<script>".to_vec()].concat()), None);
    assert_eq!(detect(&[png(), b"<html>".to_vec()].concat()), None);
    assert_eq!(detect(b"\x89PNG\r\n\x1a\n"), None);
    let scan = [Given {
        key: "supporting_documents",
        size: png().len(),
        format: detect(&png()),
    }];
    let national = shared::programs::find("national-hightech").unwrap();
    assert!(
        national
            .attachments
            .iter()
            .any(|a| a.key == "supporting_documents"),
        "the national track takes its supporting documents"
    );
    assert_eq!(
        check(national, &scan)
            .iter()
            .filter(|i| i.path == "attachments.supporting_documents")
            .count(),
        0
    );
}

/// The smallest JPEG-shaped bytes: start of image, a comment, end of image.
fn jpeg() -> Vec<u8> {
    [
        &[0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x04, b'o', b'k'][..],
        &[0xFF, 0xD9],
    ]
    .concat()
}

/// A 1×1 PNG: signature, IHDR, IDAT, IEND.
fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(b"\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89");
    bytes.extend_from_slice(b"\0\0\0\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N");
    bytes.extend_from_slice(b"\0\0\0\0IEND\xaeB`\x82");
    bytes
}

/// A ZIP of one entry `name` holding `content`: local header, central directory, end record.
fn zip_of(name: &str, content: &[u8]) -> Vec<u8> {
    let mut bytes = b"PK\x03\x04\x14\0\0\0\0\0".to_vec();
    bytes.extend_from_slice(name.as_bytes());
    bytes.extend_from_slice(content);
    let offset = bytes.len() as u32;
    let directory = [b"PK\x01\x02\x14\0\0\0".as_slice(), name.as_bytes()].concat();
    bytes.extend_from_slice(&directory);
    bytes.extend_from_slice(b"PK\x05\x06\0\0\0\0\x01\0\x01\0");
    bytes.extend_from_slice(&(directory.len() as u32).to_le_bytes());
    bytes.extend_from_slice(&offset.to_le_bytes());
    bytes.extend_from_slice(&[0, 0]);
    bytes
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_file_that_only_starts_like_a_document_is_none() {
    use shared::rules::attachments::{Format, detect};
    let pdf = support::attachments("cq-municipal")[0].2;
    assert_eq!(detect(pdf), Some(Format::Pdf));
    // A PDF's first bytes with a page after them, or a PDF with a script after its end.
    let page = [
        b"%PDF-1.4\n".as_slice(),
        &[b' '; 2048],
        b"<script>alert(1)</script>",
    ]
    .concat();
    assert_eq!(detect(&page), None);
    let glued = [pdf, &[b' '; 2048], b"<script>alert(1)</script>"].concat();
    assert_eq!(detect(&glued), None);
    // A ZIP with anything after its end record, or whose directory names a Word part only
    // in an entry's content.
    let docx = support::attachments("sh-municipal")[0].2;
    assert_eq!(detect(docx), Some(Format::Docx));
    assert_eq!(detect(&[docx, b"<html>".as_slice()].concat()), None);
    assert_eq!(detect(&zip_of("a.txt", b"word/document.xml")), None);
}
