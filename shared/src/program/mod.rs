//! What a program is: a kind of application with its own form and rules. A program is data:
//! the form engine renders it and the rule engine checks it. This module is the schema (the
//! types and what they answer); the definitions, the shorthands they are written with and the
//! registry of programs live in `crate::programs`.

use serde::Serialize;

use crate::catalog;
pub use crate::catalog::Choice;
mod conditions;
mod form;
mod labels;
mod printed;

pub use conditions::{Check, Condition};
pub use form::*;
pub use printed::*;

use crate::fields::Field;
use crate::model::Application;
use crate::report::Issue;
use crate::rules::credit_code::CodeInfo;

/// The choice that opens a free-text box where a notice's list ends with 等.
pub const OTHER: &str = "其他";

#[derive(Serialize)]
pub struct Program {
    pub id: &'static str,
    pub title: &'static str,
    /// The authority that issues the form (制表单位).
    pub authority: &'static str,
    /// What the program is; for the national tracks it says the layout follows the notice.
    pub description: &'static str,
    /// The official form's own title; `{domain}` stands for the chosen domain (Shanxi's XXX).
    /// A line above it on the form's cover comes first, on a line of its own.
    pub form_title: &'static str,
    /// The form's issuing line at the foot of its cover (重庆市市场监督管理局制), where the form
    /// has one; empty where none was seen (the national tracks' layouts are this system's).
    pub issuer: &'static str,
    /// The official form's cover, in its order and wording.
    pub cover: &'static [Cover],
    /// The values `project.kind` may take here, with their labels.
    pub kinds: &'static [Choice],
    /// `project.subject_kind`: 试点企业 / 试点区域, where the program distinguishes them.
    pub subject_kinds: &'static [Choice],
    /// `project.pilot_type` (Shanghai).
    pub pilot_types: &'static [Choice],
    pub domains: &'static [Domain],
    /// The notice names no list of domains ("建议重点围绕以下领域标准化工作开展申报：" and no list
    /// follows): `domains` are suggestions the applicant may take, write over, or leave empty.
    pub domains_suggested: bool,
    /// `applicant.registered_city` choices, where the form asks for it.
    pub cities: &'static [&'static str],
    /// The form, in the order and wording of the official form.
    pub sections: &'static [Section],
    pub plan: PlanSpec,
    pub declarations: &'static [Declaration],
    /// Whose registration the credit code must show to be able to be a legal person, where the
    /// notice demands 独立法人资格.
    pub legal_person: Need,
    /// What the notice demands, in its words, where a credit code shows no legal person:
    /// the social pilot's "能够独立承担法律责任的机构或者组织", the others' 独立法人资格.
    pub legal_person_need: &'static str,
    /// Whom the accident question (近三年是否发生重大事故) refuses when answered yes: the notice's
    /// condition may bind 试点企业 only, a 试点区域 answering for no single unit.
    pub accident_binds: Need,
    pub term: TermBounds,
    /// Files that go with the application, as multipart parts named by `key`.
    pub attachments: &'static [Attachment],
    /// The area code of the program's city (`023`), where its notice prints local numbers
    /// without one; `None` where applicants come from several cities and must give it.
    pub area_code: Option<&'static str>,
    /// The province applicants must be registered in (`31`), where the notice says so.
    pub home_province: Option<&'static str>,
    /// The least share (%) of same-industry units a region applicant must bring in.
    pub region_min_percent: Option<u32>,
    /// The verdict a demonstration's earlier pilot must have had.
    pub demonstration_verdict: Option<&'static str>,
    /// The months that must have passed since the earlier pilot was evaluated.
    pub prior_min_months: Option<i32>,
    /// The printed form as the official one lays it out: its parts, each a table.
    pub sheets: &'static [Sheet],
    /// The opinion and seal blocks of the printed form, each as the form words it: a heading
    /// line (its key is its words up to the first "（" or "："), then the lines to sign under.
    #[serde(serialize_with = "printed::opinion_blocks")]
    pub opinion_blocks: &'static [&'static str],
    /// The keys of the blocks the applicant's side seals before the application reaches the
    /// recommending chain (Shanxi: "在试点承担单位、参加单位（可以没有）、保证单位一栏签字盖章，经
    /// 各市（示范区）市场监管局汇总筛查后，统一报送"): no unit of the chain writes in them.
    pub applicant_blocks: &'static [&'static str],
    /// Whom applicants call, by domain or city.
    pub contacts: &'static [ProgramContact],
    /// How the signed and sealed paper goes in.
    pub hand_in: HandIn,
    /// The template's 填写说明 page, where it has one.
    pub instructions: Instructions,
    /// How many rows each repeating list may have.
    pub limits: Limits,
    /// Rules only this program has.
    #[serde(skip)]
    pub rules: &'static [Rule],
}

/// What a program's own rule sees.
pub struct RuleContext<'a> {
    pub app: &'a Application,
    pub program: &'a Program,
    /// The credit code's reading, when it is valid.
    pub code: Option<CodeInfo>,
}

/// A rule of one program, adding what it finds.
pub type Rule = fn(&RuleContext, &mut Vec<Issue>);

#[derive(Debug, Serialize)]
pub struct Domain {
    pub name: &'static str,
    pub sub_areas: &'static [&'static str],
    /// The notice's list ends with 等: besides it, [`OTHER`] with the applicant's own words in
    /// `project.sub_area_other`.
    pub open: bool,
    /// Only pilots, no demonstrations, are called for here.
    pub pilot_only: bool,
    /// The form's title for this domain, where it has a form of its own; empty for the
    /// program's.
    pub form_title: &'static str,
}

impl Domain {
    /// A domain whose sub-areas are exactly these.
    pub(crate) const fn listed(name: &'static str, sub_areas: &'static [&'static str]) -> Domain {
        Domain {
            name,
            sub_areas,
            open: false,
            pilot_only: false,
            form_title: "",
        }
    }

    /// A domain whose notice names these sub-areas "等": others may be written in.
    pub(crate) const fn open(name: &'static str, sub_areas: &'static [&'static str]) -> Domain {
        Domain {
            open: true,
            ..Domain::listed(name, sub_areas)
        }
    }
}

/// Where the notice demands a legal person (独立法人资格).
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(tag = "of", content = "when", rename_all = "snake_case")]
pub enum Need {
    /// It does not.
    None,
    /// Of every applicant.
    All,
    /// Of applicants of this subject kind only (试点企业, not 试点区域).
    Subject(&'static str),
}

impl Need {
    pub fn applies(self, app: &Application) -> bool {
        match self {
            Need::None => false,
            Need::All => true,
            Need::Subject(kind) => app.project.subject_kind == kind,
        }
    }
}

/// How the paper goes in, as the notice says.
#[derive(Debug, Serialize)]
pub struct HandIn {
    /// How many copies, signed and sealed by whom, and the electronic version.
    pub copies: &'static str,
    /// Paper size, where the notice sets one.
    pub paper: &'static str,
    /// Where it goes.
    pub to: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Attachment {
    pub key: &'static str,
    pub label: &'static str,
    pub required: bool,
}

#[derive(Debug, Serialize)]
pub struct ProgramContact {
    /// The domains this person answers for; empty for all.
    pub domains: &'static [&'static str],
    /// The cities (`applicant.registered_city`) whose applicants this person receives; empty
    /// for all.
    pub cities: &'static [&'static str],
    pub name: &'static str,
    /// Empty where the notice gives none.
    pub phone: &'static str,
    pub email: &'static str,
    /// Where paper goes or whom to visit, with what to write on the envelope.
    pub address: &'static str,
}

/// How many rows each repeating list of the form may have. Every list is bounded, so that no
/// application, a script's included, can make the rules' work or the server's answer grow
/// without end (a 1 MB body of empty rows would otherwise yield a million messages). The
/// declarations are bounded by the program's own list of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Limits {
    pub plan_rows: usize,
    pub standards: usize,
    pub participants: usize,
}

impl Limits {
    /// Well above what any notice's form has room for: a work plan of a few stages, a
    /// standard system of dozens, the participating units of one region.
    pub const USUAL: Limits = Limits {
        plan_rows: 30,
        standards: 100,
        participants: 200,
    };
}

/// How long a term may run, in months, both ends included.
#[derive(Debug, Serialize)]
pub struct TermBounds {
    /// Longer is an error, where the notice sets a ceiling; where it names none, none is made up.
    pub max_months: Option<i32>,
    /// Longer is a warning, where the notice names a usual term ("建设周期一般为2年"); where it
    /// names none, no warning is made up either.
    pub usual_months: Option<i32>,
    /// Shorter is a warning (0: no such bound), where the notice fixes the term. A term of N
    /// years is written either way, "2021年7月至2023年6月" or "2021年7月至2023年7月": one month
    /// short of it does not warn.
    pub least_months: i32,
}

impl Program {
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.sections.iter().flat_map(|s| s.items)
    }

    /// The field specs, in form order.
    pub fn fields(&self) -> impl Iterator<Item = &FieldSpec> {
        self.items().filter_map(|i| match i {
            Item::Field(f) => Some(f),
            _ => None,
        })
    }

    pub fn spec(&self, field: Field) -> Option<&FieldSpec> {
        self.fields().find(|f| f.field == field)
    }

    pub fn has(&self, item: fn(&Item) -> bool) -> bool {
        self.items().any(item)
    }

    pub fn domain(&self, name: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.name == name)
    }

    /// The choices of a choice field, given what else the applicant chose (sub-areas depend on
    /// the domain).
    pub fn options(&self, field: Field, app: &Application) -> Vec<(&'static str, &'static str)> {
        let pairs =
            |choices: &'static [Choice]| choices.iter().map(|c| (c.value, c.label)).collect();
        let same = |names: &[&'static str]| names.iter().map(|n| (*n, *n)).collect();
        match field {
            Field::ProjectKind => pairs(self.kinds),
            Field::SubjectKind => pairs(self.subject_kinds),
            Field::PilotType => pairs(self.pilot_types),
            Field::Domain => self.domains.iter().map(|d| (d.name, d.name)).collect(),
            // Suggestions follow a suggested domain; a domain of the applicant's own gets them all.
            Field::SubArea if self.domains_suggested => match self.domain(&app.project.domain) {
                Some(d) => same(d.sub_areas),
                None => same(
                    &self
                        .domains
                        .iter()
                        .flat_map(|d| d.sub_areas)
                        .copied()
                        .collect::<Vec<_>>(),
                ),
            },
            Field::SubArea => self.domain(&app.project.domain).map_or_else(Vec::new, |d| {
                let mut options: Vec<_> = same(d.sub_areas);
                if d.open {
                    options.push((OTHER, "其他（请注明）"));
                }
                options
            }),
            Field::LegalForm => pairs(catalog::LEGAL_FORMS),
            Field::Channel => pairs(catalog::CHANNELS),
            Field::RegisteredCity => same(self.cities),
            Field::Industry => pairs(catalog::INDUSTRIES),
            Field::EconomicType => same(catalog::ECONOMIC_TYPES),
            Field::PriorVerdict => same(catalog::VERDICTS),
            _ => Vec::new(),
        }
    }

    /// The contact persons for the applicant's domain and city: those for all first.
    pub fn contacts_for(&self, app: &Application) -> impl Iterator<Item = &ProgramContact> {
        let serves = |scope: &[&str], value: &str| scope.is_empty() || scope.contains(&value);
        self.contacts.iter().filter(move |c| {
            serves(c.domains, &app.project.domain)
                && serves(c.cities, &app.applicant.registered_city)
        })
    }
}

/// A program with its conditions, as `GET /api/v1/programs/{id}` answers.
#[derive(Serialize)]
pub struct Definition {
    #[serde(flatten)]
    pub program: &'static Program,
    pub conditions: &'static [Condition],
}
