//! `SCH`: the object does not fit the Kubernetes schema (wrong `apiVersion`, types, fields).
//! Most of these wrap [`crate::schema::validate`]; each issue kind is its own rule.

pub(crate) mod api_version_not_served;
pub(crate) mod invalid_base64;
pub(crate) mod invalid_quantity;
pub(crate) mod missing_api_version_or_kind;
pub(crate) mod missing_required_field;
pub(crate) mod type_mismatch;
pub(crate) mod unknown_field;
pub(crate) mod unsupported_value;
pub(crate) mod yaml11_boolean;

use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Sink, TextEdit};
use crate::schema::SchemaIssueKind;

/// Reports the schema issues that `which` selects as findings of the running rule, with the
/// schema's suggestion as a fix.
pub(crate) fn emit(ws: &Workspace<'_>, sink: &mut Sink, which: fn(&SchemaIssueKind) -> bool, fix_explanation: &str) {
    for (file, issue) in ws.schema_issues() {
        if !which(&issue.kind) {
            continue;
        }
        let range = ws.missing_field_anchor(*file, crate::rules::edit::widen_to_word(ws.text(*file), issue.range));
        let d = sink.report(*file, range, &issue.path, issue.message.clone());
        if let Some(s) = &issue.suggestion {
            d.fix = Some(Fix {
                title: format!("replace with `{s}`"),
                explanation: fix_explanation.to_owned(),
                edits: vec![TextEdit { file: *file, range: issue.range, replacement: s.clone() }],
            });
        }
    }
}
