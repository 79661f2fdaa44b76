//! The order findings are reported in: the form's, and rows in their order.

use crate::program::{Item, Program};

/// Path prefixes in the order the form shows them.
pub(super) fn form_order(program: &Program) -> Vec<&'static str> {
    let mut order = vec!["program", "call"];
    for section in program.sections {
        for item in section.items {
            order.push(match item {
                Item::Field(spec) => spec.field.path(),
                Item::Plan => "plan",
                Item::Declarations => "declarations",
                Item::Standards => "standards",
                Item::Participants => "units.participants",
                Item::Attachments => "attachments",
            });
        }
    }
    order.push("privacy_consent");
    order
}

/// Sorts `items` by `key`, equal keys staying in their order. Every sort of the rules sorts
/// the one type `(usize, &str, usize)` here: each `sort_by` on a type of its own would add its
/// own copy of the sorting code (about 5 kB) to the applicant's wasm.
pub(super) fn sort_stable<T>(items: &mut Vec<T>, key: impl Fn(&T) -> (usize, &str)) {
    let mut keyed: Vec<(usize, &str, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (rank, text) = key(item);
            (rank, text, i)
        })
        .collect();
    keyed.sort_unstable();
    let order: Vec<usize> = keyed.into_iter().map(|(_, _, i)| i).collect();
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

pub(super) fn position(order: &[&str], path: &str) -> usize {
    order
        .iter()
        .position(|prefix| {
            path == *prefix
                || path
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
        .unwrap_or(order.len())
}
