//! Builds the wasm form that the server embeds, so that `cargo run -p backend` alone builds
//! everything it serves. The steps are the `pipeline` crate's (backend/pipeline).

use std::env;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest.parent().unwrap();
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());
    for watched in pipeline::WATCHED {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }
    let report = pipeline::build(root, &out_dir);
    println!("cargo:warning={}", report.line);
    if report.over_budget {
        panic!("{}: over budget", report.line);
    }
}
