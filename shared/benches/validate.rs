//! How long the rules take on a complete application, natively (target: at most 20 µs).
//! `cargo bench -p shared`. The same validation in the browser is measured by the wasm test
//! `validation_speed_in_the_browser`.

use criterion::{Criterion, criterion_group, criterion_main};
use shared::{Application, Date, check};

const FIXTURE: &str = include_str!("../../tests/fixtures/cq-municipal/valid.json");

fn bench(c: &mut Criterion) {
    let app: Application = serde_json::from_str(FIXTURE).unwrap();
    let today = Date::new(2023, 8, 10).unwrap();
    c.bench_function("check a complete application", |b| {
        b.iter(|| check(std::hint::black_box(&app), today))
    });
    c.bench_function("parse JSON and check", |b| {
        b.iter(|| {
            let app =
                shared::wire::parse_application(std::hint::black_box(FIXTURE.as_bytes())).unwrap();
            check(&app, today)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
