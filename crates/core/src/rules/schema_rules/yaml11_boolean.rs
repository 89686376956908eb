//! SCH005: `yes`/`no`/`on`/`off` where a string is expected.

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};
use crate::schema::SchemaIssueKind;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SCH005",
    name: "yaml11-boolean",
    tier: Tier::T1,
    default_severity: Severity::Error,
    api_rejects: true,
    summary: "`{value}` is read as a boolean, but a string is expected",
    checks_md_id: Some("SS-02"),
    other_tools: &[("yamllint", "truthy")],
    check: Check::Files(run),
    explanation: r#"## What it does
Finds an unquoted `yes`, `no`, `on`, `off`, `y` or `n` in a field that holds a string: an env
value, a label, an annotation.

## Why is this bad?
Kubernetes reads YAML with the YAML 1.1 rules, where these words are booleans, not text. The
API then refuses the object because a boolean arrives where a string belongs
(`cannot unmarshal bool into Go struct field EnvVar.value of type string`). Quoting the word
keeps it a string.

## Example
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    env:
    - name: ENABLE_CACHE
      value: yes
```

Use instead:
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    env:
    - name: ENABLE_CACHE
      value: "yes"
```

## References
- [YAML 1.1 boolean type](https://yaml.org/type/bool.html)
- [sigs.k8s.io/yaml](https://github.com/kubernetes-sigs/yaml)
"#,
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    super::emit(ws, sink, |k| matches!(k, SchemaIssueKind::Yaml11Boolean), "Quoting the word keeps it the string you wrote instead of a YAML 1.1 boolean.");
}
