//! The production checklist judged on the guide's manifests, on a production-shaped version of
//! them, and on manifests it cannot judge.

use ordinal_core::checklist::{evaluate, ChecklistItem, Status};
use ordinal_core::examples::GUIDE;
use ordinal_core::lessons::{edit, Edit};
use ordinal_core::rules::SourceFile;

fn items(text: &str) -> Vec<ChecklistItem> {
    evaluate(&[SourceFile::new("manifest.yaml", text)])
}

fn status<'a>(items: &'a [ChecklistItem], id: &str) -> &'a Status {
    &items.iter().find(|i| i.id == id).unwrap_or_else(|| panic!("no item {id}")).status
}

fn failed_rule(items: &[ChecklistItem], id: &str) -> Option<&'static str> {
    match status(items, id) {
        Status::Fail { rule, .. } => *rule,
        other => panic!("{id} should fail: {other:?}"),
    }
}

/// The guide's manifests with every production practice the YAML can show.
fn production() -> String {
    let mut text = GUIDE.to_owned();
    for e in [
        Edit::Fix { code: "SEC001".into() },
        Edit::Fix { code: "PDB001".into() },
        Edit::Add {
            kind: "StatefulSet".into(),
            path: "spec.template.spec.containers[0]".into(),
            block: "resources:\n  requests: {cpu: 500m, memory: 512Mi}\n  limits: {cpu: 2000m, memory: 2Gi}\nreadinessProbe:\n  exec: {command: [pg_isready, -U, postgres]}\n  periodSeconds: 5\nlivenessProbe:\n  exec: {command: [pg_isready, -U, postgres]}\n  initialDelaySeconds: 30\n  periodSeconds: 10\n".into(),
        },
        Edit::Add { kind: "StatefulSet".into(), path: "spec.volumeClaimTemplates[0].spec".into(), block: "storageClassName: fast-ssd\n".into() },
        Edit::Append { block: CORRECTED_BACKUP.into() },
    ] {
        text = edit::apply(&text, &e).unwrap();
    }
    // SEC001's fix appends the Secret to the file; in production it is created apart
    // (`kubectl create secret`), so the manifest keeps only the reference
    let documents: Vec<&str> = text.split("---\n").collect();
    assert_eq!(documents.iter().filter(|d| d.contains("kind: Secret")).count(), 1, "{text}");
    documents.into_iter().filter(|d| !d.contains("kind: Secret")).collect::<Vec<_>>().join("---\n")
}

#[test]
fn a_secret_written_in_the_same_file_is_still_a_password_in_git() {
    let fixed = edit::apply(GUIDE, &Edit::Fix { code: "SEC001".into() }).unwrap();
    assert!(fixed.contains("stringData:\n  password: demo-password") || fixed.contains("stringData:\n  password: \"demo-password\""), "{fixed}");
    let items = items(&fixed);
    let Status::Fail { reason, rule, lesson } = status(&items, "secrets") else { panic!("{:?}", status(&items, "secrets")) };
    assert_eq!(*rule, None);
    assert_eq!(*lesson, Some("best-practices"));
    assert!(reason.starts_with("Secret `postgres-secret` is written in the manifest with its values (`stringData.password`): a Secret in the same file is still a password in Git."), "{reason}");
    assert!(reason.contains("kubectl create secret generic postgres-secret"), "{reason}");
}

#[test]
fn the_guide_fails_five_items_and_passes_the_service_and_storage_size() {
    let items = items(GUIDE);
    assert_eq!(items.len(), 13);
    assert_eq!(failed_rule(&items, "resources"), Some("POD011"));
    assert_eq!(failed_rule(&items, "secrets"), Some("SEC001"));
    assert_eq!(failed_rule(&items, "probes"), Some("POD004"));
    assert_eq!(failed_rule(&items, "pdb"), Some("PDB001"));
    assert_eq!(failed_rule(&items, "storage-class"), Some("PVC006"));
    assert!(status(&items, "headless-service").passed());
    assert!(status(&items, "storage-size").passed());
    let Status::Fail { reason, rule: None, .. } = status(&items, "backups") else { panic!("{:?}", status(&items, "backups")) };
    assert!(reason.starts_with("No CronJob or Job runs pg_dump"), "{reason}");
    for id in ["monitoring", "tested-scaling", "tested-recovery", "tested-persistence", "dr-plan"] {
        assert_eq!(status(&items, id), &Status::Manual, "{id}");
    }
    // a failure says why, as a sentence, and where to learn the fix
    let Status::Fail { reason, lesson, .. } = status(&items, "secrets") else { unreachable!() };
    assert_eq!(reason, "Env var `POSTGRES_PASSWORD` holds a literal secret: anyone who can read the StatefulSet can read it.");
    assert_eq!(*lesson, Some("best-practices"));
    assert!(items.iter().all(|i| ordinal_core::lessons::lesson(i.lesson).is_some()), "every item names a lesson that exists");
}

#[test]
fn a_production_shaped_manifest_passes_every_judged_item() {
    let items = items(&production());
    for i in &items {
        assert!(i.status.passed() || i.status == Status::Manual, "{}: {:?}", i.id, i.status);
    }
    assert_eq!(items.iter().filter(|i| i.status == Status::Manual).count(), 5);
    assert!(matches!(status(&items, "backups"), Status::Pass { reason } if reason.starts_with("CronJob `postgres-backup` runs pg_dump")));
}

/// The guide's backup CronJob with its four defects corrected: in the database's namespace,
/// `restartPolicy: OnFailure`, a `backup` volume, `PGPASSWORD` from the Secret.
const CORRECTED_BACKUP: &str = "apiVersion: batch/v1
kind: CronJob
metadata:
  name: postgres-backup
  namespace: scenarios
spec:
  schedule: \"0 2 * * *\"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: backup
            image: postgres:13-alpine
            command: [\"/bin/sh\", \"-c\"]
            args:
            - pg_dump -h recovery-demo-db-0.recovery-demo-headless -U postgres > /backup/backup-$(date +%Y%m%d).sql
            resources:
              requests: {cpu: 100m, memory: 128Mi}
              limits: {cpu: 500m, memory: 256Mi}
            env:
            - name: PGPASSWORD
              valueFrom:
                secretKeyRef:
                  name: postgres-secret
                  key: password
            volumeMounts:
            - name: backup
              mountPath: /backup
          volumes:
          - name: backup
            persistentVolumeClaim:
              claimName: postgres-backups
";

/// The guide's CronJob as written fails the item, on each of its defects in turn.
#[test]
fn the_guides_backup_cronjob_fails_until_its_four_defects_are_fixed() {
    let as_written = CORRECTED_BACKUP
        .replace("  namespace: scenarios\n", "")
        .replace("          restartPolicy: OnFailure\n", "")
        .replace("            env:\n            - name: PGPASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: postgres-secret\n                  key: password\n", "")
        .replace("          volumes:\n          - name: backup\n            persistentVolumeClaim:\n              claimName: postgres-backups\n", "");
    let mut text = format!("{GUIDE}---\n{as_written}");
    let mut seen = Vec::new();
    // fix whatever the item reports, until it passes
    while let Status::Fail { rule: Some(rule), .. } = status(&items(&text), "backups").clone() {
        assert!(!seen.contains(&rule) && seen.len() < 4, "{rule} again after {seen:?}");
        seen.push(rule);
        let (block, anchor) = match rule {
            "API006" => ("          restartPolicy: OnFailure\n", "          containers:\n"),
            "PVC001" => ("          volumes:\n          - name: backup\n            emptyDir: {}\n", ""),
            "POD029" => ("  namespace: scenarios\n", "spec:\n  schedule"),
            "POD028" => ("            env:\n            - name: PGPASSWORD\n              value: x\n", "            volumeMounts:\n"),
            other => panic!("unexpected {other}"),
        };
        text = if anchor.is_empty() {
            format!("{text}{block}")
        } else {
            let at = text.rfind(anchor).unwrap();
            format!("{}{block}{}", &text[..at], &text[at..])
        };
    }
    seen.sort();
    assert_eq!(seen, ["API006", "POD028", "POD029", "PVC001"]);
    assert!(status(&items(&text), "backups").passed(), "{:?}", status(&items(&text), "backups"));
}

#[test]
fn the_service_must_be_headless_exist_and_come_first() {
    let no_headless = GUIDE.replace("  clusterIP: None\n", "");
    assert_eq!(failed_rule(&items(&no_headless), "headless-service"), Some("STS006"));
    let renamed = GUIDE.replace("serviceName: recovery-demo-headless", "serviceName: nothing-here");
    assert_eq!(failed_rule(&items(&renamed), "headless-service"), Some("STS004"));
    let (service, set) = GUIDE.split_once("---\n").unwrap();
    let swapped = format!("{set}---\n{service}");
    let items = items(&swapped);
    let Status::Fail { reason, rule: None, lesson: Some("headless-service") } = status(&items, "headless-service") else { panic!("{:?}", status(&items, "headless-service")) };
    assert!(reason.contains("comes after StatefulSet `recovery-demo-db`"), "{reason}");
}

#[test]
fn manifests_it_cannot_judge_say_so() {
    let broken = items("apiVersion: apps/v1\nkind: [\n");
    let Status::Fail { reason, rule: Some("YAML001"), .. } = status(&broken, "resources") else { panic!() };
    assert!(reason.starts_with("cannot be judged: manifest.yaml does not parse (line 3, column 1"), "{reason}");
    let only_service = items(ordinal_core::examples::GUIDE_SERVICE);
    let Status::Fail { reason, .. } = status(&only_service, "probes") else { panic!() };
    assert_eq!(reason, "there is no StatefulSet in the manifest");
    assert_eq!(status(&only_service, "monitoring"), &Status::Manual);
}

#[test]
fn the_checklist_is_the_guides_and_the_concept_pages() {
    // the same thirteen items, in the same order, as the production-checklist concept page
    let page = ordinal_core::catalog::concept("production-checklist").unwrap().text;
    let listed: Vec<&str> = page.lines().filter_map(|l| l.strip_prefix("- [ ] ")).collect();
    let texts: Vec<&str> = items(GUIDE).iter().map(|i| i.text).collect();
    assert_eq!(texts, listed);
}

#[test]
fn a_backup_taken_in_the_cluster_passes_the_backups_item() {
    use ordinal_core::checklist::{evaluate_practised, Practice};
    use ordinal_core::rules::{self, SourceFile};
    use ordinal_core::sim::script::{parse, Runner};
    use ordinal_core::sim::SimConfig;
    let guide = ordinal_core::examples::GUIDE.to_owned();
    let files = [SourceFile::new("guide.yaml", &guide)];
    let diagnostics = rules::check(&files);
    let mut runner = Runner::new(SimConfig::auto(), 7);
    let mut load = |_: &str| Ok(guide.clone());
    let mut run = |runner: &mut Runner, script: &str| {
        for c in parse(script).expect("parses") {
            runner.run(&c, &mut load);
        }
    };
    run(&mut runner, "kubectl create namespace scenarios\nkubectl apply -f guide.yaml\nadvance 2m\n");
    // nothing done yet: the guide's manifest has no backup, so the item fails
    let practice = Practice::of(runner.sim());
    assert_eq!(practice, Practice::default());
    assert!(!status(&evaluate_practised(&files, &diagnostics, &practice), "backups").passed());
    // the guide's option 2, then its way back
    run(&mut runner, "kubectl exec recovery-demo-db-0 -n scenarios -- pg_dump -U postgres > backup.sql\n");
    let practice = Practice::of(runner.sim());
    assert_eq!(practice.backups.len(), 1, "{practice:?}");
    let Status::Pass { reason } = status(&evaluate_practised(&files, &diagnostics, &practice), "backups").clone() else { panic!() };
    assert!(reason.starts_with("In the cluster, `backup.sql` (") && reason.contains("the manifest schedules none yet"), "{reason}");
    run(&mut runner, "kubectl exec -i recovery-demo-db-0 -n scenarios -- psql -U postgres < backup.sql\n");
    let practice = Practice::of(runner.sim());
    assert!(practice.restores[0].contains("was read back into `recovery-demo-db-0` with psql"), "{practice:?}");
    let Status::Pass { reason } = status(&evaluate_practised(&files, &diagnostics, &practice), "backups").clone() else { panic!() };
    assert!(reason.contains(", and `backup.sql`"), "{reason}");
}

#[test]
fn the_stress_test_judges_the_three_tested_items() {
    use ordinal_core::checklist::{evaluate_practised, Practice};
    use ordinal_core::rules::{self, SourceFile};
    let judge = |text: &str| {
        let files = [SourceFile::new("guide.yaml", text)];
        let diagnostics = rules::check(&files);
        let practice = Practice { drill: Some(ordinal_core::drill::run(&files, 1)), ..Practice::default() };
        evaluate_practised(&files, &diagnostics, &practice)
    };
    // without the test they are the learner's to tick
    let untested = evaluate(&[rules::SourceFile::new("guide.yaml", ordinal_core::examples::GUIDE)]);
    assert_eq!(*status(&untested, "tested-recovery"), Status::Manual);
    let items = judge(ordinal_core::examples::GUIDE);
    for id in ["tested-scaling", "tested-recovery", "tested-persistence"] {
        assert!(status(&items, id).passed(), "{id}: {:?}", status(&items, id));
    }
    let Status::Pass { reason } = status(&items, "tested-recovery") else { unreachable!() };
    assert!(reason.starts_with("The stress test deleted each pod (3): each came back"), "{reason}");
    // PGDATA off the volume: persistence fails, pointing at the rule
    let off = ordinal_core::examples::GUIDE.replacen("        - name: PGDATA\n          value: \"/data/pgdata\"\n", "", 1);
    let items = judge(&off);
    let Status::Fail { reason, rule, .. } = status(&items, "tested-persistence").clone() else { panic!("{:?}", status(&items, "tested-persistence")) };
    assert_eq!(rule, Some("PVC013"));
    assert!(reason.contains("lost rows"), "{reason}");
}

/// The careful manifest (every judged practice, with its Secret, StorageClass and backup claim
/// beside it) through the stress test: every drill recovers without losing a row; the bad
/// rollout still meets the forced-rollback trap, which the test reports and fixes; the backup
/// drill brings pod 0's rows back, and shows that the other replicas were never backed up.
#[test]
fn the_careful_manifest_survives_the_stress_test() {
    use ordinal_core::rules::SourceFile;
    let extra = "---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast-ssd\nprovisioner: ebs.csi.aws.com\nallowVolumeExpansion: true\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: postgres-secret\n  namespace: scenarios\nstringData:\n  password: demo-password\n---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: postgres-backups\n  namespace: scenarios\nspec:\n  accessModes: [\"ReadWriteOnce\"]\n  resources:\n    requests:\n      storage: 1Gi\n";
    let text = format!("{}{extra}", production());
    let report = ordinal_core::drill::run(&[SourceFile::new("careful.yaml", &text)], 1);
    assert_eq!(report.error, None, "{}", report.to_text());
    assert_eq!(report.drills.len(), 13, "the backup CronJob adds its drill");
    for d in &report.drills {
        // the nightly dump is of pod 0's database only: the other replicas' rows do not come back
        let backup = d.name.starts_with("back up with cronjob/");
        let expected = if d.name.starts_with("roll to an image") { "blocked" } else if d.name.starts_with("delete the StatefulSet") { "degraded" } else if backup { "data-lost" } else { "ok" };
        assert_eq!(d.outcome, expected, "{}", report.to_text());
        let kept = |p: &str| d.rows[p][1] >= d.rows[p][0];
        assert!(kept("recovery-demo-db-0"), "{}: {:?}", d.name, d.rows);
        assert!(backup || d.rows.values().all(|[b, a]| a >= b), "{}: {:?}", d.name, d.rows);
    }
}

/// The guide with lesson 7's backup CronJob: the stress test runs it once, loses the set and its
/// claims, and reads the dump back: pod 0's rows come back, the other replicas' do not (the
/// CronJob dumps pod 0's database only).
#[test]
fn the_backup_cronjob_is_taken_and_read_back_by_the_stress_test() {
    use ordinal_core::rules::SourceFile;
    let secret = "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: postgres-secret\n  namespace: scenarios\nstringData:\n  password: demo-password\n---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: postgres-backups\n  namespace: scenarios\nspec:\n  accessModes: [\"ReadWriteOnce\"]\n  resources:\n    requests:\n      storage: 1Gi\n";
    let text = format!("{GUIDE}---\n{CORRECTED_BACKUP}{secret}");
    let report = ordinal_core::drill::run(&[SourceFile::new("guide.yaml", &text)], 1);
    assert_eq!(report.error, None, "{}", report.to_text());
    let d = report.drills.iter().find(|d| d.name.starts_with("back up with cronjob/postgres-backup")).unwrap_or_else(|| panic!("{}", report.to_text()));
    let [before, after] = d.rows["recovery-demo-db-0"];
    assert!(before.unwrap() > 0 && after.unwrap() >= before.unwrap(), "pod 0 restored: {:?}", d.rows);
    let [before1, after1] = d.rows["recovery-demo-db-1"];
    assert!(after1.unwrap_or(0) < before1.unwrap(), "pod 1 not in the dump: {:?}", d.rows);
    assert_eq!(d.outcome, "data-lost");
    assert!(d.causes.iter().any(|c| c.message.contains("the dump brought back recovery-demo-db-0")), "{:?}", d.causes);
}

/// The "tested …" items pass on what the learner did in the simulated cluster, with the
/// evidence; what was not done stays for the learner (or the stress test) to judge.
#[test]
fn tested_items_pass_on_what_was_done_in_the_cluster() {
    use ordinal_core::checklist::{evaluate_practised, Practice, Status};
    use ordinal_core::lessons::Lab;
    let files = [SourceFile::new("guide.yaml", ordinal_core::examples::GUIDE)];
    let diagnostics = ordinal_core::rules::check(&files);
    let status = |lab: &Lab, id: &str| evaluate_practised(&files, &diagnostics, &Practice::of(lab.sim())).into_iter().find(|i| i.id == id).unwrap().status;
    let mut lab = Lab::new(3);
    lab.apply(ordinal_core::examples::GUIDE);
    lab.settle();
    for id in ["tested-scaling", "tested-recovery", "tested-persistence", "monitoring", "dr-plan"] {
        assert_eq!(status(&lab, id), Status::Manual, "{id}: nothing tested yet");
    }
    // scaling up alone, or down while the set is not back, is no test of both directions
    lab.run("kubectl scale statefulset recovery-demo-db --replicas=4");
    lab.settle();
    assert_eq!(status(&lab, "tested-scaling"), Status::Manual);
    lab.run("kubectl scale statefulset recovery-demo-db --replicas=2");
    lab.settle();
    assert_eq!(status(&lab, "tested-scaling"), Status::Manual, "down, not up again");
    lab.run("kubectl scale statefulset recovery-demo-db --replicas=3");
    lab.settle();
    assert_eq!(
        status(&lab, "tested-scaling"),
        Status::Pass { reason: "In the cluster you scaled `recovery-demo-db` down from 4 to 2 and up again, and it is complete: 3 pods Ready.".into() }
    );
    // a pod deleted, and only that: recovery and persistence, not scaling
    let mut lab = Lab::new(3);
    lab.apply(ordinal_core::examples::GUIDE);
    lab.settle();
    lab.delete_pod("recovery-demo-db-0");
    lab.settle();
    assert_eq!(status(&lab, "tested-recovery"), Status::Pass { reason: "In the cluster `recovery-demo-db-0` was deleted and came back under its name with its claim `data-recovery-demo-db-0`, and is Ready.".into() });
    match status(&lab, "tested-persistence") {
        Status::Pass { reason } => assert!(reason.starts_with("In the cluster the new `recovery-demo-db-0` found the database its claim `data-recovery-demo-db-0` kept ("), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(status(&lab, "tested-scaling"), Status::Manual);
    // the names back on new, empty claims: recovered, but no data kept through the restart
    let mut lost = Lab::new(3);
    lost.apply(ordinal_core::examples::GUIDE);
    lost.settle();
    lost.advance(60_000);
    lost.run("kubectl delete sts recovery-demo-db");
    lost.run("kubectl delete pvc -l app=recovery-demo");
    lost.settle();
    lost.apply(ordinal_core::examples::GUIDE);
    lost.settle();
    assert_eq!((status(&lost, "tested-recovery"), status(&lost, "tested-persistence")), (Status::Manual, Status::Manual), "a new database on a new claim of the same name proves nothing");
    // monitoring and the written plan are never judged
    assert_eq!((status(&lab, "monitoring"), status(&lab, "dr-plan")), (Status::Manual, Status::Manual));
}
