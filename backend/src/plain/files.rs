//! The files of a form posted without script: held between its pages (`Store::hold_file`)
//! under a random token the next page names (`held.{key}`), so that nothing is picked twice,
//! and read back whole when the application is sent.

use frontend::ssr::Held;
use shared::rules::attachments::{Format, Given};
use time::OffsetDateTime;

use super::read::Sent;
use crate::error::ApiError;
use crate::intake::Part;
use crate::state::AppState;
use crate::store::{HeldFile, Store};

/// The files of this form: those held before (named by the page) and those just sent, held now.
/// A file the rules refuse anyway (too large, of no format the program takes) is not held, but
/// is checked, so that its message is the right one.
pub(super) struct Files {
    pub(super) kept: Vec<Held>,
    refused: Vec<(&'static str, usize)>,
}

impl Files {
    /// The files as the rules see them.
    pub(super) fn given(&self) -> Vec<Given<'_>> {
        let kept = self.kept.iter().map(|h| Given {
            key: &h.key,
            size: h.size,
            format: h.format,
        });
        let refused = self.refused.iter().map(|(key, size)| Given {
            key,
            size: *size,
            format: None,
        });
        kept.chain(refused).collect()
    }

    /// The held files' bytes, as the intake takes files.
    pub(super) async fn parts(&self, store: &Store) -> Result<Vec<Part>, ApiError> {
        let mut parts = Vec::new();
        for h in &self.kept {
            let data = store
                .held_bytes(&h.token)
                .await
                .map_err(|e| ApiError::Internal(e.to_string()))?
                .unwrap_or_default();
            parts.push(Part {
                key: h.key.clone(),
                file_name: h.name.clone(),
                size: data.len(),
                data,
            });
        }
        Ok(parts)
    }
}

/// The files of `program`'s form posted with `pairs` and `files`: the new ones held now (each
/// counted by the submission rate), the ones the page names looked up.
pub(super) async fn hold(
    state: &AppState,
    program: &'static shared::Program,
    pairs: &[(String, String)],
    files: Vec<Sent>,
    client: Option<std::net::IpAddr>,
    now: OffsetDateTime,
) -> Result<Files, ApiError> {
    let db = |e: sqlx::Error| ApiError::Internal(e.to_string());
    let mut out = Files {
        kept: Vec::new(),
        refused: Vec::new(),
    };
    let at = now.unix_timestamp();
    for a in program.attachments {
        let sent = files.iter().find(|f| f.key == a.key);
        if let Some(file) = sent {
            let format = shared::rules::attachments::detect(&file.data);
            let fits = file.size <= shared::rules::attachments::MAX_BYTES;
            match format.filter(|_| fits) {
                Some(format) => {
                    state.rate.check(client)?;
                    let held = HeldFile {
                        token: uuid::Uuid::new_v4().simple().to_string(),
                        key: a.key.to_owned(),
                        file_name: file.file_name.clone(),
                        media_type: format.media_type().to_owned(),
                        size: file.size as i64,
                    };
                    state
                        .store
                        .hold_file(program.id, &held, &file.data, at)
                        .await
                        .map_err(ApiError::from)?;
                    out.kept.push(shown(held, Some(format)));
                }
                None => out.refused.push((a.key, file.size)),
            }
            continue;
        }
        // Held before: the page names it.
        let named = format!("held.{}", a.key);
        let token = pairs.iter().find(|(k, _)| *k == named).map(|(_, v)| v);
        if let Some(token) = token
            && let Some(held) = state
                .store
                .held_file(token, program.id, a.key, at)
                .await
                .map_err(db)?
        {
            let format = Format::of_media_type(&held.media_type);
            out.kept.push(shown(held, format));
        }
    }
    Ok(out)
}

fn shown(held: HeldFile, format: Option<Format>) -> Held {
    Held {
        key: held.key,
        token: held.token,
        name: held.file_name,
        size: held.size as usize,
        format,
    }
}
