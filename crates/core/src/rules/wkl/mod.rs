//! `WKL`: the wrong workload kind: a Deployment that needs what only a StatefulSet gives (a
//! claim per pod, a stable name per pod).

pub(crate) mod database_in_deployment;
pub(crate) mod deployment_needs_stable_names;

use super::util::int_of;
use super::workspace::{Object, Workspace};
use super::{Fix, TextEdit};

/// Images of servers that keep their data on their volume and must not share it.
const STATEFUL_IMAGES: &[&str] = &[
    "postgres", "postgresql", "mysql", "mariadb", "mongo", "mongodb", "redis", "valkey", "cassandra", "elasticsearch", "opensearch", "etcd", "zookeeper", "kafka", "cockroach", "cockroachdb", "neo4j",
    "influxdb", "clickhouse", "rabbitmq", "couchdb", "scylla", "timescaledb",
];

/// The image's repository name without registry, path and tag (`docker.io/bitnami/postgresql:16`
/// → `postgresql`), when it is one of [`STATEFUL_IMAGES`].
pub(crate) fn stateful_image(image: &str) -> Option<&'static str> {
    let repo = image.split('@').next().unwrap_or(image);
    let last = repo.rsplit('/').next().unwrap_or(repo);
    let name = last.split(':').next().unwrap_or(last);
    STATEFUL_IMAGES.iter().copied().find(|s| *s == name)
}

/// `spec.replicas` as written (1 when unset, the API's default).
pub(crate) fn replicas(obj: &Object<'_>) -> i64 {
    obj.at("spec.replicas").and_then(int_of).unwrap_or(1)
}

/// The fix both rules offer: the Deployment rewritten as a StatefulSet (`convert`), its claims
/// turned into claim templates, `serviceName` set. `None` for an object inside a List.
pub(crate) fn convert_fix(ws: &Workspace<'_>, obj: &Object<'_>, service: &str) -> Option<Fix> {
    if !obj.base.is_root() {
        return None;
    }
    let claims: Vec<serde_json::Value> = ws.of_kind("PersistentVolumeClaim").filter(|(_, c)| ws.same_namespace(c, obj)).map(|(_, c)| c.root.to_json()).collect();
    let converted = crate::convert::deployment_to_statefulset(&obj.root.to_json(), &claims, service);
    let mut explanation = format!("The Deployment becomes a StatefulSet governed by the Service `{service}`: each pod gets a stable name and DNS record, and each claim it mounted becomes a claim template, one claim per pod. Comments inside it are not kept.");
    for d in &converted.dropped {
        explanation.push_str(&format!(" Dropped: {d}"));
    }
    let yaml = converted.yaml();
    Some(Fix { title: "convert to a StatefulSet".into(), explanation, edits: vec![TextEdit { file: obj.file, range: obj.root.range, replacement: yaml.trim_end().to_owned() }] })
}
