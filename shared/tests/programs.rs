//! The program definitions against their notices: what each condition's `check` claims is what
//! the code does, and the wording and data once found wrong stay right. Data only, so
//! it runs natively; the rules themselves are proven on both targets by the vectors.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use shared::program::{self, Check, Column, Item, PlanSpec};
use shared::{Application, Field, PROGRAMS};

fn vectors() -> Vec<Value> {
    serde_json::from_str(include_str!("vectors.json")).unwrap()
}

fn program(id: &str) -> &'static shared::Program {
    shared::programs::find(id).unwrap()
}

/// A condition marked as checked by a rule must name a rule that can fail for it: some vector of
/// that program expects that code at that path (or below it).
#[test]
fn every_rule_a_condition_names_has_a_vector_that_breaks_it() {
    let vectors = vectors();
    let mut missing = Vec::new();
    for p in PROGRAMS {
        for condition in p.conditions() {
            for check in condition.check {
                let Check::Rule { at, code } = check else {
                    continue;
                };
                let broken = vectors.iter().any(|v| {
                    v["fixture"].as_str().unwrap_or("cq-municipal") == p.id
                        && v["expect"].as_array().unwrap().iter().any(|e| {
                            let path = e["path"].as_str().unwrap();
                            e["code"] == code.as_str()
                                && (path == *at || path.starts_with(&format!("{at}.")))
                        })
                });
                if !broken {
                    missing.push(format!(
                        "{}: {} ({at}, {})",
                        p.id,
                        condition.text,
                        code.as_str()
                    ));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no vector breaks:\n{}",
        missing.join("\n")
    );
}

/// Declarations and stated fields that conditions point to exist in the program, and every
/// condition says how it is checked.
#[test]
fn every_check_points_at_something_the_form_has() {
    for p in PROGRAMS {
        assert!(!p.conditions().is_empty(), "{}", p.id);
        for condition in p.conditions() {
            assert!(!condition.check.is_empty(), "{}: {}", p.id, condition.text);
            for check in condition.check {
                match check {
                    Check::Declaration(key) => assert!(
                        p.declarations.iter().any(|d| d.key == *key),
                        "{}: no declaration {key}",
                        p.id
                    ),
                    Check::Stated(path) => assert!(
                        p.fields().any(|f| f.field.path() == *path),
                        "{}: no field {path}",
                        p.id
                    ),
                    Check::Rule { .. } | Check::Review => {}
                }
            }
        }
    }
}

/// The API's definition shows each condition's checks, with the rule's code and severity.
#[test]
fn the_definition_shows_how_each_condition_is_checked() {
    let json = serde_json::to_value(program("sh-municipal").definition()).unwrap();
    let conditions = json["conditions"].as_array().unwrap();
    let benchmark = conditions
        .iter()
        .find(|c| c["text"].as_str().unwrap().contains("业内标杆单位"))
        .unwrap();
    assert_eq!(benchmark["check"], serde_json::json!([{ "by": "review" }]));
    let group = conditions
        .iter()
        .find(|c| c["text"].as_str().unwrap().contains("团体标准"))
        .unwrap();
    // "申报团体标准培育试点的单位应是…社会团体": an enterprise, a 民办非企业单位 or a 基金会 is
    // refused; another registration only warns.
    assert_eq!(group["check"][0]["code"], "group_pilot_not_society");
    assert_eq!(group["check"][0]["severity"], "error");
    assert_eq!(group["check"][1]["code"], "group_pilot_not_social_org");
    assert_eq!(group["check"][1]["severity"], "warning");
    assert_eq!(json["id"], "sh-municipal");
    assert_eq!(
        json["hand_in"]["copies"],
        "完成网上申报后在线打印申请表，一式三份，加盖单位公章"
    );
}

fn has_field(id: &str, field: Field) -> bool {
    program(id).spec(field).is_some()
}

/// Chongqing's 申请书 has no domain, accident question or standards list: the classification
/// stays for reviewers, optional and marked as not part of the official form.
#[test]
fn chongqing_asks_nothing_its_form_does_not_as_part_of_it() {
    let cq = program("cq-municipal");
    assert!(!has_field("cq-municipal", Field::Accident));
    assert!(!cq.has(|i| matches!(i, Item::Standards)));
    for field in [Field::Domain, Field::SubArea, Field::CreditCode] {
        assert!(cq.spec(field).unwrap().supplementary, "{field:?}");
    }
    assert!(!cq.spec(Field::Domain).unwrap().required);
    assert!(!cq.spec(Field::ProjectName).unwrap().supplementary);
    // The three self-declarations of the form, and one more kept apart from them.
    let official: Vec<&str> = cq
        .declarations
        .iter()
        .filter(|d| !d.supplementary)
        .map(|d| d.key)
        .collect();
    assert_eq!(
        official,
        ["no_major_accident", "follows_standards", "no_consumer_harm"]
    );
    // 填写说明 5: technical documents and proofs may go with it.
    let supporting = cq
        .attachments
        .iter()
        .find(|a| a.key == "supporting_documents");
    assert!(supporting.is_some_and(|a| !a.required));
    let texts: Vec<&str> = cq.conditions().iter().map(|c| c.text).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("主要负责人具有较强的标准化意识"))
    );
    assert!(texts.iter().any(|t| t.contains("可推广、可复制的典型经验")));
}

/// Every notice's open list offers 其他 with the applicant's own words; Shanghai's sub-areas
/// are the notice's whole list. (The service and social tracks have no list: see below.)
#[test]
fn open_lists_offer_other() {
    let app = |program: &str, domain: &str| Application {
        program: program.into(),
        project: shared::model::Project {
            domain: domain.into(),
            ..Default::default()
        },
        ..Default::default()
    };
    for (id, domain, open) in [
        ("cq-municipal", "服务业", true),
        ("sx-provincial", "农业农村", true),
        ("national-hightech", "新型基础设施", true),
        ("sh-municipal", "高新技术", false),
    ] {
        let options = program(id).options(Field::SubArea, &app(id, domain));
        assert_eq!(
            options.iter().any(|(v, _)| *v == program::OTHER),
            open,
            "{id}"
        );
        assert_eq!(has_field(id, Field::SubAreaOther), open, "{id}");
    }
}

/// The social pilot's notice ends at "建议重点围绕以下领域标准化工作开展申报:" and the service
/// demonstrations' names only "国家政策或产业高质量发展规划鼓励或重点支持范围": their domains are
/// suggestions, neither field is required, and the applicant's own words are taken.
#[test]
fn suggested_domains_bind_nothing() {
    for id in ["national-service-demo", "national-social-pilot"] {
        let p = program(id);
        assert!(p.domains_suggested, "{id}");
        for field in [Field::Domain, Field::SubArea] {
            let spec = p.spec(field).unwrap();
            assert!(!spec.required, "{id} {field:?}");
        }
        assert!(!has_field(id, Field::SubAreaOther), "{id}");
        // The vectors check that the applicant's own words and empty fields pass.
        let app = Application {
            program: id.into(),
            project: shared::model::Project {
                domain: "数字乡村".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        // With a domain of the applicant's own, every suggested sub-area is offered.
        let all: usize = p.domains.iter().map(|d| d.sub_areas.len()).sum();
        assert_eq!(p.options(Field::SubArea, &app).len(), all, "{id}");
    }
    assert!(!program("cq-municipal").domains_suggested);
}

#[test]
fn shanxi_wording_declarations_and_contacts() {
    let sx = program("sx-provincial");
    let titles: Vec<&str> = sx.sections.iter().map(|s| s.title).collect();
    assert!(titles.contains(&"三、试点预期实现工作目标"));
    assert!(matches!(
        sx.plan,
        PlanSpec::Rows {
            stage: false,
            responsible: Column::Required,
            ..
        }
    ));
    // The enterprise conditions the 申报书 has no field for, declared by enterprises only.
    let keys: Vec<&str> = sx.declarations.iter().map(|d| d.key).collect();
    assert_eq!(keys, ["legal_person", "law_abiding"]);
    assert!(
        sx.declarations
            .iter()
            .all(|d| d.supplementary && d.when.is_some())
    );
    assert!(sx.declarations[1].text.contains("诚信守法"));
    assert!(sx.declarations[1].text.contains("县级以上（含县级）"));
    let condition5 = sx
        .conditions()
        .iter()
        .any(|c| c.text.contains("最高管理者具有较强的标准化意识"));
    assert!(condition5);
    // The province's contact for all; 晋城's for applicants registered there.
    let contacts = |city: &str| -> Vec<&str> {
        let mut app = Application::default();
        app.applicant.registered_city = city.into();
        sx.contacts_for(&app).map(|c| c.phone).collect()
    };
    assert_eq!(contacts("太原市"), ["0351-7680158"]);
    assert_eq!(contacts("晋城市"), ["0351-7680158", "0356-2028091"]);
}

#[test]
fn national_tracks_wording() {
    let service = program("national-service-demo");
    assert!(!has_field("national-service-demo", Field::StaffCount));
    assert!(
        service
            .subject_kinds
            .iter()
            .all(|k| !k.label.contains("试点"))
    );
    assert!(
        service
            .conditions()
            .iter()
            .any(|c| c.text.contains("服务满意度持续提升") && matches!(c.check, [Check::Review]))
    );
    let social = program("national-social-pilot");
    assert_eq!(
        social.spec(Field::StaffCount).unwrap().label,
        "专兼职标准化人员数"
    );
    assert!(social.spec(Field::Recommender).is_some_and(|s| s.required));
    assert!(social.spec(Field::Channel).is_some_and(|s| s.required));
    assert_eq!(
        program("national-hightech")
            .spec(Field::StaffCount)
            .unwrap()
            .label,
        "专职标准化人员数"
    );
    // Nothing "checked by rule" that no rule checks: the functions are the reviewers' (and the
    // applicant's declaration), the legal liability partly the credit code's.
    let first = &social.conditions()[0];
    assert!(first.text.contains("社会管理、公共服务职能"));
    assert!(first.check.iter().any(|c| matches!(c, Check::Review)));
    // "经试点承担单位、参加单位、保证单位、业务指导单位及管理单位同意后报送": the notice names these
    // units and says of neither the guarantor nor the manager who it is, so no hint says so.
    for field in [Field::Guarantor, Field::Manager] {
        let spec = social.spec(field).unwrap();
        assert!(
            spec.required && spec.hint.is_empty(),
            "{field:?}: {}",
            spec.hint
        );
    }
    // "(一)具有明确的社会管理、公共服务职能,能够独立承担法律责任的机构或者组织": its refusal says so.
    assert!(
        social
            .legal_person_need
            .contains("能够独立承担法律责任的机构或者组织")
    );
    // "寄送市场监管总局标准技术司".
    assert_eq!(service.authority, "市场监管总局标准技术司");
    // "(一)试点示范项目申报主体为高新技术企业、产业集群、高新技术产业开发区、经济技术开发区、国家自主
    // 创新示范区等。" is a condition of its own; the accident condition binds "申报主体为企业的".
    let hightech = program("national-hightech").conditions();
    assert!(hightech.iter().any(|c| {
        c.notice
            .starts_with("(一)试点示范项目申报主体为高新技术企业")
    }));
    let accident = hightech
        .iter()
        .find(|c| c.text.contains("责任事故"))
        .unwrap();
    assert!(
        accident.text.starts_with("申报主体为企业的"),
        "{}",
        accident.text
    );
    // "参加单位是参与试点创建的有关单位": Shanxi's description names it, as it does the others.
    let sx = program("sx-provincial");
    assert!(sx.description.contains("参加单位是参与试点创建的有关单位"));
    assert!(sx.description.contains("保证单位是县级（含）以上人民政府"));
}

#[test]
fn shanghai_wording_and_term() {
    let sh = program("sh-municipal");
    // No template names a 负责单位 column for Shanghai's plan: asked, never required.
    assert!(matches!(
        sh.plan,
        PlanSpec::Rows {
            responsible: Column::Optional,
            ..
        }
    ));
    // "项目期限为2年": its messages say 项目期限 as the notice does.
    let long = shared::Issue::new("project.term.end", shared::Code::TermTooLong)
        .with("months", 25)
        .with("max", 24);
    assert_eq!(
        long.message(shared::Lang::ZhCn),
        "项目期限为25个月，不能超过24个月"
    );
    let types: Vec<&str> = sh.pilot_types.iter().map(|t| t.value).collect();
    assert!(types.contains(&"社会管理与公共服务综合标准化试点"));
    assert!(!sh.declarations.iter().any(|d| d.key == "benchmark"));
    assert_eq!((sh.term.least_months, sh.term.max_months), (24, Some(24)));
}

/// Each program says how its paper goes in, as its notice does.
#[test]
fn every_program_says_how_the_paper_goes_in() {
    for p in PROGRAMS {
        assert!(
            !p.hand_in.copies.is_empty() && !p.hand_in.to.is_empty(),
            "{}",
            p.id
        );
    }
    let copies = |id: &str| program(id).hand_in.copies;
    assert!(copies("cq-municipal").contains("一式一份"));
    assert!(copies("sx-provincial").contains("一式4份"));
    assert!(copies("sh-municipal").contains("一式三份"));
    assert!(copies("national-hightech").contains("一式两份"));
    assert!(copies("national-service-demo").contains("1份"));
    assert!(program("cq-municipal").hand_in.paper.contains("A4"));
}

/// Each condition quotes the sentence of its notice it stands for, word for word: every piece
/// between the elisions ("……") stands in the program's seed notice (`../shared/seeds`, beside
/// the repository, as the brief lays the steering files out).
#[test]
fn every_condition_quotes_its_notice() {
    let seed = |file: &str| -> String {
        let path = format!("{}/../../shared/seeds/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        text.chars().filter(|c| !c.is_whitespace()).collect()
    };
    for p in PROGRAMS {
        let notice = seed(match p.id {
            "cq-municipal" => "000_c4d6e5d3ffbb3cab.txt",
            "sx-provincial" => "001_a488256817ecc043.txt",
            "sh-municipal" => "004_9a40ffab46a9c08c.txt",
            _ => "002_a8d6831e2f4e36e7.txt",
        });
        for c in p.conditions() {
            assert!(!c.notice.is_empty(), "{}: {}", p.id, c.text);
            for piece in c.notice.split("……") {
                let piece: String = piece.chars().filter(|c| !c.is_whitespace()).collect();
                assert!(
                    notice.contains(&piece),
                    "{}: not in its notice: {piece}",
                    p.id
                );
            }
        }
    }
}

/// The seeds' contacts, with the e-mail and address their notices give.
#[test]
fn contacts_carry_the_notices_email_and_address() {
    let find = |id: &str, name: &str| {
        program(id)
            .contacts
            .iter()
            .find(|c| c.name.contains(name))
            .unwrap_or_else(|| panic!("{id}: {name}"))
    };
    assert_eq!(find("sx-provincial", "张青").email, "sxbz963@126.com");
    assert_eq!(find("sx-provincial", "张艳萍").email, "jcbzhk@126.com");
    assert_eq!(
        find("cq-municipal", "连洁").address,
        "渝北区龙顺街50号401室"
    );
    let mailing: Vec<&str> = program("national-hightech")
        .contacts
        .iter()
        .map(|c| c.address)
        .collect();
    assert!(
        mailing
            .iter()
            .all(|a| a.contains("国家高新技术产业标准化试点示范项目"))
    );
    assert!(
        find("sh-municipal", "倪敏")
            .address
            .contains("肇嘉浜路301号")
    );
}

/// "社会管理和公共服务标准化联席会议成员单位可将推荐的项目申请材料直接报送联席办公室": through a
/// member the application passes no province, names no 管理单位 and needs none's consent; through
/// the province ("经…管理单位同意后报送省级市场监督管理部门") it needs both. A unit that takes one
/// channel only takes applications sent through it.
#[test]
fn the_social_pilots_two_channels() {
    use shared::{Code, Receiver};
    let id = "national-social-pilot";
    let today = shared::Date::new(2023, 8, 1).unwrap();
    let mut app = shared::wire::parse_application(support::fixture(id).as_bytes()).unwrap();
    app.units.channel = "joint_meeting_member".into();
    app.units.manager = "某省市场监督管理局".into();
    app.consents.manager = None;
    let checked = shared::check(&app, today);
    assert!(
        checked.report.issues.is_empty(),
        "{:?}",
        checked.report.issues
    );
    // What the member channel does not ask is not kept.
    assert_eq!(checked.application.units.manager, "");
    app.units.channel = "provincial_bureau".into();
    app.units.manager.clear();
    let paths: Vec<_> = shared::check(&app, today)
        .report
        .issues
        .into_iter()
        .map(|i| (i.path, i.code))
        .collect();
    assert_eq!(
        paths,
        [
            ("units.manager".to_owned(), Code::Required),
            ("consents.manager".to_owned(), Code::ConsentMissing)
        ]
    );

    let unit = |name: &str, channel: Option<&str>| Receiver {
        name: name.into(),
        channel: channel.map(Into::into),
    };
    let units = [
        unit("山西省民政厅", Some("provincial_bureau")),
        unit("民政部", Some("joint_meeting_member")),
    ];
    let mut app = shared::Application::default();
    app.units.channel = "joint_meeting_member".into();
    app.units.receiving = "山西省民政厅".into();
    let issue = shared::check_receiving(&app, &units).unwrap();
    assert_eq!(
        (issue.path.as_str(), issue.code),
        ("units.receiving", Code::ChannelUnit)
    );
    app.units.receiving = "民政部".into();
    assert_eq!(shared::check_receiving(&app, &units), None);
    // A sole unit is the channel's to match: the form asks for no unit then.
    app.units.receiving.clear();
    let issue = shared::check_receiving(&app, &units[..1]).unwrap();
    assert_eq!(
        (issue.path.as_str(), issue.code),
        ("units.channel", Code::ChannelUnit)
    );
}
