//! Properties of the rules over generated inputs (native only; `vectors.rs` proves the browser
//! agrees).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use shared::rules::contact::{Phone, is_email};
use shared::rules::credit_code::{self, ALPHABET, check_char, org_check_char};
use shared::rules::standard_number;
use shared::wire::parse_application;
use shared::{Application, Code, Date, Field, YearMonth, check};

const FIXTURE: &str = include_str!("../../tests/fixtures/cq-municipal/valid.json");

fn today() -> Date {
    Date::new(2023, 8, 10).unwrap()
}

/// Arbitrary text, weighted toward what applicants type: CJK, full-width forms, separators,
/// digits, control characters and characters outside the BMP.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            any::<char>(),
            prop::char::range('0', '9'),
            prop::char::range('A', 'Z'),
            prop::char::range('\u{4e00}', '\u{4e20}'),
            prop::char::range('\u{ff01}', '\u{ff5e}'),
            Just(' '),
            Just('\u{3000}'),
            Just('-'),
            Just('·'),
            Just('\n'),
            Just('\u{7}'),
            Just('\u{20000}'),
        ],
        0..40,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

/// A credit code built the way the standard builds one.
fn credit_code() -> impl Strategy<Value = String> {
    let authority = prop::sample::select(vec![
        "11", "12", "13", "19", "21", "31", "32", "41", "51", "52", "53", "59", "61", "71", "81",
        "91", "92", "93", "A1", "N1", "N2", "N3", "Y1",
    ]);
    let division = prop::collection::vec(prop::char::range('0', '9'), 6);
    let org_alphabet: Vec<char> = ALPHABET.iter().map(|&b| b as char).collect();
    let org = prop::collection::vec(prop::sample::select(org_alphabet), 8);
    (authority, division, org).prop_map(|(authority, division, org)| {
        let org: String = org.into_iter().collect();
        let org_check = org_check_char(org.as_bytes()).unwrap() as char;
        let body = format!(
            "{authority}{}{org}{org_check}",
            division.into_iter().collect::<String>()
        );
        let check = check_char(body.as_bytes()).unwrap() as char;
        format!("{body}{check}")
    })
}

fn app_with(edits: &[(Field, String)]) -> Application {
    let mut app: Application = serde_json::from_str(FIXTURE).unwrap();
    for (field, value) in edits {
        if let Some(slot) = field.text_mut(&mut app) {
            *slot = value.clone();
        }
    }
    app
}

fn text_fields() -> impl Strategy<Value = Vec<(Field, String)>> {
    let fields: Vec<Field> = Field::ALL
        .iter()
        .copied()
        .filter(|f| *f != Field::StaffCount)
        .collect();
    prop::collection::vec((prop::sample::select(fields), text()), 1..8)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_rule_panics_on_arbitrary_text(s in text()) {
        let _ = Phone::parse(&s);
        let _ = YearMonth::parse(&s);
        let _ = Date::parse(&s);
        let _ = standard_number::parse(&s);
        let _ = credit_code::parse(&s);
        let _ = is_email(&s);
        let _ = parse_application(s.as_bytes());
    }

    #[test]
    fn checking_arbitrary_field_values_never_panics(edits in text_fields()) {
        let _ = check(&app_with(&edits), today());
    }

    #[test]
    fn normalization_is_idempotent(edits in text_fields()) {
        let once = check(&app_with(&edits), today());
        let twice = check(&once.application, today());
        prop_assert_eq!(&once.application, &twice.application);
        prop_assert_eq!(once.report, twice.report);
    }

    #[test]
    fn a_credit_code_built_by_the_standard_passes(code in credit_code()) {
        let info = credit_code::parse(&code);
        prop_assert!(info.is_ok(), "{}", code);
        let app = app_with(&[(Field::CreditCode, code.clone())]);
        let report = check(&app, today()).report;
        // The Chongqing notice wants a legal person: only registrations that never are one
        // (个体工商户, foreign representative offices) are refused, and nothing else is said.
        let said: Vec<Code> = report.issues.iter().filter(|i| i.path == "applicant.credit_code").map(|i| i.code).collect();
        let expected = if info.unwrap().may_be_legal_person() { vec![] } else { vec![Code::NotLegalPerson] };
        prop_assert_eq!(said, expected, "{}", code);
    }

    #[test]
    fn any_single_substitution_fails(code in credit_code(), position in 0usize..18, pick in 0usize..30) {
        let original = code.as_bytes()[position];
        let others: Vec<u8> = ALPHABET.iter().copied().filter(|&c| c != original).collect();
        let mut changed = code.clone().into_bytes();
        changed[position] = others[pick];
        let changed = String::from_utf8(changed).unwrap();
        prop_assert!(credit_code::parse(&changed).is_err(), "{} -> {}", code, changed);
    }
}
