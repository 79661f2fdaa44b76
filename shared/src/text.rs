//! Text normalization shared by every rule: applicants paste from Word, type with Chinese input
//! methods (full-width characters) and leave stray spaces; rules see the normalized value.

/// Maps a full-width ASCII variant (U+FF01–U+FF5E) and the ideographic space to its ASCII form.
pub fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Trims a single-line value and folds every run of inner whitespace (including the ideographic
/// space and stray line breaks) into one ASCII space.
pub fn fold_line(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Normalizes a long text: Windows and old-Mac line breaks become `\n`, trailing spaces on each
/// line and blank lines at either end are dropped. The applicant's paragraphs are kept.
pub fn normalize_multiline(value: &str) -> String {
    let unified = value.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = unified.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_owned()
}

/// Counts characters as the applicant sees them: a rare character outside the BMP (生僻字) is one,
/// not the two UTF-16 units a browser's `maxlength` would count, nor its four UTF-8 bytes.
pub fn char_count(value: &str) -> usize {
    value.chars().count()
}

/// True if the value holds a control character other than the line breaks and tabs that a long
/// text may keep (`multiline`). Single-line values allow none at all.
pub fn has_control(value: &str, multiline: bool) -> bool {
    value
        .chars()
        .any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\t')))
}

/// Keeps only the characters that matter in a code the applicant typed or pasted: full-width
/// forms become ASCII, the separators people type between groups (spaces, hyphens, dashes) are
/// dropped, and letters are upper-cased.
pub fn normalize_code(value: &str) -> String {
    value
        .chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '‐' | '‑' | '–' | '—' | '－'))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Folds a personal name like a single line and writes every form of the middle dot that input
/// methods produce (•, ・, ･, ‧, ∙, ⋅, ●) as U+00B7 "·", without spaces around it.
pub fn normalize_name(value: &str) -> String {
    let dotted: String = value
        .chars()
        .map(|c| match c {
            '•' | '・' | '･' | '‧' | '∙' | '⋅' | '●' | '·' => '·',
            c => half_width(c),
        })
        .collect();
    fold_line(&dotted).replace(" ·", "·").replace("· ", "·")
}
