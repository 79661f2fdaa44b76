//! One passing and one failing case for every rule. The same file runs natively (`cargo test`)
//! and as wasm in headless Chromium (`cargo test --target wasm32-unknown-unknown`), which proves
//! the browser and the server agree.

use shared::rules::contact::{Phone, is_email};
use shared::rules::credit_code;
use shared::wire::{ParseError, parse_application};
use shared::{Application, Code, Date, Lang, Severity, check};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

macro_rules! tests {
    ($($name:ident $body:block)*) => {$(
        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn $name() $body
    )*};
}

const VALID: &str = include_str!("../../tests/fixtures/cq-municipal/valid.json");

fn today() -> Date {
    Date::new(2023, 8, 10).unwrap()
}

fn valid() -> Application {
    serde_json::from_str(VALID).expect("fixture parses")
}

/// The codes reported at `path`, after changing a valid application with `edit`.
fn codes_at(path: &str, edit: impl FnOnce(&mut Application)) -> Vec<Code> {
    let mut app = valid();
    edit(&mut app);
    let checked = check(&app, today());
    checked
        .report
        .issues
        .iter()
        .filter(|i| i.path == path)
        .map(|i| i.code)
        .collect()
}

fn error_free(edit: impl FnOnce(&mut Application)) -> bool {
    let mut app = valid();
    edit(&mut app);
    check(&app, today()).report.is_valid()
}

/// A credit code with the given 17-character body and its correct check character.
fn with_check(body: &str) -> String {
    let c = credit_code::check_char(body.as_bytes()).unwrap();
    format!("{body}{}", c as char)
}

tests! {
    a_submission_is_judged_whole_by_one_entry {
        use shared::rules::attachments::{Format, Given, with_kept};
        let program = shared::programs::find("cq-municipal").unwrap();
        let plan = |size| Given { key: "implementation_plan", size, format: Some(Format::Pdf) };
        let units = [shared::Receiver { name: "渝北区".to_owned(), channel: None }];
        let findings = |app: &Application, units: Option<&[shared::Receiver]>, files: &[Given]| {
            let checked = shared::check_against(app, Some(program), today());
            shared::Submission { checked: &checked, program: Some(program), units, files }
                .findings()
                .into_iter()
                .map(|i| (i.path, i.code))
                .collect::<Vec<_>>()
        };
        // Valid, with its required file: nothing; without it: that file is missing.
        assert_eq!(findings(&valid(), Some(&units), &[plan(10)]), []);
        assert_eq!(
            findings(&valid(), Some(&units), &[]),
            [("attachments.implementation_plan".to_owned(), Code::AttachmentMissing)]
        );
        // A correction's kept file counts; one sent again with the same key replaces it.
        let kept = with_kept(Vec::new(), [plan(10)]);
        assert_eq!(findings(&valid(), Some(&units), &kept), []);
        let resent = with_kept(vec![plan(30 * 1024 * 1024)], [plan(10)]);
        assert_eq!(resent.len(), 1);
        assert_eq!(findings(&valid(), Some(&units), &resent)[0].1, Code::AttachmentTooLarge);
        // The call's finding leads, before the application's own.
        let mut app = valid();
        app.project.name.clear();
        let found = findings(&app, None, &[plan(10)]);
        assert_eq!(found[0], ("call".to_owned(), Code::UnknownCall));
        assert!(found.contains(&("project.name".to_owned(), Code::Required)), "{found:?}");
    }

    the_receiving_unit_is_one_of_the_calls_where_it_names_several {
        let units = |names: &[&str]| {
            names.iter().map(|n| shared::Receiver { name: n.to_string(), channel: None }).collect::<Vec<_>>()
        };
        let with = |chosen: &str| {
            let mut app = valid();
            app.units.receiving = chosen.to_owned();
            app
        };
        let two = units(&["晋城市市场监督管理局", "太原市市场监督管理局"]);
        let code = |app: &Application, units: &[shared::Receiver]| shared::check_receiving(app, units).map(|i| (i.path, i.code));
        assert_eq!(code(&with(""), &two), Some(("units.receiving".to_owned(), Code::Required)));
        assert_eq!(code(&with(" 太原市市场监督管理局 "), &two), None);
        assert_eq!(code(&with("大同市市场监督管理局"), &two), Some(("units.receiving".to_owned(), Code::UnknownUnit)));
        // One unit or none: nothing to choose, and nothing else may be named.
        let one = units(&["晋城市市场监督管理局"]);
        assert_eq!(code(&with(""), &one), None);
        assert_eq!(code(&with("晋城市市场监督管理局"), &one), None);
        assert_eq!(code(&with("太原市市场监督管理局"), &one), Some(("units.receiving".to_owned(), Code::UnknownUnit)));
        assert_eq!(code(&with(""), &[]), None);
        assert!(Code::UnknownUnit.template(Lang::ZhCn).contains("受理单位"));
    }

    fixture_is_valid_with_nothing_to_say {
        let checked = check(&valid(), today());
        assert_eq!(checked.report.issues, vec![]);
    }

    required_field {
        assert_eq!(codes_at("applicant.name", |a| a.applicant.name = "   ".into()), [Code::Required]);
        assert!(error_free(|a| a.contacts.fax.clear()), "fax is optional");
    }

    missing_field_in_json_is_required_at_its_path {
        let mut json: serde_json::Value = serde_json::from_str(VALID).unwrap();
        json["applicant"].as_object_mut().unwrap().remove("credit_code");
        let app = parse_application(json.to_string().as_bytes()).unwrap();
        let report = check(&app, today()).report;
        assert_eq!(report.issues.len(), 1);
        assert_eq!((report.issues[0].path.as_str(), report.issues[0].code), ("applicant.credit_code", Code::Required));
    }

    length_counts_characters_not_bytes {
        // U+20000 is one character, four UTF-8 bytes and two UTF-16 units.
        assert!(error_free(|a| a.project.name = "𠀀".repeat(100)));
        let codes = codes_at("project.name", |a| a.project.name = "𠀀".repeat(101));
        assert_eq!(codes, [Code::TooLong]);
        let mut app = valid();
        app.project.name = "𠀀".repeat(101);
        let msg = check(&app, today()).report.issues[0].message(Lang::ZhCn);
        assert_eq!(msg, "不能超过100个字（现有101个）");
    }

    single_line_is_trimmed_and_folded {
        let mut app = valid();
        app.applicant.name = "  重庆市　示例\t物流  公司 ".into();
        let checked = check(&app, today());
        assert_eq!(checked.application.applicant.name, "重庆市 示例 物流 公司");
        assert!(checked.report.is_valid());
    }

    long_text_keeps_line_breaks_and_refuses_control_characters {
        let mut app = valid();
        app.project.summary = "第一段\r\n第二段  \n".into();
        let checked = check(&app, today());
        assert_eq!(checked.application.project.summary, "第一段\n第二段");
        assert!(checked.report.is_valid());
        assert_eq!(codes_at("project.summary", |a| a.project.summary = "第一段\u{7}".into()), [Code::ControlChar]);
        assert_eq!(codes_at("applicant.name", |a| a.applicant.name = "示例\u{0}公司".into()), [Code::ControlChar]);
    }

    credit_code_normalized_then_checked {
        let mut app = valid();
        app.applicant.credit_code = " 91500112 ma5u7k8t4j ".into();
        let checked = check(&app, today());
        assert_eq!(checked.application.applicant.credit_code, "91500112MA5U7K8T4J");
        assert!(checked.report.is_valid());
        // Full-width and hyphenated.
        assert!(error_free(|a| a.applicant.credit_code = "９１５００１１２-ＭＡ５Ｕ７Ｋ８Ｔ４Ｊ".into()));
    }

    credit_code_check_character {
        assert_eq!(codes_at("applicant.credit_code", |a| a.applicant.credit_code = "91500112MA5U7K8T4K".into()), [Code::CreditCodeCheck]);
        // One wrong character in the body.
        assert_eq!(codes_at("applicant.credit_code", |a| a.applicant.credit_code = "91500113MA5U7K8T4J".into()), [Code::CreditCodeCheck]);
    }

    credit_code_check_value_zero_is_written_0 {
        assert_eq!(credit_code::check_char(b"91500112MA6000059"), Some(b'0'));
        assert!(error_free(|a| a.applicant.credit_code = "91500112MA60000590".into()));
    }

    credit_code_length_and_characters {
        assert_eq!(codes_at("applicant.credit_code", |a| a.applicant.credit_code = "91500112MA5U7K8T4".into()), [Code::CreditCodeLength]);
        assert_eq!(codes_at("applicant.credit_code", |a| a.applicant.credit_code = "91500112MA5U7K8I4J".into()), [Code::CreditCodeChar]);
        // Positions 3–8 are the division code: digits only.
        assert_eq!(codes_at("applicant.credit_code", |a| a.applicant.credit_code = with_check("91A00112MA5U7K8T4")), [Code::CreditCodeChar]);
    }

    credit_code_embedded_organization_code {
        // The overall check character is right, but the organization code's (position 17) is not.
        let code = with_check("91500112MA5U7K8T5");
        assert_eq!(codes_at("applicant.credit_code", |a| a.applicant.credit_code = code), [Code::CreditCodeOrgCheck]);
        assert_eq!(credit_code::org_check_char(b"MA5U7K8T"), Some(b'4'));
    }

    organization_code_check {
        assert!(credit_code::check_org_code("MA5U7K8T4"));
        assert!(credit_code::check_org_code("202812939"));
        assert!(!credit_code::check_org_code("MA5U7K8T5"));
        assert!(!credit_code::check_org_code("MA5U7K8T"));
        assert_eq!(credit_code::embedded_org_code("91500112MA5U7K8T4J"), "MA5U7K8T4");
        let info = credit_code::parse("513100005000012374").unwrap();
        assert_eq!((info.authority, info.kind), ("民政", Some("社会团体")));
        assert!(info.is("51"));
        assert_eq!(info.province.map(|p| p.name), Some("上海"));
    }

    postal_code {
        assert!(error_free(|a| a.applicant.postal_code = "４０１ １２０".into()));
        assert_eq!(codes_at("applicant.postal_code", |a| a.applicant.postal_code = "40112".into()), [Code::PostalCode]);
    }

    phone_forms {
        for ok in ["0356-2028091", "0351-7680158", "(023)60350927", "０２３－６０３５０９２７", "023 6035 0927", "64220000转2527", "64220000转2527分机", "010-62345678 ext 12", "13812345678"] {
            assert!(Phone::parse(ok).is_some(), "{ok}");
        }
        assert_eq!(Phone::parse("（023）60350927").unwrap().normalized(), "023-60350927");
        assert_eq!(Phone::parse("64220000转2527分机").unwrap().normalized(), "64220000转2527");
        for bad in ["12345", "023-123", "abc", "023-60350927转", "0236035092712345"] {
            assert!(Phone::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(codes_at("contacts.project_lead.phone", |a| a.contacts.project_lead.phone = "6035".into()), [Code::Phone]);
    }

    mobile {
        assert!(error_free(|a| a.contacts.mobile = "+86 138-1234-5678".into()));
        let mut app = valid();
        app.contacts.mobile = "+86 138-1234-5678".into();
        assert_eq!(check(&app, today()).application.contacts.mobile, "13812345678");
        assert_eq!(codes_at("contacts.mobile", |a| a.contacts.mobile = "12812345678".into()), [Code::Mobile]);
        assert_eq!(codes_at("contacts.mobile", |a| a.contacts.mobile = "023-60350927".into()), [Code::Mobile]);
    }

    email {
        assert!(is_email("sxbz963@126.com"));
        assert!(is_email("a.b+c@mail-1.example.cn"));
        assert!(error_free(|a| a.contacts.email = "jcbzhk＠126.com".into()));
        for bad in ["a@", "@b.cn", "a b@c.cn", "a@-b.cn", "a@b..cn", "张三@例子.cn"] {
            assert!(!is_email(bad), "{bad}");
        }
        assert_eq!(codes_at("contacts.email", |a| a.contacts.email = "jcbzhk.126.com".into()), [Code::Email]);
    }

    year_month {
        let mut app = valid();
        app.project.term.start = "2023年9月".into();
        let checked = check(&app, today());
        assert_eq!(checked.application.project.term.start, "2023-09");
        assert!(checked.report.is_valid());
        assert_eq!(codes_at("project.term.start", |a| a.project.term.start = "2023-13".into()), [Code::YearMonth]);
    }

    filled_on_date {
        assert!(error_free(|a| a.filled_on = "2023/8/1".into()));
        assert_eq!(codes_at("filled_on", |a| a.filled_on = "2023-02-30".into()), [Code::Date]);
        assert_eq!(codes_at("filled_on", |a| a.filled_on = "2023-08-11".into()), [Code::DateInFuture]);
        assert!(error_free(|a| a.filled_on = "2023-08-10".into()), "today itself is fine");
    }

    term_order_and_length {
        assert_eq!(codes_at("project.term.end", |a| a.project.term.end = "2023-08".into()), [Code::TermOrder]);
        // Counted as the notices count years: 2023-09 to 2025-08 is 23 months, to 2025-09 two
        // years; neither warns.
        assert!(check(&valid(), today()).report.warnings().next().is_none());
        assert!(codes_at("project.term.end", |a| a.project.term.end = "2025-09".into()).is_empty());
        // Chongqing's notice names no term: neither a ceiling nor a usual length to warn past.
        assert!(codes_at("project.term.end", |a| a.project.term.end = "2025-10".into()).is_empty());
        assert!(error_free(|a| a.project.term.end = "2030-08".into()), "7 years");
        assert!(codes_at("project.term.end", |a| a.project.term.end = "2030-08".into()).is_empty());
        assert_eq!(Code::TermLong.severity(), Severity::Warning);
    }

    staff_count {
        assert_eq!(codes_at("standardization.staff_count", |a| a.standardization.staff_count = Some(0)), [Code::StaffCount]);
        assert_eq!(codes_at("standardization.staff_count", |a| a.standardization.staff_count = None), [Code::Required]);
        assert!(error_free(|a| a.standardization.staff_count = Some(1)));
        assert_eq!(shared::rules::formats::whole_number(" ３ "), Ok(Some(3)));
        assert_eq!(shared::rules::formats::whole_number(""), Ok(None));
        assert_eq!(shared::rules::formats::whole_number("三人"), Err(Code::WholeNumber));
    }

    plan_has_the_three_stages_in_order {
        assert_eq!(codes_at("plan", |a| { a.plan.pop(); }), [Code::PlanStages]);
        assert_eq!(codes_at("plan", |a| a.plan.swap(0, 1)).first(), Some(&Code::PlanStages));
        assert_eq!(codes_at("plan.1.content", |a| a.plan[1].content.clear()), [Code::Required]);
    }

    plan_stage_dates {
        assert_eq!(codes_at("plan.0.end", |a| a.plan[0].end = "2023-08".into()).first(), Some(&Code::StageOrder));
        assert_eq!(codes_at("plan.2.end", |a| a.plan[2].end = "2025-09".into()), [Code::StageOutsideTerm]);
        // The Chongqing template gives each of its three stages "（起止时间）" and says nothing
        // against overlap: real plans overlap, so it only warns.
        assert_eq!(codes_at("plan.1.start", |a| a.plan[1].start = "2023-11".into()), [Code::StageOverlap]);
        assert!(error_free(|a| a.plan[1].start = "2023-11".into()), "an overlap only warns");
        // A stage may start in the month the previous one ends.
        assert!(error_free(|a| a.plan[1].start = "2023-12".into()));
        let gap = codes_at("plan.1.start", |a| a.plan[1].start = "2024-03".into());
        assert_eq!(gap, [Code::StageGap]);
        assert!(error_free(|a| a.plan[1].start = "2024-03".into()), "a gap only warns");
    }

    declarations_must_all_be_affirmed {
        assert_eq!(codes_at("declarations.no_consumer_harm", |a| { a.declarations.insert("no_consumer_harm".into(), false); }), [Code::DeclarationRequired]);
        assert_eq!(codes_at("declarations.follows_standards", |a| { a.declarations.retain(|key, _| key != "follows_standards"); }), [Code::DeclarationRequired]);
        assert_eq!(codes_at("declarations.other", |a| { a.declarations.insert("other".into(), true); }), [Code::UnknownField]);
    }

    every_list_has_the_programs_limit {
        let row = valid().plan[0].clone();
        let codes = codes_at("plan", |a| a.plan = vec![row; 31]);
        assert!(codes.contains(&Code::TooManyItems), "{codes:?}");
        // The rows past the limit are not checked one by one: one message, not thousands.
        let mut app = valid();
        app.plan = vec![Default::default(); 400];
        let report = check(&app, today()).report;
        assert!(report.issues.iter().all(|i| !i.path.starts_with("plan.30.")), "row 31 is not checked");
        assert!(report.issues.len() < 200, "{} issues", report.issues.len());
        let names = codes_at("units.participants", |a| a.units.participants = vec!["某单位".into(); 201]);
        assert!(names.contains(&Code::TooManyItems), "{names:?}");
        let mut app = valid();
        app.standards = vec![Default::default(); 101];
        let checked = check(&app, today());
        let said = checked.report.issues.iter().find(|i| i.path == "standards" && i.code == Code::TooManyItems);
        assert!(said.expect("standards capped").message(Lang::ZhCn).contains("100"));
    }

    a_list_longer_than_any_form_is_not_even_read {
        let mut json: serde_json::Value = serde_json::from_str(VALID).unwrap();
        json["plan"] = serde_json::Value::Array(vec![serde_json::json!({}); shared::model::ROW_CEILING + 1]);
        match parse_application(json.to_string().as_bytes()) {
            Err(ParseError::Data(issue)) => assert_eq!((issue.path.as_str(), issue.code), ("plan", Code::TooManyItems)),
            other => panic!("{other:?}"),
        }
        let mut json: serde_json::Value = serde_json::from_str(VALID).unwrap();
        let keys: serde_json::Map<_, _> = (0..=shared::model::ROW_CEILING).map(|i| (format!("k{i}"), true.into())).collect();
        json["declarations"] = keys.into();
        match parse_application(json.to_string().as_bytes()) {
            Err(ParseError::Data(issue)) => assert_eq!((issue.path.as_str(), issue.code), ("declarations", Code::TooManyItems)),
            other => panic!("{other:?}"),
        }
    }

    invisible_characters_are_dropped_and_direction_controls_refused {
        let mut app = valid();
        app.applicant.name = "重庆\u{200B}某\u{FEFF}公\u{00AD}司\u{2060}".into();
        app.units.participants = vec!["\u{200D}某单位 ".into()];
        let checked = check(&app, today());
        assert_eq!(checked.application.applicant.name, "重庆某公司");
        assert_eq!(checked.application.units.participants, ["某单位"]);
        // Every other Default_Ignorable_Code_Point goes too: tag characters, variation
        // selectors, the combining grapheme joiner, invisible operators, the Mongolian vowel
        // separator, Hangul fillers. Two names that look equal compare equal.
        let mut app = valid();
        app.applicant.name = "重\u{E0041}庆\u{FE0F}某\u{034F}公\u{2062}司\u{180E}\u{3164}\u{115F}\u{FFA0}\u{E0101}".into();
        assert_eq!(check(&app, today()).application.applicant.name, "重庆某公司");
        // What is dropped is never also refused; what shows is never dropped.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32).filter(|&c| shared::text::is_invisible(c)) {
            assert!(!shared::text::is_bidi_control(c), "{:X}", c as u32);
        }
        for c in ['a', '中', '。', ' ', '\u{3000}', 'ㄱ', '가', '\u{1100}', '\u{E000}'] {
            assert!(!shared::text::is_invisible(c), "{:X}", c as u32);
        }
        // U+202E would show this name as "某公司exe.pdf".
        assert_eq!(codes_at("applicant.name", |a| a.applicant.name = "某公司\u{202E}fdp.exe".into()), [Code::ControlChar]);
        assert_eq!(codes_at("project.name", |a| a.project.name.push('\u{2067}')), [Code::ControlChar]);
    }

    privacy_consent {
        assert_eq!(codes_at("privacy_consent", |a| a.privacy_consent = false), [Code::ConsentRequired]);
    }

    choices_belong_to_the_program {
        assert_eq!(codes_at("project.kind", |a| a.project.kind = "trial".into()), [Code::InvalidValue]);
        assert!(error_free(|a| a.project.kind = "demonstration".into()));
        assert_eq!(codes_at("project.domain", |a| a.project.domain = "工业".into()), [Code::UnknownDomain]);
        assert_eq!(codes_at("project.sub_area", |a| a.project.sub_area = "乡村振兴".into()), [Code::UnknownSubArea]);
        assert!(error_free(|a| { a.project.domain = "农业".into(); a.project.sub_area = "乡村振兴".into(); }));
    }

    what_the_program_does_not_ask_is_dropped {
        // The text behind 其他 only stands while 其他 is chosen.
        let mut app = valid();
        app.project.sub_area_other = "跨境电商服务".into();
        assert_eq!(check(&app, today()).application.project.sub_area_other, "");
        app.project.sub_area = "其他".into();
        assert_eq!(check(&app, today()).application.project.sub_area_other, "跨境电商服务");
    }

    the_json_the_browser_writes_reads_back_as_the_same_application {
        use shared::model::{PlanRow, StandardRow};
        use shared::wire::to_json;
        use shared::{Field, RowField};
        let awkward = "引号\"、反斜杠\\、换行\n、制表\t、控制\u{1}、𠀀";
        let mut app = valid();
        for &field in Field::ALL {
            if let Some(text) = field.text_mut(&mut app) {
                *text = format!("{awkward}{}", field.path());
            } else if let Some(count) = field.count_mut(&mut app) {
                *count = Some(7);
            } else if let Some(flag) = field.flag_mut(&mut app) {
                *flag = Some(false);
            }
        }
        let mut row = PlanRow { covers: vec!["宣传培训".into(), awkward.into()], ..Default::default() };
        for &cell in RowField::ALL {
            *cell.get_mut(&mut row) = format!("{awkward}{}", cell.key());
        }
        app.plan.push(row);
        app.standards.push(StandardRow { tier: "local".into(), number: awkward.into(), title: "t".into(), status: "planned".into() });
        app.units.participants.push(awkward.into());
        app.declarations.insert(awkward.into(), false);
        for app in [valid(), app] {
            assert_eq!(parse_application(to_json(&app).as_bytes()).unwrap(), app);
        }
    }

    declarations_keep_their_keys_in_order_and_one_answer_each {
        let mut app = Application::default();
        for (key, yes) in [("b", true), ("a", false), ("c", true), ("a", true)] {
            app.declarations.insert(key.into(), yes);
        }
        let keys: Vec<&String> = app.declarations.keys().collect();
        assert_eq!(keys, ["a", "b", "c"]);
        assert_eq!(app.declarations.get("a"), Some(&true));
        let json = serde_json::to_value(&app).unwrap();
        assert_eq!(json["declarations"], serde_json::json!({"a": true, "b": true, "c": true}));
        // As in any JSON object, a key given twice keeps its last answer.
        let read = parse_application(br#"{"declarations": {"z": true, "y": false, "z": false}}"#).unwrap();
        assert_eq!(read.declarations.iter().collect::<Vec<_>>(), [(&"y".to_string(), &false), (&"z".to_string(), &false)]);
        assert_eq!(parse_application(shared::wire::to_json(&read).as_bytes()).unwrap(), read);
    }

    program_must_be_known {
        assert_eq!(codes_at("program", |a| a.program = "xx".into()), [Code::UnknownProgram]);
        assert_eq!(codes_at("program", |a| a.program.clear()), [Code::Required]);
    }

    json_type_errors_land_at_their_path {
        let bad = VALID.replace("\"staff_count\": 3", "\"staff_count\": \"三\"");
        match parse_application(bad.as_bytes()) {
            Err(ParseError::Data(issue)) => {
                assert_eq!((issue.path.as_str(), issue.code), ("standardization.staff_count", Code::InvalidType));
                assert_eq!(issue.message(Lang::En), "Wrong type: expected integer");
            }
            other => panic!("{other:?}"),
        }
        let unknown = VALID.replace("\"postal_code\"", "\"zip\": \"1\", \"postal_code\"");
        match parse_application(unknown.as_bytes()) {
            Err(ParseError::Data(issue)) => assert_eq!((issue.path.as_str(), issue.code), ("applicant.zip", Code::UnknownField)),
            other => panic!("{other:?}"),
        }
        let row = VALID.replacen("\"end\": \"2023-12\"", "\"end\": 202312", 1);
        match parse_application(row.as_bytes()) {
            Err(ParseError::Data(issue)) => assert_eq!(issue.path, "plan.0.end"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(parse_application(b"{\"program\": "), Err(ParseError::Syntax(_))));
        assert!(matches!(parse_application(b"{} x"), Err(ParseError::Syntax(_))));
        assert!(parse_application(VALID.as_bytes()).is_ok());
    }

    every_message_renders_in_every_language_with_its_parameters {
        for &code in Code::ALL {
            let mut issue = shared::Issue::new("x", code);
            for name in code.params() {
                issue = issue.with(name, "«v»");
            }
            for lang in [Lang::ZhCn, Lang::En] {
                let message = issue.message(lang);
                assert!(!message.is_empty(), "{code:?}");
                assert!(!message.contains('{') && !message.contains('}'), "{code:?} {lang:?}: {message}");
            }
            // The browser's wasm carries no Chinese words for the codes only the server raises
            // (see `Code::template`): their parameters are checked by the native run.
            let server_only = cfg!(target_arch = "wasm32") && code.template(Lang::ZhCn) == "服务器返回了错误";
            for name in code.params().iter().filter(|_| !server_only) {
                let placeholder = format!("{{{name}}}");
                assert!(
                    code.template(Lang::ZhCn).contains(&placeholder) || code.template(Lang::En).contains(&placeholder),
                    "{code:?} declares {name} but neither message uses it"
                );
            }
            // A message without its parameters would show the raw placeholder.
            if !code.params().is_empty() {
                let bare = shared::Issue::new("x", code);
                assert!(bare.message(Lang::ZhCn).contains('{') || bare.message(Lang::En).contains('{'), "{code:?}");
            }
            assert_eq!(Code::parse(code.as_str()), Some(code));
        }
    }

    accept_language_picks_english_or_falls_back_to_chinese {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Lang::En);
        assert_eq!(Lang::from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"), Lang::ZhCn);
        assert_eq!(Lang::from_accept_language("fr-FR"), Lang::ZhCn);
        assert_eq!(Lang::from_accept_language("fr;q=1, en;q=0.5"), Lang::En);
    }

    days_since_epoch_inverts_the_calendar {
        for unix in [0_i64, 951_782_400, 1_691_625_600, 4_102_444_800] {
            let date = Date::in_shanghai(unix);
            assert_eq!(date.days_since_epoch() * 86_400, unix, "{date}");
        }
        assert_eq!(Date::new(2024, 3, 31).unwrap().minus_months(1), Date::new(2024, 2, 29).unwrap());
        assert_eq!(Date::new(2023, 8, 10).unwrap().minus_months(12), Date::new(2022, 8, 10).unwrap());
    }

    shanghai_date_from_unix_time {
        // 2023-08-10T16:00:00Z is already 2023-08-11 in Shanghai.
        assert_eq!(Date::in_shanghai(1_691_683_200), Date::new(2023, 8, 11).unwrap());
        assert_eq!(Date::in_shanghai(1_691_683_199), Date::new(2023, 8, 10).unwrap());
    }

    times_are_written_as_notices_write_them {
        // A call closing "on 2027年1月20日" closes at the start of the 21st.
        assert_eq!(shared::date::spoken("2027-01-21 00:00"), "2027年1月20日24时");
        assert_eq!(shared::date::spoken("2027-03-01 00:00"), "2027年2月28日24时");
        assert_eq!(shared::date::spoken("2023-08-11 17:30"), "2023年8月11日17:30");
        assert_eq!(shared::date::spoken("soon"), "soon");
    }
}
