//! What reviewers read: the submissions their scope and a filter keep, as a page of the list
//! or, for exports, page after page in a stable order.

use sqlx::{FromRow, Row};

use super::Store;
use super::sorting::Order;
use super::sql::Sql;
use crate::reviewers::Reviewer;

/// What a reviewer's list and exports are narrowed to, besides their own scope.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, utoipa::IntoParams)]
#[serde(default, deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Filter {
    pub program: Option<String>,
    pub call: Option<String>,
    pub unit: Option<String>,
    pub domain: Option<String>,
    /// The applicant's province: the two digits after the credit code's first two characters.
    pub province: Option<String>,
    /// Submitted on or after this day (`YYYY-MM-DD`, Beijing time).
    pub from: Option<String>,
    /// Submitted on or before this day.
    pub to: Option<String>,
    /// Words in the applicant's or the project's name.
    pub q: Option<String>,
    /// Only those its unit recommends (`true`), or only the others (`false`).
    #[serde(deserialize_with = "flag")]
    pub recommended: Option<bool>,
    /// Where it stands for the reviewer's unit: see [`STATUSES`]; `decided` keeps both
    /// `approved` and `rejected`.
    pub status: Option<String>,
    /// These submissions alone (ids, comma-separated, at most [`MAX_IDS`]): a selection made
    /// in the list, downloaded as one ZIP.
    pub ids: Option<String>,
}

/// The most ids a filter names.
pub const MAX_IDS: usize = 200;

/// Where a submission stands for a unit: `new` (not acted on), `recommended` (the unit sent it
/// to its parent), `sent_up` (a unit above sent it further), `returned` (to its applicant, to
/// be corrected), `approved` (立项) or `rejected` (不予立项); `withdrawn` rows are listed apart
/// (their detail is 404).
pub const STATUSES: [&str; 7] = [
    "new",
    "recommended",
    "sent_up",
    "withdrawn",
    "returned",
    "approved",
    "rejected",
];

/// The filter that keeps both `approved` and `rejected`: every decided one.
pub const DECIDED: &str = "decided";

/// The SQL of a row's status for the reviewer's unit (see [`STATUSES`]).
/// A returned one stays `returned` until corrected, its date passed or not: the uncorrected
/// version is not recommended (`store::guard`).
fn status<'a>(q: &mut Sql<'a>, scope: &'a Reviewer) {
    q.push(
        "(CASE WHEN id IN (SELECT submission_id FROM decisions WHERE decision = 'approved') \
         THEN 'approved' WHEN id IN (SELECT submission_id FROM decisions) THEN 'rejected' \
         WHEN id IN (SELECT submission_id FROM returns WHERE corrected_at = '') \
         THEN 'returned' WHEN EXISTS (SELECT 1 FROM recommendations u \
         WHERE u.submission_id = submissions.id AND u.unit <> ",
    );
    own_unit(q, scope);
    for (_, below) in &scope.below {
        q.push(" AND u.unit <> ").push_bind(below.as_str());
    }
    q.push(
        " AND u.at >= (SELECT MIN(o.at) FROM recommendations o \
         WHERE o.submission_id = submissions.id AND o.unit = ",
    );
    own_unit(q, scope);
    q.push(")) THEN 'sent_up' WHEN id IN (SELECT submission_id FROM recommendations WHERE unit = ");
    own_unit(q, scope);
    q.push(") THEN 'recommended' ELSE 'new' END)");
}

impl Filter {
    /// The filter as the audit log keeps it: that a search was made, not its words (they may
    /// name a person, and the log outlives a call's retention).
    pub fn for_audit(&self) -> String {
        let mut kept = self.clone();
        if kept.q.is_some() {
            kept.q = Some("(search)".to_owned());
        }
        format!("{kept:?}")
    }
}

/// `true` or `false` as a query string writes them. (Read as text: inside the list's query,
/// which flattens this filter, serde sees every value as a string.)
fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    use serde::Deserialize;
    match Option::<String>::deserialize(d)?.as_deref() {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(other) => Err(serde::de::Error::custom(format!(
            "recommended is true or false, not {other}"
        ))),
    }
}

/// One row of a reviewer's list.
#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub id: String,
    pub receipt: String,
    pub program: String,
    pub call: String,
    pub unit: String,
    pub domain: String,
    pub applicant_name: String,
    pub credit_code: String,
    pub project_name: String,
    #[schema(format = DateTime)]
    pub submitted_at: String,
    /// Its place among the reviewer's unit's recommendations (the receiving unit's, for a
    /// reviewer without one), if recommended there.
    pub rank: Option<i64>,
    /// The mean of the scores of the experts assigned it now, if any scored it.
    pub score: Option<f64>,
    /// Where it stands for the reviewer's unit (see [`STATUSES`]).
    #[schema(pattern = "^(new|recommended|sent_up|returned|approved|rejected)$")]
    pub status: String,
}

/// Where the next page of an export starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    After(String, String),
    Offset(i64),
}

/// `%` and `_` taken literally in a LIKE pattern (with `ESCAPE '\'`).
fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// The unit whose ranking a reviewer's list shows: their own, or, for a reviewer without one,
/// the receiving unit's (`submissions.unit`).
fn own_unit<'a>(q: &mut Sql<'a>, scope: &'a Reviewer) {
    match &scope.unit {
        Some(unit) => q.push_bind(unit.as_str()),
        None => q.push("submissions.unit"),
    };
}

/// The columns of a list row, its place in the reviewer's unit's ranking among them.
fn summary_columns<'a>(scope: &'a Reviewer, data: bool) -> Sql<'a> {
    let mut q = Sql::new(
        "SELECT id, receipt, program, call, unit, domain, applicant_name, credit_code, \
         project_name, submitted_at, ",
    );
    if data {
        q.push("data, ");
    }
    q.push(
        "(SELECT rank FROM recommendations r WHERE r.submission_id = submissions.id AND r.unit = ",
    );
    own_unit(&mut q, scope);
    q.push(
        ") AS rank, (SELECT CAST(AVG(e.score) AS DOUBLE PRECISION) FROM expert_reviews e \
         JOIN expert_assignments a ON a.submission_id = e.submission_id AND a.expert = e.expert \
         WHERE e.submission_id = submissions.id) AS score, ",
    );
    status(&mut q, scope);
    q.push(" AS status FROM submissions");
    q
}

/// The WHERE clause of a reviewer's view: their scope first, so no filter can widen it.
fn narrow<'a>(q: &mut Sql<'a>, scope: &'a Reviewer, f: &'a Filter) {
    q.push(" WHERE program IN (");
    for (n, p) in scope.programs.iter().enumerate() {
        if n > 0 {
            q.push(", ");
        }
        q.push_bind(p.as_str());
    }
    // A reviewer always has a program (the command refuses none); `IN ()` would not parse.
    if scope.programs.is_empty() {
        q.push("NULL");
    }
    q.push(")");
    // An expert sees what their unit assigned them, nothing else.
    if scope.expert {
        q.push(" AND id IN (SELECT submission_id FROM expert_assignments WHERE expert = ")
            .push_bind(scope.name.as_str())
            .push(")");
    // A unit's reviewer sees what it received and what the units directly below it recommend.
    } else if let Some(unit) = &scope.unit {
        q.push(" AND (unit = ").push_bind(unit.as_str());
        if !scope.below.is_empty() {
            q.push(" OR id IN (SELECT submission_id FROM recommendations WHERE ");
            for (n, (call, below)) in scope.below.iter().enumerate() {
                if n > 0 {
                    q.push(" OR ");
                }
                q.push("(call = ")
                    .push_bind(call.as_str())
                    .push(" AND unit = ")
                    .push_bind(below.as_str())
                    .push(")");
            }
            q.push(")");
        }
        q.push(")");
    }
    for (column, value) in [
        ("program", &f.program),
        ("call", &f.call),
        ("unit", &f.unit),
        ("domain", &f.domain),
        ("substr(credit_code, 3, 2)", &f.province),
    ] {
        if let Some(v) = value {
            q.push(&format!(" AND {column} = ")).push_bind(v.as_str());
        }
    }
    // Instants are stored as RFC 3339 in +08:00, so a day's text orders with them.
    if let Some(from) = &f.from {
        q.push(" AND submitted_at >= ").push_bind(from.as_str());
    }
    if let Some(to) = &f.to {
        q.push(" AND submitted_at < ").push_bind(format!("{to}T99"));
    }
    // Recommended by the reviewer's own unit (by the receiving unit, for a reviewer without).
    if let Some(wanted) = f.recommended {
        q.push(if wanted {
            " AND id IN"
        } else {
            " AND id NOT IN"
        });
        q.push(" (SELECT submission_id FROM recommendations r WHERE r.unit = ");
        own_unit(q, scope);
        q.push(")");
    }
    if let Some(wanted) = &f.status {
        // Withdrawn ones are not rows of the list: the list's `withdrawn` holds them.
        q.push(" AND ");
        status(q, scope);
        if wanted == DECIDED {
            q.push(" IN ('approved', 'rejected')");
        } else {
            q.push(" = ").push_bind(wanted.as_str());
        }
    }
    if let Some(ids) = &f.ids {
        // NULL first: nothing named keeps nothing (`IN ()` would not parse).
        q.push(" AND id IN (NULL");
        for id in ids.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            q.push(", ").push_bind(id);
        }
        q.push(")");
    }
    if let Some(words) = &f.q {
        let pattern = like_escaped(words);
        q.push(" AND (applicant_name LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR project_name LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
}

impl Store {
    /// A page of what an export holds: the rows `scope` may see that `filter` keeps, each with
    /// its application, from `from` on, and where the next page starts (`None` after the last).
    ///
    /// Oldest first, paged by the (`submitted_at`, `id`) key rather than by offset: that walks
    /// the `submissions_export` index, so a page costs the same at the end of 10,000 rows as at
    /// the start and needs no sort in memory, and submissions arriving meanwhile join the end
    /// instead of shifting the pages. The recommended ones alone (`recommended=true`, what a
    /// unit sends upward, a few per quota) come in their units' ranking instead.
    pub async fn export_page(
        &self,
        scope: &Reviewer,
        filter: &Filter,
        from: Option<&Cursor>,
        limit: i64,
    ) -> Result<(Vec<(Summary, serde_json::Value)>, Option<Cursor>), sqlx::Error> {
        let mut select = summary_columns(scope, true);
        narrow(&mut select, scope, filter);
        let ranked = filter.recommended == Some(true);
        if let Some(Cursor::After(at, id)) = from {
            select
                .push(" AND (submitted_at, id) > (")
                .push_bind(at.as_str())
                .push(", ")
                .push_bind(id.as_str())
                .push(")");
        }
        if ranked {
            // A unit's own ranking; each receiving unit's in turn for a reviewer without one.
            select.push(if scope.unit.is_some() {
                " ORDER BY rank, id LIMIT "
            } else {
                " ORDER BY unit, rank, id LIMIT "
            });
            select.push_bind(limit);
            let offset = match from {
                Some(Cursor::Offset(n)) => *n,
                _ => 0,
            };
            select.push(" OFFSET ").push_bind(offset);
        } else {
            select
                .push(" ORDER BY submitted_at, id LIMIT ")
                .push_bind(limit);
        }
        let rows = sqlx::query_with(&select.text, select.args)
            .fetch_all(&self.pool)
            .await?;
        let page = rows
            .iter()
            .map(|r| {
                let data: String = r.try_get("data")?;
                let data =
                    serde_json::from_str(&data).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
                Ok((Summary::from_row(r)?, data))
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let next = match page.last() {
            Some(_) if (page.len() as i64) < limit => None,
            None => None,
            Some(_) if ranked => {
                let before = match from {
                    Some(Cursor::Offset(n)) => *n,
                    _ => 0,
                };
                Some(Cursor::Offset(before + page.len() as i64))
            }
            Some((last, _)) => Some(Cursor::After(last.submitted_at.clone(), last.id.clone())),
        };
        Ok((page, next))
    }

    /// The submissions `scope` may see that `filter` keeps, in `order` (then the newest first),
    /// `limit` from `offset`, and how many there are in all.
    pub async fn list(
        &self,
        scope: &Reviewer,
        filter: &Filter,
        order: Order,
        (limit, offset): (i64, i64),
    ) -> Result<(Vec<Summary>, i64), sqlx::Error> {
        let mut count = Sql::new("SELECT COUNT(*) FROM submissions");
        narrow(&mut count, scope, filter);
        let total: i64 = sqlx::query_scalar_with(&count.text, count.args)
            .fetch_one(&self.pool)
            .await?;
        let mut select = summary_columns(scope, false);
        narrow(&mut select, scope, filter);
        select.push(&format!(
            " ORDER BY {}, submitted_at DESC, id LIMIT ",
            order.terms()
        ));
        select.push_bind(limit).push(" OFFSET ").push_bind(offset);
        let rows = sqlx::query_with(&select.text, select.args)
            .fetch_all(&self.pool)
            .await?;
        let items = rows
            .iter()
            .map(Summary::from_row)
            .collect::<Result<_, _>>()?;
        Ok((items, total))
    }

    /// The other submissions in `call` from the applicant with `credit_code`: those `scope`
    /// may see, as (id, receipt, unit), and how many more there are that it may not (counted,
    /// never named).
    pub async fn same_credit_code(
        &self,
        scope: &Reviewer,
        call: &str,
        credit_code: &str,
        id: &str,
    ) -> Result<(Vec<(String, String, String)>, i64), sqlx::Error> {
        let anything = Filter::default();
        let mut q = Sql::new("SELECT id, receipt, unit FROM submissions");
        narrow(&mut q, scope, &anything);
        q.push(" AND call = ")
            .push_bind(call)
            .push(" AND credit_code = ")
            .push_bind(credit_code)
            .push(" AND id <> ")
            .push_bind(id)
            .push(" ORDER BY submitted_at, id");
        let seen: Vec<(String, String, String)> = sqlx::query_as_with(&q.text, q.args)
            .fetch_all(&self.pool)
            .await?;
        let all: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM submissions WHERE call = $1 AND credit_code = $2 AND id <> $3",
        )
        .bind(call)
        .bind(credit_code)
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        Ok((seen.clone(), all - seen.len() as i64))
    }

    /// The id of the submission `id_or_receipt` names, if `scope` may see it. One query, the
    /// same for a submission that is missing and for one out of scope, so that neither the
    /// answer nor its time says which.
    pub async fn visible_to(
        &self,
        scope: &Reviewer,
        id_or_receipt: &str,
    ) -> Result<Option<String>, sqlx::Error> {
        let anything = Filter::default();
        let mut q = Sql::new("SELECT id FROM submissions");
        narrow(&mut q, scope, &anything);
        q.push(" AND (id = ")
            .push_bind(id_or_receipt)
            .push(" OR receipt = ")
            .push_bind(id_or_receipt)
            .push(")");
        sqlx::query_scalar_with(&q.text, q.args)
            .fetch_optional(&self.pool)
            .await
    }
}
