//! Rendered explanations for a selection of fields (guide entries, value notes, upstream API
//! descriptions, unknown fields and kinds). `UPDATE_EXPECT=1 cargo test` refreshes them.

use ordinal_core::catalog::{self, Explanation};
use ordinal_core::yaml::{self, Path};

const CRONJOB: &str = r#"apiVersion: batch/v1
kind: CronJob
metadata:
  name: postgres-backup
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: backup
            image: postgres:13-alpine
"#;

const SNAPSHOT: &str = r#"apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata:
  name: postgres-backup-2024
spec:
  volumeSnapshotClassName: csi-snapclass
  source:
    persistentVolumeClaimName: data-recovery-demo-db-0
status:
  readyToUse: true
"#;

const ODD: &str = r#"apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  replica: 3
  template:
    spec:
      dnsPolicy: ClusterFirst
      containers:
      - name: web
        image: nginx:latest
        resources:
          requests:
            cpu: 500m
---
apiVersion: example.com/v1
kind: Widget
spec:
  size: 3
"#;

/// Renders every part of an explanation, so a snapshot shows exactly what a reader gets.
fn render(ex: &Explanation) -> String {
    let mut out = format!("{} [{}]\npath: {}\nsummary: {}\n", ex.title, ex.source.as_str(), ex.path, ex.summary);
    let s = &ex.sections;
    for (h, b) in [("what", &s.what), ("options", &s.options), ("why", &s.why), ("mistakes", &s.mistakes), ("kubectl", &s.kubectl), ("simulator", &s.simulator)] {
        if !b.is_empty() {
            out.push_str(&format!("--- {h}\n{b}\n"));
        }
    }
    if let Some(v) = &ex.value_note {
        out.push_str(&format!("--- value {} ({})\n{}\n{}\n", v.value, v.id, v.summary, v.explanation));
    }
    if let Some(a) = &ex.api {
        out.push_str(&format!("--- api: {} (k8s {}), required: {}, enum: {:?}\nfrom {}\n", a.type_name, a.k8s_version, a.required, a.enum_values, a.credit));
    }
    if !ex.concepts.is_empty() {
        let ids: Vec<&str> = ex.concepts.iter().map(|c| c.id.as_str()).collect();
        out.push_str(&format!("--- concepts: {}\n", ids.join(", ")));
    }
    out
}

fn check(text: &str, doc: usize, path: &str, expect: expect_test::ExpectFile) {
    let parse = yaml::parse(text);
    let ex = catalog::explain(&parse.documents[doc], &Path::parse(path));
    expect.assert_eq(&render(&ex));
}

macro_rules! snap {
    ($name:ident, $text:expr, $doc:expr, $path:expr) => {
        #[test]
        fn $name() {
            check($text, $doc, $path, expect_test::expect_file![concat!("snapshots/explain/", stringify!($name), ".txt")]);
        }
    };
}

snap!(statefulset_service_name, ordinal_core::examples::GUIDE, 1, "spec.serviceName");
snap!(statefulset_replicas, ordinal_core::examples::GUIDE, 1, "spec.replicas");
snap!(statefulset_image_tag, ordinal_core::examples::GUIDE, 1, "spec.template.spec.containers[0].image");
snap!(statefulset_access_modes, ordinal_core::examples::GUIDE, 1, "spec.volumeClaimTemplates[0].spec.accessModes");
snap!(statefulset_storage_1gi, ordinal_core::examples::GUIDE, 1, "spec.volumeClaimTemplates[0].spec.resources.requests.storage");
snap!(statefulset_label_key, ordinal_core::examples::GUIDE, 1, "spec.selector.matchLabels.app");
snap!(service_cluster_ip_none, ordinal_core::examples::GUIDE, 0, "spec.clusterIP");
snap!(service_target_port, ordinal_core::examples::GUIDE, 0, "spec.ports[0].targetPort");
snap!(cronjob_schedule, CRONJOB, 0, "spec.schedule");
snap!(cronjob_container_image, CRONJOB, 0, "spec.jobTemplate.spec.template.spec.containers[0].image");
snap!(volumesnapshot_pvc_name, SNAPSHOT, 0, "spec.source.persistentVolumeClaimName");
snap!(volumesnapshot_status_api, SNAPSHOT, 0, "status.readyToUse");
snap!(api_dns_policy, ODD, 0, "spec.template.spec.dnsPolicy");
snap!(api_cpu_millicores, ODD, 0, "spec.template.spec.containers[0].resources.requests.cpu");
snap!(image_latest, ODD, 0, "spec.template.spec.containers[0].image");
snap!(unknown_field, ODD, 0, "spec.replica");
snap!(unknown_kind, ODD, 1, "spec.size");
