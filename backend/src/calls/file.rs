//! Reading a calls file: its TOML (`[[call]]`, `[[call.unit]]`, quotas, hand-ins), its instants
//! in Beijing time, each call's chain, all checked before the server starts.

use serde::Deserialize;
use toml::value::{Datetime, Offset};

use super::{Call, Calls, HandIn};
use crate::chain::{self, Chain, Keys, Unit};
use crate::clock::SHANGHAI;
use crate::quotas::Quota;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    call: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    program: String,
    year: u16,
    title: String,
    /// When applicants may start; none until the deployment sets the window (the national
    /// notices leave the applicants' window to each province).
    opens: Option<Datetime>,
    closes: Option<Datetime>,
    /// The receiving units, in order, without a chain above them (the calls files before
    /// `[[call.unit]]`).
    #[serde(default)]
    units: Vec<String>,
    /// The recommending chain, a table per unit.
    #[serde(default)]
    unit: Vec<UnitEntry>,
    /// How many each receiving unit may recommend, per category.
    #[serde(default)]
    quota: Vec<Quota>,
    /// Days a submission is kept; `backend purge` deletes older ones.
    retain_days: Option<u32>,
    /// How the paper goes in for this call, where it differs from the program's form.
    hand_in: Option<HandIn>,
}

/// A unit of the chain as the calls file writes it (`[[call.unit]]`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitEntry {
    name: String,
    parent: Option<String>,
    #[serde(default)]
    decides: bool,
    #[serde(default)]
    receives: bool,
    recommend_by: Option<Datetime>,
    #[serde(default)]
    opinion: Keys,
    experts: Option<String>,
    #[serde(default)]
    quota: Vec<Quota>,
    channel: Option<String>,
    #[serde(default)]
    hand_in: chain::HandIn,
}

/// An instant a reviewer types (`2026-12-20`, `2026-12-20T17:30`, or with an offset) as Unix
/// seconds, read as the calls file reads its own: a bare date is the end of that day.
pub fn deadline(text: &str) -> Option<i64> {
    let text = text.trim();
    // TOML wants seconds; a reviewer may leave them out.
    let full = if text.len() == 16 && text.as_bytes().get(10) == Some(&b'T') {
        format!("{text}:00")
    } else {
        text.to_owned()
    };
    instant(&full.parse().ok()?, true).ok()
}

/// A TOML date-time as Unix seconds: Asia/Shanghai unless it carries an offset. A bare date is
/// the start of that day, or, for a closing instant, its end.
fn instant(value: &Datetime, end_of_day: bool) -> Result<i64, String> {
    let d = value
        .date
        .ok_or_else(|| format!("{value}: a date is needed"))?;
    let date = shared::Date::new(d.year, d.month, d.day)
        .ok_or_else(|| format!("{value}: no such date"))?;
    let seconds = match value.time {
        Some(t) => i64::from(t.hour) * 3600 + i64::from(t.minute) * 60 + i64::from(t.second),
        None if end_of_day => 86_400,
        None => 0,
    };
    let offset = match value.offset {
        None => SHANGHAI,
        Some(Offset::Z) => 0,
        Some(Offset::Custom { minutes }) => i64::from(minutes) * 60,
    };
    Ok(date.days_since_epoch() * 86_400 + seconds - offset)
}

/// A call's chain: its `[[call.unit]]` tables, or, in a file without them, each of its flat
/// `units` receiving with no unit above; the call's own `[[call.quota]]` applies to each
/// receiving unit either way.
fn chain(e: &Entry) -> Result<Chain, String> {
    if !e.units.is_empty() && !e.unit.is_empty() {
        return Err("give either units or [[call.unit]] tables, not both".into());
    }
    let program = shared::programs::find(&e.program).ok_or("no such program")?;
    let flat = e.units.iter().map(|name| Unit {
        name: name.clone(),
        parent: None,
        decides: false,
        receives: true,
        recommend_by: None,
        opinion: Vec::new(),
        experts: None,
        quotas: e.quota.clone(),
        channel: None,
        hand_in: chain::HandIn::default(),
    });
    let mut units: Vec<Unit> = flat.collect();
    for u in &e.unit {
        let recommend_by = u
            .recommend_by
            .as_ref()
            .map(|at| instant(at, true))
            .transpose()
            .map_err(|m| format!("unit {}: recommend_by {m}", u.name))?;
        let mut quotas = u.quota.clone();
        if u.receives {
            quotas.extend(e.quota.iter().cloned());
        }
        units.push(Unit {
            name: u.name.clone(),
            parent: u.parent.clone(),
            decides: u.decides,
            receives: u.receives,
            recommend_by,
            opinion: u.opinion.clone().into_vec(),
            experts: u.experts.clone(),
            quotas,
            channel: u.channel.clone(),
            hand_in: u.hand_in.clone(),
        });
    }
    Chain::new(units, program)
}

impl Calls {
    /// Reads and checks a calls file: known programs, unique ids, closing after opening.
    pub fn parse(text: &str) -> Result<Calls, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut calls = Vec::with_capacity(file.call.len());
        for e in file.call {
            if shared::programs::find(&e.program).is_none() {
                return Err(format!("call {}: no program {}", e.id, e.program));
            }
            if calls.iter().any(|c: &Call| c.id == e.id) {
                return Err(format!("call {} appears twice", e.id));
            }
            let opens = e
                .opens
                .as_ref()
                .map(|o| instant(o, false))
                .transpose()
                .map_err(|m| format!("call {}: opens {m}", e.id))?;
            let closes = e
                .closes
                .as_ref()
                .map(|c| instant(c, true))
                .transpose()
                .map_err(|m| format!("call {}: closes {m}", e.id))?;
            if let (Some(opens), Some(closes)) = (opens, closes)
                && closes <= opens
            {
                return Err(format!("call {}: closes before it opens", e.id));
            }
            for q in &e.quota {
                q.check().map_err(|m| format!("call {}: {m}", e.id))?;
            }
            let chain = chain(&e).map_err(|m| format!("call {}: {m}", e.id))?;
            calls.push(Call {
                id: e.id,
                program: e.program,
                year: e.year,
                title: e.title,
                opens,
                closes,
                units: chain.receivers(),
                chain,
                retain_days: e.retain_days,
                hand_in: e.hand_in.unwrap_or_default(),
            });
        }
        Ok(Calls(calls))
    }
}
