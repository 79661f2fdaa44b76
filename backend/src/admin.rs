//! `backend reviewer …` and `backend purge`: the operator's commands, run against the same
//! database the server uses.

use std::fmt::Write;

use crate::calls::Calls;
use crate::clock::{now_rfc3339, rfc3339};
use crate::configuration::ReviewerCommand;
use crate::reviewers::{self, NewToken, Reviewer};
use crate::signin::{password, totp};
use crate::store::{Store, StoreError};

/// The password on the first line of `input` (what `--password-stdin` reads), without its
/// line break; refused in words for the operator if it is too short or too long.
pub fn password_from(mut input: impl std::io::BufRead) -> Result<String, String> {
    let mut line = String::new();
    input
        .read_line(&mut line)
        .map_err(|e| format!("无法读取标准输入 / cannot read standard input: {e}"))?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    match password::refused(&password) {
        Some(why) => Err(why),
        None => Ok(password),
    }
}

/// Runs `command` against the units of `calls`, with the password read for it if it reads one;
/// what it prints, or why it failed (in words for the operator).
pub async fn run(
    store: &Store,
    calls: &Calls,
    command: ReviewerCommand,
    password: Option<String>,
) -> Result<String, String> {
    let mut out = String::new();
    match command {
        ReviewerCommand::Add {
            name,
            programs,
            unit,
            expert,
            password_stdin: _,
        } => {
            if !reviewers::valid_name(&name) {
                return Err(format!(
                    "审核人员名称只能由字母、数字和 - _ . @ 组成（至多64个）: {name}"
                ));
            }
            if let Some(unknown) = programs
                .iter()
                .find(|p| shared::programs::find(p).is_none())
            {
                let known: Vec<_> = shared::PROGRAMS.iter().map(|p| p.id).collect();
                return Err(format!(
                    "没有此申报项目: {unknown}（可用: {}）",
                    known.join(", ")
                ));
            }
            let unit = unit.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty());
            // A unit no call of their programs names would see nothing, silently.
            if let Some(unit) = &unit {
                let theirs = calls.all().iter().filter(|c| programs.contains(&c.program));
                let mut known: Vec<&str> = theirs
                    .flat_map(|c| c.chain.units())
                    .map(|u| u.name.as_str())
                    .collect();
                if !known.contains(&unit.as_str()) {
                    known.sort();
                    known.dedup();
                    return Err(format!(
                        "申报批次中没有此单位: {unit}（这些申报项目的单位: {}）",
                        if known.is_empty() {
                            "无".to_owned()
                        } else {
                            known.join("、")
                        }
                    ));
                }
            }
            let mut programs = programs;
            programs.sort();
            programs.dedup();
            let reviewer = Reviewer {
                below: Vec::new(),
                expert,
                name,
                programs,
                unit,
            };
            let token = NewToken::generate();
            let sign_in = password.map(|p| (password::hash(&p), totp::new_secret()));
            let credentials = sign_in.as_ref().map(|(h, s)| (h.as_str(), s.as_str()));
            match store
                .add_reviewer(&reviewer, &token, credentials, &now_rfc3339())
                .await
            {
                Ok(()) => {}
                Err(StoreError::DuplicateName) => {
                    return Err(format!(
                        "已有名为 {} 的审核人员（含已停用的）",
                        reviewer.name
                    ));
                }
                Err(e) => return Err(e.to_string()),
            }
            let _ = writeln!(
                out,
                "reviewer {} added: programs {}; unit {}{}",
                reviewer.name,
                reviewer.programs.join(", "),
                reviewer.unit.as_deref().unwrap_or("(all)"),
                if reviewer.expert { "; expert" } else { "" }
            );
            if let Some((_, secret)) = &sign_in {
                enrolment(&mut out, &reviewer.name, secret);
            }
            let _ = writeln!(out, "token (shown once; send it as Authorization: Bearer):");
            let _ = writeln!(out, "{}", token.token);
        }
        ReviewerCommand::Password { name, .. } => {
            let password = password.ok_or("--password-stdin: 没有读到密码 / no password read")?;
            let secret = totp::new_secret();
            let hash = password::hash(&password);
            if !store
                .set_password(&name, &hash, &secret, &now_rfc3339())
                .await
                .map_err(|e| e.to_string())?
            {
                return Err(format!("没有名为 {name} 的在用审核人员"));
            }
            let _ = writeln!(
                out,
                "reviewer {name}: new password set; its sessions ended, its old codes no longer work"
            );
            enrolment(&mut out, &name, &secret);
        }
        ReviewerCommand::List => {
            for a in store.reviewers().await.map_err(|e| e.to_string())? {
                let _ = writeln!(
                    out,
                    "{}\t{}\t{}\tcreated {}\t{}",
                    a.reviewer.name,
                    a.reviewer.programs.join(","),
                    a.reviewer.unit.as_deref().unwrap_or("(all)"),
                    a.created_at,
                    a.revoked_at
                        .map_or_else(|| "active".to_owned(), |at| format!("revoked {at}"))
                );
            }
        }
        ReviewerCommand::Rotate { name } => {
            let token = NewToken::generate();
            if !store
                .rotate(&name, &token, &now_rfc3339())
                .await
                .map_err(|e| e.to_string())?
            {
                return Err(format!("没有名为 {name} 的在用审核人员"));
            }
            let _ = writeln!(
                out,
                "reviewer {name}: new token (the old one no longer works):"
            );
            let _ = writeln!(out, "{}", token.token);
        }
        ReviewerCommand::Revoke { name } => {
            if !store
                .revoke(&name, &now_rfc3339())
                .await
                .map_err(|e| e.to_string())?
            {
                return Err(format!("没有名为 {name} 的在用审核人员"));
            }
            let _ = writeln!(out, "reviewer {name} revoked");
        }
        ReviewerCommand::Audit { verify: true } => {
            match store.verify_audit().await.map_err(|e| e.to_string())? {
                Ok(lines) => {
                    let _ = writeln!(
                        out,
                        "审计日志完整，共 {lines} 行 / audit log intact: {lines} lines, every hash matches"
                    );
                }
                Err(broken) => {
                    return Err(format!(
                        "审计日志在 seq {seq} 处与其内容或前一行不符：该行或紧邻其前的记录被改动、删除或插入 / \
                         audit log broken at seq {seq}: that line, or the one before it, was \
                         changed, removed or inserted",
                        seq = broken.seq
                    ));
                }
            }
        }
        ReviewerCommand::Audit { verify: false } => {
            for e in store.audit_log().await.map_err(|e| e.to_string())? {
                let _ = writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    e.seq,
                    escaped(&e.at),
                    escaped(&e.actor),
                    if e.unit.is_empty() {
                        "-".to_owned()
                    } else {
                        escaped(&e.unit)
                    },
                    escaped(&e.action),
                    e.submission_id
                        .as_deref()
                        .map_or_else(|| "-".to_owned(), escaped),
                    escaped(&e.detail)
                );
            }
        }
    }
    Ok(out)
}

/// The lines that give an account's second factor to its authenticator app: the URI alone on
/// its line, for a QR code generator or to be typed in.
fn enrolment(out: &mut String, name: &str, secret: &str) {
    let _ = writeln!(
        out,
        "second factor (shown once; scan it as a QR code into an authenticator app, or type it in):"
    );
    let _ = writeln!(out, "{}", totp::uri(name, secret));
}

/// Writes a consistent copy of the database to `to` (a new file, readable by its owner only);
/// says how large it is.
pub async fn backup(store: &Store, to: &std::path::Path) -> Result<String, String> {
    store.backup_to(to).await?;
    let size = std::fs::metadata(to).map(|m| m.len()).unwrap_or_default();
    Ok(format!(
        "backup written to {} ({size} bytes)\n",
        to.display()
    ))
}

/// Deletes what each call keeps past its `retain_days`; says what went, call by call.
pub async fn purge(
    store: &Store,
    calls: &Calls,
    now: time::OffsetDateTime,
) -> Result<String, String> {
    let mut out = String::new();
    let at = rfc3339(now);
    for call in calls.all() {
        let Some(days) = call.retain_days else {
            continue;
        };
        let before = rfc3339(now - time::Duration::days(i64::from(days)));
        let gone = store
            .purge(&call.program, &call.id, &before, &at)
            .await
            .map_err(|e| e.to_string())?;
        let _ = writeln!(
            out,
            "{}: {} submissions older than {days} days deleted{}",
            call.id,
            gone.len(),
            if gone.is_empty() {
                String::new()
            } else {
                format!(" ({})", gone.join(", "))
            }
        );
    }
    if out.is_empty() {
        out.push_str("no call sets retain_days; nothing deleted\n");
    }
    Ok(out)
}

/// `text` as one field of a printed audit line: a line break, a tab or a backslash written as
/// its escape, and any other control character (a terminal's escape sequences among them),
/// direction control or invisible character as `\u{…}`, so that what a reviewer wrote can
/// neither start a line of its own nor move the operator's cursor.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            c if c.is_control()
                || shared::text::is_bidi_control(c)
                || shared::text::is_invisible(c)
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') =>
            {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escaped;

    #[test]
    fn a_printed_field_stays_on_its_line() {
        assert_eq!(
            escaped("补充\n99\t2026-12-01\tforged\\n"),
            "补充\\n99\\t2026-12-01\\tforged\\\\n"
        );
        assert_eq!(escaped("\u{1b}[2J\u{202e}ok"), "\\u{1b}[2J\\u{202e}ok");
        assert_eq!(escaped("山西省市场监督管理局"), "山西省市场监督管理局");
    }
}
