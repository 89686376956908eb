//! PVC005: a valid storage size whose unit is probably not what was meant.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::apiserver::quantity;
use crate::rules::util::{scalar_text};
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, TextEdit, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "PVC005",
    name: "storage-size-suspect",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    summary: "`{size}` is {n} bytes: did you mean `{binary}`?",
    checks_md_id: Some("SS-20"),
    other_tools: &[],
    check: Check::Files(run),
    explanation: r#"## What it does
Looks at storage sizes that Kubernetes accepts but that are likely mistakes: a lowercase `m`
(`1m` is one thousandth of a byte, not a megabyte), a bare number (`storage: 10` is ten bytes)
and decimal units (`1G` is 10⁹ bytes, about 7% less than `1Gi`, which is what most people
mean). Invalid spellings such as `1GB` are reported by SCH008.

## Why is this bad?
A claim for a few bytes is either rejected by the provisioner or rounded up to its minimum,
with a database then filling the disk on day one. Decimal units are legitimate, but mixing
them with binary sizes elsewhere leads to volumes slightly smaller than planned, which
matters for expansions and quotas.

## Example
```yaml
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 500m
```

Use instead:
```yaml
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 500Mi
```

## References
- [Resource units in Kubernetes](https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#resource-units-in-kubernetes)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for claim in super::claims(ws) {
        let Some(node) = claim.spec().and_then(|s| s.get("resources")).and_then(|r| r.get("requests")).and_then(|r| r.get("storage")) else { continue };
        let Some(text) = scalar_text(node) else { continue };
        let Some(bytes) = quantity::parse(&text) else { continue };
        let digits: String = text.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
        let unit = &text[digits.len()..];
        let (message, replacement, severity) = match unit {
            "m" => (format!("`{text}` means {} (`m` is thousandths): did you mean `{digits}Mi`?", fmt_bytes(bytes)), format!("{digits}Mi"), Severity::Warning),
            "" if bytes < 1024.0 * 1024.0 => (format!("`{text}` is {text} bytes: did you mean `{digits}Gi`?"), format!("{digits}Gi"), Severity::Warning),
            "k" | "M" | "G" | "T" | "P" => {
                let binary = format!("{digits}{}i", if unit == "k" { "K" } else { unit });
                (format!("`{text}` is a decimal size ({}); did you mean `{binary}`?", fmt_bytes(bytes)), binary, Severity::Info)
            }
            _ => continue,
        };
        let d = sink.report(claim.obj.file, node.range, claim.path.key("spec").key("resources").key("requests").key("storage"), message);
        d.severity = severity;
        d.fix = Some(Fix {
            title: format!("use `{replacement}`"),
            explanation: "Binary units (`Ki`, `Mi`, `Gi`, `Ti`) are what storage sizes almost always mean.".into(),
            edits: vec![TextEdit { file: claim.obj.file, range: node.range, replacement }],
        });
    }
}

fn fmt_bytes(bytes: f64) -> String {
    if bytes < 1.0 {
        format!("{bytes} bytes")
    } else {
        format!("{} bytes", group(bytes.round() as u64))
    }
}

fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
