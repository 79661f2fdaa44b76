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
/// text may keep (`multiline`), a bidirectional control, or a character XML 1.0 cannot hold
/// (U+FFFE, U+FFFF: the reviewers' Word and Excel files could not open). Single-line values
/// allow no control character at all.
///
/// Bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) make text show
/// in another order than it is stored: U+202E turns a name or a file name around on screen and
/// in the printed form. Nobody types them in a Chinese form, so they are refused, not dropped:
/// the applicant sees what was pasted.
pub fn has_control(value: &str, multiline: bool) -> bool {
    value.chars().any(|c| {
        (c.is_control() && !(multiline && (c == '\n' || c == '\t')))
            || is_bidi_control(c)
            || !is_xml_char(c)
    })
}

/// Whether XML 1.0 can hold the character (its `Char` production): what a DOCX or XLSX may carry.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The characters Unicode says to show as nothing (its `Default_Ignorable_Code_Point`
/// property, Unicode 16): zero-width spaces and joiners, the soft hyphen, word joiners and
/// invisible operators, variation selectors (U+FE00–U+FE0F, U+E0100–U+E01EF), tag characters
/// (U+E0000–U+E0FFF), Hangul fillers, the Mongolian vowel separator and free variation
/// selectors, the combining grapheme joiner. They come along when text is pasted from web
/// pages and Word, or are put in to make two names that look equal differ; they mean nothing in
/// this form. Every value drops them before any rule sees it, in the browser and on the server
/// alike. The bidirectional controls among them are not dropped but refused
/// ([`is_bidi_control`], [`has_control`]).
pub fn is_invisible(c: char) -> bool {
    !is_bidi_control(c)
        && matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{115F}'..='\u{1160}'
                | '\u{17B4}'..='\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFF8}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// The value without [`is_invisible`] characters, and in Unicode normalization form C where
/// the `nfc` feature is on (the server: see the crate's features for why not the browser).
pub fn visible(value: &str) -> String {
    let kept = value.chars().filter(|&c| !is_invisible(c));
    #[cfg(feature = "nfc")]
    {
        use unicode_normalization::UnicodeNormalization;
        kept.nfc().collect()
    }
    #[cfg(not(feature = "nfc"))]
    kept.collect()
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
