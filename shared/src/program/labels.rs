//! The name a field goes by, as the form labels it: what the applicant's error summary lists
//! and what the reviewers' comparison of two versions shows, for any path of an application.

use super::{PlanSpec, Program};

impl Program {
    /// The name of the field at `path`, as the summary shows it.
    pub fn label_for(&self, path: &str) -> String {
        let program = self;
        if let Some(spec) = program.fields().find(|s| s.field.path() == path) {
            return spec.label.to_owned();
        }
        let mut parts = path.split('.');
        let (a, b, c) = (parts.next(), parts.next(), parts.next());
        let n = |i: Option<&str>| i.and_then(|i| i.parse::<usize>().ok()).map_or(0, |i| i + 1);
        match (a, b, c) {
            (Some("plan"), Some(i), Some(key)) => {
                let what = match key {
                    "stage" => "阶段",
                    "covers" => "涵盖的工作",
                    "start" => "开始年月",
                    "end" => "结束年月",
                    "content" => "工作内容",
                    _ => "负责单位及参与单位",
                };
                match program.plan {
                    PlanSpec::Stages { stages } => {
                        let stage = stages.get(n(Some(i)) - 1).map_or("推进计划", |s| s.name);
                        format!("{stage}{what}")
                    }
                    PlanSpec::Rows { .. } => format!("工作计划第 {} 行的{what}", n(Some(i))),
                }
            }
            (Some("plan"), None, _) => "工作计划".to_owned(),
            (Some("standards"), Some(i), Some(key)) => {
                let what = match key {
                    "tier" => "标准层级",
                    "number" => "标准编号",
                    "title" => "标准名称",
                    _ => "状态",
                };
                format!("第 {} 项标准的{what}", n(Some(i)))
            }
            (Some("units"), Some("participants"), i) => format!("第 {} 个参加单位", n(i)),
            (Some("units"), Some("receiving"), None) => "受理单位".to_owned(),
            (Some("declarations"), Some(key), None) => {
                let n = program.declarations.iter().position(|d| d.key == key);
                n.map_or_else(
                    || "自我声明".to_owned(),
                    |n| format!("自我声明第{}条", n + 1),
                )
            }
            (Some("attachments"), Some(key), None) => program
                .attachments
                .iter()
                .find(|a| a.key == key)
                .map_or_else(|| "附件".to_owned(), |a| a.label.to_owned()),
            (Some("privacy_consent"), ..) => "个人信息处理说明".to_owned(),
            (Some("call"), ..) => "申报批次".to_owned(),
            _ => path.to_owned(),
        }
    }
}
