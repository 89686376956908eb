//! The guide's two manifests give exactly the findings the guide itself warns about, and
//! nothing else.

use ordinal_core::examples::{GUIDE_SERVICE, GUIDE_STATEFULSET};
use ordinal_core::rules::{self, apply_edits, SourceFile};
use ordinal_core::yaml::LineIndex;

fn guide_files() -> Vec<SourceFile> {
    vec![SourceFile::new("statefulset.yaml", GUIDE_STATEFULSET), SourceFile::new("service.yaml", GUIDE_SERVICE)]
}

/// `file:line:col CODE severity path`, one line per finding.
fn render(files: &[SourceFile], found: &[rules::Diagnostic]) -> String {
    found
        .iter()
        .map(|d| {
            let lc = LineIndex::new(&files[d.file].text).line_col(d.range.start as usize);
            format!("{}:{}:{} {} {} {} {}\n", files[d.file].name, lc.line, lc.column, d.code, d.severity, d.path, d.message)
        })
        .collect()
}

#[test]
fn the_guide_gets_exactly_the_warnings_it_gives_itself() {
    let files = guide_files();
    let found = rules::check(&files);
    expect_test::expect![[r#"
        statefulset.yaml:4:9 PDB001 warning metadata.name no PodDisruptionBudget in the files given covers the pods of StatefulSet `recovery-demo-db`
        statefulset.yaml:18:15 POD004 warning spec.template.spec.containers[0].readinessProbe container `postgres` has no `readinessProbe`: it counts as Ready as soon as it starts, and the next ordinal starts too
        statefulset.yaml:18:15 POD005 warning spec.template.spec.containers[0].livenessProbe container `postgres` has no `livenessProbe`: a hung process is never restarted
        statefulset.yaml:18:15 POD011 warning spec.template.spec.containers[0].resources.requests container `postgres` has no resource requests
        statefulset.yaml:18:15 POD012 warning spec.template.spec.containers[0].resources.limits container `postgres` has no resource limits
        statefulset.yaml:24:18 SEC001 warning spec.template.spec.containers[0].env[0].value env var `POSTGRES_PASSWORD` holds a literal secret: anyone who can read the StatefulSet can read it
        statefulset.yaml:32:13 PVC006 info spec.volumeClaimTemplates[0].spec.storageClassName the volumeClaimTemplate `data` sets no `storageClassName`: it gets the cluster's default StorageClass
    "#]]
    .assert_eq(&render(&files, &found));
}

#[test]
fn the_combined_guide_buffer_gets_the_same_findings() {
    let one = rules::check(&[SourceFile::new("guide.yaml", ordinal_core::examples::GUIDE)]);
    let two = rules::check(&guide_files());
    let codes = |v: &[rules::Diagnostic]| v.iter().map(|d| (d.code, d.path.clone())).collect::<Vec<_>>();
    assert_eq!(codes(&one), codes(&two));
}

#[test]
fn the_guides_fixes_apply_one_after_another() {
    let mut text = ordinal_core::examples::GUIDE.to_owned();
    for code in ["SEC001", "PDB001"] {
        let found = rules::check(&[SourceFile::new("guide.yaml", text.clone())]);
        let d = found.iter().find(|d| d.code == code).unwrap_or_else(|| panic!("{code} is reported"));
        text = apply_edits(&text, 0, &d.fix.as_ref().expect("it has a fix").edits);
    }
    let after = rules::check(&[SourceFile::new("guide.yaml", text.clone())]);
    let codes: Vec<&str> = after.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["POD004", "POD005", "POD011", "POD012", "PVC006"], "{text}");
    expect_test::expect![[r#"
        apiVersion: v1
        kind: Service
        metadata:
          name: recovery-demo-headless
          namespace: scenarios
        spec:
          clusterIP: None
          selector:
            app: recovery-demo
          ports:
          - protocol: TCP
            port: 5432
            targetPort: 5432
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: recovery-demo-db
          namespace: scenarios
        spec:
          serviceName: recovery-demo-headless
          replicas: 3
          selector:
            matchLabels:
              app: recovery-demo
          template:
            metadata:
              labels:
                app: recovery-demo
            spec:
              containers:
              - name: postgres
                image: postgres:13-alpine
                ports:
                - containerPort: 5432
                env:
                - name: POSTGRES_PASSWORD
                  valueFrom:
                    secretKeyRef:
                      name: postgres-secret
                      key: password
                - name: PGDATA
                  value: "/data/pgdata"
                volumeMounts:
                - name: data
                  mountPath: /data
          volumeClaimTemplates:
          - metadata:
              name: data
            spec:
              accessModes: ["ReadWriteOnce"]
              resources:
                requests:
                  storage: 1Gi
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: postgres-secret
          namespace: scenarios
        type: Opaque
        stringData:
          password: demo-password
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: recovery-demo-db-pdb
          namespace: scenarios
        spec:
          maxUnavailable: 1
          selector:
            matchLabels:
              app: recovery-demo
    "#]]
    .assert_eq(&text);
}

/// The guide's manifest with all ten of its best practices applied (and the guide's own
/// liveness and readiness probes): no tier-1 or tier-2 finding, even with every rule on. What
/// it still gets are practices beyond the guide (hardening, hygiene, a startup probe).
#[test]
fn the_careful_manifest_raises_nothing_that_breaks() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/careful/statefulset-careful.yaml")).unwrap();
    let files = [SourceFile::new("statefulset-careful.yaml", text)];
    let found = rules::check_with(&files, &rules::Config::all());
    let breaking: Vec<_> = found.iter().filter(|d| d.tier <= rules::Tier::T2).collect();
    assert!(breaking.is_empty(), "T1/T2 findings on the careful manifest:\n{}", render(&files, &found));
    // the liveness probe without a startup probe is a reliability practice (T3), not a break
    assert!(found.iter().any(|d| d.code == "POD006" && d.tier == rules::Tier::T3), "{}", render(&files, &found));
}
