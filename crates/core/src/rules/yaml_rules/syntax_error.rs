//! YAML001: the YAML cannot be parsed.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "YAML001",
    name: "yaml-syntax-error",
    tier: Tier::T1,
    default_severity: Severity::Error,
    summary: "{parser message}",
    checks_md_id: Some("SS-01"),
    other_tools: &[("kubeconform", "(parse error)"), ("Monokle", "yaml-syntax"), ("yaml-language-server", "(syntax)")],
    check: Check::Files(run),
    explanation: r#"## What it does
Reports text that is not valid YAML: bad indentation, a tab used for indentation, a missing
space after `:`, an unclosed quote or bracket. The rest of the file is still read, document by
document, so the other findings stay useful.

## Why is this bad?
`kubectl apply` refuses the whole file when one document cannot be parsed, and nothing after
the error reaches the cluster. Most YAML errors come from indentation: a key that is one space
off belongs to a different parent, or to none.

## Example
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
   namespace: shop
```

Use instead:
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
  namespace: shop
```

## References
- [YAML 1.2: indentation](https://yaml.org/spec/1.2.2/#61-indentation-spaces)
- [Kubernetes: managing objects with configuration files](https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (file, parsed) in ws.files.iter().enumerate() {
        for e in &parsed.parse.errors {
            let message = lowercase_first(e.message.trim_end_matches('.'));
            sink.report(file, crate::rules::edit::widen_to_word(parsed.text, e.range), "", message);
        }
    }
}

/// The parser's messages may start with a capital; our convention is lowercase.
fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() && !chars.clone().next().is_some_and(char::is_uppercase) => c.to_lowercase().chain(chars).collect(),
        _ => s.to_owned(),
    }
}
