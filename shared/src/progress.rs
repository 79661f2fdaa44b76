//! The applicant's progress (办理进度) in words: what each event the server records means, said
//! the same on the form's progress page and in the e-mail that tells of it.

/// What an applicant is told when a receipt and secret do not match: by the form's lookup, and
/// by the page without script that prints the submitted 申请书.
pub const WRONG_SECRET: &str = "回执编号或修改密码不正确，请核对。";

/// The few words a message's subject gives the event of `kind`.
pub fn headline(kind: &str) -> &'static str {
    match kind {
        "received" => "已受理",
        "recommended" => "已推荐",
        "withdrawn" => "推荐已撤销",
        "not_recommended" => "未获推荐",
        "returned" => "退回补正",
        "corrected" => "已修改",
        "approved" => "已立项",
        "rejected" => "不予立项",
        _ => "办理进度",
    }
}

/// What happened, as a sentence's predicate about the application: `已由晋城市市场监督管理局推荐上报`.
pub fn sentence(kind: &str, unit: &str, version: i64) -> String {
    match kind {
        "received" if unit.is_empty() => "已提交成功，已受理".to_owned(),
        "received" => format!("已提交成功，由{unit}受理"),
        "recommended" => format!("已由{unit}推荐上报"),
        "withdrawn" => format!("{unit}撤销了推荐"),
        "not_recommended" => format!("{unit}在推荐截止时间前未予推荐"),
        "returned" => format!("被{unit}退回补正"),
        "corrected" => format!("已修改并重新提交（第{version}版）"),
        "approved" => format!("经{unit}决定予以立项"),
        "rejected" => format!("经{unit}决定不予立项"),
        other => other.to_owned(),
    }
}

/// An instant as the server stores it (RFC 3339 in Beijing time, `2026-12-07T09:56:39+08:00`)
/// as `2026-12-07 09:56`, which [`crate::date::spoken`] reads; `None` for anything else.
pub fn beijing(stored: &str) -> Option<String> {
    let (day, rest) = stored.split_once('T')?;
    rest.ends_with("+08:00")
        .then(|| rest.get(..5))
        .flatten()
        .map(|time| format!("{day} {time}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_event_reads_as_a_sentence() {
        assert_eq!(
            sentence("recommended", "晋城市市场监督管理局", 1),
            "已由晋城市市场监督管理局推荐上报"
        );
        assert_eq!(sentence("corrected", "", 2), "已修改并重新提交（第2版）");
        assert_eq!(headline("returned"), "退回补正");
        assert_eq!(
            beijing("2027-01-16T00:00:00+08:00").as_deref(),
            Some("2027-01-16 00:00")
        );
        assert_eq!(beijing("2027-01-16T00:00:00Z"), None);
    }
}
