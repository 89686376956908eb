//! `cargo run -p xtask -- codegen`: writes `crates/core/data/k8s-schema.tsv`, the upstream
//! Kubernetes API schema that `ordinal_core::schema` reads.
//!
//! The source is `k8s-openapi` (0.29, feature `v1_35`), whose types implement
//! `schemars::JsonSchema` behind its `schemars` feature: the descriptions in those schemas are
//! the upstream OpenAPI descriptions. Only xtask enables that feature, so the core and the web
//! bundle never compile schemars.
//!
//! The output is a compact tab-separated file (see the format notes in
//! `crates/core/src/schema/data.rs`), one line per type and one per field, so that it stays
//! small once compiled into the WebAssembly bundle.

use anyhow::{bail, Context, Result};
use schemars::generate::{SchemaGenerator, SchemaSettings};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The Kubernetes version the data describes (k8s-openapi's `v1_35` feature).
pub const K8S_VERSION: &str = "1.35";
/// The crate the data is generated from.
pub const SOURCE_CRATE: &str = "k8s-openapi 0.29.0";

/// Where the generated file lives, relative to the workspace root.
pub const OUTPUT: &str = "crates/core/data/k8s-schema.tsv";

/// The kinds the app reads: the ones the guide touches and their neighbours.
fn roots(gen: &mut SchemaGenerator) -> Vec<(&'static str, &'static str, Value)> {
    use k8s_openapi::api::{apps, batch, core, policy, storage};
    macro_rules! root {
        ($api:expr, $kind:expr, $t:ty) => {
            ($api, $kind, gen.subschema_for::<$t>().to_value())
        };
    }
    vec![
        root!("apps/v1", "StatefulSet", apps::v1::StatefulSet),
        root!("apps/v1", "Deployment", apps::v1::Deployment),
        root!("apps/v1", "DaemonSet", apps::v1::DaemonSet),
        root!("apps/v1", "ReplicaSet", apps::v1::ReplicaSet),
        root!("v1", "ReplicationController", core::v1::ReplicationController),
        root!("v1", "Service", core::v1::Service),
        root!("v1", "Secret", core::v1::Secret),
        root!("v1", "ConfigMap", core::v1::ConfigMap),
        root!("v1", "Pod", core::v1::Pod),
        root!("v1", "PersistentVolumeClaim", core::v1::PersistentVolumeClaim),
        root!("v1", "PersistentVolume", core::v1::PersistentVolume),
        root!("v1", "ServiceAccount", core::v1::ServiceAccount),
        root!("v1", "Namespace", core::v1::Namespace),
        root!("policy/v1", "PodDisruptionBudget", policy::v1::PodDisruptionBudget),
        root!("batch/v1", "Job", batch::v1::Job),
        root!("batch/v1", "CronJob", batch::v1::CronJob),
        root!("storage.k8s.io/v1", "StorageClass", storage::v1::StorageClass),
    ]
}

/// Enum values the Go API declares but k8s-openapi's schemas do not carry (its generator drops
/// the "Possible enum values" lists). Keyed by `TypeName.field`; for arrays, the item values.
/// Taken from the Go constants in k8s.io/api (types.go) for Kubernetes 1.35.
const ENUMS: &[(&str, &[&str])] = &[
    ("io.k8s.api.apps.v1.StatefulSetSpec.podManagementPolicy", &["OrderedReady", "Parallel"]),
    ("io.k8s.api.apps.v1.StatefulSetUpdateStrategy.type", &["RollingUpdate", "OnDelete"]),
    ("io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy.whenDeleted", &["Retain", "Delete"]),
    ("io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy.whenScaled", &["Retain", "Delete"]),
    ("io.k8s.api.apps.v1.DeploymentStrategy.type", &["Recreate", "RollingUpdate"]),
    ("io.k8s.api.apps.v1.DaemonSetUpdateStrategy.type", &["RollingUpdate", "OnDelete"]),
    ("io.k8s.api.core.v1.ContainerPort.protocol", &["TCP", "UDP", "SCTP"]),
    ("io.k8s.api.core.v1.ServicePort.protocol", &["TCP", "UDP", "SCTP"]),
    ("io.k8s.api.core.v1.ServiceSpec.type", &["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]),
    ("io.k8s.api.core.v1.ServiceSpec.sessionAffinity", &["None", "ClientIP"]),
    ("io.k8s.api.core.v1.ServiceSpec.externalTrafficPolicy", &["Cluster", "Local"]),
    ("io.k8s.api.core.v1.ServiceSpec.internalTrafficPolicy", &["Cluster", "Local"]),
    ("io.k8s.api.core.v1.ServiceSpec.ipFamilyPolicy", &["SingleStack", "PreferDualStack", "RequireDualStack"]),
    ("io.k8s.api.core.v1.ServiceSpec.ipFamilies", &["IPv4", "IPv6"]),
    ("io.k8s.api.core.v1.PersistentVolumeClaimSpec.accessModes", &["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]),
    ("io.k8s.api.core.v1.PersistentVolumeSpec.accessModes", &["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]),
    ("io.k8s.api.core.v1.PersistentVolumeClaimSpec.volumeMode", &["Filesystem", "Block"]),
    ("io.k8s.api.core.v1.PersistentVolumeSpec.volumeMode", &["Filesystem", "Block"]),
    ("io.k8s.api.core.v1.PersistentVolumeSpec.persistentVolumeReclaimPolicy", &["Retain", "Delete", "Recycle"]),
    ("io.k8s.api.core.v1.Container.imagePullPolicy", &["Always", "Never", "IfNotPresent"]),
    ("io.k8s.api.core.v1.Container.terminationMessagePolicy", &["File", "FallbackToLogsOnError"]),
    ("io.k8s.api.core.v1.PodSpec.restartPolicy", &["Always", "OnFailure", "Never"]),
    ("io.k8s.api.core.v1.PodSpec.dnsPolicy", &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]),
    ("io.k8s.api.core.v1.PodSpec.preemptionPolicy", &["PreemptLowerPriority", "Never"]),
    ("io.k8s.api.batch.v1.CronJobSpec.concurrencyPolicy", &["Allow", "Forbid", "Replace"]),
    ("io.k8s.api.policy.v1.PodDisruptionBudgetSpec.unhealthyPodEvictionPolicy", &["IfHealthyBudget", "AlwaysAllow"]),
    ("io.k8s.api.storage.v1.StorageClass.reclaimPolicy", &["Retain", "Delete", "Recycle"]),
    ("io.k8s.api.storage.v1.StorageClass.volumeBindingMode", &["Immediate", "WaitForFirstConsumer"]),
];

/// Builds the file's text.
pub fn generate() -> Result<String> {
    let mut gen = SchemaGenerator::new(SchemaSettings::draft2020_12());
    let roots = roots(&mut gen);
    let defs: Map<String, Value> = gen.definitions().clone();
    let enums: BTreeMap<&str, &[&str]> = ENUMS.iter().copied().collect();
    let mut used_enums = BTreeSet::new();

    let mut out = String::new();
    out.push_str(&format!(
        "#ordinal-schema\t1\tkubernetes={K8S_VERSION}\tsource={SOURCE_CRATE}\n\
         # Generated by `cargo run -p xtask -- codegen` (xtask/src/codegen.rs). Do not edit.\n\
         # K apiVersion kind type | T type description | F field type flags enum description\n"
    ));
    for (api, kind, schema) in &roots {
        let name = ref_name(schema).with_context(|| format!("{kind} is not a reference"))?;
        out.push_str(&format!("K\t{api}\t{kind}\t{name}\n"));
    }

    // Every object type reachable from the roots, in name order.
    let mut reachable = BTreeSet::new();
    let mut queue: Vec<String> = roots.iter().filter_map(|(_, _, s)| ref_name(s)).collect();
    while let Some(name) = queue.pop() {
        if leaf_type(&name).is_some() || !reachable.insert(name.clone()) {
            continue;
        }
        let def = defs.get(&name).with_context(|| format!("no definition for {name}"))?;
        collect_refs(def, &mut queue);
    }

    let root_types: BTreeSet<String> = roots.iter().filter_map(|(_, _, s)| ref_name(s)).collect();
    for name in &reachable {
        let def = &defs[name];
        out.push_str(&format!("T\t{name}\t{}\n", escape(def.get("description").and_then(Value::as_str).unwrap_or(""))));
        let required: BTreeSet<&str> = def
            .get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let Some(props) = def.get("properties").and_then(Value::as_object) else { continue };
        let mut fields: Vec<(&String, &Value)> = props.iter().collect();
        fields.sort_by(|a, b| a.0.cmp(b.0));
        for (field, schema) in fields {
            let ty = type_of(schema).with_context(|| format!("{name}.{field}"))?;
            let description = schema
                .get("description")
                .and_then(Value::as_str)
                .or_else(|| ref_name(schema).and_then(|r| defs.get(&r)?.get("description")?.as_str()))
                .unwrap_or("");
            let key = format!("{name}.{field}");
            let enum_values = match enums.get(key.as_str()) {
                Some(values) => {
                    used_enums.insert(key.clone());
                    values.join("|")
                }
                None => "-".to_owned(),
            };
            // k8s-openapi marks a kind's `metadata` required because its Rust field is not an
            // Option; the upstream OpenAPI document does not, and neither do we.
            let upstream_required = required.contains(field.as_str()) && !(field == "metadata" && root_types.contains(name));
            let flags = if upstream_required { "r" } else { "-" };
            out.push_str(&format!("F\t{field}\t{ty}\t{flags}\t{enum_values}\t{}\n", escape(description)));
        }
    }
    let unused: Vec<_> = enums.keys().filter(|k| !used_enums.contains(**k)).collect();
    if !unused.is_empty() {
        bail!("enum table names fields that the schema does not have: {unused:?}");
    }
    Ok(out)
}

/// The referenced definition's name, for `{"$ref": "#/$defs/NAME"}`.
fn ref_name(schema: &Value) -> Option<String> {
    schema.get("$ref")?.as_str()?.rsplit('/').next().map(str::to_owned)
}

/// Types written as scalars in YAML, which the data names directly.
fn leaf_type(name: &str) -> Option<&'static str> {
    Some(match name {
        "io.k8s.apimachinery.pkg.util.intstr.IntOrString" => "int-or-string",
        "io.k8s.apimachinery.pkg.api.resource.Quantity" => "quantity",
        "io.k8s.apimachinery.pkg.apis.meta.v1.Time" | "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime" => "date-time",
        "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1"
        | "io.k8s.apimachinery.pkg.runtime.RawExtension"
        | "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON" => "any",
        _ => return None,
    })
}

fn collect_refs(schema: &Value, out: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(r) = ref_name(schema) {
                out.push(r);
            }
            for v in map.values() {
                collect_refs(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// The compact type notation: `string`, `integer`, `number`, `boolean`, `bytes`, `date-time`,
/// `quantity`, `int-or-string`, `any`, `@Type`, `[]T` and `{}T`.
fn type_of(schema: &Value) -> Result<String> {
    if let Some(name) = ref_name(schema) {
        return Ok(match leaf_type(&name) {
            Some(leaf) => leaf.to_owned(),
            None => format!("@{name}"),
        });
    }
    if schema.get("x-kubernetes-int-or-string").is_some() {
        return Ok("int-or-string".into());
    }
    let ty = schema.get("type").and_then(Value::as_str);
    Ok(match ty {
        Some("string") => match schema.get("format").and_then(Value::as_str) {
            Some("byte") => "bytes".into(),
            Some("date-time") => "date-time".into(),
            _ => "string".into(),
        },
        Some("integer") => "integer".into(),
        Some("number") => "number".into(),
        Some("boolean") => "boolean".into(),
        Some("array") => format!("[]{}", type_of(schema.get("items").context("array without items")?)?),
        Some("object") => match schema.get("additionalProperties") {
            Some(v @ Value::Object(_)) => format!("{{}}{}", type_of(v)?),
            _ => "any".into(),
        },
        None => "any".into(),
        Some(other) => bail!("unexpected schema type {other}"),
    })
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// The workspace root (xtask's parent directory).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// `codegen`: regenerates the file; `codegen --check` fails if the committed one is stale.
pub fn run(args: &[String]) -> Result<()> {
    let text = generate()?;
    let path = workspace_root().join(OUTPUT);
    let check = args.iter().any(|a| a == "--check");
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if check {
        if current != text {
            bail!("{OUTPUT} is stale: run `cargo run -p xtask -- codegen`");
        }
        println!("{OUTPUT} is up to date");
        return Ok(());
    }
    if current == text {
        println!("{OUTPUT} is up to date ({} bytes)", text.len());
    } else {
        std::fs::write(&path, &text).with_context(|| format!("cannot write {}", path.display()))?;
        println!("wrote {OUTPUT} ({} bytes)", text.len());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn committed_schema_data_is_fresh() {
        let fresh = super::generate().unwrap();
        let path = super::workspace_root().join(super::OUTPUT);
        let committed = std::fs::read_to_string(&path).unwrap();
        assert!(committed == fresh, "{} is stale: run `cargo run -p xtask -- codegen`", super::OUTPUT);
    }
}
