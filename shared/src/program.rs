//! Programs: a kind of application with its own form and rules. A program is data: the form
//! engine renders it and the rule engine checks it, so a new program is a new definition here
//! (plus, for a rule no other program has, a rule function).

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use crate::catalog;
use crate::fields::Field;
use crate::model::Application;
use crate::report::Issue;
use crate::rules::credit_code::CodeInfo;

#[derive(Serialize)]
pub struct Program {
    pub id: &'static str,
    pub title: &'static str,
    /// The authority that issues the form (制表单位).
    pub authority: &'static str,
    /// What the program is; for the national tracks it says the layout follows the notice.
    pub description: &'static str,
    /// The values `project.kind` may take here, with their labels.
    pub kinds: &'static [Choice],
    /// `project.subject_kind`: 试点企业 / 试点区域, where the program distinguishes them.
    pub subject_kinds: &'static [Choice],
    /// `project.pilot_type` (Shanghai).
    pub pilot_types: &'static [Choice],
    pub domains: &'static [Domain],
    /// `applicant.registered_city` choices, where the form asks for it.
    pub cities: &'static [&'static str],
    /// The form, in the order and wording of the official form.
    pub sections: &'static [Section],
    pub plan: PlanSpec,
    pub declarations: &'static [Declaration],
    /// The notice's eligibility conditions and how each is checked.
    pub conditions: &'static [Condition],
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
    /// The opinion and seal blocks of the printed form, filled on paper after printing.
    pub opinion_blocks: &'static [&'static str],
    /// Whom applicants call, by domain.
    pub contacts: &'static [ProgramContact],
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
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Domain {
    pub name: &'static str,
    pub sub_areas: &'static [&'static str],
}

#[derive(Debug, Serialize)]
pub struct Section {
    pub title: &'static str,
    pub items: &'static [Item],
}

/// One entry of a section.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Item {
    Field(FieldSpec),
    /// The plan, at `plan`.
    Plan,
    /// The self-declarations, at `declarations.<key>`.
    Declarations,
    /// The standards list, at `standards`, rows added and removed by the applicant.
    Standards,
    /// The participating units, at `units.participants`, added and removed by the applicant.
    Participants,
    /// The attachments, as multipart parts.
    Attachments,
}

#[derive(Debug)]
pub struct FieldSpec {
    pub field: Field,
    pub label: &'static str,
    /// Guidance printed under the label, from the official form's parentheses.
    pub hint: &'static str,
    pub required: bool,
    /// For a count: the least value the notice asks for.
    pub min: Option<u32>,
}

impl Serialize for FieldSpec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("FieldSpec", 7)?;
        st.serialize_field("key", self.field.path())?;
        st.serialize_field("kind", &self.field.kind())?;
        st.serialize_field("max_chars", &self.field.max_chars())?;
        st.serialize_field("label", self.label)?;
        st.serialize_field("hint", self.hint)?;
        st.serialize_field("required", &self.required)?;
        st.serialize_field("min", &self.min)?;
        st.end()
    }
}

/// How the plan is laid out.
#[derive(Debug, Serialize)]
#[serde(tag = "layout", rename_all = "snake_case")]
pub enum PlanSpec {
    /// Fixed stages that follow one another (Chongqing: 启动, 建设, 总结).
    Stages { stages: &'static [Stage] },
    /// Rows the applicant adds. With `kinds`, each row names one of them and all must appear
    /// (Shanxi); without, the stage is free text.
    Rows {
        kinds: &'static [&'static str],
        /// Whether each row names the responsible and participating units.
        responsible: bool,
    },
}

#[derive(Debug, Serialize)]
pub struct Stage {
    pub name: &'static str,
    pub hint: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Declaration {
    pub key: &'static str,
    pub text: &'static str,
}

/// An eligibility condition of the notice.
#[derive(Debug, Serialize)]
pub struct Condition {
    pub text: &'static str,
    pub check: Check,
}

/// Who checks a condition.
#[derive(Debug, Serialize)]
#[serde(tag = "by", content = "at", rename_all = "snake_case")]
pub enum Check {
    /// The rules, at this path.
    Rule(&'static str),
    /// The applicant, by affirming this declaration.
    Declaration(&'static str),
    /// Only the reviewers can (market share, local support, …); the form records what the
    /// applicant writes about it.
    Review,
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
    pub name: &'static str,
    pub phone: &'static str,
}

/// How long a term may run, in months, both ends included.
#[derive(Debug, Serialize)]
pub struct TermBounds {
    /// Longer is an error.
    pub max_months: i32,
    /// Longer is a warning.
    pub usual_months: i32,
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
            Field::SubArea => self
                .domain(&app.project.domain)
                .map_or_else(Vec::new, |d| same(d.sub_areas)),
            Field::RegisteredCity => same(self.cities),
            Field::Industry => pairs(catalog::INDUSTRIES),
            Field::EconomicType => same(catalog::ECONOMIC_TYPES),
            Field::PriorVerdict => same(catalog::VERDICTS),
            _ => Vec::new(),
        }
    }

    /// The contact person for the chosen domain (or the program's only one).
    pub fn contact_for(&self, domain: &str) -> Option<&ProgramContact> {
        self.contacts
            .iter()
            .find(|c| c.domains.contains(&domain))
            .or_else(|| self.contacts.iter().find(|c| c.domains.is_empty()))
    }
}

/// Every program this system knows.
pub const PROGRAMS: &[&Program] = &[
    &crate::programs::cq_municipal::PROGRAM,
    &crate::programs::sx_provincial::PROGRAM,
    &crate::programs::national_hightech::PROGRAM,
    &crate::programs::national_service_demo::PROGRAM,
    &crate::programs::national_social_pilot::PROGRAM,
    &crate::programs::sh_municipal::PROGRAM,
];

pub fn find(id: &str) -> Option<&'static Program> {
    PROGRAMS.iter().copied().find(|p| p.id == id)
}

/// Shorthands for the definitions.
pub(crate) const fn field(field: Field, label: &'static str, required: bool) -> Item {
    Item::Field(FieldSpec {
        field,
        label,
        hint: "",
        required,
        min: None,
    })
}

pub(crate) const fn hinted(field: Field, label: &'static str, hint: &'static str) -> Item {
    Item::Field(FieldSpec {
        field,
        label,
        hint,
        required: true,
        min: None,
    })
}

/// A field the applicant may leave empty, with guidance.
pub(crate) const fn optional(field: Field, label: &'static str, hint: &'static str) -> Item {
    Item::Field(FieldSpec {
        field,
        label,
        hint,
        required: false,
        min: None,
    })
}

pub(crate) const fn at_least(field: Field, label: &'static str, min: u32) -> Item {
    Item::Field(FieldSpec {
        field,
        label,
        hint: "",
        required: true,
        min: Some(min),
    })
}

/// A program with nothing set, for definitions to start from with `..BLANK`.
pub(crate) const BLANK: Program = Program {
    id: "",
    title: "",
    authority: "",
    description: "",
    kinds: &[],
    subject_kinds: &[],
    pilot_types: &[],
    domains: &[],
    cities: &[],
    sections: &[],
    plan: PlanSpec::Rows {
        kinds: &[],
        responsible: false,
    },
    declarations: &[],
    conditions: &[],
    term: TermBounds {
        max_months: 36,
        usual_months: 24,
    },
    attachments: &[],
    area_code: None,
    home_province: None,
    region_min_percent: None,
    demonstration_verdict: None,
    prior_min_months: None,
    opinion_blocks: &[],
    contacts: &[],
    rules: &[],
};
