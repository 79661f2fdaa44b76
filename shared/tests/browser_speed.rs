//! How long the rules take as wasm in headless Chromium on a complete application (target: at
//! most 200 µs), measured with `performance.now()` over many runs and printed with the results.
//! A report, not a timed assertion: the figure depends on the machine.
#![cfg(target_arch = "wasm32")]

use shared::{Application, Date, check};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const FIXTURE: &str = include_str!("../../tests/fixtures/cq-municipal/valid.json");

#[wasm_bindgen_test]
fn validation_speed_in_the_browser() {
    let app: Application = serde_json::from_str(FIXTURE).unwrap();
    let today = Date::new(2023, 8, 10).unwrap();
    let performance = web_sys::window().unwrap().performance().unwrap();
    // Warm up, then time enough runs that the timer's coarse resolution does not matter.
    for _ in 0..200 {
        assert!(check(&app, today).report.is_valid());
    }
    let runs = 5_000;
    let start = performance.now();
    let mut valid = 0;
    for _ in 0..runs {
        valid += usize::from(check(&app, today).report.is_valid());
    }
    let per_run_us = (performance.now() - start) * 1000.0 / f64::from(runs);
    assert_eq!(valid, 5_000);
    console_log!(
        "wasm validation of a complete application: {per_run_us:.1} µs per run ({runs} runs)"
    );
}
