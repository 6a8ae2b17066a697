//! Reading the repository's text files as editors write them: a leading UTF-8 byte order
//! mark (which Windows editors add, and npm, pip, Node and Docker ignore) is dropped, so it
//! can neither make a file unparseable nor stick to its first value.

use std::path::Path;

/// The file's text without a leading byte order mark.
pub fn read(path: &Path) -> std::io::Result<String> {
    std::fs::read_to_string(path).map(without_bom)
}

/// `text` without a leading byte order mark.
pub fn without_bom(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_leading_mark_goes() {
        assert_eq!(without_bom("\u{feff}20\n".into()), "20\n");
        assert_eq!(without_bom("a\u{feff}b".into()), "a\u{feff}b");
        assert_eq!(without_bom(String::new()), "");
    }
}
