//! An open text document: its text, kept in step with the client's incremental changes, and
//! its parse.

use super::position::{text_range, Encoding};
use lsp_types::TextDocumentContentChangeEvent;
use ordinal_core::yaml::{self, LineIndex, Parse};

/// An open document.
pub struct Doc {
    /// The version the client gave with the last change.
    pub version: i32,
    /// The text.
    pub text: String,
    /// Its line index.
    pub index: LineIndex,
    /// Its parse.
    pub parse: Parse,
    /// Whether it is a Kubernetes manifest (some document has `apiVersion` or `kind`); other
    /// YAML files are left alone.
    pub manifest: bool,
}

impl Doc {
    /// A document opened with this text.
    pub fn new(version: i32, text: String) -> Doc {
        let (index, parse, manifest) = analyse(&text);
        Doc { version, text, index, parse, manifest }
    }

    /// Applies the changes of one `didChange`, in order (LSP 3.17,
    /// `DidChangeTextDocumentParams.contentChanges`: each change applies to the text the
    /// previous one left). A change without a range replaces the whole text.
    pub fn change(&mut self, version: i32, changes: Vec<TextDocumentContentChangeEvent>, enc: Encoding) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let r = text_range(&self.text, &self.index, range, enc);
                    self.text.replace_range(r.as_range(), &change.text);
                }
            }
            // positions of the next change are in the text this one left
            self.index = LineIndex::new(&self.text);
        }
        self.version = version;
        let (index, parse, manifest) = analyse(&self.text);
        (self.index, self.parse, self.manifest) = (index, parse, manifest);
    }
}

fn analyse(text: &str) -> (LineIndex, Parse, bool) {
    let parse = yaml::parse(text);
    let manifest = parse.documents.iter().any(|d| d.api_version().is_some() || d.kind().is_some())
        || text.lines().any(|l| l.starts_with("apiVersion:") || l.starts_with("kind:"));
    (LineIndex::new(text), parse, manifest)
}
