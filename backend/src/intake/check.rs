//! Checking what was received: a correction stays in its program and call, the call is open by
//! the server's clock (or the unit's date, for an application it returned), and the shared
//! rules find nothing that blocks it, its files and those a correction keeps included.

use shared::rules::attachments::{self, Given};
use shared::{Application, Checked, Code, Date, Issue, Severity, Submission};
use time::OffsetDateTime;

use super::Replacing;
use crate::calls::{Call, Window};
use crate::clock::beijing;
use crate::error::ApiError;
use crate::state::AppState;

/// The shared rules' verdict on an application that may be stored, and its call.
pub(super) struct Accepted<'a> {
    pub(super) checked: Checked,
    pub(super) call: Option<&'a Call>,
}

pub(super) fn check<'a>(
    state: &'a AppState,
    application: &Application,
    sent: Vec<Given<'_>>,
    replacing: Option<&Replacing>,
    now: OffsetDateTime,
) -> Result<Accepted<'a>, ApiError> {
    // A correction stays what it corrects: the same program and call.
    if let Some(r) = replacing
        && (shared::text::fold_line(&application.program) != r.stored.program
            || shared::text::fold_line(&application.call) != r.stored.call)
    {
        let issue = Issue::new("call", Code::CorrectionCall).with("call", &r.stored.call);
        return Err(ApiError::Unprocessable(vec![issue]));
    }
    let call = state.calls.find(&application.program, &application.call);
    window(call, replacing.and_then(|r| r.correct_by), now)?;

    // A correction keeps the files it does not send again (the server checked them then).
    let kept = replacing
        .into_iter()
        .flat_map(|r| &r.stored.attachments)
        .map(|k| Given {
            key: &k.key,
            size: k.size as usize,
            format: attachments::Format::of_media_type(&k.media_type),
        });
    let files = attachments::with_kept(sent, kept);
    // The server's clock decides what "today" is in Asia/Shanghai.
    let program = shared::programs::find(&shared::text::fold_line(&application.program));
    let checked = shared::check_against(
        application,
        program,
        Date::in_shanghai(now.unix_timestamp()),
    );
    let submission = Submission {
        checked: &checked,
        program,
        units: call.map(|c| c.units.as_slice()),
        files: &files,
    };
    let errors: Vec<Issue> = submission
        .findings()
        .into_iter()
        .filter(|i| i.severity() == Severity::Error)
        .collect();
    if !errors.is_empty() {
        return Err(ApiError::Unprocessable(errors));
    }
    Ok(Accepted { checked, call })
}

/// Whether the call takes submissions `now`: open, or closed but the application was returned
/// to the applicant until `returned` (a unit's date).
fn window(call: Option<&Call>, returned: Option<i64>, now: OffsetDateTime) -> Result<(), ApiError> {
    let now = now.unix_timestamp();
    match call.map(|c| (c, c.window(now))) {
        // Returned to the applicant: open until the date its unit set, though the call closed.
        Some((_, Window::Closed)) if returned.is_some() => {
            let by = returned.unwrap_or_default();
            if now >= by {
                return Err(ApiError::CallNotOpen(
                    Issue::new("call", Code::CorrectByPassed).with("by", beijing(by)),
                ));
            }
            Ok(())
        }
        Some((c, Window::Closed)) => {
            let closes = beijing(c.closes.unwrap_or_default());
            Err(ApiError::CallNotOpen(
                Issue::new("call", Code::CallClosed).with("closes", closes),
            ))
        }
        Some((c, Window::Upcoming)) => Err(ApiError::CallNotOpen(match c.opens {
            Some(opens) => Issue::new("call", Code::CallNotOpen).with("opens", beijing(opens)),
            None => Issue::new("call", Code::CallNotScheduled),
        })),
        _ => Ok(()),
    }
}
