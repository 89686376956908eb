//! YAML003: text that kubectl reads but strict YAML 1.2 parsers refuse.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Related, Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "YAML003",
    name: "kubectl-only-yaml",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    summary: "{what}: kubectl reads it, strict YAML 1.2 parsers refuse it",
    checks_md_id: None,
    other_tools: &[("yamllint", "syntax"), ("yaml-language-server", "(syntax)")],
    check: Check::Files(run),
    explanation: r#"## What it does
Reports text that kubectl accepts but that the YAML 1.2 grammar does not: a line of a
multi-line quoted value that is not indented deeper than its key, and a tab right after a `:`.
kubectl parses YAML with go-yaml (a port of libyaml), which folds a quoted value's lines
whatever their indentation and takes any blank after `:` as the separator. ordinal reads such
text as kubectl does, explains and checks it, and says so once per file, at the first place.

## Why is this bad?
The manifest works with `kubectl apply` today, but every tool that follows the YAML 1.2
specification strictly (many editors' YAML support, linters, other languages' parsers, some
CI validators) refuses the whole file: it cannot be checked, templated or converted outside
kubectl. Indent the quoted value's lines deeper than its key, and use spaces after `:`.

## Example
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: peers
  annotations:
    example.com/peers: '[
        "db-0", "db-1"
    ]'
```

Use instead:
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: peers
  annotations:
    example.com/peers: '[
        "db-0", "db-1"
      ]'
```

## References
- [YAML 1.2: flow scalar line folding and indentation](https://yaml.org/spec/1.2.2/#73-flow-scalar-styles)
- [sigs.k8s.io/yaml, the YAML reader of kubectl](https://github.com/kubernetes-sigs/yaml)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for (file, parsed) in ws.files.iter().enumerate() {
        let Some((first, rest)) = parsed.parse.lenient.split_first() else { continue };
        let more = match rest.len() {
            0 => String::new(),
            1 => " (and at 1 more place)".to_owned(),
            n => format!(" (and at {n} more places)"),
        };
        let d = sink.report(file, first.range, "", format!("{}{more}", first.message));
        d.related = rest.iter().map(|l| Related { file, range: l.range, message: l.message.clone() }).collect();
        d.help = Some("indent every line of a quoted value deeper than its key, and write a space, not a tab, after `:`".into());
    }
}
