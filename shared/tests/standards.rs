//! The standards list's numbers. Shanghai tells pilots to "收集并采用现行的相关国家标准、行业标准和地方标准，
//! 积极采用国际标准和国外先进标准": every tier it names is accepted, written as it is printed.

use shared::rules::standard_number::{self, StandardError, Tier};

fn tier(number: &str) -> Result<Tier, StandardError> {
    standard_number::parse(number).map(|n| n.tier)
}

#[test]
fn international_and_foreign_standards_have_a_tier() {
    for number in [
        "ISO 9001:2015",
        "ISO/IEC 27001:2013",
        "ISO/IEC Guide 98-3:2008",
        "ISO/TS 22163:2017",
        "IEC 61508-1:2010",
        "ITU-T X.509",
        "ITU-T Y.2060 (06/2012)",
        "EN 1090-1:2009+A1:2011",
        "BS EN ISO 9001:2015",
        "BS 7671:2018",
        "DIN 1045-2:2008",
        "DIN EN ISO 9001:2015",
        "JIS B 0001:2019",
        "ASTM D638-14",
        "ASTM A36/A36M-19",
        "IEEE 802.11-2020",
        "ANSI/ASHRAE 90.1-2019",
        "UL 94",
    ] {
        assert_eq!(tier(number), Ok(Tier::International), "{number}");
    }
}

#[test]
fn an_identical_adoption_is_printed_with_both_numbers() {
    assert_eq!(tier("GB/T 19001-2016/ISO 9001:2015"), Ok(Tier::National));
    assert_eq!(tier("YY/T 0287-2017/ISO 13485:2016"), Ok(Tier::Industry));
    assert_eq!(
        standard_number::normalize("gb/t 19001—2016 / iso 9001：2015"),
        "GB/T 19001-2016/ISO 9001:2015"
    );
    // A bad Chinese half is the Chinese half's error.
    assert_eq!(
        tier("XX/T 1-2016/ISO 9001:2015"),
        Err(StandardError::Prefix("XX/T".into()))
    );
}

/// The engineering-construction standards applicants cite: 住房和城乡建设部's JGJ and CJJ,
/// 交通运输部's JTG and JTS, with their lettered and multi-part numbers.
#[test]
fn engineering_construction_codes_are_industry_standards() {
    for number in [
        "JGJ 125-2016",
        "JGJ/T 98-2010",
        "CJJ 1-2008",
        "CJJ/T 135-2009",
        "JTG D60-2015",
        "JTG F80/1-2017",
        "JTG/T 3650-2020",
        "JTS 144-1-2010",
        "TB 10001-2016",
        "DL/T 5210.1-2021",
    ] {
        assert_eq!(tier(number), Ok(Tier::Industry), "{number}");
    }
}

#[test]
fn the_chinese_tiers_keep_their_shapes() {
    assert_eq!(tier("GB/T 1.1-2020"), Ok(Tier::National));
    assert_eq!(tier("GB3100-93"), Ok(Tier::National));
    assert_eq!(tier("DB11/ 501-2017"), Ok(Tier::Local));
    assert_eq!(tier("DB50/T 123-2021"), Ok(Tier::Local));
    assert_eq!(tier("T/CAS 123-2021"), Ok(Tier::Group));
    assert_eq!(tier("Q/ABC 001-2020"), Ok(Tier::Enterprise));
    assert_eq!(standard_number::normalize("jgj  125－2016"), "JGJ 125-2016");
}

/// A number that fits none of the tiers is still refused.
#[test]
fn numbers_that_fit_no_tier_are_refused() {
    for number in [
        "GB/T 1.1",
        "GB/T 1..1-2020",
        "ISO",
        "ISO 认证",
        "ISO 9001:15",
        "ASTM D638-",
        "ITU-T X.509 (2019)",
        "ABC 9001:2015",
        "GB/T 19001-2016/XYZ 9001:2015",
    ] {
        assert_eq!(tier(number), Err(StandardError::Shape), "{number}");
    }
    assert_eq!(
        tier("XX/T 1-2020"),
        Err(StandardError::Prefix("XX/T".into()))
    );
    assert_eq!(
        tier("DB99/T 1-2020"),
        Err(StandardError::Province("99".into()))
    );
}
