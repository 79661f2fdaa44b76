//! Attachments: the files a program asks for, recognized by their content, not their name.

use crate::program::Program;
use crate::report::{Code, Issue};

/// The most one attachment may be.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// The file formats accepted, by what their first bytes and structure say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    /// Office Open XML word-processing (a ZIP with `word/`).
    Docx,
    /// An OLE2 compound document: Word 97–2003 `.doc` or WPS Office `.wps`, which share it.
    DocOrWps,
    /// OFD (GB/T 33190), a ZIP with `OFD.xml` at its root.
    Ofd,
    /// A scan as JPEG: the national notice asks for "盖章扫描件", which scanners and phones
    /// write as JPEG and PNG as often as PDF.
    Jpeg,
    /// A scan as PNG.
    Png,
}

impl Format {
    /// The media type stored with the file and sent back when it is downloaded.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::DocOrWps => "application/msword",
            Format::Ofd => "application/ofd",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
        }
    }

    /// The format a stored file's media type says (see [`Format::media_type`]).
    pub fn of_media_type(media_type: &str) -> Option<Format> {
        [
            Format::Pdf,
            Format::Docx,
            Format::DocOrWps,
            Format::Ofd,
            Format::Jpeg,
            Format::Png,
        ]
        .into_iter()
        .find(|f| f.media_type() == media_type)
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Recognizes a file by its content, from both ends: a file that only starts like a PDF or a
/// ZIP and goes on as something else (a polyglot, which a browser might also read as a page or
/// a script) is none of these.
///
/// - PDF: `%PDF-` first and the trailer's `%%EOF` in the last kilobyte.
/// - DOC/WPS: the OLE2 compound-document signature.
/// - DOCX/OFD: a whole ZIP (see `central_directory`) whose directory names `word/document.xml`
///   or `OFD.xml`.
/// - JPEG: the start-of-image marker first and the end-of-image marker (`FF D9`) last.
/// - PNG: the PNG signature first and the `IEND` chunk (with its fixed CRC) last.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    const IEND: &[u8] = b"\0\0\0\0IEND\xaeB`\x82";
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        bytes.ends_with(&[0xFF, 0xD9]).then_some(Format::Jpeg)
    } else if bytes.starts_with(PNG) {
        (bytes.len() >= PNG.len() + IEND.len() && bytes.ends_with(IEND)).then_some(Format::Png)
    } else if bytes.starts_with(b"%PDF-") {
        let tail = &bytes[bytes.len().saturating_sub(1024)..];
        contains(tail, b"%%EOF").then_some(Format::Pdf)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some(Format::DocOrWps)
    } else if bytes.starts_with(b"PK\x03\x04") {
        let names = central_directory(bytes)?;
        if contains(names, b"word/document.xml") {
            Some(Format::Docx)
        } else if contains(names, b"OFD.xml") {
            Some(Format::Ofd)
        } else {
            None
        }
    } else {
        None
    }
}

/// The central directory of a ZIP that is whole and nothing more: its end record (`PK\5\6`,
/// within the last 64 kB, as its comment may be that long) must say that the directory ends
/// where the record begins, and that its comment ends where the file does.
fn central_directory(bytes: &[u8]) -> Option<&[u8]> {
    let last = bytes.len().checked_sub(22)?;
    let from = last.saturating_sub(65535);
    let at = (from..=last)
        .rev()
        .find(|&i| bytes[i..].starts_with(b"PK\x05\x06"))?;
    let number = |i: usize, n: usize| {
        bytes[at + i..at + i + n]
            .iter()
            .rev()
            .fold(0usize, |v, &b| v << 8 | usize::from(b))
    };
    let (size, offset, comment) = (number(12, 4), number(16, 4), number(20, 2));
    let whole = offset.checked_add(size) == Some(at) && at + 22 + comment == bytes.len();
    whole.then(|| &bytes[offset..at])
}

/// One file the applicant attached, as far as the rules need to know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given<'a> {
    pub key: &'a str,
    pub size: usize,
    pub format: Option<Format>,
}

/// The files of a correction: those `sent`, and each of those `kept` from the version it
/// replaces that was not sent again.
pub fn with_kept<'a>(
    mut sent: Vec<Given<'a>>,
    kept: impl IntoIterator<Item = Given<'a>>,
) -> Vec<Given<'a>> {
    let sent_keys = sent.len();
    for file in kept {
        if !sent[..sent_keys].iter().any(|g| g.key == file.key) {
            sent.push(file);
        }
    }
    sent
}

/// The program's required attachments are all there, each known key, small enough and of an
/// accepted format. Paths are `attachments.<key>`.
pub fn check(program: &Program, given: &[Given]) -> Vec<Issue> {
    let mut issues = Vec::new();
    for spec in program.attachments {
        if spec.required && !given.iter().any(|g| g.key == spec.key) {
            issues.push(Issue::new(
                format!("attachments.{}", spec.key),
                Code::AttachmentMissing,
            ));
        }
    }
    for file in given {
        let path = format!("attachments.{}", file.key);
        if !program.attachments.iter().any(|a| a.key == file.key) {
            issues.push(Issue::new(path, Code::UnknownField));
        } else if file.size > MAX_BYTES {
            issues.push(Issue::new(path, Code::AttachmentTooLarge).with("max", "20 MB"));
        } else if file.format.is_none() {
            issues.push(Issue::new(path, Code::AttachmentFormat));
        }
    }
    issues
}
