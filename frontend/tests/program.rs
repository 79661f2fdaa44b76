//! The browser reads each program's definition from the JSON the server sends: what it reads
//! must be the definition the server has, field for field, with the same rules.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn every_program_reads_back_as_the_server_sends_it() {
    for &program in shared::PROGRAMS {
        let sent = serde_json::to_string(program).unwrap();
        let parsed = js_sys::JSON::parse(&sent).unwrap();
        let read = frontend::program::read(&parsed).expect(program.id);
        assert_eq!(serde_json::to_string(read).unwrap(), sent, "{}", program.id);
        assert_eq!(read.rules.len(), program.rules.len(), "{}", program.id);
        for (a, b) in read.rules.iter().zip(program.rules) {
            assert!(std::ptr::fn_addr_eq(*a, *b), "{}", program.id);
        }
        // Read once: a second answer for the same program gives the first reading.
        let again = frontend::program::read(&parsed).unwrap();
        assert!(std::ptr::eq(again, read));
    }
}

#[wasm_bindgen_test]
fn a_definition_missing_a_part_is_not_read() {
    let program = shared::programs::find("cq-municipal").unwrap();
    let mut sent = serde_json::to_value(program).unwrap();
    sent["id"] = "cq-broken".into();
    sent.as_object_mut().unwrap().remove("sections");
    let parsed = js_sys::JSON::parse(&sent.to_string()).unwrap();
    assert!(frontend::program::read(&parsed).is_none());
    assert!(frontend::program::find("cq-broken").is_none());
}
