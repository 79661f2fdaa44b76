//! The ZIP export: a folder per application, named by its receipt, holding its official form
//! as Word, its JSON and its attachments, and a `manifest.csv` of what is where. It is written
//! as a stream (entries with data descriptors, no seeking back), one application at a time, so
//! memory holds one application's files, not the archive.

use std::io::Write;

use serde::Serialize;
use serde_json::Value;
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use super::{each_row, neutralized};
use crate::calls::Calls;
use crate::downloads::extension;
use crate::opinions::Written;
use crate::reviewers::Reviewer;
use crate::store::{Filter, Store};

/// Each folder's `application.json`: the submission's identity and the application.
#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    receipt: &'a str,
    program: &'a str,
    call: &'a str,
    unit: &'a str,
    submitted_at: &'a str,
    application: &'a Value,
}

const MANIFEST: [&str; 6] = [
    "回执编号",
    "申报项目",
    "承担单位名称",
    "项目名称",
    "提交时间",
    "文件",
];

pub fn write(
    runtime: &tokio::runtime::Handle,
    store: &Store,
    calls: &Calls,
    reviewer: &Reviewer,
    filter: &Filter,
    out: &mut (impl Write + Send),
) -> Result<(), String> {
    let text = |e: zip::result::ZipError| e.to_string();
    let io = |e: std::io::Error| e.to_string();
    let mut zip = zip::ZipWriter::new_stream(out);
    // Word files and the attachments are compressed already.
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .large_file(true);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let mut manifest = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    manifest.write_record(MANIFEST).map_err(|e| e.to_string())?;
    each_row(runtime, store, reviewer, filter, |s, data| {
        let folder = &s.receipt;
        let mut files = Vec::new();
        let record = Record {
            id: &s.id,
            receipt: &s.receipt,
            program: &s.program,
            call: &s.call,
            unit: &s.unit,
            submitted_at: &s.submitted_at,
            application: data,
        };
        let name = format!("{folder}/application.json");
        zip.start_file(name.as_str(), deflated).map_err(text)?;
        let json = serde_json::to_vec_pretty(&record).map_err(|e| e.to_string())?;
        zip.write_all(&json).map_err(io)?;
        files.push(name);

        let name = format!("{folder}/{folder}-申请书.docx");
        zip.start_file(name.as_str(), stored).map_err(text)?;
        // With the chain's opinions, reviews and decision, as the reviewers' download has them.
        let written = runtime
            .block_on(Written::of(store, &s.id, reviewer))
            .map_err(|e| e.to_string())?;
        let chain = calls.find(&s.program, &s.call).map(|c| &c.chain);
        let docx = crate::docx::of_stored(&s.program, &s.receipt, data, |doc| {
            crate::opinions::fill(doc, chain, &written)
        })?;
        zip.write_all(&docx).map_err(io)?;
        files.push(name);

        let attachments = runtime
            .block_on(store.attachments(&s.id))
            .map_err(|e| e.to_string())?;
        for a in attachments {
            let Some(bytes) = runtime
                .block_on(store.attachment_data(&s.id, &a.key))
                .map_err(|e| e.to_string())?
            else {
                continue;
            };
            let name = format!("{folder}/{}.{}", a.key, extension(&a.media_type));
            zip.start_file(name.as_str(), stored).map_err(text)?;
            zip.write_all(&bytes).map_err(io)?;
            files.push(name);
        }
        let program = shared::programs::find(&s.program).map_or(s.program.as_str(), |p| p.title);
        // The applicant's words, as the CSV export writes them: no cell runs as a formula.
        let row = [
            s.receipt.clone(),
            program.to_owned(),
            s.applicant_name.clone(),
            s.project_name.clone(),
            s.submitted_at.clone(),
            files.join(" "),
        ]
        .map(neutralized);
        manifest.write_record(row).map_err(|e| e.to_string())?;
        Ok(())
    })?;
    zip.start_file("manifest.csv", deflated).map_err(text)?;
    let manifest = manifest.into_inner().map_err(|e| e.to_string())?;
    zip.write_all(&manifest).map_err(io)?;
    zip.finish().map_err(text)?;
    Ok(())
}
