//! Names by content: each file of the widget gets a name carrying its content's hash, and the
//! loaders are rewritten to name the hashed files.

use std::hash::{DefaultHasher, Hasher};

/// One file of the widget as it is served: under its own name, and under a name that carries
/// its content's hash (`app.0123456789abcdef.wasm`), which may be cached for good.
pub(crate) struct Part {
    pub(crate) name: &'static str,
    pub(crate) hashed: String,
    pub(crate) bytes: Vec<u8>,
}

impl Part {
    pub(crate) fn new(name: &'static str, stem: &str, extension: &str, bytes: Vec<u8>) -> Part {
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
pub(crate) fn rename(script: Vec<u8>, names: &[(&str, String)]) -> Vec<u8> {
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

pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_hashed_name_follows_its_content() {
        let a = Part::new("app_bg.wasm", "app", "wasm", b"\0asm one".to_vec());
        let same = Part::new("app_bg.wasm", "app", "wasm", b"\0asm one".to_vec());
        let other = Part::new("app_bg.wasm", "app", "wasm", b"\0asm two".to_vec());
        assert_eq!(a.hashed, same.hashed);
        assert_ne!(a.hashed, other.hashed);
        let parts: Vec<&str> = a.hashed.split('.').collect();
        assert_eq!(parts[0], "app");
        assert_eq!(parts[2], "wasm");
        assert_eq!(parts[1].len(), 16);
        assert!(parts[1].bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn a_loader_names_the_hashed_files_in_any_quotes() {
        let names = [
            ("app.js", "app.0123456789abcdef.js".to_owned()),
            ("app_bg.wasm", "app.fedcba9876543210.wasm".to_owned()),
        ];
        let script = br#"import i from"./app.js";f('app_bg.wasm');g("my-app.js")"#.to_vec();
        let renamed = String::from_utf8(rename(script, &names)).unwrap();
        assert_eq!(
            renamed,
            r#"import i from"./app.0123456789abcdef.js";f('app.fedcba9876543210.wasm');g("my-app.js")"#
        );
    }

    #[test]
    #[should_panic(expected = "does not name app.css")]
    fn a_loader_that_does_not_name_a_file_fails_the_build() {
        rename(
            b"import './app.js'".to_vec(),
            &[("app.css", "x".to_owned())],
        );
    }
}
