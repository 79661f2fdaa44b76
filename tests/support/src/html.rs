//! Reading a page's HTML form as a browser would post it, without a browser: what the
//! server's form pages carry is checked against what `shared::posted` reads.

/// The attributes of the tag starting at `html[at..]` (after its name), unescaped, and where
/// the tag ends.
fn attributes(html: &str) -> (Vec<(String, Option<String>)>, usize) {
    let mut out = Vec::new();
    let mut rest = html;
    loop {
        rest = rest.trim_start();
        if rest.starts_with('>') || rest.starts_with("/>") || rest.is_empty() {
            return (
                out,
                html.len() - rest.len() + rest.find('>').map_or(0, |i| i + 1),
            );
        }
        let end = rest
            .find(|c: char| c == '=' || c == '>' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = rest[..end].to_owned();
        rest = &rest[end..];
        if let Some(quoted) = rest.strip_prefix("=\"") {
            let close = quoted.find('"').unwrap();
            out.push((name, Some(unescape(&quoted[..close]))));
            rest = &quoted[close + 1..];
        } else {
            out.push((name, None));
        }
    }
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// What a browser would post from the rendered form: each named control's value, ticked boxes
/// and chosen radios only, the selected option of a select, a text area's text; no files.
pub fn posted_pairs(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(start) = html[at..].find('<').map(|i| at + i) {
        let tag: String = html[start + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let (attrs, len) = attributes(&html[start + 1 + tag.len()..]);
        at = start + 1 + tag.len() + len;
        let attr = |n: &str| {
            attrs
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone().unwrap_or_default())
        };
        let Some(name) = attr("name") else { continue };
        match tag.as_str() {
            "input" => match attr("type").as_deref() {
                Some("file") => {}
                Some("checkbox" | "radio") if attr("checked").is_none() => {}
                _ => out.push((name, attr("value").unwrap_or_default())),
            },
            "textarea" => {
                let end = html[at..].find("</textarea>").unwrap();
                out.push((name, unescape(&html[at..at + end])));
            }
            "select" => {
                let end = at + html[at..].find("</select>").unwrap();
                let mut chosen = String::new();
                let mut o = at;
                while let Some(i) = html[o..end].find("<option") {
                    let (attrs, len) = attributes(&html[o + i + 7..end]);
                    if attrs.iter().any(|(k, _)| k == "selected") {
                        chosen = attrs
                            .iter()
                            .find(|(k, _)| k == "value")
                            .and_then(|(_, v)| v.clone())
                            .unwrap_or_default();
                    }
                    o += i + 7 + len;
                }
                out.push((name, chosen));
            }
            _ => {}
        }
    }
    out
}
