//! `cargo run -p xtask -- recall`: how many of the mistakes that the linter fixtures of
//! `../shared/corpus/real` are known to contain does `ordinal lint` find?
//!
//! The expectations come from `SOURCES.tsv` (its note says which check each fixture exercises,
//! or that it must pass); this file maps each to our rule codes. Every rule runs, opt-in ones
//! included; the table says which codes are on by default.

use anyhow::{Context, Result};
use ordinal_core::rules::{self, Config, SourceFile};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One expectation: in `file`, check `check` (checks.md label and the tool's own name) should
/// (or, for `must_fire: false`, should not) produce a finding of one of `codes`.
struct Expectation {
    file: &'static str,
    check: &'static str,
    codes: &'static [&'static str],
    must_fire: bool,
}

const fn hit(file: &'static str, check: &'static str, codes: &'static [&'static str]) -> Expectation {
    Expectation { file, check, codes, must_fire: true }
}

const fn pass(file: &'static str, check: &'static str, codes: &'static [&'static str]) -> Expectation {
    Expectation { file, check, codes, must_fire: false }
}

/// Linter fixtures, as SOURCES.tsv describes them.
const LINTER_FIXTURES: &[Expectation] = &[
    hit("Checkmarx__kics__service_with_external_load_balancer-positive.yaml", "SS-15 KICS Service With External Load Balancer", &["SVC003"]),
    hit("Checkmarx__kics__service_with_external_load_balancer-positive.yaml", "SS-06 names with spaces (invalid DNS-1035)", &["API001"]),
    pass("Checkmarx__kics__statefulset_requests_storage-positive.yaml", "KICS flags a storage request; we require one (SS-20)", &["PVC004"]),
    pass("Checkmarx__kics__statefulset_without_pod_disruption_budget-negative.yaml", "SS-52 KICS no-PDB must not fire", &["PDB001"]),
    hit("Checkmarx__kics__statefulset_without_pod_disruption_budget-negative.yaml", "SS-08 selector does not match template labels", &["STS001"]),
    hit("Checkmarx__kics__statefulset_without_pod_disruption_budget-negative.yaml", "SS-52 PDB selector matches nothing", &["PDB002"]),
    hit("Checkmarx__kics__statefulset_without_service_name-positive.yaml", "SS-11 KICS StatefulSet Without Service Name (not headless)", &["STS006"]),
    hit("datreeio__datree__production-best-practices-fail.yaml", "SS-04 apps/v1beta1 StatefulSet", &["SCH003"]),
    hit("datreeio__datree__production-best-practices-fail.yaml", "SS-46/49 missing resources", &["POD011", "POD012"]),
    hit("datreeio__datree__production-best-practices-fail.yaml", "SS-39 missing liveness probe", &["POD005"]),
    hit("datreeio__datree__production-best-practices-fail.yaml", "SS-41 readinessProbe port not exposed", &["POD007"]),
    hit("FairwindsOps__polaris__failing_test.statefulset.yaml", "SS-65 Polaris privilegeEscalationAllowed", &["SEC004"]),
    pass("FairwindsOps__polaris__passing_test.statefulset.yaml", "SS-65 Polaris privilegeEscalationAllowed must pass", &["SEC004"]),
    hit("FairwindsOps__polaris__oneController-failure.yaml", "SS-77 Polaris metadataAndNameMismatched (now …Instance…): recommended labels incomplete", &["META002"]),
    hit("FairwindsOps__polaris__oneController-failure.yaml", "SS-04 StatefulSet under apiVersion v1", &["SCH003"]),
    hit("bridgecrewio__checkov__AllowedCapabilities-cassandra-FAILED.yaml", "SS-67 CKV_K8S_25 added capability", &["SEC009"]),
    hit("bridgecrewio__checkov__DefaultNamespace-nginx-statefulset-FAILED.yaml", "SS-07 CKV_K8S_21 default namespace", &["META001"]),
    pass("bridgecrewio__checkov__ImageTagFixed-kafka-PASSED.yaml", "SS-34 CKV_K8S_14 image tag fixed must pass", &["POD001"]),
    pass("bridgecrewio__checkov__ShareHost-memcachedStatefulSet-PASSED.yaml", "SS-70 host namespaces must pass", &["SEC006"]),
    hit("stackrox__kube-linter__dangling-service.yaml", "SS-12 kube-linter dangling-service", &["SVC001", "STS007"]),
    hit("stackrox__kube-linter__duplicate-env-var.yaml", "SS-30 kube-linter duplicate-env-var", &["POD015"]),
    hit("stackrox__kube-linter__exposed-services.yaml", "SS-15 kube-linter exposed-services", &["SVC003"]),
    hit("stackrox__kube-linter__invalid-target-ports.yaml", "SS-14 kube-linter invalid-target-ports", &["API007"]),
    hit("stackrox__kube-linter__liveness-port.yaml", "SS-41 kube-linter liveness-port", &["POD007"]),
    hit("yannh__kubeconform__list_invalid.yaml", "SS-02 kubeconform: replicas is not an integer", &["SCH001"]),
    hit("yannh__kubeconform__list_invalid.yaml", "SS-03 kubeconform -strict: misspelled `templates`", &["SCH002"]),
    hit("yannh__kubeconform__multi_invalid.yaml", "SS-02 kubeconform: port is a string", &["SCH001"]),
    pass("yannh__kubeconform__multi_valid.yaml", "SS-02/03 kubeconform: valid", &["YAML001", "SCH001", "SCH002"]),
    hit("zegl__kube-score__parser-invalid-yaml.yaml", "SS-02 kube-score: ${PORT} where an integer is expected", &["SCH001"]),
    hit("zegl__kube-score__statefulset-appsv1beta1.yaml", "SS-04 kube-score stable-version", &["SCH003"]),
    hit("zegl__kube-score__statefulset-different-labels.yaml", "SS-08 kube-score selector/labels", &["STS001"]),
    hit("zegl__kube-score__statefulset-host-antiaffinity-not-set.yaml", "SS-54 kube-score statefulset-has-host-podantiaffinity (10 replicas, none)", &["POD020"]),
    pass("zegl__kube-score__statefulset-poddisruptionbudget-v1beta1-expression-matches.yaml", "SS-52 PDB matches by expression", &["PDB001", "PDB002"]),
    hit("zegl__kube-score__statefulset-poddisruptionbudget-v1beta1-no-match.yaml", "SS-52 kube-score PDB does not match", &["PDB002", "PDB001"]),
    hit("zegl__kube-score__statefulset-service-name-different-label.yaml", "SS-12 kube-score service selector", &["STS007"]),
    hit("zegl__kube-score__statefulset-service-name-different-name.yaml", "SS-10 kube-score serviceName", &["STS004"]),
    hit("zegl__kube-score__statefulset-service-name-different-namespace.yaml", "SS-10 kube-score namespace", &["STS005"]),
    hit("zegl__kube-score__statefulset-service-name-not-headless.yaml", "SS-11 kube-score not headless", &["STS006"]),
    pass("zegl__kube-score__statefulset-service-name.yaml", "SS-09..12 kube-score serviceName OK", &["STS003", "STS004", "STS005", "STS006", "STS007"]),
];

/// Real-world mistakes that SOURCES.tsv documents in files that are not linter fixtures.
const KNOWN_MISTAKES: &[Expectation] = &[
    hit("kubernetes__kubernetes__etcd-statefulset.yaml", "SS-08 apps/v1 without spec.selector", &["STS002"]),
    hit("kubernetes__kubernetes__cassandra-statefulset.yaml", "SS-08 apps/v1 without spec.selector", &["STS002"]),
    hit("kubernetes__kubernetes__mysql-galera-statefulset.yaml", "SS-08 apps/v1 without spec.selector", &["STS002"]),
    hit("kubernetes__kubernetes__nginx-statefulset.yaml", "SS-04 apps/v1beta2", &["SCH003"]),
    hit("kubernetes__kubernetes__redis-statefulset.yaml", "SS-04 apps/v1beta1", &["SCH003"]),
    hit("kubernetes__examples__minio-distributed-statefulset.yaml", "SS-27 hardcoded MINIO_SECRET_KEY", &["SEC001"]),
    hit("kubernetes__examples__minio-distributed-statefulset.yaml", "SS-34 image :latest", &["POD001"]),
    hit("kubernetes__examples__minio-distributed-statefulset.yaml", "SS-71 hostPort", &["SEC006"]),
    hit("kubernetes__examples__mysql-galera-pxc-node1.yaml", "SS-27 plaintext passwords in env", &["SEC001"]),
    hit("kubernetes__examples__redis-statefulset-pr134.yaml", "SS-04 apps/v1beta1", &["SCH003"]),
    hit("kubernetes__examples__cockroachdb-statefulset.yaml", "SS-04 policy/v1beta1 PodDisruptionBudget", &["SCH003"]),
    hit("kubernetes__website__zookeeper.yaml", "anti-affinity selector matches no pod", &["POD022"]),
];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus")
}

/// Runs the task.
pub fn run(_args: &[String]) -> Result<()> {
    let root = corpus();
    let sources = std::fs::read_to_string(root.join("SOURCES.tsv")).context("reading SOURCES.tsv")?;
    let mut total_time = std::time::Duration::ZERO;
    for (title, set) in [("Linter fixtures (expected by SOURCES.tsv)", LINTER_FIXTURES), ("Real-world mistakes documented in SOURCES.tsv", KNOWN_MISTAKES)] {
        println!("\n## {title}\n");
        println!("| file | expected | rules | default | result |");
        println!("|---|---|---|---|---|");
        let (mut hits, mut positives, mut false_positives, mut negatives) = (0, 0, 0, 0);
        for e in set {
            anyhow::ensure!(sources.lines().any(|l| l.starts_with(e.file)), "{} is not listed in SOURCES.tsv", e.file);
            let text = std::fs::read_to_string(root.join("real").join(e.file)).with_context(|| format!("reading {}", e.file))?;
            let start = Instant::now();
            let found = rules::check_with(&[SourceFile::new(e.file, text)], &Config::all());
            total_time += start.elapsed();
            let fired: Vec<&str> = e.codes.iter().copied().filter(|c| found.iter().any(|d| d.code == *c)).collect();
            let default = e.codes.iter().map(|c| match rules::lookup(c) {
                Some(r) if r.default_enabled => format!("{c} on"),
                Some(_) => format!("{c} opt-in"),
                None => format!("{c} not implemented"),
            });
            let result = match (e.must_fire, fired.is_empty()) {
                (true, false) => {
                    hits += 1;
                    positives += 1;
                    format!("found ({})", fired.join(", "))
                }
                (true, true) => {
                    positives += 1;
                    "**missed**".to_owned()
                }
                (false, true) => {
                    negatives += 1;
                    "correctly silent".to_owned()
                }
                (false, false) => {
                    negatives += 1;
                    false_positives += 1;
                    format!("**false positive** ({})", fired.join(", "))
                }
            };
            println!("| {} | {} | {} | {} | {result} |", e.file, e.check, e.codes.join(" / "), default.collect::<Vec<_>>().join(", "));
        }
        println!(
            "\nrecall: {hits}/{positives} ({:.0}%); expected-silent cases: {}/{negatives} silent",
            100.0 * hits as f64 / positives.max(1) as f64,
            negatives - false_positives
        );
    }
    println!("\nlint time (debug or release as built), all rules: {:.1} ms in total", total_time.as_secs_f64() * 1000.0);
    Ok(())
}
