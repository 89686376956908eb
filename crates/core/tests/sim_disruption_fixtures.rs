//! Tidy check: every scenario of `shared/reference/scenarios-disruptions.md` has a fixture in
//! `tests/scenarios` (run by `sim_scenarios`), except those that need the node-failure model
//! (`node-down`, taints, PodGC), which are listed here with the reason and leave this list as
//! their fixtures arrive.

use std::path::Path;

/// Scenarios that need `node-down`/`node-up`, taints or `kubectl delete node`.
const AWAITING_NODE_FAILURES: &[&str] = &[];

#[test]
fn every_disruption_scenario_has_a_fixture() {
    let reference = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/scenarios-disruptions.md");
    let text = std::fs::read_to_string(&reference).unwrap_or_else(|_| panic!("cannot read {}", reference.display()));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let fixtures: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    let has = |id: &str| fixtures.iter().any(|f| f.starts_with(&format!("{id}-")) && f.ends_with(".script"));
    let mut missing = Vec::new();
    let mut ids = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("## D") {
            let id = format!("D{}", rest.split_whitespace().next().unwrap());
            ids.push(id.clone());
            if !has(&id) && !AWAITING_NODE_FAILURES.contains(&id.as_str()) {
                missing.push(id);
            }
        }
    }
    assert!(ids.len() >= 14, "the reference lists {} scenarios", ids.len());
    assert!(missing.is_empty(), "scenarios without a fixture: {missing:?}");
    let stale: Vec<&&str> = AWAITING_NODE_FAILURES.iter().filter(|id| has(id)).collect();
    assert!(stale.is_empty(), "scenarios that have a fixture now: remove {stale:?} from AWAITING_NODE_FAILURES");
}
