//! Every lesson, played through the core with its own solutions ([`lessons::rehearse`]): each
//! step's check is false before its solution and true after it, on the lesson's start text and
//! lab; and a step whose solution sets the controllers moving (an animation) asks for a
//! prediction first.

use ordinal_core::lessons::{self, Lab, Lesson};

const SEED: u64 = 11;

/// Plays a lesson from its start; returns the text and lab at the end.
fn play_lesson(lesson: &Lesson, start_text: &str) -> (String, Option<Lab>) {
    let r = lessons::rehearse(lesson, start_text, SEED);
    let problems: Vec<String> = r.problems.iter().map(|p| format!("{}:{p}", lesson.file)).collect();
    assert!(problems.is_empty(), "{}\n{}", problems.join("\n"), r.text);
    for (i, step) in lesson.steps.iter().enumerate() {
        if step.check.is_some() {
            assert!(!step.solution.is_empty(), "{} step {}: a checked step needs a solution", lesson.id, i + 1);
        }
    }
    (r.text, r.lab)
}

#[test]
fn lesson_3_ordered_creation_end_to_end() {
    let lesson = lessons::lesson("ordered-creation").expect("lesson 3");
    let (_, lab) = play_lesson(lesson, "");
    let lab = lab.expect("a lab");
    // and the check is specific: the pods came up in order, each after the one before was Ready
    let ready: Vec<&str> = lab.sim().snapshot().pods.values().filter(|p| p.running_and_ready()).map(|p| p.meta.name.as_str()).collect();
    assert_eq!(ready, ["recovery-demo-db-0", "recovery-demo-db-1", "recovery-demo-db-2"]);
}

#[test]
fn every_lesson_can_be_completed() {
    let mut text = ordinal_core::examples::GUIDE.to_owned();
    for lesson in lessons::lessons() {
        text = play_lesson(lesson, &text).0;
    }
}

#[test]
fn a_lesson_whose_check_cannot_fail_or_whose_solution_does_not_work_is_caught() {
    let base = "# Lesson 30 probe: Probe\nsummary: A test of the rehearsal.\ncovers: Key Takeaways\nstart: guide\nlab: applied\n\n## Step: Scale\naction: type | Scale to 2.\ncheck: CHECK\ndo: DO\n\nNarration.\n";
    let rehearse = |check: &str, do_: &str| {
        let text = base.replace("CHECK", check).replace("DO", do_);
        let l = lessons::load("probe.md", &text).unwrap_or_else(|p| panic!("{p:?}"));
        lessons::rehearse(&l, "", SEED).problems.iter().map(ToString::to_string).collect::<Vec<_>>()
    };
    assert_eq!(rehearse("ran get pods", "run kubectl get pods"), Vec::<String>::new());
    assert_eq!(rehearse("pod recovery-demo-db-0 ready", "run kubectl get pods"), ["7:1: step `Scale`: the check already holds before the learner acts"]);
    assert_eq!(rehearse("ran describe pods", "run kubectl get pods"), ["7:1: step `Scale`: the check does not hold after its `do:` lines"]);
    assert_eq!(
        rehearse("ran scale", "run kubectl scale statefulset nosuch --replicas=2"),
        ["7:1: step `Scale`: `do:` Run(\"kubectl scale statefulset nosuch --replicas=2\") failed: Error from server (NotFound): statefulsets.apps \"nosuch\" not found"]
    );
    assert_eq!(rehearse("replicas recovery-demo-db 4", "run kubectl scale statefulset recovery-demo-db --replicas=4"), ["7:1: step `Scale`: its solution sets the cluster moving, so it needs a prediction first (`predict:`)"]);
}

#[test]
fn lesson_11_node_failure_end_to_end() {
    let (_, lab) = play_lesson(lessons::lesson("node-failure").expect("lesson 11"), "");
    let lab = lab.expect("a lab");
    // every replica Ready again, the two failed nodes back and clean
    assert_eq!(lab.sim().snapshot().pods.values().filter(|p| p.running_and_ready()).count(), 3);
}

#[test]
fn lesson_12_maintenance_end_to_end() {
    let (text, lab) = play_lesson(lessons::lesson("maintenance").expect("lesson 12"), "");
    assert!(text.contains("maxUnavailable: 1") && !text.contains("minAvailable"), "{text}");
    assert_eq!(lab.expect("a lab").sim().drains().len(), 4, "four drains: no budget, the guide's, the one that blocks, and again");
}

#[test]
fn lesson_13_practices_broken_and_fixed_end_to_end() {
    let (text, lab) = play_lesson(lessons::lesson("practices-broken-and-fixed").expect("lesson 13"), "");
    assert!(text.contains("startupProbe") && text.contains("kind: Secret"), "{text}");
    assert_eq!(lab.expect("a lab").sim().snapshot().pods.values().filter(|p| p.running_and_ready()).count(), 3);
}

#[test]
fn lesson_14_backup_and_restore_end_to_end() {
    let (_, lab) = play_lesson(lessons::lesson("backup-and-restore").expect("lesson 14"), "");
    let lab = lab.expect("a lab");
    let out = lab.sim().snapshot().claims.values().filter(|c| c.meta.name.starts_with("data-recovery-demo-db-")).count();
    assert_eq!(out, 3, "the three claims, restored");
}
