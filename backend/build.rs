//! Builds the wasm form that the server embeds, so that `cargo run -p backend` alone builds
//! everything it serves:
//!
//! 1. `cargo build -p frontend` for wasm32, always with the `wasm` profile into `target/wasm`, so
//!    that debug, release, test and clippy builds of the backend share one frontend build, with
//!    the standard library rebuilt for it (see [`build_frontend`]);
//! 2. wasm-bindgen (the library, pinned to the same version as the `wasm-bindgen` crate);
//! 3. wasm-opt from the npm package `binaryen` (Debian's is too old to read Rust 1.95 output),
//!    and terser (npm) on the JS glue;
//! 4. content-hashed names for every file (the loaders rewritten to name them), then gzip and
//!    Brotli, whose sizes — with the loader, `widget.js` and the CSS, everything an embedding
//!    page downloads — are reported and held to the budget. `widget_files.rs` in `OUT_DIR`
//!    lists them for `assets.rs`.

use std::env;
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-unknown-unknown";
/// The standard library's source, which `-Zbuild-std` compiles (see [`build_frontend`]).
const RUST_SRC: &str = "rust-src";
const BINARYEN: &str = "binaryen@132";
/// Minifies wasm-bindgen's glue: 8.4 → 6.1 kB gzip measured.
const TERSER: &str = "terser@5.51.2";
/// See [`wasm_opt`] for why these and not `-Oz`.
const OPT_ARGS: [&str; 5] = [
    "-O2",
    "--converge",
    "--one-caller-inline-max-function-size=20",
    "--always-inline-max-function-size=0",
    "--flexible-inline-max-function-size=0",
];
/// What a citizen downloads for the form (loader, glue, wasm and CSS): over 200 kB gzip the
/// build fails; the target is 120 kB with Brotli, reported below.
const BUDGET_BYTES: usize = 200 * 1000;
const TARGET_BYTES: usize = 120 * 1000;

#[derive(Clone, Copy)]
enum Minify {
    /// A classic script: terser keeps its top-level names.
    Script,
    /// An ES module.
    Module,
    Css,
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest.parent().unwrap().to_path_buf();
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());
    for watched in [
        "frontend/src",
        "frontend/Cargo.toml",
        "shared/src",
        "shared/Cargo.toml",
        "Cargo.lock",
        "Cargo.toml",
        "backend/static",
    ] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }

    let wasm_target = root.join("target").join("wasm");
    ensure_rustup_has(
        &["target", "list", "--installed"],
        TARGET,
        &["target", "add", TARGET],
    );
    ensure_rustup_has(
        &["component", "list", "--installed"],
        RUST_SRC,
        &["component", "add", RUST_SRC],
    );
    let raw = build_frontend(&root, &wasm_target);

    // bindgen and wasm-opt take a few seconds; skip them when the raw wasm has not changed.
    let dist = wasm_target.join("dist");
    let stamp = dist.join("stamp");
    // This file is hashed too: a change to any step after the Rust build redoes them all.
    let hash = format!(
        "{:016x} {:016x}",
        hash_bytes(&fs::read(&raw).unwrap()),
        hash_bytes(include_bytes!("build.rs"))
    );
    if fs::read_to_string(&stamp).ok().as_deref() != Some(hash.as_str()) {
        let _ = fs::remove_dir_all(&dist);
        fs::create_dir_all(&dist).unwrap();
        bindgen(&raw, &dist);
        wasm_opt(&root, &dist.join("app_bg.wasm"));
        minify(&root, &dist.join("app.js"));
        fs::write(&stamp, &hash).unwrap();
    }

    let built = ["app_bg.wasm", "app.js"].map(|name| fs::read(dist.join(name)).unwrap());
    let [wasm, glue] = built;
    let css = minify_static(&root, &root.join("backend/static/app.css"), Minify::Css);
    let wasm = Part::new("app_bg.wasm", "app", "wasm", wasm);
    let glue = Part::new("app.js", "app", "js", glue);
    let css = Part::new("app.css", "app", "css", css);
    // The loaders name the files they load by their hashed names, so a page that has them
    // needs nothing else revalidated; they are named after them, in that order.
    let names = [&glue, &wasm, &css].map(|p| (p.name, p.hashed.clone()));
    let widget = minify_static(
        &root,
        &root.join("backend/static/widget.js"),
        Minify::Module,
    );
    let widget = Part::new("widget.js", "widget", "js", rename(widget, &names));
    let mut names = names.to_vec();
    names.push((widget.name, widget.hashed.clone()));
    let embed = minify_static(&root, &root.join("backend/static/embed.js"), Minify::Script);
    let embed = Part::new("embed.js", "embed", "js", rename(embed, &names));
    let parts = [embed, widget, glue, wasm, css];

    // What a browser fetches: every file of the widget gzipped, or with Brotli where it asks.
    let (mut total_gz, mut total_br) = (0, 0);
    let mut each = Vec::new();
    let mut table = String::from("&[\n");
    for part in &parts {
        let (gz, br) = (gzip(&part.bytes), brotli(&part.bytes));
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
    let report = format!(
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
    fs::write(dist.join("size.txt"), format!("{report}\n")).unwrap();
    println!("cargo:warning={report}");
    if total_gz > BUDGET_BYTES {
        panic!("{report}: over budget");
    }
}

/// One file of the widget as it is served: under its own name, and under a name that carries
/// its content's hash (`app.0123456789abcdef.wasm`), which may be cached for good.
struct Part {
    name: &'static str,
    hashed: String,
    bytes: Vec<u8>,
}

impl Part {
    fn new(name: &'static str, stem: &str, extension: &str, bytes: Vec<u8>) -> Part {
        let hashed = format!("{stem}.{:016x}.{extension}", hash_bytes(&bytes));
        Part {
            name,
            hashed,
            bytes,
        }
    }
}

/// `script` with each quoted file name of `names` replaced by its hashed name. The loaders
/// name each file once, as a string (`"./app.js"`, `"app_bg.wasm"`): each must be found, or
/// the loader would load another build's file.
fn rename(script: Vec<u8>, names: &[(&str, String)]) -> Vec<u8> {
    let mut text = String::from_utf8(script).unwrap();
    for (name, hashed) in names {
        let mut found = false;
        for quote in ['"', '\'', '`'] {
            for prefix in ["", "./"] {
                let from = format!("{quote}{prefix}{name}{quote}");
                if text.contains(&from) {
                    text = text.replace(&from, &format!("{quote}{prefix}{hashed}{quote}"));
                    found = true;
                }
            }
        }
        assert!(found, "the loader does not name {name}");
    }
    text.into_bytes()
}

/// Runs `rustup add` unless `list` already names `wanted`.
fn ensure_rustup_has(list: &[&str], wanted: &str, add: &[&str]) {
    let installed = Command::new("rustup")
        .args(list)
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim() == wanted)
        })
        .unwrap_or(false);
    if !installed {
        // Without rustup there is nothing to install with; the build below says what is missing.
        let _ = Command::new("rustup").args(add).status();
    }
}

/// A cargo command that does not inherit this build's settings: the parent's `CARGO_*`,
/// `RUSTFLAGS`, `RUSTC*` and `TARGET` variables would make it build for the host, with the
/// parent's profile, or through clippy. Cargo's own configuration (home, registries, network)
/// is kept.
fn clean_cargo() -> Command {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    for (key, _) in env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        let keep = [
            "CARGO_HOME",
            "CARGO_NET_",
            "CARGO_HTTP_",
            "CARGO_REGISTRIES_",
            "CARGO_REGISTRY_",
        ]
        .iter()
        .any(|k| key.starts_with(k));
        let drop = (key.starts_with("CARGO") && !keep)
            || key.starts_with("RUSTC")
            || key.starts_with("RUSTFLAGS")
            || key == "RUSTDOCFLAGS"
            || key == "TARGET"
            || key == "HOST"
            || key == "OUT_DIR"
            || key == "OPT_LEVEL"
            || key == "PROFILE"
            || key == "DEBUG"
            || key == "NUM_JOBS";
        if drop {
            cmd.env_remove(key);
        }
    }
    cmd
}

/// Builds the frontend together with its own standard library (`-Zbuild-std`), because bytes
/// (wasm after bindgen and `wasm-opt -O1`, gzip, measured here): rustup's prebuilt std for
/// wasm32 is compiled at `opt-level=3` with panics that format their message and location,
/// while this one is built with the `wasm` profile's `opt-level="z"`, std's own
/// `optimize_for_size` choices and `panic=immediate-abort` (a panic is a bare `unreachable`
/// trap, with no formatting code behind it), and `-Zlocation-detail=none` drops the file and
/// line strings `#[track_caller]` functions still pass: the wasm went from 185.6 to 169.2 kB.
/// LLVM's inliner is held to its minimum (`-inline-threshold=0`; functions marked
/// `#[inline(always)]` and single-use ones are still inlined) for the same reason as
/// wasm-opt's (see [`wasm_opt`]): 1.0 kB gzip less (156.9 → 155.8 kB, gzip -9), where
/// `-Zinline-mir=no` changed nothing.
/// Applicants lose nothing by it: a panic stopped the form before too, and its message only
/// ever reached the browser's developer console.
///
/// These flags are unstable. `RUSTC_BOOTSTRAP=1` lets the one stable toolchain this project
/// builds with (rust-version in Cargo.toml) accept them, for this nested build only; the
/// server and every test build stay on stable's defaults.
fn build_frontend(root: &Path, target_dir: &Path) -> PathBuf {
    let output = clean_cargo()
        .current_dir(root)
        .env("RUSTC_BOOTSTRAP", "1")
        .env(
            "RUSTFLAGS",
            "-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none \
             -Cllvm-args=-inline-threshold=0",
        )
        .args([
            "build",
            "--locked",
            "-Zbuild-std=std,panic_abort",
            "-Zbuild-std-features=optimize_for_size",
            "-p",
            "frontend",
            "--lib",
            "--target",
            TARGET,
            "--profile",
            "wasm",
            "--target-dir",
        ])
        .arg(target_dir)
        .output()
        .expect("run cargo for the frontend");
    if !output.status.success() {
        panic!(
            "building the wasm frontend failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    target_dir.join(TARGET).join("wasm").join("frontend.wasm")
}

/// wasm-bindgen, then short names for the wasm's imports from its glue.
///
/// bindgen names each import after the JS it calls plus a 16-hex-digit hash
/// (`__wbg_setAttribute_1a2b…`), and the name is written twice: in the wasm's import section
/// and as a key of the glue's imports object. The hashes do not compress: measured on this
/// form (gzip -9), 141 imports renamed to one or two letters made the wasm 2.5 kB and the glue
/// 1.9 kB smaller. The glue is rewritten with the same names before it is minified. Every
/// import from the glue is renamed, and so is the module they come from (`./app_bg.js`,
/// written before each of them).
fn bindgen(raw: &Path, dist: &Path) {
    let mut output = wasm_bindgen_cli_support::Bindgen::new()
        .input_path(raw)
        .web(true)
        .and_then(|b| b.out_name("app").typescript(false).generate_output())
        .unwrap_or_else(|e| panic!("wasm-bindgen failed: {e:#}"));
    let mut renamed = Vec::new();
    for import in output.wasm_mut().imports.iter_mut() {
        if import.module == GLUE_MODULE {
            import.module = SHORT_MODULE.to_owned();
            let short = short_name(renamed.len());
            renamed.push((std::mem::replace(&mut import.name, short.clone()), short));
        }
    }
    output
        .emit(dist)
        .unwrap_or_else(|e| panic!("wasm-bindgen failed: {e:#}"));
    let js = dist.join("app.js");
    let mut glue = fs::read_to_string(&js).unwrap();
    for (long, short) in &renamed {
        glue = replace_identifier(&glue, long, short);
    }
    glue = replace_identifier(
        &glue,
        &format!("\"{GLUE_MODULE}\""),
        &format!("\"{SHORT_MODULE}\""),
    );
    fs::write(&js, glue).unwrap();
}

/// The module the wasm imports its glue's functions from, as bindgen names it, and as renamed.
const GLUE_MODULE: &str = "./app_bg.js";
const SHORT_MODULE: &str = "a";

/// `a`, `b`, … `Z`, `aa`, `ab`, …: property names, so JS's reserved words among them are fine.
fn short_name(mut n: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(LETTERS[n % LETTERS.len()]);
        n /= LETTERS.len();
        if n == 0 {
            break;
        }
        n -= 1;
    }
    String::from_utf8(name).unwrap()
}

/// `text` with every whole-identifier occurrence of `from` replaced; panics if there is none,
/// since then the glue and the wasm would no longer agree.
fn replace_identifier(text: &str, from: &str, to: &str) -> String {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut found = false;
    while let Some(at) = rest.find(from) {
        let before = rest[..at].chars().next_back().or(out.chars().next_back());
        let after = rest[at + from.len()..].chars().next();
        out.push_str(&rest[..at]);
        if before.is_some_and(is_ident) || after.is_some_and(is_ident) {
            out.push_str(from);
        } else {
            out.push_str(to);
            found = true;
        }
        rest = &rest[at + from.len()..];
    }
    out.push_str(rest);
    assert!(found, "the glue does not name the import {from}");
    out
}

/// Runs `wasm-opt` with [`OPT_ARGS`], installing binaryen from npm into `target/tools` the
/// first time.
///
/// Measured on this form (gzip -9, after bindgen): `-O1` gave 160.8 kB, `-O2` 174.0, `-Oz`
/// 173.0, and `-O2` without its inlining 159.5. rustc's `opt-level = "z"` with LTO has already
/// done what `-Oz` would; what costs is inlining: an inlined body's locals are renumbered into
/// its caller's, so copies of the same code stop looking alike to gzip. Inlining only small
/// functions with one caller (at most 20 instructions; 5 gave 159.0, 40 161.2, 200 167.4) is
/// the best found: 158.7 kB.
fn wasm_opt(root: &Path, wasm: &Path) {
    let program = env::var_os("WASM_OPT")
        .map(PathBuf::from)
        .unwrap_or_else(|| npm_tool(root, BINARYEN, "wasm-opt"));
    let optimized = wasm.with_extension("opt.wasm");
    let output = Command::new(&program)
        .args(OPT_ARGS)
        .args([
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
        ])
        .arg(wasm)
        .arg("-o")
        .arg(&optimized)
        .output()
        .unwrap_or_else(|e| panic!("could not run {}: {e}", program.display()));
    if !output.status.success() {
        panic!(
            "wasm-opt failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    fs::rename(&optimized, wasm).unwrap();
}

/// Minifies the JS glue in place with terser (its exports keep their names).
fn minify(root: &Path, js: &Path) {
    fs::write(js, terser(root, js, true)).unwrap();
}

/// A hand-written file of the widget as it is sent: without its comments (which explain it to
/// us, not to the browser) and the space around them. Measured (gzip): widget.js 1.8 → 1.0 kB,
/// embed.js 1.1 → 0.7 kB, app.css 1.9 → 1.5 kB.
fn minify_static(root: &Path, source: &Path, kind: Minify) -> Vec<u8> {
    match kind {
        Minify::Script => terser(root, source, false),
        Minify::Module => terser(root, source, true),
        Minify::Css => minify_css(&fs::read_to_string(source).unwrap()).into_bytes(),
    }
}

/// terser's output for `js`.
fn terser(root: &Path, js: &Path, module: bool) -> Vec<u8> {
    let terser = npm_tool(root, TERSER, "terser");
    let output = Command::new(&terser)
        .arg(js)
        .args(module.then_some("--module"))
        .args(["--compress", "--mangle"])
        .output()
        .unwrap_or_else(|e| panic!("could not run {}: {e}", terser.display()));
    if !output.status.success() {
        panic!(
            "terser failed on {}:\n{}",
            js.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    output.stdout
}

/// CSS without comments, with each run of white space one space, and none beside `{`, `}`,
/// `;` or `,`. Quoted strings are copied as they are.
fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                space = true;
            }
            '"' | '\'' => {
                if space && !out.is_empty() && !out.ends_with(['{', '}', ';', ',']) {
                    out.push(' ');
                }
                space = false;
                out.push(c);
                for s in chars.by_ref() {
                    out.push(s);
                    if s == c {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => space = true,
            c => {
                let tight = matches!(c, '{' | '}' | ';' | ',');
                if space && !tight && !out.is_empty() && !out.ends_with(['{', '}', ';', ',']) {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
    }
    out
}

/// The command `bin` of the npm package `package`, installed into `target/tools` the first time.
fn npm_tool(root: &Path, package: &str, bin: &str) -> PathBuf {
    let tools = root.join("target").join("tools");
    let local = tools.join("node_modules").join(".bin").join(bin);
    if !local.exists() {
        fs::create_dir_all(&tools).unwrap();
        let status = Command::new("npm")
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
            ])
            .arg(&tools)
            .arg(package)
            .status()
            .unwrap_or_else(|e| {
                panic!(
                    "{bin} comes from npm's {package}, but npm could not run ({e}); install Node.js"
                )
            });
        assert!(status.success(), "npm install {package} failed");
    }
    local
}

/// Brotli at its best setting (quality 11, the largest window), which every browser the README
/// names reads over HTTPS and from localhost. (Cargo.toml builds it optimized, as zopfli.)
fn brotli(bytes: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("brotli in memory");
    out
}

/// Gzip by zopfli: the same format any browser reads, in fewer bytes than zlib's best (the
/// wasm: 169.2 kB with flate2's best, 160.7 kB with zopfli, for about a second of build).
/// Letting it split the data into up to 50 blocks rather than 15 (each block gets the Huffman
/// codes that fit it) saved 0.34 kB more on the wasm, for 2 s; more iterations than the
/// default 15 saved under 0.05 kB. (Cargo.toml builds zopfli optimized even for this build
/// script, which it would otherwise compile unoptimized and run ten times slower.)
fn gzip(bytes: &[u8]) -> Vec<u8> {
    let options = zopfli::Options {
        maximum_block_splits: 50,
        ..zopfli::Options::default()
    };
    let mut out = Vec::new();
    zopfli::compress(options, zopfli::Format::Gzip, bytes, &mut out).expect("gzip in memory");
    out
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    h.write(bytes);
    h.finish()
}
