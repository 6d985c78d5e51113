//! What the payment importers (bank statements, the tax agency's file) share: a refusal at a
//! line of the file, and reading the file's bytes as UTF-8.

/// Why a file was refused: the 1-based line and a message key (with `$line`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    pub line: usize,
    pub key: &'static str,
}

/// A refusal at `line`.
pub fn refuse<T>(line: usize, key: &'static str) -> Result<T, FileError> {
    Err(FileError { line, key })
}

/// The file as text, or `key` at the line of the first byte that is not UTF-8.
pub fn utf8_text<'a>(bytes: &'a [u8], key: &'static str) -> Result<&'a str, FileError> {
    std::str::from_utf8(bytes).or_else(|e| {
        let line = 1 + bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count();
        refuse(line, key)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_of_the_first_bad_byte() {
        let key = "tax-error-encoding";
        assert_eq!(utf8_text(b"a\nb", key), Ok("a\nb"));
        assert_eq!(utf8_text(b"a\nb\n\xff\n", key), Err(FileError { line: 3, key }));
        assert_eq!(utf8_text(b"\xc3", key), Err(FileError { line: 1, key }));
    }
}
