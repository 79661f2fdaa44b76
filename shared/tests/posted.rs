//! What the server's pages carry from one page to the next (hidden fields named by the JSON
//! paths) reads back as the application it was made from.
#![cfg(not(target_arch = "wasm32"))]

use shared::posted::{pairs, read};
use shared::{Application, Field, PROGRAMS};

fn fixture(program: &str) -> Application {
    serde_json::from_str(support::fixture(program)).unwrap()
}

#[test]
fn what_a_page_carries_reads_back_as_the_same_application() {
    for &program in PROGRAMS {
        let mut app = fixture(program.id);
        // A row added and not filled yet is carried too, and so is a count typed as words.
        app.standards.push(Default::default());
        app.units.participants.push(String::new());
        let typed = [(Field::StaffCount, "三".to_owned())];
        let carried = pairs(program, &app, &typed);
        let back = read(
            program,
            carried.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        );
        let mut expected = app.clone();
        expected.standardization.staff_count = None;
        if expected.units.participants.len() > program.limits.participants {
            expected.units.participants.pop();
        }
        assert_eq!(back.application, expected, "{}", program.id);
        // Every count is kept as typed; the one typed as words among them.
        assert!(back.typed.contains(&typed[0]), "{}", program.id);
    }
}
