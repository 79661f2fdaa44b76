//! How a reviewer's list is ordered: by a column the page's headers name, either way.

/// The columns the list sorts by, as `sort` names them, and the SQL each sorts on; the first
/// is the default.
pub const SORTS: [(&str, &str); 8] = [
    ("submitted", "submitted_at"),
    ("score", "score"),
    ("rank", "rank"),
    ("receipt", "receipt"),
    ("applicant", "applicant_name"),
    ("project", "project_name"),
    ("domain", "domain"),
    ("status", "status"),
];

/// How the list is ordered: a column of [`SORTS`], and which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order {
    column: &'static str,
    descending: bool,
}

impl Order {
    /// `sort` (a key of [`SORTS`]) and `order` (`asc`, `desc`); without `order`, the newest and
    /// the highest scores first, the rest from A.
    pub fn parse(sort: Option<&str>, order: Option<&str>) -> Result<Order, String> {
        let key = sort.unwrap_or("submitted");
        let Some((_, column)) = SORTS.iter().find(|(k, _)| *k == key) else {
            let keys: Vec<_> = SORTS.iter().map(|(k, _)| *k).collect();
            return Err(format!("sort: {}, not {key}", keys.join(", ")));
        };
        let descending = match order {
            None => matches!(key, "submitted" | "score"),
            Some("asc") => false,
            Some("desc") => true,
            Some(other) => return Err(format!("order: asc or desc, not {other}")),
        };
        Ok(Order { column, descending })
    }
}

impl Order {
    /// Its `ORDER BY` terms (the column is one of [`SORTS`], never the client's text).
    pub(super) fn terms(&self) -> String {
        let way = if self.descending { "DESC" } else { "ASC" };
        format!("{} {way} NULLS LAST", self.column)
    }
}
