//! The form's scalar fields, named once: their canonical path, what kind of value they hold, and
//! how long they may be. The form engine renders fields from this and the rules check them from
//! this, so the limit a character counter shows is the limit the server enforces.

use serde::Serialize;

use crate::model::Application;

/// What a field holds; decides normalization, the input widget and which format rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// One line of text: trimmed, inner whitespace folded.
    Line,
    /// A person's name: a line whose middle dots are written one way.
    Person,
    /// A long text that keeps its line breaks.
    Text,
    /// An identifier or number typed with separators: compacted before checking.
    Code,
    Phone,
    Mobile,
    Email,
    /// `YYYY-MM`.
    Month,
    /// `YYYY-MM-DD`.
    Date,
    /// A whole number.
    Count,
    /// One of a list the program gives.
    Choice,
    /// A standard number, `GB/T 1.1-2020`.
    Standard,
}

/// Character limits. Names of units and projects fit on one line of the printed form; long
/// texts fit on about two A4 pages.
pub mod limits {
    pub const LINE: usize = 100;
    pub const PERSON: usize = 30;
    pub const ADDRESS: usize = 200;
    pub const CODE: usize = 40;
    pub const EMAIL: usize = 254;
    pub const TEXT: usize = 3000;
    pub const STAGE_TEXT: usize = 1000;
}

macro_rules! fields {
    ($a:ident; $($variant:ident => $path:literal, $kind:ident, $max:expr, [$($access:tt)+];)*) => {
        /// A scalar field of the application.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Field { $($variant,)* }

        impl Field {
            /// Every field, in the order of the model.
            pub const ALL: &'static [Field] = &[$(Field::$variant,)*];

            /// The canonical dotted JSON path.
            pub const fn path(self) -> &'static str {
                match self { $(Field::$variant => $path,)* }
            }

            pub const fn kind(self) -> Kind {
                match self { $(Field::$variant => Kind::$kind,)* }
            }

            /// The most characters the value may have after normalization.
            pub const fn max_chars(self) -> usize {
                match self { $(Field::$variant => $max,)* }
            }

            /// The value of a text-valued field; `None` for [`Field::StaffCount`].
            pub fn text(self, app: &Application) -> Option<&String> {
                let $a = app;
                match self { $(Field::$variant => fields!(@ref $($access)+),)* }
            }

            /// The value of a text-valued field, to edit it.
            pub fn text_mut(self, app: &mut Application) -> Option<&mut String> {
                let $a = app;
                match self { $(Field::$variant => fields!(@mut $($access)+),)* }
            }
        }
    };
    (@ref none) => { None };
    (@ref $($e:tt)+) => { Some(&$($e)+) };
    (@mut none) => { None };
    (@mut $($e:tt)+) => { Some(&mut $($e)+) };
}

fields! {
    a;
    FilledOn => "filled_on", Date, 10, [a.filled_on];
    ApplicantName => "applicant.name", Line, limits::LINE, [a.applicant.name];
    CreditCode => "applicant.credit_code", Code, limits::CODE, [a.applicant.credit_code];
    LegalRepresentative => "applicant.legal_representative", Person, limits::PERSON, [a.applicant.legal_representative];
    Address => "applicant.address", Line, limits::ADDRESS, [a.applicant.address];
    PostalCode => "applicant.postal_code", Code, limits::CODE, [a.applicant.postal_code];
    OrganizationCode => "applicant.organization_code", Code, limits::CODE, [a.applicant.organization_code];
    LeadName => "contacts.project_lead.name", Person, limits::PERSON, [a.contacts.project_lead.name];
    LeadTitle => "contacts.project_lead.title", Line, limits::LINE, [a.contacts.project_lead.title];
    LeadPhone => "contacts.project_lead.phone", Phone, limits::CODE, [a.contacts.project_lead.phone];
    ContactName => "contacts.contact_person.name", Person, limits::PERSON, [a.contacts.contact_person.name];
    ContactTitle => "contacts.contact_person.title", Line, limits::LINE, [a.contacts.contact_person.title];
    ContactPhone => "contacts.contact_person.phone", Phone, limits::CODE, [a.contacts.contact_person.phone];
    Email => "contacts.email", Email, limits::EMAIL, [a.contacts.email];
    Mobile => "contacts.mobile", Mobile, limits::CODE, [a.contacts.mobile];
    Fax => "contacts.fax", Phone, limits::CODE, [a.contacts.fax];
    ProjectName => "project.name", Line, limits::LINE, [a.project.name];
    ProjectKind => "project.kind", Choice, limits::LINE, [a.project.kind];
    Domain => "project.domain", Choice, limits::LINE, [a.project.domain];
    SubArea => "project.sub_area", Choice, limits::LINE, [a.project.sub_area];
    TermStart => "project.term.start", Month, 10, [a.project.term.start];
    TermEnd => "project.term.end", Month, 10, [a.project.term.end];
    Summary => "project.summary", Text, limits::TEXT, [a.project.summary];
    StatusQuo => "project.status_quo", Text, limits::TEXT, [a.project.status_quo];
    Coverage => "project.coverage", Text, limits::TEXT, [a.project.coverage];
    Goals => "project.goals", Text, limits::TEXT, [a.project.goals];
    Safeguards => "project.safeguards", Text, limits::TEXT, [a.project.safeguards];
    BodyName => "standardization.body_name", Line, limits::LINE, [a.standardization.body_name];
    StaffCount => "standardization.staff_count", Count, 6, [none];
    Established => "standardization.established", Month, 10, [a.standardization.established];
}

/// The fields of one plan row, which repeat at `plan.<i>.<key>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowField {
    Stage,
    Start,
    End,
    Content,
    Responsible,
}

impl RowField {
    pub const ALL: &'static [RowField] = &[
        RowField::Stage,
        RowField::Start,
        RowField::End,
        RowField::Content,
        RowField::Responsible,
    ];

    pub const fn key(self) -> &'static str {
        match self {
            RowField::Stage => "stage",
            RowField::Start => "start",
            RowField::End => "end",
            RowField::Content => "content",
            RowField::Responsible => "responsible",
        }
    }

    pub const fn kind(self) -> Kind {
        match self {
            RowField::Stage | RowField::Responsible => Kind::Line,
            RowField::Start | RowField::End => Kind::Month,
            RowField::Content => Kind::Text,
        }
    }

    pub const fn max_chars(self) -> usize {
        match self {
            RowField::Stage => limits::PERSON,
            RowField::Start | RowField::End => 10,
            RowField::Content => limits::STAGE_TEXT,
            RowField::Responsible => limits::ADDRESS,
        }
    }

    /// The path of this field in row `index`: `plan.1.end`.
    pub fn path(self, index: usize) -> String {
        format!("plan.{index}.{}", self.key())
    }

    pub fn get(self, row: &crate::model::PlanRow) -> &String {
        match self {
            RowField::Stage => &row.stage,
            RowField::Start => &row.start,
            RowField::End => &row.end,
            RowField::Content => &row.content,
            RowField::Responsible => &row.responsible,
        }
    }

    pub fn get_mut(self, row: &mut crate::model::PlanRow) -> &mut String {
        match self {
            RowField::Stage => &mut row.stage,
            RowField::Start => &mut row.start,
            RowField::End => &mut row.end,
            RowField::Content => &mut row.content,
            RowField::Responsible => &mut row.responsible,
        }
    }
}

/// The fields of one row of the standards list, at `standards.<i>.<key>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandardField {
    Tier,
    Number,
    Title,
    Status,
}

impl StandardField {
    pub const ALL: &'static [StandardField] = &[
        StandardField::Tier,
        StandardField::Number,
        StandardField::Title,
        StandardField::Status,
    ];

    pub const fn key(self) -> &'static str {
        match self {
            StandardField::Tier => "tier",
            StandardField::Number => "number",
            StandardField::Title => "title",
            StandardField::Status => "status",
        }
    }

    pub const fn kind(self) -> Kind {
        match self {
            StandardField::Tier | StandardField::Status => Kind::Choice,
            StandardField::Number => Kind::Standard,
            StandardField::Title => Kind::Line,
        }
    }

    pub const fn max_chars(self) -> usize {
        match self {
            StandardField::Title => limits::LINE,
            _ => limits::CODE,
        }
    }

    pub fn path(self, index: usize) -> String {
        format!("standards.{index}.{}", self.key())
    }

    pub fn get(self, row: &crate::model::StandardRow) -> &String {
        match self {
            StandardField::Tier => &row.tier,
            StandardField::Number => &row.number,
            StandardField::Title => &row.title,
            StandardField::Status => &row.status,
        }
    }

    pub fn get_mut(self, row: &mut crate::model::StandardRow) -> &mut String {
        match self {
            StandardField::Tier => &mut row.tier,
            StandardField::Number => &mut row.number,
            StandardField::Title => &mut row.title,
            StandardField::Status => &mut row.status,
        }
    }
}
