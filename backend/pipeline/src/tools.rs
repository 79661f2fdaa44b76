//! The tools the pipeline runs, found or installed in one place: rustup's target and
//! `rust-src` component, and the npm packages (binaryen's `wasm-opt`, terser) installed into
//! `target/tools` the first time. Both README commands reach them through the backend's build.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `rustup add` unless `list` already names `wanted`.
pub(crate) fn ensure_rustup_has(list: &[&str], wanted: &str, add: &[&str]) {
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
pub(crate) fn clean_cargo() -> Command {
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

/// The command `bin` of the npm package `package`, installed into `target/tools` the first time.
pub(crate) fn npm_tool(root: &Path, package: &str, bin: &str) -> PathBuf {
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
