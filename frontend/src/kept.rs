//! What this browser keeps of an application it submitted, per program: the 回执编号 and the
//! time always, so that coming back says it was submitted; the 修改密码 only when the applicant
//! ticks the box on the receipt (a shared computer must not hold it).
//! Stored as one line, `receipt\tat[\tsecret]`, under `pilot-receipt:{program}`.

use crate::hooks::draft::storage;

#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    pub receipt: String,
    /// When it was submitted, as a notice writes a time.
    pub at: String,
    pub secret: Option<String>,
}

fn key(program: &str) -> String {
    format!("pilot-receipt:{program}")
}

pub fn read(program: &str) -> Option<Kept> {
    let line = storage()?.get_item(&key(program)).ok().flatten()?;
    let mut parts = line.split('\t');
    let (receipt, at) = (parts.next()?, parts.next()?);
    Some(Kept {
        receipt: receipt.to_owned(),
        at: at.to_owned(),
        secret: parts.next().filter(|s| !s.is_empty()).map(str::to_owned),
    })
}

pub fn write(program: &str, kept: &Kept) {
    let mut line = format!("{}\t{}", kept.receipt, kept.at);
    if let Some(secret) = &kept.secret {
        line.push('\t');
        line.push_str(secret);
    }
    if let Some(s) = storage() {
        let _ = s.set_item(&key(program), &line);
    }
}

pub fn forget(program: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&key(program));
    }
}
