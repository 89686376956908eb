//! SEC017: the pods mount a ServiceAccount token they probably do not use (opt-in).

use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::util::bool_of;
use crate::rules::workspace::Workspace;
use crate::rules::{Severity, Sink, Tier};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SEC017",
    name: "service-account-token-mounted",
    tier: Tier::T4,
    default_severity: Severity::Info,
    default_enabled: false,
    summary: "the pods of {workload} run as {the namespace's `default` ServiceAccount|ServiceAccount `{name}`} with an API token mounted: a compromised container can use whatever it is granted",
    checks_md_id: Some("SS-32"),
    other_tools: &[
        ("kube-linter", "default-service-account"),
        ("Polaris", "automountServiceAccountToken"),
        ("Checkov", "CKV_K8S_38"),
        ("Kubescape", "C-0034"),
        ("Kubescape", "C-0190"),
        ("KICS", "Service Account Token Automount Not Disabled"),
        ("Datree", "SRVACC_INCORRECT_AUTOMOUNTSERVICEACCOUNTTOKEN_VALUE"),
        ("Monokle", "KBP106"),
        ("kubesec", "AutomountServiceAccountToken"),
    ],
    check: Check::Files(run),
    ..BASE
};

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        let pod_setting = t.spec.get("automountServiceAccountToken").and_then(bool_of);
        if pod_setting == Some(false) {
            continue;
        }
        let account = ["serviceAccountName", "serviceAccount"].iter().find_map(|k| t.spec.get_str(k)).filter(|s| !s.is_empty()).unwrap_or("default");
        let sa_setting = ws.find_named("ServiceAccount", account, obj).next().and_then(|(_, sa)| sa.at("automountServiceAccountToken")).and_then(bool_of);
        if pod_setting.is_none() && sa_setting == Some(false) {
            continue;
        }
        let who = if account == "default" { "the namespace's `default` ServiceAccount".to_owned() } else { format!("ServiceAccount `{account}`") };
        let range = t.spec.get("automountServiceAccountToken").map(|n| n.range).or_else(|| t.spec.get("serviceAccountName").map(|n| n.range)).unwrap_or_else(|| {
            obj.anchor().0
        });
        sink.report(obj.file, range, t.spec_path.key("automountServiceAccountToken"), format!("the pods of {} run as {who} with an API token mounted: a compromised container can use whatever it is granted", obj.label())).help =
            Some("set `automountServiceAccountToken: false` unless the program calls the Kubernetes API".into());
    }
}
