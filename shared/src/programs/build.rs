//! Shorthands the program definitions are written with: a field, a hinted or optional one, a
//! cover line, a printed form's cell, a declaration, a condition's rule, and [`BLANK`], the
//! program every definition starts from.

use crate::fields::Field;
use crate::program::*;
use crate::report::Code;

/// Shorthand for a cover line showing a field.
pub(crate) const fn on_cover(label: &'static str, field: Field) -> Cover {
    Cover::Field { label, field }
}

pub(crate) const fn spec(field: Field, label: &'static str, hint: &'static str) -> FieldSpec {
    FieldSpec {
        field,
        label,
        hint,
        required: true,
        min: None,
        when: None,
        supplementary: false,
    }
}

pub(crate) const fn field(field: Field, label: &'static str, required: bool) -> Item {
    Item::Field(FieldSpec {
        required,
        ..spec(field, label, "")
    })
}

pub(crate) const fn hinted(field: Field, label: &'static str, hint: &'static str) -> Item {
    Item::Field(spec(field, label, hint))
}

/// A field the applicant may leave empty, with guidance.
pub(crate) const fn optional(field: Field, label: &'static str, hint: &'static str) -> Item {
    Item::Field(FieldSpec {
        required: false,
        ..spec(field, label, hint)
    })
}

pub(crate) const fn at_least(field: Field, label: &'static str, min: u32) -> Item {
    Item::Field(FieldSpec {
        min: Some(min),
        ..spec(field, label, "")
    })
}

/// A label cell and a field's value beside it, on the printed form.
pub(crate) const fn slot(label: &'static str, field: Field) -> Slot {
    Slot {
        label,
        show: Show::Field(field),
        guide: "",
    }
}

/// A label cell and a field's value beside it, under the template's guidance for the cell.
pub(crate) const fn guided(label: &'static str, field: Field, guide: &'static str) -> Slot {
    Slot {
        guide,
        ..slot(label, field)
    }
}

/// A label cell and what the cell beside it shows, on the printed form.
pub(crate) const fn shows(label: &'static str, show: Show) -> Slot {
    Slot {
        label,
        show,
        guide: "",
    }
}

/// The opinion block `key`, across its share of the row.
pub(crate) const fn opinion(key: &'static str) -> Slot {
    Slot {
        label: "",
        show: Show::Opinion(key),
        guide: "",
    }
}

/// A field the official form does not have (see [`FieldSpec::supplementary`]).
pub(crate) const fn extra(
    field: Field,
    label: &'static str,
    hint: &'static str,
    required: bool,
) -> Item {
    Item::Field(FieldSpec {
        required,
        supplementary: true,
        ..spec(field, label, hint)
    })
}

/// A field asked only while `when` holds, and then required.
pub(crate) const fn only_when(
    field: Field,
    label: &'static str,
    hint: &'static str,
    when: When,
) -> Item {
    Item::Field(FieldSpec {
        when: Some(when),
        ..spec(field, label, hint)
    })
}

/// The free text behind [`OTHER`], for an open list of sub-areas.
/// The hint of a domain field whose list is only suggested (see `Program::domains_suggested`).
pub(crate) const SUGGESTED: &str = "可从建议中选择，也可自行填写";

pub(crate) const SUB_AREA_OTHER: When = When {
    field: Field::SubArea,
    equals: OTHER,
};

/// Applies to 试点企业 (an enterprise applicant), not to a region.
pub(crate) const ENTERPRISE: When = When {
    field: Field::SubjectKind,
    equals: "enterprise",
};

/// A condition checked by a rule that reports `code` at `at`.
pub(crate) const fn rule(at: &'static str, code: Code) -> Check {
    Check::Rule { at, code }
}

/// A declaration of the official form.
pub(crate) const fn declaration(key: &'static str, text: &'static str) -> Declaration {
    Declaration {
        key,
        text,
        when: None,
        supplementary: false,
    }
}

/// A declaration that only applicants of whom `when` holds are asked (an enterprise's, not a
/// cluster's or a zone's).
pub(crate) const fn declaration_when(
    key: &'static str,
    text: &'static str,
    when: When,
) -> Declaration {
    Declaration {
        when: Some(when),
        ..declaration(key, text)
    }
}

/// A declaration of a condition the official form leaves out (see
/// [`Declaration::supplementary`]).
pub(crate) const fn extra_declaration(
    key: &'static str,
    text: &'static str,
    when: Option<When>,
) -> Declaration {
    Declaration {
        key,
        text,
        when,
        supplementary: true,
    }
}

/// A program with nothing set, for definitions to start from with `..BLANK`.
pub(crate) const BLANK: Program = Program {
    id: "",
    title: "",
    authority: "",
    description: "",
    form_title: "",
    issuer: "",
    cover: &[],
    kinds: &[],
    subject_kinds: &[],
    pilot_types: &[],
    domains: &[],
    domains_suggested: false,
    cities: &[],
    sections: &[],
    plan: PlanSpec::Rows {
        stage: true,
        kinds: &[],
        responsible: Column::Absent,
    },
    declarations: &[],
    legal_person: Need::None,
    accident_binds: Need::All,
    legal_person_need: "本项目要求申报单位具有独立法人资格",
    term: TermBounds {
        max_months: None,
        usual_months: None,
        least_months: 0,
    },
    attachments: &[],
    area_code: None,
    home_province: None,
    region_min_percent: None,
    demonstration_verdict: None,
    prior_min_months: None,
    limits: Limits::USUAL,
    sheets: &[],
    opinion_blocks: &[],
    applicant_blocks: &[],
    instructions: Instructions {
        title: "",
        items: &[],
    },
    contacts: &[],
    hand_in: HandIn {
        copies: "",
        paper: "",
        to: "",
    },
    rules: &[],
};
