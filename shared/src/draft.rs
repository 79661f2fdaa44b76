//! Drafts: what the applicant's browser keeps (and writes to a file) of an unfinished
//! application, and how a draft saved by an older version of the form is brought up to date.
//! Drafts never reach the server; reading one from JSON is the browser's (it has a JSON reader
//! of its own, which costs the wasm nothing).

use crate::model::{Application, SCHEMA_VERSION};
use crate::program::{PlanSpec, Program};

/// The `format` member that marks a JSON file as one of our drafts.
pub const FORMAT: &str = "pilot-draft";

/// Brings `app`, read from a draft saved under schema version `from`, up to the current
/// version (versions start at 1). `Ok` carries what the applicant should be told, if anything; `Err` says why the
/// draft cannot be used (it is left as it was).
pub fn migrate(
    app: &mut Application,
    program: &Program,
    from: u32,
) -> Result<Option<String>, String> {
    if from > SCHEMA_VERSION {
        return Err(format!(
            "这个草稿由更新版本的申报系统保存（第 {from} 版，本页为第 {SCHEMA_VERSION} 版）。请刷新页面后再打开。"
        ));
    }
    if from == SCHEMA_VERSION {
        return Ok(None);
    }
    // Version 1 → 2: rows that cover kinds of work (Shanxi) named their one kind in the stage
    // column, which such tables no longer have. 2 → 3 only added `units.receiving`, which the
    // applicant chooses.
    if let PlanSpec::Rows {
        stage: false,
        kinds,
        ..
    } = program.plan
        && from < 2
    {
        for row in &mut app.plan {
            if kinds.contains(&row.stage.as_str()) && row.covers.is_empty() {
                row.covers.push(std::mem::take(&mut row.stage));
            }
        }
    }
    Ok(Some(format!(
        "这个草稿由旧版表格（第 {from} 版）保存，已转换为现行表格（第 {SCHEMA_VERSION} 版）；现行表格新增的栏目请补填。"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PlanRow;

    fn program(id: &str) -> &'static Program {
        crate::programs::find(id).unwrap()
    }

    #[test]
    fn a_version_1_shanxi_row_keeps_its_kind_as_what_it_covers() {
        let mut app = Application {
            plan: vec![
                PlanRow {
                    stage: "标准体系建立".into(),
                    content: "编制标准体系表".into(),
                    ..PlanRow::default()
                },
                PlanRow {
                    stage: "自由文字".into(),
                    ..PlanRow::default()
                },
            ],
            ..Application::default()
        };
        let note = migrate(&mut app, program("sx-provincial"), 1).unwrap();
        assert!(note.unwrap().contains("第 1 版"));
        assert_eq!(app.plan[0].covers, ["标准体系建立"]);
        assert_eq!(app.plan[0].stage, "");
        assert_eq!(app.plan[0].content, "编制标准体系表");
        // Words that are not one of the kinds stay where they were, for the applicant to see.
        assert_eq!(app.plan[1].stage, "自由文字");
        assert!(app.plan[1].covers.is_empty());
    }

    #[test]
    fn a_current_draft_is_taken_as_it_is_and_a_newer_one_is_refused() {
        let mut app = Application {
            plan: vec![PlanRow {
                stage: "启动阶段".into(),
                ..PlanRow::default()
            }],
            ..Application::default()
        };
        let before = app.clone();
        assert_eq!(
            migrate(&mut app, program("cq-municipal"), SCHEMA_VERSION),
            Ok(None)
        );
        let refused = migrate(&mut app, program("cq-municipal"), SCHEMA_VERSION + 1).unwrap_err();
        assert!(refused.contains("更新版本"), "{refused}");
        assert_eq!(app, before);
    }
}
