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
    /// A yes/no answer.
    YesNo,
    /// A unit's agreement: must be given (true).
    Consent,
    /// One of a list the program gives.
    Choice,
    /// A standard number, `GB/T 1.1-2020`.
    Standard,
}

/// Character limits. No notice sets a length for any answer, so none of these is a rule an
/// applicant should meet: each is a bound on what one request may make the server hold, far
/// above any real answer (a long text: about four A4 pages; a name: several lines), and all of
/// a form's texts at their bounds still fit in the 1 MiB a submission's JSON may be.
pub mod limits {
    pub const LINE: usize = 100;
    pub const PERSON: usize = 30;
    pub const ADDRESS: usize = 200;
    pub const CODE: usize = 40;
    pub const EMAIL: usize = 254;
    pub const TEXT: usize = 8000;
    pub const STAGE_TEXT: usize = 2000;
}

macro_rules! fields {
    ($a:ident; $($variant:ident => $path:literal, $kind:ident, $max:expr, $cat:ident [$($access:tt)+];)*) => {
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

            /// The value of a text field; `None` for counts and flags.
            pub fn text(self, app: &Application) -> Option<&String> {
                let $a = app;
                match self { $(Field::$variant => fields!(@ref $cat text $($access)+),)* }
            }

            /// The value of a text field, to edit it.
            pub fn text_mut(self, app: &mut Application) -> Option<&mut String> {
                let $a = app;
                match self { $(Field::$variant => fields!(@mut $cat text $($access)+),)* }
            }

            /// The value of a count field (`Some(None)` when empty); `None` for other fields.
            pub fn count(self, app: &Application) -> Option<Option<u32>> {
                let $a = app;
                let value: Option<&Option<u32>> = match self { $(Field::$variant => fields!(@ref $cat count $($access)+),)* };
                value.copied()
            }

            pub fn count_mut(self, app: &mut Application) -> Option<&mut Option<u32>> {
                let $a = app;
                match self { $(Field::$variant => fields!(@mut $cat count $($access)+),)* }
            }

            /// The value of a yes/no field (`Some(None)` when unanswered); `None` for others.
            pub fn flag(self, app: &Application) -> Option<Option<bool>> {
                let $a = app;
                let value: Option<&Option<bool>> = match self { $(Field::$variant => fields!(@ref $cat flag $($access)+),)* };
                value.copied()
            }

            pub fn flag_mut(self, app: &mut Application) -> Option<&mut Option<bool>> {
                let $a = app;
                match self { $(Field::$variant => fields!(@mut $cat flag $($access)+),)* }
            }

            /// The field at this canonical path.
            pub fn at(path: &str) -> Option<Field> {
                Field::ALL.iter().copied().find(|f| f.path() == path)
            }

            /// Whether the applicant has given a value.
            pub fn is_present(self, app: &Application) -> bool {
                self.text(app).is_some_and(|t| !t.is_empty())
                    || self.count(app).flatten().is_some()
                    || self.flag(app).flatten().is_some()
            }
        }
    };
    (@ref text text $($e:tt)+) => { Some(&$($e)+) };
    (@ref count count $($e:tt)+) => { Some(&$($e)+) };
    (@ref flag flag $($e:tt)+) => { Some(&$($e)+) };
    (@ref $cat:ident $want:ident $($e:tt)+) => { None };
    (@mut text text $($e:tt)+) => { Some(&mut $($e)+) };
    (@mut count count $($e:tt)+) => { Some(&mut $($e)+) };
    (@mut flag flag $($e:tt)+) => { Some(&mut $($e)+) };
    (@mut $cat:ident $want:ident $($e:tt)+) => { None };
}

fields! {
    a;
    FilledOn => "filled_on", Date, 10, text [a.filled_on];
    ApplicantName => "applicant.name", Line, limits::LINE, text [a.applicant.name];
    CreditCode => "applicant.credit_code", Code, limits::CODE, text [a.applicant.credit_code];
    OrganizationCode => "applicant.organization_code", Code, limits::CODE, text [a.applicant.organization_code];
    LegalRepresentative => "applicant.legal_representative", Person, limits::PERSON, text [a.applicant.legal_representative];
    RegisteredCity => "applicant.registered_city", Choice, limits::PERSON, text [a.applicant.registered_city];
    RegisteredCounty => "applicant.registered_county", Line, limits::PERSON, text [a.applicant.registered_county];
    Address => "applicant.address", Line, limits::ADDRESS, text [a.applicant.address];
    Industry => "applicant.industry", Choice, limits::LINE, text [a.applicant.industry];
    EconomicType => "applicant.economic_type", Choice, limits::LINE, text [a.applicant.economic_type];
    PostalCode => "applicant.postal_code", Code, limits::CODE, text [a.applicant.postal_code];
    LegalForm => "applicant.legal_form", Choice, limits::LINE, text [a.applicant.legal_form];
    BusinessScope => "applicant.business_scope", Text, limits::STAGE_TEXT, text [a.applicant.business_scope];
    Accident => "applicant.accident_in_last_3_years", YesNo, 0, flag [a.applicant.accident_in_last_3_years];
    LeadName => "contacts.project_lead.name", Person, limits::PERSON, text [a.contacts.project_lead.name];
    LeadTitle => "contacts.project_lead.title", Line, limits::LINE, text [a.contacts.project_lead.title];
    LeadPhone => "contacts.project_lead.phone", Phone, limits::CODE, text [a.contacts.project_lead.phone];
    ContactName => "contacts.contact_person.name", Person, limits::PERSON, text [a.contacts.contact_person.name];
    ContactTitle => "contacts.contact_person.title", Line, limits::LINE, text [a.contacts.contact_person.title];
    ContactPhone => "contacts.contact_person.phone", Phone, limits::CODE, text [a.contacts.contact_person.phone];
    Email => "contacts.email", Email, limits::EMAIL, text [a.contacts.email];
    Mobile => "contacts.mobile", Mobile, limits::CODE, text [a.contacts.mobile];
    Fax => "contacts.fax", Phone, limits::CODE, text [a.contacts.fax];
    ProjectName => "project.name", Line, limits::LINE, text [a.project.name];
    ProjectKind => "project.kind", Choice, limits::LINE, text [a.project.kind];
    PilotType => "project.pilot_type", Choice, limits::LINE, text [a.project.pilot_type];
    Domain => "project.domain", Choice, limits::LINE, text [a.project.domain];
    SubArea => "project.sub_area", Choice, limits::LINE, text [a.project.sub_area];
    SubAreaOther => "project.sub_area_other", Line, limits::LINE, text [a.project.sub_area_other];
    SubjectKind => "project.subject_kind", Choice, limits::LINE, text [a.project.subject_kind];
    RegionParticipating => "project.region.participating", Count, 9, count [a.project.region.participating];
    RegionTotal => "project.region.total", Count, 9, count [a.project.region.total];
    TermStart => "project.term.start", Month, 10, text [a.project.term.start];
    TermEnd => "project.term.end", Month, 10, text [a.project.term.end];
    Summary => "project.summary", Text, limits::TEXT, text [a.project.summary];
    Conformity => "project.conformity", Text, limits::TEXT, text [a.project.conformity];
    StatusQuo => "project.status_quo", Text, limits::TEXT, text [a.project.status_quo];
    Coverage => "project.coverage", Text, limits::TEXT, text [a.project.coverage];
    Goals => "project.goals", Text, limits::TEXT, text [a.project.goals];
    Tasks => "project.tasks", Text, limits::TEXT, text [a.project.tasks];
    Showcase => "project.showcase", Text, limits::TEXT, text [a.project.showcase];
    Validation => "project.validation", Text, limits::TEXT, text [a.project.validation];
    Research => "project.research", Text, limits::TEXT, text [a.project.research];
    Training => "project.training", Text, limits::TEXT, text [a.project.training];
    Results => "project.results", Text, limits::TEXT, text [a.project.results];
    Safeguards => "project.safeguards", Text, limits::TEXT, text [a.project.safeguards];
    BodyName => "standardization.body_name", Line, limits::LINE, text [a.standardization.body_name];
    HeadName => "standardization.head_name", Person, limits::PERSON, text [a.standardization.head_name];
    StaffCount => "standardization.staff_count", Count, 6, count [a.standardization.staff_count];
    Established => "standardization.established", Month, 10, text [a.standardization.established];
    OperatingSince => "standardization.operating_since", Month, 10, text [a.standardization.operating_since];
    SelfEvaluation => "standardization.self_evaluation", Text, limits::TEXT, text [a.standardization.self_evaluation];
    FundingUses => "funding.uses", Text, limits::STAGE_TEXT, text [a.funding.uses];
    FundingSources => "funding.sources", Text, limits::STAGE_TEXT, text [a.funding.sources];
    PriorName => "prior_pilot.name", Line, limits::LINE, text [a.prior_pilot.name];
    PriorVerdict => "prior_pilot.verdict", Choice, limits::PERSON, text [a.prior_pilot.verdict];
    PriorEvaluatedOn => "prior_pilot.evaluated_on", Date, 10, text [a.prior_pilot.evaluated_on];
    Recommender => "units.recommender", Line, limits::LINE, text [a.units.recommender];
    Channel => "units.channel", Choice, limits::LINE, text [a.units.channel];
    Guarantor => "units.guarantor", Line, limits::LINE, text [a.units.guarantor];
    Guidance => "units.guidance", Line, limits::LINE, text [a.units.guidance];
    Manager => "units.manager", Line, limits::LINE, text [a.units.manager];
    ExchangeEvents => "commitments.exchange_events", Count, 6, count [a.commitments.exchange_events];
    StandardProposals => "commitments.standard_proposals", Count, 6, count [a.commitments.standard_proposals];
    Papers => "commitments.papers", Count, 6, count [a.commitments.papers];
    TrainedProfessionals => "commitments.trained_professionals", Count, 6, count [a.commitments.trained_professionals];
    ProgressReports => "commitments.progress_reports", Count, 6, count [a.commitments.progress_reports];
    MediaItems => "commitments.media_items", Count, 6, count [a.commitments.media_items];
    ConsentApplicant => "consents.applicant", Consent, 0, flag [a.consents.applicant];
    ConsentParticipants => "consents.participants", Consent, 0, flag [a.consents.participants];
    ConsentGuarantor => "consents.guarantor", Consent, 0, flag [a.consents.guarantor];
    ConsentGuidance => "consents.guidance", Consent, 0, flag [a.consents.guidance];
    ConsentManager => "consents.manager", Consent, 0, flag [a.consents.manager];
}

/// The cells of a list's rows, which repeat at `<list>.<i>.<key>`: the enum, its keys, kinds and
/// limits, and access to the cell in a row.
macro_rules! row_fields {
    ($(#[$doc:meta])* $name:ident, $list:literal, $row:ty,
     { $($variant:ident => $key:literal, $kind:ident, $max:expr, $field:ident;)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($variant,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            pub const fn key(self) -> &'static str {
                match self { $($name::$variant => $key,)* }
            }

            pub const fn kind(self) -> Kind {
                match self { $($name::$variant => Kind::$kind,)* }
            }

            pub const fn max_chars(self) -> usize {
                match self { $($name::$variant => $max,)* }
            }

            /// The path of this cell in row `index`, e.g. `plan.1.end`.
            pub fn path(self, index: usize) -> String {
                format!(concat!($list, ".{}.{}"), index, self.key())
            }

            pub fn get(self, row: &$row) -> &String {
                match self { $($name::$variant => &row.$field,)* }
            }

            pub fn get_mut(self, row: &mut $row) -> &mut String {
                match self { $($name::$variant => &mut row.$field,)* }
            }
        }
    };
}

row_fields!(
    /// The cells of a plan row, at `plan.<i>.<key>`.
    RowField, "plan", crate::model::PlanRow, {
        Stage => "stage", Line, limits::PERSON, stage;
        Start => "start", Month, 10, start;
        End => "end", Month, 10, end;
        Content => "content", Text, limits::STAGE_TEXT, content;
        Responsible => "responsible", Line, limits::ADDRESS, responsible;
    }
);

row_fields!(
    /// The cells of a row of the standards list, at `standards.<i>.<key>`.
    StandardField, "standards", crate::model::StandardRow, {
        Tier => "tier", Choice, limits::CODE, tier;
        Number => "number", Standard, limits::CODE, number;
        Title => "title", Line, limits::LINE, title;
        Status => "status", Choice, limits::CODE, status;
    }
);
