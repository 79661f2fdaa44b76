//! Calls: one year's opening of a program, with its window, configured per deployment in TOML.
//! The server's clock decides whether a call is open.

use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::value::{Datetime, Offset};

use crate::chain::{self, Chain, Keys, Unit};
use crate::quotas::Quota;

/// The calls that ship with the server: one open-ended demonstration call per program.
pub const DEFAULT: &str = include_str!("../calls.toml");

use crate::clock::{SHANGHAI, beijing};

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

/// A call's own words for how the paper goes in (`[call.hand_in]`), each overriding the
/// program's: the 晋城 call asks for "申报书一式5份（含电子版）" to the city, where the form says
/// 一式4份.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandIn {
    pub copies: Option<String>,
    pub paper: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub id: String,
    pub program: String,
    pub year: u16,
    pub title: String,
    /// Unix seconds; `None` while the window is not set (the call is upcoming, without a date).
    pub opens: Option<i64>,
    /// Unix seconds; `None` for a call without a deadline.
    pub closes: Option<i64>,
    /// The units that receive applications (applicants choose among them where there are
    /// several), with the channel each alone takes.
    pub units: Vec<shared::Receiver>,
    /// All its units, receiving or above them.
    pub chain: Chain,
    /// Days a submission is kept after it came in (个人信息保护法: no longer than needed).
    pub retain_days: Option<u32>,
    pub hand_in: HandIn,
}

/// Where a call stands at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Window {
    Upcoming,
    Open,
    Closed,
}

impl Call {
    pub fn window(&self, now: i64) -> Window {
        if self.opens.is_none_or(|opens| now < opens) {
            Window::Upcoming
        } else if self.closes.is_some_and(|c| now >= c) {
            Window::Closed
        } else {
            Window::Open
        }
    }

    /// The public view, with instants written in Beijing time.
    pub fn view(&self, now: i64) -> serde_json::Value {
        serde_json::json!({
            "id": self.id,
            "program": self.program,
            "year": self.year,
            "title": self.title,
            "opens_at": self.opens.map(beijing),
            "closes_at": self.closes.map(beijing),
            "units": self.units.iter().map(|u| &u.name).collect::<Vec<_>>(),
            // The 报送渠道 a receiving unit alone takes (the social pilot's joint-meeting members).
            "unit_channels": self.units.iter()
                .filter_map(|u| Some((u.name.clone(), serde_json::Value::from(u.channel.clone()?))))
                .collect::<serde_json::Map<_, _>>(),
            "state": self.window(now),
            "hand_in": self.hand_in(),
        })
    }

    /// How the paper goes in: the call's words, the program's where the call has none.
    pub fn hand_in(&self) -> serde_json::Value {
        let program = shared::programs::find(&self.program).map(|p| &p.hand_in);
        let or = |own: &Option<String>, default: fn(&shared::program::HandIn) -> &str| {
            own.clone()
                .unwrap_or_else(|| program.map(default).unwrap_or_default().to_owned())
        };
        serde_json::json!({
            "copies": or(&self.hand_in.copies, |h| h.copies),
            "paper": or(&self.hand_in.paper, |h| h.paper),
            "to": or(&self.hand_in.to, |h| h.to),
        })
    }
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

#[derive(Debug, Clone, Default)]
pub struct Calls(Vec<Call>);

impl Calls {
    /// What the calls say that the notices do not, each naming its call: printed when the
    /// server starts, which it still does.
    pub fn warnings(&self) -> Vec<String> {
        self.0
            .iter()
            .flat_map(|c| {
                let program = shared::programs::find(&c.program).expect("checked when parsed");
                c.chain
                    .warnings(program)
                    .into_iter()
                    .map(move |w| format!("call {}: {w}", c.id))
            })
            .collect()
    }

    /// The calls in `path`, or the shipped ones.
    pub fn load(path: Option<&Path>) -> Result<Calls, String> {
        match path {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                Calls::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
            }
            None => Calls::parse(DEFAULT),
        }
    }

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

    pub fn all(&self) -> &[Call] {
        &self.0
    }

    /// The call `id` of `program`.
    pub fn find(&self, program: &str, id: &str) -> Option<&Call> {
        self.0.iter().find(|c| c.id == id && c.program == program)
    }

    /// The answer of `GET /api/v1/form` for `program`, which the form's own pages also carry:
    /// every program to pick from, its definition, and its calls as the clock sees them now.
    pub fn form_answer(&self, program: &shared::Program) -> serde_json::Value {
        let now = crate::clock::now();
        let calls: Vec<_> = self
            .for_program(program.id, now)
            .into_iter()
            .map(|c| c.view(now))
            .collect();
        let programs: Vec<_> = shared::PROGRAMS
            .iter()
            .map(|p| serde_json::json!({ "id": p.id, "title": p.title }))
            .collect();
        serde_json::json!({
            "programs": programs,
            "program": program,
            "calls": calls,
        })
    }

    /// A program's calls: open ones first, then upcoming, then closed, newest first within each.
    pub fn for_program(&self, program: &str, now: i64) -> Vec<&Call> {
        let mut calls: Vec<&Call> = self.0.iter().filter(|c| c.program == program).collect();
        let rank = |w: Window| match w {
            Window::Open => 0,
            Window::Upcoming => 1,
            Window::Closed => 2,
        };
        calls.sort_by_key(|c| (rank(c.window(now)), std::cmp::Reverse(c.opens)));
        calls
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_has_an_open_call_for_every_program() {
        let calls = Calls::parse(DEFAULT).unwrap();
        for program in shared::PROGRAMS {
            let open = calls.for_program(program.id, 4_102_444_800);
            assert_eq!(
                open.first().map(|c| c.window(4_102_444_800)),
                Some(Window::Open),
                "{}",
                program.id
            );
            assert!(open[0].title.contains("不设截止时间"));
        }
    }

    #[test]
    fn instants_are_beijing_time_unless_an_offset_is_given() {
        let calls = Calls::parse(
            "[[call]]\nid='a'\nprogram='cq-municipal'\nyear=2023\ntitle='t'\nopens=2023-07-24T09:00:00\ncloses=2023-08-11\n\
             [[call]]\nid='b'\nprogram='cq-municipal'\nyear=2023\ntitle='t'\nopens=2023-07-24T01:00:00Z",
        )
        .unwrap();
        let a = &calls.all()[0];
        let opens = a.opens.unwrap();
        assert_eq!(beijing(opens), "2023-07-24 09:00");
        assert_eq!(opens, 1_690_160_400);
        // A bare closing date closes at the end of that day.
        assert_eq!(beijing(a.closes.unwrap() - 1), "2023-08-11 23:59");
        assert_eq!(a.window(a.closes.unwrap() - 1), Window::Open);
        assert_eq!(a.window(a.closes.unwrap()), Window::Closed);
        assert_eq!(a.window(opens - 1), Window::Upcoming);
        assert_eq!(beijing(calls.all()[1].opens.unwrap()), "2023-07-24 09:00");
    }

    #[test]
    fn the_example_file_has_the_seeds_dates_and_quotas() {
        let calls = Calls::parse(include_str!("../calls.example.toml")).unwrap();
        let sx = calls
            .find("sx-provincial", "sx-provincial-2021-jincheng")
            .unwrap();
        assert_eq!(beijing(sx.opens.unwrap()), "2021-04-25 00:00");
        assert_eq!(beijing(sx.closes.unwrap() - 1), "2021-05-08 23:59");
        assert_eq!(
            sx.chain.unit("晋城市市场监督管理局").unwrap().quotas[0]
                .category("pilot", "工业")
                .as_deref(),
            Some("每个领域（工业）")
        );
        // Its chain: six counties receive, each to recommend at least one, to the city (at
        // most 2 per domain) by 05-08; the city to the province by 05-10; the province decides.
        let counties: Vec<_> = sx.chain.children("晋城市市场监督管理局").collect();
        assert_eq!(counties.len(), 6);
        assert!(
            counties
                .iter()
                .all(|c| c.receives && c.quotas[0].min == Some(1))
        );
        assert_eq!(
            beijing(counties[0].recommend_by.unwrap() - 1),
            "2021-05-08 23:59"
        );
        assert_eq!(sx.chain.decider().unwrap().name, "山西省市场监督管理局");
        // The city writes in no block the applicant's side seals; nothing to warn about.
        assert!(calls.warnings().is_empty(), "{:?}", calls.warnings());
        assert_eq!(sx.units.len(), 6);
        // "务于2021年5月10日前将本地区推荐的试点备选项目清单和相关材料报送省市场监管局。纸质材料一式
        // 三份，电子材料发送指定邮箱。"
        let city = sx.chain.unit("晋城市市场监督管理局").unwrap();
        assert_eq!(city.hand_in.list(), "试点备选项目清单");
        assert!(city.hand_in.copies.as_deref().unwrap().contains("一式三份"));
        assert_eq!(beijing(city.recommend_by.unwrap() - 1), "2021-05-10 23:59");
        // The 晋城 call's own hand-in words, the program's where it has none.
        assert_eq!(
            sx.hand_in()["copies"],
            "申报书一式5份（含电子版）；承担单位、参加单位、保证单位签字盖章"
        );
        assert_eq!(sx.hand_in()["paper"], "");
        let cq = calls
            .find("cq-municipal", "cq-municipal-2023-yubei")
            .unwrap();
        assert_eq!(beijing(cq.closes.unwrap() - 1), "2023-08-11 23:59");
        assert!(cq.hand_in()["paper"].as_str().unwrap().contains("A4"));
        // "重庆市渝北区市场监督管理局（代章）" writes the 区县市场监管局推荐意见; the papers still go
        // to the joint-meeting office.
        assert_eq!(
            cq.chain.unit("重庆市渝北区市场监督管理局").unwrap().opinion,
            ["区县市场监管局推荐意见"]
        );
        assert!(
            cq.hand_in()["to"]
                .as_str()
                .unwrap()
                .contains("联席会议办公室")
        );
        let sh = calls.find("sh-municipal", "sh-municipal-2021").unwrap();
        assert_eq!(beijing(sh.closes.unwrap() - 1), "2021-04-30 23:59");
        // "行业主管部门或区市场监管局对申报的试点项目进行初审，填写推荐部门意见并加盖公章后统一报送市
        // 市场监管局", which "统一征集、立项".
        assert_eq!(sh.chain.decider().unwrap().name, "上海市市场监督管理局");
        let first: Vec<_> = sh.chain.children("上海市市场监督管理局").collect();
        assert_eq!(first.len(), 17);
        assert!(
            first
                .iter()
                .all(|u| u.receives && u.opinion == ["推荐部门意见"])
        );
        // Every program has a call of its seed.
        for program in shared::PROGRAMS {
            assert!(
                calls.all().iter().any(|c| c.program == program.id),
                "{}",
                program.id
            );
        }
        let hightech = calls
            .find("national-hightech", "national-hightech-2023")
            .unwrap();
        // "于2023年8月15日前将…项目推荐汇总表…邮寄": the province's deadline, not the applicants'
        // window, which no seed gives: upcoming, without a date, until a province sets it.
        assert_eq!((hightech.opens, hightech.closes), (None, None));
        assert_eq!(hightech.window(4_102_444_800), Window::Upcoming);
        let province = hightech.chain.unit("山西省市场监督管理局").unwrap();
        assert_eq!(
            beijing(province.recommend_by.unwrap() - 1),
            "2023-08-15 23:59"
        );
        assert_eq!(province.hand_in.list(), "项目推荐汇总表");
        assert!(
            province
                .hand_in
                .copies
                .as_deref()
                .unwrap()
                .contains("一式两份")
        );
        let limits: Vec<_> = hightech
            .chain
            .unit("山西省市场监督管理局")
            .unwrap()
            .quotas
            .iter()
            .map(|q| {
                let counts = |kind, domain| q.category(kind, domain).is_some();
                (
                    q.max.unwrap(),
                    counts("pilot", "电子信息"),
                    counts("pilot", "新型基础设施"),
                    counts("demonstration", "电子信息"),
                )
            })
            .collect();
        assert_eq!(
            limits,
            [
                (10, true, false, false),
                (10, false, true, false),
                (2, false, false, true)
            ]
        );
        // "原则上试点项目不超过10个,新型基础设施领域试点项目不超过10个,示范项目不超过2个": in
        // principle, so none of the three is firm; the service track's "推荐示范项目不超过2项" is.
        let unit = hightech.chain.unit("山西省市场监督管理局").unwrap();
        assert!(unit.quotas.iter().all(|q| !q.firm));
        let service = calls
            .find("national-service-demo", "national-service-demo-2023")
            .unwrap();
        let unit = service.chain.unit("山西省市场监督管理局").unwrap();
        assert!(unit.quotas.iter().all(|q| q.firm));
        assert_eq!(beijing(unit.recommend_by.unwrap() - 1), "2023-08-15 23:59");
        // The social pilot's channels: the industry authorities receive for the province, which
        // recommends to the joint office; "联席会议成员单位可将推荐的项目申请材料直接报送联席办公室".
        let social = calls
            .find("national-social-pilot", "national-social-pilot-2023")
            .unwrap();
        let channel = |name: &str| social.chain.unit(name).unwrap().channel.clone();
        assert_eq!(channel("民政部").as_deref(), Some("joint_meeting_member"));
        assert_eq!(
            channel("山西省民政厅").as_deref(),
            Some("provincial_bureau")
        );
        assert_eq!(social.chain.unit("民政部").unwrap().parent, None);
        assert_eq!(
            social.chain.unit("山西省民政厅").unwrap().parent.as_deref(),
            Some("山西省市场监督管理局")
        );
        assert!(social.chain.units().iter().all(|u| u.opinion.is_empty()));
        assert_eq!(social.units.len(), 3);
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        let unknown = Calls::parse(
            "[[call]]\nid='a'\nprogram='nope'\nyear=2023\ntitle='t'\nopens=2023-01-01",
        );
        assert!(unknown.unwrap_err().contains("no program nope"));
        let backwards = Calls::parse(
            "[[call]]\nid='a'\nprogram='cq-municipal'\nyear=2023\ntitle='t'\nopens=2023-02-01\ncloses=2023-01-01",
        );
        assert!(backwards.unwrap_err().contains("closes before it opens"));
        let twice =
            "[[call]]\nid='a'\nprogram='cq-municipal'\nyear=2023\ntitle='t'\nopens=2023-01-01\n";
        assert!(
            Calls::parse(&twice.repeat(2))
                .unwrap_err()
                .contains("twice")
        );
        let unknown_hand_in = Calls::parse(
            "[[call]]\nid='a'\nprogram='cq-municipal'\nyear=2023\ntitle='t'\nopens=2023-01-01\n[call.hand_in]\nfax='1'",
        );
        assert!(unknown_hand_in.unwrap_err().contains("fax"));
        // A channel the program does not have, or on a unit that receives nothing.
        let unit = |program: &str, extra: &str| {
            Calls::parse(&format!(
                "[[call]]\nid='a'\nprogram='{program}'\nyear=2023\ntitle='t'\n[[call.unit]]\nname='u'\n{extra}"
            ))
        };
        assert!(
            unit(
                "national-social-pilot",
                "receives=true\nchannel='joint_meeting_member'"
            )
            .is_ok()
        );
        for (program, extra) in [
            ("national-social-pilot", "receives=true\nchannel='fax'"),
            ("national-social-pilot", "channel='joint_meeting_member'"),
            (
                "cq-municipal",
                "receives=true\nchannel='joint_meeting_member'",
            ),
        ] {
            assert!(
                unit(program, extra).unwrap_err().contains("channel"),
                "{extra}"
            );
        }
        // A list's name titles a spreadsheet: none that Excel refuses as a sheet's name.
        let named = |list: &str| {
            unit(
                "cq-municipal",
                &format!("[call.unit.hand_in]\nlist='{list}'"),
            )
        };
        assert!(named("试点备选项目清单").is_ok());
        assert!(named("清单/2021").unwrap_err().contains("hand_in.list"));
        // A call without opens is upcoming, with no date, until the deployment sets one.
        let unset = unit("cq-municipal", "receives=true").unwrap();
        assert_eq!(unset.all()[0].window(4_102_444_800), Window::Upcoming);
        assert_eq!(unset.all()[0].view(0)["opens_at"], serde_json::Value::Null);
    }
}
