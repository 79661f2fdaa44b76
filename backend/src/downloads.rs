//! The names files download under: what a stored attachment is called on the reviewer's disk
//! (the stem of the applicant's own name, the extension of what its content is), and the
//! `Content-Disposition` that carries it.

use axum::http::HeaderValue;

/// The file name extension of a stored attachment's media type.
pub fn extension(media_type: &str) -> &'static str {
    match media_type {
        "application/pdf" => "pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        // DOC and WPS share this type: their content cannot tell them apart.
        "application/msword" => "doc",
        "application/ofd" => "ofd",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        _ => "bin",
    }
}

/// The name a stored file downloads under: the stem of the applicant's own name, with separators
/// and control characters replaced, and the extension of what its content was found to be. The
/// applicant's extension never survives: a "PDF" named 说明.hta downloads as 说明.pdf.
pub fn download_name(file_name: &str, media_type: &str) -> String {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .take(120)
        .collect();
    let stem = if stem.trim().is_empty() {
        "附件"
    } else {
        &stem
    };
    format!("{stem}.{}", extension(media_type))
}

/// A file name that is safe in a `Content-Disposition` header and on any file system: the
/// receipt and key, then the extension of the stored media type; the applicant's own name, as
/// [`download_name`] makes it, goes in `filename*` (RFC 5987).
pub fn disposition(receipt: &str, key: &str, file_name: &str, media_type: &str) -> HeaderValue {
    let plain = format!("{receipt}-{key}.{}", extension(media_type));
    crate::http::headers::attachment(&plain, &download_name(file_name, media_type))
}
