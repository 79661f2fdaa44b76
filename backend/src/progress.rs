//! Where an application stands for its applicant ([`status`]), and what only a clock can
//! tell: a unit's time to recommend passing without its recommendation ([`sweep`]), recorded
//! once as a `not_recommended` event, which the outbox then delivers.

use crate::calls::Calls;
use crate::chain::Chain;
use crate::clock::{beijing, rfc3339};
use crate::standing::{Status, Verdict};
use crate::store::{Event, Store, StoreError, Stored};

/// Where the application stands in the chain, for the applicant: decided (`approved`,
/// `rejected` with its reason), `returned` to be corrected (with the reason and the date),
/// `recommended` to the highest unit it reached, or still at the
/// unit it reached (`received` at the receiving unit), which becomes `not_recommended` once
/// that unit's time to recommend has passed without its recommendation.
pub async fn status(
    store: &Store,
    s: &Stored,
    chain: Option<&Chain>,
    now: i64,
) -> Result<Status, sqlx::Error> {
    if let Some(d) = store.decision(&s.id).await? {
        return Ok(if Verdict::parse(&d.decision) == Some(Verdict::Rejected) {
            Status::Rejected {
                unit: d.unit,
                reason: d.reason,
            }
        } else {
            Status::Approved { unit: d.unit }
        });
    }
    if let Some(r) = store.returned(&s.id).await?.filter(|r| r.open(now)) {
        return Ok(Status::Returned {
            correct_by: beijing(r.correct_by()),
            unit: r.unit,
            reason: r.reason,
        });
    }
    let by = store.recommended_by(&s.id).await?;
    let units = chain.map(Chain::units).unwrap_or_default();
    // The highest unit that recommends it: its parent has it now (the top sends it out of the
    // system: it stays there, recommended).
    let depth = |name: &str| chain.map_or(0, |c| c.ancestors(name).count());
    let top = by
        .iter()
        .map(|(unit, _)| unit.as_str())
        .min_by_key(|unit| depth(unit));
    let (at, recommended) = match top {
        Some(unit) => match units
            .iter()
            .find(|u| u.name == unit)
            .and_then(|u| u.parent.as_deref())
        {
            Some(parent) => (parent.to_owned(), true),
            None => {
                return Ok(Status::Recommended {
                    unit: unit.to_owned(),
                });
            }
        },
        None => (s.unit.clone(), false),
    };
    let lapsed = units
        .iter()
        .find(|u| u.name == at)
        .and_then(|u| u.recommend_by)
        .is_some_and(|by| now >= by);
    Ok(match (lapsed, recommended) {
        (true, _) => Status::NotRecommended { unit: at },
        (false, true) => Status::Recommended { unit: at },
        (false, false) => Status::Received { unit: at },
    })
}

/// Records `not_recommended` once for each application whose unit let its time to recommend
/// pass without recommending it; how many it recorded.
pub async fn sweep(store: &Store, calls: &Calls, now: i64) -> Result<usize, StoreError> {
    let mut recorded = 0;
    for call in calls.all() {
        // Only calls where some unit's time has passed can have one.
        let passed = call
            .chain
            .units()
            .iter()
            .any(|u| u.recommend_by.is_some_and(|by| now >= by));
        if !passed {
            continue;
        }
        let db = StoreError::Database;
        for id in store
            .ids_in_call(&call.program, &call.id)
            .await
            .map_err(db)?
        {
            let Some(s) = store.find(&id).await.map_err(db)? else {
                continue;
            };
            let standing = status(store, &s, Some(&call.chain), now)
                .await
                .map_err(db)?;
            if let Status::NotRecommended { unit } = standing {
                // Noticed now: the unit's time ended at most a sweep ago (or before the
                // application came, which it then found already closed).
                let at = rfc3339(
                    time::OffsetDateTime::from_unix_timestamp(now)
                        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH),
                );
                let event = Event::new(&at, "not_recommended", &unit, s.version);
                if store.record_once(&s.id, &event).await? {
                    recorded += 1;
                }
            }
        }
    }
    Ok(recorded)
}
