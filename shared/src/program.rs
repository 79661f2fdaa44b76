//! Programs: a kind of application with its own form and rules. A program is data: the form
//! engine renders it and the rule engine checks it, so a new program is a new definition here.

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use crate::fields::Field;

#[derive(Debug, Serialize)]
pub struct Program {
    pub id: &'static str,
    pub title: &'static str,
    /// The authority that issues the form (制表单位).
    pub authority: &'static str,
    pub description: &'static str,
    /// The values `project.kind` may take here, with their labels.
    pub kinds: &'static [Choice],
    pub domains: &'static [Domain],
    /// The form, in the order and wording of the official form.
    pub sections: &'static [Section],
    pub plan: PlanSpec,
    pub declarations: &'static [Declaration],
    pub term: TermBounds,
    /// The area code of the program's city (`023`), where its notice prints local numbers
    /// without one; `None` where applicants come from several cities and must give it.
    pub area_code: Option<&'static str>,
    /// The opinion and seal blocks of the printed form, filled on paper after printing.
    pub opinion_blocks: &'static [&'static str],
}

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
    /// The plan's stages, at `plan`.
    Plan,
    /// The self-declarations, at `declarations.<key>`.
    Declarations,
    /// The standards list, at `standards`, rows added and removed by the applicant.
    Standards,
}

#[derive(Debug)]
pub struct FieldSpec {
    pub field: Field,
    pub label: &'static str,
    /// Guidance printed under the label, from the official form's parentheses.
    pub hint: &'static str,
    pub required: bool,
}

impl Serialize for FieldSpec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("FieldSpec", 6)?;
        st.serialize_field("key", self.field.path())?;
        st.serialize_field("kind", &self.field.kind())?;
        st.serialize_field("max_chars", &self.field.max_chars())?;
        st.serialize_field("label", self.label)?;
        st.serialize_field("hint", self.hint)?;
        st.serialize_field("required", &self.required)?;
        st.end()
    }
}

/// The plan's fixed stages, in order.
#[derive(Debug, Serialize)]
pub struct PlanSpec {
    pub stages: &'static [Stage],
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

/// How long a term may run, in months, both ends included.
#[derive(Debug, Serialize)]
pub struct TermBounds {
    /// Longer is an error.
    pub max_months: i32,
    /// Longer is a warning.
    pub usual_months: i32,
}

impl Program {
    /// The field specs, in form order.
    pub fn fields(&self) -> impl Iterator<Item = &FieldSpec> {
        self.sections
            .iter()
            .flat_map(|s| s.items)
            .filter_map(|i| match i {
                Item::Field(f) => Some(f),
                _ => None,
            })
    }

    pub fn spec(&self, field: Field) -> Option<&FieldSpec> {
        self.fields().find(|f| f.field == field)
    }

    pub fn domain(&self, name: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.name == name)
    }
}

/// Every program this system knows.
pub const PROGRAMS: &[&Program] = &[&crate::programs::cq_municipal::PROGRAM];

pub fn find(id: &str) -> Option<&'static Program> {
    PROGRAMS.iter().copied().find(|p| p.id == id)
}

/// Shorthand for the definitions.
pub(crate) const fn field(field: Field, label: &'static str, required: bool) -> Item {
    Item::Field(FieldSpec {
        field,
        label,
        hint: "",
        required,
    })
}

pub(crate) const fn hinted(field: Field, label: &'static str, hint: &'static str) -> Item {
    Item::Field(FieldSpec {
        field,
        label,
        hint,
        required: true,
    })
}
