//! Reading input files.

use anyhow::{Context, Result};

/// A file given on the command line, read into memory.
pub struct InputFile {
    /// The path as the user wrote it (used in every report).
    pub name: String,
    /// The file's text.
    pub text: String,
}

/// Reads every file; `-` reads standard input. Invalid UTF-8 is an error naming the file.
pub fn read_all(paths: &[String]) -> Result<Vec<InputFile>> {
    paths.iter().map(|p| read_one(p)).collect()
}

/// Reads one file (`-` for standard input).
pub fn read_one(path: &str) -> Result<InputFile> {
    let bytes = if path == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).context("cannot read standard input")?;
        buf
    } else {
        std::fs::read(path).with_context(|| format!("cannot read {path}"))?
    };
    let text = String::from_utf8(bytes).with_context(|| format!("{path} is not UTF-8 text"))?;
    Ok(InputFile { name: path.to_owned(), text })
}
