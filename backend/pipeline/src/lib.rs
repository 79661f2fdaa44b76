//! The widget's release pipeline, a library that `backend/build.rs` runs (as `cc` serves build
//! scripts), so that `cargo run --release -p backend` alone builds everything the server serves:
//!
//! 1. `cargo build -p frontend` for wasm32, always with the `wasm` profile into `target/wasm`, so
//!    that debug, release, test and clippy builds of the backend share one frontend build, with
//!    the standard library rebuilt for it (`wasm`);
//! 2. wasm-bindgen (the library, pinned to the same version as the `wasm-bindgen` crate), the
//!    imports renamed short;
//! 3. wasm-opt from the npm package `binaryen` (Debian's is too old to read Rust 1.95 output),
//!    and terser (npm) on the JS glue and the loaders (`minify`, `tools`);
//! 4. content-hashed names for every file, the loaders rewritten to name them (`names`);
//! 5. gzip and Brotli (`compress`), whose sizes — with the loaders and the CSS, everything an
//!    embedding page downloads — are reported and held to the budget.
//!
//! It writes the files and `widget_files.rs`, their table for the server's `http/assets.rs`, into
//! the build's `OUT_DIR`; `target/wasm/dist` keeps the steps' results between builds.

use std::fs;
use std::path::Path;

mod compress;
mod minify;
mod names;
mod tools;
mod wasm;

use minify::{Minify, minify, minify_static};
use names::{Part, hash_bytes, rename};

/// What a citizen downloads for the form (loader, glue, wasm and CSS): over 200 kB gzip the
/// build fails; the target is 120 kB with Brotli, reported.
pub const BUDGET_BYTES: usize = 200 * 1000;
pub const TARGET_BYTES: usize = 120 * 1000;

/// What the backend's build watches: a change in any of these runs the pipeline again.
pub const WATCHED: [&str; 8] = [
    "frontend/src",
    "frontend/Cargo.toml",
    "frontend/vendor",
    "shared/src",
    "shared/Cargo.toml",
    "Cargo.lock",
    "Cargo.toml",
    "backend/static",
];

/// The steps after the Rust build, hashed into the stamp that lets a build skip them when
/// nothing they depend on changed.
const STEPS: [&str; 3] = [
    include_str!("wasm.rs"),
    include_str!("minify.rs"),
    include_str!("tools.rs"),
];

/// What a run made: the size line the build prints, and whether it is over the budget.
pub struct Report {
    pub line: String,
    pub over_budget: bool,
}

/// Builds the widget from the workspace at `root` into `out_dir`.
pub fn build(root: &Path, out_dir: &Path) -> Report {
    let wasm_target = root.join("target").join("wasm");
    tools::ensure_rustup_has(
        &["target", "list", "--installed"],
        wasm::TARGET,
        &["target", "add", wasm::TARGET],
    );
    tools::ensure_rustup_has(
        &["component", "list", "--installed"],
        wasm::RUST_SRC,
        &["component", "add", wasm::RUST_SRC],
    );
    let raw = wasm::build_frontend(root, &wasm_target);

    // bindgen and wasm-opt take a few seconds; skip them when the raw wasm has not changed.
    let dist = wasm_target.join("dist");
    let stamp = dist.join("stamp");
    let hash = format!(
        "{:016x} {:016x}",
        hash_bytes(&fs::read(&raw).unwrap()),
        hash_bytes(STEPS.concat().as_bytes())
    );
    if fs::read_to_string(&stamp).ok().as_deref() != Some(hash.as_str()) {
        let _ = fs::remove_dir_all(&dist);
        fs::create_dir_all(&dist).unwrap();
        wasm::bindgen(&raw, &dist);
        wasm::wasm_opt(root, &dist.join("app_bg.wasm"));
        minify(root, &dist.join("app.js"));
        fs::write(&stamp, &hash).unwrap();
    }

    let [wasm, glue] = ["app_bg.wasm", "app.js"].map(|name| fs::read(dist.join(name)).unwrap());
    let css = minify_static(root, &root.join("backend/static/app.css"), Minify::Css);
    let wasm = Part::new("app_bg.wasm", "app", "wasm", wasm);
    let glue = Part::new("app.js", "app", "js", glue);
    let css = Part::new("app.css", "app", "css", css);
    // The loaders name the files they load by their hashed names, so a page that has them
    // needs nothing else revalidated; they are named after them, in that order.
    let names = [&glue, &wasm, &css].map(|p| (p.name, p.hashed.clone()));
    let widget = minify_static(root, &root.join("backend/static/widget.js"), Minify::Module);
    let widget = Part::new("widget.js", "widget", "js", rename(widget, &names));
    let mut names = names.to_vec();
    names.push((widget.name, widget.hashed.clone()));
    let embed = minify_static(root, &root.join("backend/static/embed.js"), Minify::Script);
    let embed = Part::new("embed.js", "embed", "js", rename(embed, &names));
    let parts = [embed, widget, glue, wasm, css];

    let report = write(&parts, out_dir);
    fs::write(dist.join("size.txt"), format!("{}\n", report.line)).unwrap();
    report
}

/// Writes every part in its three encodings and their table into `out_dir`, and measures what
/// a browser fetches: each file gzipped, or with Brotli where it asks.
fn write(parts: &[Part], out_dir: &Path) -> Report {
    let (mut total_gz, mut total_br) = (0, 0);
    let mut each = Vec::new();
    let mut table = String::from("&[\n");
    for part in parts {
        let (gz, br) = (compress::gzip(&part.bytes), compress::brotli(&part.bytes));
        total_gz += gz.len();
        total_br += br.len();
        each.push(format!(
            "{} {:.1}/{:.1} kB",
            part.name,
            br.len() as f64 / 1000.0,
            gz.len() as f64 / 1000.0
        ));
        fs::write(out_dir.join(part.name), &part.bytes).unwrap();
        fs::write(out_dir.join(format!("{}.gz", part.name)), &gz).unwrap();
        fs::write(out_dir.join(format!("{}.br", part.name)), &br).unwrap();
        table.push_str(&format!(
            "    WidgetFile {{ name: {:?}, hashed: {:?}, raw: include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{n}\")), \
             gzip: include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{n}.gz\")), \
             brotli: include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{n}.br\")) }},\n",
            part.name,
            part.hashed,
            n = part.name
        ));
    }
    table.push(']');
    fs::write(out_dir.join("widget_files.rs"), table).unwrap();
    let line = format!(
        "widget transfer size: {:.1} kB br, {:.1} kB gzip ({}, br/gzip); br target {} kB {}, gzip budget {} kB",
        total_br as f64 / 1000.0,
        total_gz as f64 / 1000.0,
        each.join(" + "),
        TARGET_BYTES / 1000,
        if total_br <= TARGET_BYTES {
            "met"
        } else {
            "not met"
        },
        BUDGET_BYTES / 1000,
    );
    Report {
        line,
        over_budget: total_gz > BUDGET_BYTES,
    }
}
