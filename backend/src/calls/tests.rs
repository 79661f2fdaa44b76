//! The calls files: the shipped one, the example one with the seeds' chains, and bad ones.

use super::*;
use crate::clock::beijing;

#[test]
fn the_shipped_file_has_an_open_call_for_every_program() {
    let calls = Calls::parse(DEFAULT).unwrap();
    for program in shared::PROGRAMS {
        let open = calls.for_program(program.id, 4_102_444_800);
        assert_eq!(
            open.first().map(|c| c.window(4_102_444_800)),
            Some(Window::Open),
            "{}",
            program.id
        );
        assert!(open[0].title.contains("不设截止时间"));
    }
}

#[test]
fn instants_are_beijing_time_unless_an_offset_is_given() {
    let calls = Calls::parse(
        "[[call]]\nid='a'\nprogram='cq-municipal'\nyear=2023\ntitle='t'\nopens=2023-07-24T09:00:00\ncloses=2023-08-11\n\
         [[call]]\nid='b'\nprogram='cq-municipal'\nyear=2023\ntitle='t'\nopens=2023-07-24T01:00:00Z",
    )
    .unwrap();
    let a = &calls.all()[0];
    let opens = a.opens.unwrap();
    assert_eq!(beijing(opens), "2023-07-24 09:00");
    assert_eq!(opens, 1_690_160_400);
    // A bare closing date closes at the end of that day.
    assert_eq!(beijing(a.closes.unwrap() - 1), "2023-08-11 23:59");
    assert_eq!(a.window(a.closes.unwrap() - 1), Window::Open);
    assert_eq!(a.window(a.closes.unwrap()), Window::Closed);
    assert_eq!(a.window(opens - 1), Window::Upcoming);
    assert_eq!(beijing(calls.all()[1].opens.unwrap()), "2023-07-24 09:00");
}

#[test]
fn the_example_file_has_the_seeds_dates_and_quotas() {
    let calls = Calls::parse(include_str!("../../calls.example.toml")).unwrap();
    let sx = calls
        .find("sx-provincial", "sx-provincial-2021-jincheng")
        .unwrap();
    assert_eq!(beijing(sx.opens.unwrap()), "2021-04-25 00:00");
    assert_eq!(beijing(sx.closes.unwrap() - 1), "2021-05-08 23:59");
    assert_eq!(
        sx.chain.unit("晋城市市场监督管理局").unwrap().quotas[0]
            .category("pilot", "工业")
            .as_deref(),
        Some("每个领域（工业）")
    );
    // Its chain: six counties receive, each to recommend at least one, to the city (at
    // most 2 per domain) by 05-08; the city to the province by 05-10; the province decides.
    let counties: Vec<_> = sx.chain.children("晋城市市场监督管理局").collect();
    assert_eq!(counties.len(), 6);
    assert!(
        counties
            .iter()
            .all(|c| c.receives && c.quotas[0].min == Some(1))
    );
    assert_eq!(
        beijing(counties[0].recommend_by.unwrap() - 1),
        "2021-05-08 23:59"
    );
    assert_eq!(sx.chain.decider().unwrap().name, "山西省市场监督管理局");
    // The city writes in no block the applicant's side seals; nothing to warn about.
    assert!(calls.warnings().is_empty(), "{:?}", calls.warnings());
    assert_eq!(sx.units.len(), 6);
    // "务于2021年5月10日前将本地区推荐的试点备选项目清单和相关材料报送省市场监管局。纸质材料一式
    // 三份，电子材料发送指定邮箱。"
    let city = sx.chain.unit("晋城市市场监督管理局").unwrap();
    assert_eq!(city.hand_in.list(), "试点备选项目清单");
    assert!(city.hand_in.copies.as_deref().unwrap().contains("一式三份"));
    assert_eq!(beijing(city.recommend_by.unwrap() - 1), "2021-05-10 23:59");
    // The 晋城 call's own hand-in words, the program's where it has none.
    assert_eq!(
        sx.hand_in().copies,
        "申报书一式5份（含电子版）；承担单位、参加单位、保证单位签字盖章"
    );
    assert_eq!(sx.hand_in().paper, "");
    let cq = calls
        .find("cq-municipal", "cq-municipal-2023-yubei")
        .unwrap();
    assert_eq!(beijing(cq.closes.unwrap() - 1), "2023-08-11 23:59");
    assert!(cq.hand_in().paper.contains("A4"));
    // "重庆市渝北区市场监督管理局（代章）" writes the 区县市场监管局推荐意见; the papers still go
    // to the joint-meeting office.
    assert_eq!(
        cq.chain.unit("重庆市渝北区市场监督管理局").unwrap().opinion,
        ["区县市场监管局推荐意见"]
    );
    assert!(cq.hand_in().to.contains("联席会议办公室"));
    let sh = calls.find("sh-municipal", "sh-municipal-2021").unwrap();
    assert_eq!(beijing(sh.closes.unwrap() - 1), "2021-04-30 23:59");
    // "行业主管部门或区市场监管局对申报的试点项目进行初审，填写推荐部门意见并加盖公章后统一报送市
    // 市场监管局", which "统一征集、立项".
    assert_eq!(sh.chain.decider().unwrap().name, "上海市市场监督管理局");
    let first: Vec<_> = sh.chain.children("上海市市场监督管理局").collect();
    assert_eq!(first.len(), 17);
    assert!(
        first
            .iter()
            .all(|u| u.receives && u.opinion == ["推荐部门意见"])
    );
    // Every program has a call of its seed.
    for program in shared::PROGRAMS {
        assert!(
            calls.all().iter().any(|c| c.program == program.id),
            "{}",
            program.id
        );
    }
    let hightech = calls
        .find("national-hightech", "national-hightech-2023")
        .unwrap();
    // "于2023年8月15日前将…项目推荐汇总表…邮寄": the province's deadline, not the applicants'
    // window, which no seed gives: upcoming, without a date, until a province sets it.
    assert_eq!((hightech.opens, hightech.closes), (None, None));
    assert_eq!(hightech.window(4_102_444_800), Window::Upcoming);
    let province = hightech.chain.unit("山西省市场监督管理局").unwrap();
    assert_eq!(
        beijing(province.recommend_by.unwrap() - 1),
        "2023-08-15 23:59"
    );
    assert_eq!(province.hand_in.list(), "项目推荐汇总表");
    assert!(
        province
            .hand_in
            .copies
            .as_deref()
            .unwrap()
            .contains("一式两份")
    );
    let limits: Vec<_> = hightech
        .chain
        .unit("山西省市场监督管理局")
        .unwrap()
        .quotas
        .iter()
        .map(|q| {
            let counts = |kind, domain| q.category(kind, domain).is_some();
            (
                q.max.unwrap(),
                counts("pilot", "电子信息"),
                counts("pilot", "新型基础设施"),
                counts("demonstration", "电子信息"),
            )
        })
        .collect();
    assert_eq!(
        limits,
        [
            (10, true, false, false),
            (10, false, true, false),
            (2, false, false, true)
        ]
    );
    // "原则上试点项目不超过10个,新型基础设施领域试点项目不超过10个,示范项目不超过2个": in
    // principle, so none of the three is firm; the service track's "推荐示范项目不超过2项" is.
    let unit = hightech.chain.unit("山西省市场监督管理局").unwrap();
    assert!(unit.quotas.iter().all(|q| !q.firm));
    let service = calls
        .find("national-service-demo", "national-service-demo-2023")
        .unwrap();
    let unit = service.chain.unit("山西省市场监督管理局").unwrap();
    assert!(unit.quotas.iter().all(|q| q.firm));
    assert_eq!(beijing(unit.recommend_by.unwrap() - 1), "2023-08-15 23:59");
    // The social pilot's channels: the industry authorities receive for the province, which
    // recommends to the joint office; "联席会议成员单位可将推荐的项目申请材料直接报送联席办公室".
    let social = calls
        .find("national-social-pilot", "national-social-pilot-2023")
        .unwrap();
    let channel = |name: &str| social.chain.unit(name).unwrap().channel.clone();
    assert_eq!(channel("民政部").as_deref(), Some("joint_meeting_member"));
    assert_eq!(
        channel("山西省民政厅").as_deref(),
        Some("provincial_bureau")
    );
    assert_eq!(social.chain.unit("民政部").unwrap().parent, None);
    assert_eq!(
        social.chain.unit("山西省民政厅").unwrap().parent.as_deref(),
        Some("山西省市场监督管理局")
    );
    assert!(social.chain.units().iter().all(|u| u.opinion.is_empty()));
    assert_eq!(social.units.len(), 3);
}

#[test]
fn bad_files_are_refused_with_a_reason() {
    let unknown =
        Calls::parse("[[call]]\nid='a'\nprogram='nope'\nyear=2023\ntitle='t'\nopens=2023-01-01");
    assert!(unknown.unwrap_err().contains("no program nope"));
    let backwards = Calls::parse(
        "[[call]]\nid='a'\nprogram='cq-municipal'\nyear=2023\ntitle='t'\nopens=2023-02-01\ncloses=2023-01-01",
    );
    assert!(backwards.unwrap_err().contains("closes before it opens"));
    let twice =
        "[[call]]\nid='a'\nprogram='cq-municipal'\nyear=2023\ntitle='t'\nopens=2023-01-01\n";
    assert!(
        Calls::parse(&twice.repeat(2))
            .unwrap_err()
            .contains("twice")
    );
    let unknown_hand_in = Calls::parse(
        "[[call]]\nid='a'\nprogram='cq-municipal'\nyear=2023\ntitle='t'\nopens=2023-01-01\n[call.hand_in]\nfax='1'",
    );
    assert!(unknown_hand_in.unwrap_err().contains("fax"));
    // A channel the program does not have, or on a unit that receives nothing.
    let unit = |program: &str, extra: &str| {
        Calls::parse(&format!(
            "[[call]]\nid='a'\nprogram='{program}'\nyear=2023\ntitle='t'\n[[call.unit]]\nname='u'\n{extra}"
        ))
    };
    assert!(
        unit(
            "national-social-pilot",
            "receives=true\nchannel='joint_meeting_member'"
        )
        .is_ok()
    );
    for (program, extra) in [
        ("national-social-pilot", "receives=true\nchannel='fax'"),
        ("national-social-pilot", "channel='joint_meeting_member'"),
        (
            "cq-municipal",
            "receives=true\nchannel='joint_meeting_member'",
        ),
    ] {
        assert!(
            unit(program, extra).unwrap_err().contains("channel"),
            "{extra}"
        );
    }
    // A list's name titles a spreadsheet: none that Excel refuses as a sheet's name.
    let named = |list: &str| {
        unit(
            "cq-municipal",
            &format!("[call.unit.hand_in]\nlist='{list}'"),
        )
    };
    assert!(named("试点备选项目清单").is_ok());
    assert!(named("清单/2021").unwrap_err().contains("hand_in.list"));
    // A call without opens is upcoming, with no date, until the deployment sets one.
    let unset = unit("cq-municipal", "receives=true").unwrap();
    assert_eq!(unset.all()[0].window(4_102_444_800), Window::Upcoming);
    assert_eq!(unset.all()[0].view(0).opens_at, None);
}
