//! YAML002: a mapping repeats a key.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use crate::yaml::{Node, NodeKind, Path};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "YAML002",
    name: "duplicate-key",
    tier: Tier::T2,
    default_severity: Severity::Warning,
    summary: "`{key}` is repeated; the last value wins",
    checks_md_id: None,
    other_tools: &[("yamllint", "key-duplicates"), ("kubectl", "strict field validation (duplicate field)")],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (file, parsed) in ws.files.iter().enumerate() {
        for doc in &parsed.parse.documents {
            if let Some(root) = &doc.root {
                walk(root, &Path::root(), file, sink);
            }
        }
    }
}

fn walk(node: &Node, path: &Path, file: usize, sink: &mut Sink) {
    if node.alias {
        return;
    }
    match &node.kind {
        NodeKind::Scalar(_) => {}
        NodeKind::Sequence { items, .. } => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &path.index(i), file, sink);
            }
        }
        NodeKind::Mapping { entries, .. } => {
            // the first entry of each key (a map, not a scan per key: mappings can be wide)
            let mut first_of: std::collections::HashMap<&str, &Node> = std::collections::HashMap::new();
            for e in entries {
                let Some(key) = e.key.as_str() else { continue };
                let p = path.key(key);
                let first = *first_of.entry(key).or_insert(&e.key);
                // merge keys (`<<`) may repeat
                if key != "<<" && !std::ptr::eq(first, &e.key) {
                    let d = sink.report(file, e.key.range, &p, format!("`{key}` is repeated; the last value wins"));
                    d.help = Some("merge the two entries into one".into());
                    d.related.push(crate::rules::Related { file, range: first.range, message: "first written here; this value is dropped".into() });
                }
                walk(&e.value, &p, file, sink);
            }
        }
    }
}
