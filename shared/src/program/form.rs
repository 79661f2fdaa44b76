//! The online form as a program defines it: its sections and their items, each field's spec,
//! the cases a field or declaration is asked in, the plan's layout, the declarations.

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use crate::fields::Field;
use crate::model::Application;

/// Where a condition or a field applies: only while another field has this value.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct When {
    #[serde(serialize_with = "path_of")]
    pub field: Field,
    pub equals: &'static str,
}

impl When {
    pub fn holds(&self, app: &Application) -> bool {
        self.field.text(app).is_some_and(|v| v == self.equals)
    }
}

pub(crate) fn path_of<S: Serializer>(field: &Field, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(field.path())
}

/// Whether `when` (none: always) holds.
pub fn applies(when: Option<When>, app: &Application) -> bool {
    when.is_none_or(|w| w.holds(app))
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
    /// The field is asked only while this holds; otherwise its value is dropped.
    pub when: Option<When>,
    /// Not on the official form: collected for a check or for the reviewers' filters, and
    /// printed apart from the official form.
    pub supplementary: bool,
}

impl FieldSpec {
    pub fn applies(&self, app: &Application) -> bool {
        applies(self.when, app)
    }
}

impl Serialize for FieldSpec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("FieldSpec", 9)?;
        st.serialize_field("key", self.field.path())?;
        st.serialize_field("kind", &self.field.kind())?;
        st.serialize_field("max_chars", &self.field.max_chars())?;
        st.serialize_field("label", self.label)?;
        st.serialize_field("hint", self.hint)?;
        st.serialize_field("required", &self.required)?;
        st.serialize_field("min", &self.min)?;
        st.serialize_field("when", &self.when)?;
        st.serialize_field("supplementary", &self.supplementary)?;
        st.end()
    }
}

/// How the plan is laid out.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(tag = "layout", rename_all = "snake_case")]
pub enum PlanSpec {
    /// Fixed stages that follow one another (Chongqing: 启动, 建设, 总结).
    Stages { stages: &'static [Stage] },
    /// Rows the applicant adds, side by side if need be.
    Rows {
        /// Whether each row has a stage name of its own (a column of the table).
        stage: bool,
        /// The kinds of work the rows should cover together, each row naming those it covers
        /// in `covers` (Shanxi: the form's list ends with 等, so a missing kind only warns).
        kinds: &'static [&'static str],
        /// Whether each row names the responsible and participating units.
        responsible: Column,
    },
}

/// Whether a table has a column, and whether each row must fill it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Absent,
    /// Asked, and may be left empty: where no template asks for it.
    Optional,
    /// The form's template has it: every row fills it.
    Required,
}

impl Column {
    pub fn shown(self) -> bool {
        self != Column::Absent
    }
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
    /// Asked only while this holds (an enterprise's conditions are not a region's).
    pub when: Option<When>,
    /// Not among the official form's declarations: a condition of the notice that the form
    /// leaves out, printed apart from the official form.
    pub supplementary: bool,
}

impl Declaration {
    pub fn applies(&self, app: &Application) -> bool {
        applies(self.when, app)
    }
}
