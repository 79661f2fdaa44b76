//! Any bytes posted as an application: reading them must never panic, and what reads as an
//! application must check without panicking, twice to the same result.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shared::wire::parse_application;
use shared::{check, Date};

fuzz_target!(|data: &[u8]| {
    if let Ok(app) = parse_application(data) {
        let today = Date::new(2024, 1, 1).unwrap();
        let once = check(&app, today);
        let twice = check(&once.application, today);
        assert_eq!(once.application, twice.application);
    }
});
