//! `POD`: the pod template: images, probes, resources, environment, scheduling.

pub(crate) mod anti_affinity_missing;
pub(crate) mod anti_affinity_selects_nothing;
pub(crate) mod deprecated_service_account_field;
pub(crate) mod duplicate_env_var;
pub(crate) mod env_ref_not_found;
pub(crate) mod ephemeral_storage_unset;
pub(crate) mod image_latest_tag;
pub(crate) mod image_not_pinned_by_digest;
pub(crate) mod image_pull_policy;
pub(crate) mod liveness_probe_missing;
pub(crate) mod liveness_probe_too_strict;
pub(crate) mod priority_class_unset;
pub(crate) mod program_not_in_image;
pub(crate) mod memory_limit_too_low;
pub(crate) mod resource_quantity_suspect;
pub(crate) mod postgres_password_missing;
pub(crate) mod pg_client_password_missing;
pub(crate) mod pg_client_host_elsewhere;
pub(crate) mod probe_port_not_exposed;
pub(crate) mod probe_runs_table_query;
pub(crate) mod probes_identical;
pub(crate) mod readiness_probe_missing;
pub(crate) mod requests_not_equal_limits;
pub(crate) mod resource_limits_missing;
pub(crate) mod resource_requests_missing;
pub(crate) mod service_account_not_found;
pub(crate) mod shutdown_grace_short;
pub(crate) mod startup_probe_missing;
pub(crate) mod topology_spread_missing;

use super::edit::yaml_string;
use super::util::int_of;
use super::workspace::{Container, Object, PodTemplate, Workspace};
use crate::yaml::{Node, Path};

/// Kinds whose pods run until stopped (probes and disruption budgets make sense for them).
pub(crate) const LONG_RUNNING: &[&str] = &["StatefulSet", "Deployment", "DaemonSet", "ReplicaSet", "ReplicationController", "Pod"];

/// The pod templates of long-running workloads.
/// The postgres client programs.
pub(crate) const PG_CLIENTS: &[&str] = &["pg_dump", "pg_dumpall", "pg_restore", "psql"];

/// The words of a container's `command` and `args`, a script's split on whitespace: enough to
/// find the programs a command runs and their options.
pub(crate) fn command_words(c: &Container<'_>) -> Vec<String> {
    ["command", "args"]
        .iter()
        .filter_map(|k| c.node.get(k).and_then(|n| n.items()))
        .flatten()
        .filter_map(|n| n.as_str())
        .flat_map(|s| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

/// Whether a word runs a postgres client (`pg_dump`, `/usr/bin/psql`, …).
pub(crate) fn is_pg_client(word: &str) -> bool {
    PG_CLIENTS.contains(&word.rsplit('/').next().unwrap_or(word))
}

pub(crate) fn long_running<'a>(ws: &Workspace<'a>) -> Vec<PodTemplate<'a>> {
    ws.pod_templates().into_iter().filter(|t| LONG_RUNNING.contains(&ws.objects[t.object].kind)).collect()
}

/// The workload kinds whose replicas should be spread over nodes (SS-54, SS-55).
const REPLICATED: &[&str] = &["StatefulSet", "Deployment", "ReplicaSet"];

/// A replicated workload with two replicas or more (SS-54, SS-55).
pub(crate) struct MultiReplica<'w, 'a> {
    pub obj: &'w Object<'a>,
    pub template: PodTemplate<'a>,
    /// `spec.replicas`.
    pub replicas: i64,
    /// Where to point: the `replicas` value, else the object's name.
    pub range: crate::yaml::TextRange,
}

impl MultiReplica<'_, '_> {
    /// A block (at column 0) to append to the pod spec, built from the workload's own
    /// `matchLabels` at `indent` spaces: `None` when the selector is not a plain map, when the
    /// pod spec is in flow style, or when it already has `key`.
    pub fn spec_block(&self, text: &str, key: &str, block: impl Fn(&str) -> String, indent: usize) -> Option<String> {
        let sel = self.obj.label_selector().filter(|s| !s.match_labels.is_empty() && s.expressions.is_empty())?;
        if self.template.spec.get(key).is_some() || super::edit::is_flow(text, self.template.spec) {
            return None;
        }
        let pad = " ".repeat(indent);
        let pairs: String = sel.match_labels.iter().map(|(k, v)| format!("\n{pad}{}: {}", yaml_string(k), yaml_string(v))).collect();
        Some(block(&pairs))
    }
}

/// The StatefulSets, Deployments and ReplicaSets with two replicas or more (unset is 1).
pub(crate) fn multi_replica<'w, 'a>(ws: &'w Workspace<'a>) -> Vec<MultiReplica<'w, 'a>> {
    let mut out = Vec::new();
    for (index, obj) in ws.objects.iter().enumerate() {
        if !REPLICATED.contains(&obj.kind) {
            continue;
        }
        let node = obj.at("spec.replicas");
        let replicas = node.map(|n| int_of(n).unwrap_or(1)).unwrap_or(1);
        let Some(template) = ws.pod_template(index).filter(|_| replicas >= 2) else { continue };
        let range = node.map(|n| n.range).unwrap_or_else(|| obj.anchor().0);
        out.push(MultiReplica { obj, template, replicas, range });
    }
    out
}

/// The probe fields that say how it checks (exactly one is allowed).
const HANDLERS: &[&str] = &["exec", "httpGet", "tcpSocket", "grpc"];

/// A probe of a container: `livenessProbe`, `readinessProbe` or `startupProbe`.
pub(crate) struct Probe<'a> {
    /// The probe's key (for ranges: where it starts).
    pub key: &'a Node,
    /// The probe's mapping.
    pub node: &'a Node,
    pub path: Path,
}

impl<'a> Probe<'a> {
    /// The container's probe under `key`, when it is a mapping.
    pub fn of(c: &Container<'a>, key: &str) -> Option<Probe<'a>> {
        let e = c.node.entry(key)?;
        e.value.entries()?;
        Some(Probe { key: &e.key, node: &e.value, path: c.path.key(key) })
    }

    /// An integer timing field, with the API's default when unset (or not an integer).
    pub fn int(&self, field: &str) -> i64 {
        let default = match field {
            "initialDelaySeconds" => 0,
            "periodSeconds" => 10,
            "timeoutSeconds" | "successThreshold" => 1,
            "failureThreshold" => 3,
            _ => 0,
        };
        self.node.get(field).and_then(int_of).unwrap_or(default)
    }

    /// How long a failing container survives this probe: `initialDelaySeconds` plus
    /// `periodSeconds` × `failureThreshold`.
    pub fn window_seconds(&self) -> i64 {
        self.int("initialDelaySeconds") + self.int("periodSeconds") * self.int("failureThreshold")
    }

    /// The handler (`exec`, `httpGet`, …) as JSON, with its key.
    pub fn handler(&self) -> Option<(&'static str, serde_json::Value)> {
        HANDLERS.iter().find_map(|h| self.node.get(h).map(|n| (*h, n.to_json())))
    }
}
