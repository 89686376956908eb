//! Every lesson, played through the core with its own solutions: each step's check is false
//! before its solution and true after it, on the lesson's start text and lab; and a step
//! whose solution sets the controllers moving (an animation) asks for a prediction first.

use ordinal_core::lessons::{self, evaluate, play, LessonContext, Lesson, Start};
use ordinal_core::rules::{self, SourceFile};
use ordinal_core::sim::SimEvent;

const SEED: u64 = 11;

fn holds(lesson: &Lesson, i: usize, text: &str, lab: &Option<lessons::Lab>) -> bool {
    let check = lesson.steps[i].check.as_ref().expect("a check");
    let diagnostics = rules::check(&[SourceFile::new("manifest.yaml", text)]);
    let ctx = LessonContext::new(text, &diagnostics);
    let ctx = match lab {
        Some(l) => ctx.with_sim(l.sim(), l.events(), l.commands()).with_compared(l.compared()),
        None => ctx,
    };
    evaluate(check, &ctx)
}

/// Plays a lesson from its start; returns the text and lab at the end.
fn play_lesson(lesson: &Lesson, start_text: &str) -> (String, Option<lessons::Lab>) {
    let mut text = match lesson.start {
        Start::Guide => ordinal_core::examples::GUIDE.to_owned(),
        Start::Keep => start_text.to_owned(),
    };
    let mut lab = lesson.start_lab(&text, SEED);
    for (i, step) in lesson.steps.iter().enumerate() {
        if step.check.is_some() {
            assert!(!holds(lesson, i, &text, &lab), "{} step {} `{}`: the check already holds before the learner acts", lesson.id, i + 1, step.title);
        }
        let writes = |lab: &Option<lessons::Lab>| lab.as_ref().map_or(0, |l| l.events().iter().filter(|e| matches!(e, SimEvent::Write { actor, .. } if actor.is_controller())).count());
        let before = writes(&lab);
        for s in &step.solution {
            play(s, &mut text, &mut lab, SEED).unwrap_or_else(|e| panic!("{} step {} `{}`: {s:?} failed: {e}", lesson.id, i + 1, step.title));
        }
        if let Some(l) = lab.as_mut() {
            l.settle();
        }
        if writes(&lab) > before {
            assert!(step.predict.is_some(), "{} step {} `{}` animates the cluster without a prediction first", lesson.id, i + 1, step.title);
        }
        if step.check.is_some() {
            assert!(holds(lesson, i, &text, &lab), "{} step {} `{}`: the check does not hold after the solution\n{text}", lesson.id, i + 1, step.title);
            assert!(!step.solution.is_empty(), "{} step {}: a checked step needs a solution", lesson.id, i + 1);
        }
    }
    (text, lab)
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
