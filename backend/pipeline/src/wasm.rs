//! The wasm form: built for wasm32 with its own standard library, bound by wasm-bindgen (its
//! imports given short names), and optimized by wasm-opt.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::tools::{clean_cargo, npm_tool};

pub(crate) const TARGET: &str = "wasm32-unknown-unknown";
/// The standard library's source, which `-Zbuild-std` compiles (see [`build_frontend`]).
pub(crate) const RUST_SRC: &str = "rust-src";
const BINARYEN: &str = "binaryen@132";
/// See [`wasm_opt`] for why these and not `-Oz`.
const OPT_ARGS: [&str; 5] = [
    "-O2",
    "--converge",
    "--one-caller-inline-max-function-size=20",
    "--always-inline-max-function-size=0",
    "--flexible-inline-max-function-size=0",
];

/// Builds the frontend together with its own standard library (`-Zbuild-std`), because bytes
/// (wasm after bindgen and `wasm-opt -O1`, gzip, measured here): rustup's prebuilt std for
/// wasm32 is compiled at `opt-level=3` with panics that format their message and location,
/// while this one is built with the `wasm` profile's `opt-level="z"`, std's own
/// `optimize_for_size` choices and `panic=immediate-abort` (a panic is a bare `unreachable`
/// trap, with no formatting code behind it), and `-Zlocation-detail=none` drops the file and
/// line strings `#[track_caller]` functions still pass: the wasm lost a tenth of its size.
/// LLVM's inliner is held to its minimum (`-inline-threshold=0`; functions marked
/// `#[inline(always)]` and single-use ones are still inlined) for the same reason as
/// wasm-opt's (see [`wasm_opt`]): 1.0 kB gzip less, where
/// `-Zinline-mir=no` changed nothing.
/// Applicants lose nothing by it: a panic stopped the form before too, and its message only
/// ever reached the browser's developer console.
///
/// These flags are unstable. `RUSTC_BOOTSTRAP=1` lets the one stable toolchain this project
/// builds with (rust-version in Cargo.toml) accept them, for this nested build only; the
/// server and every test build stay on stable's defaults.
pub(crate) fn build_frontend(root: &Path, target_dir: &Path) -> PathBuf {
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
pub(crate) fn bindgen(raw: &Path, dist: &Path) {
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
/// Measured on this form (gzip -9, after bindgen; the figures are in docs/size-history.md):
/// `-O2` and `-Oz` made the wasm about 9 % larger than `-O1`, and `-O2` without its inlining
/// smaller than either. rustc's `opt-level = "z"` with LTO has already done what `-Oz` would;
/// what costs is inlining: an inlined body's locals are renumbered into its caller's, so copies
/// of the same code stop looking alike to gzip. Inlining only small functions with one caller
/// (at most 20 instructions; 5, 40 and 200 were each larger) is the best found. Brotli agrees:
/// `-Oz`, `-Os`, `-O3`, `--merge-similar-functions` and `--generate-global-effects` were all
/// larger in br too (2026-12-03).
pub(crate) fn wasm_opt(root: &Path, wasm: &Path) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_count_through_the_letters() {
        let names: Vec<String> = [0, 1, 25, 26, 51, 52, 53, 52 + 52 * 52]
            .map(short_name)
            .to_vec();
        assert_eq!(names, ["a", "b", "z", "A", "Z", "aa", "ba", "aaa"]);
        // Every name is different.
        let many: std::collections::HashSet<String> = (0..3000).map(short_name).collect();
        assert_eq!(many.len(), 3000);
    }

    #[test]
    fn only_whole_identifiers_are_replaced() {
        let glue = "imports.a.__wbg_f_1 = x; __wbg_f_12(); obj.__wbg_f_1(__wbg_f_1)";
        assert_eq!(
            replace_identifier(glue, "__wbg_f_1", "b"),
            "imports.a.b = x; __wbg_f_12(); obj.b(b)"
        );
    }

    #[test]
    #[should_panic(expected = "does not name the import")]
    fn an_import_the_glue_does_not_name_fails_the_build() {
        replace_identifier("__wbg_other()", "__wbg_f_1", "b");
    }
}
