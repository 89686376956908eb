//! The guide's "Complete Flow" (steps 1–11) end to end, in auto mode: the kubelet pulls,
//! starts and probes by itself, with realistic seeded delays.

use ordinal_core::examples::{GUIDE_SERVICE, GUIDE_STATEFULSET};
use ordinal_core::sim::model::ObjectKey;
use ordinal_core::sim::views::Resource;
use ordinal_core::sim::{Actor, Cascade, Change, Input, Kind, Settle, SimConfig, SimEvent, Simulation, Verb};
use std::collections::BTreeMap;

const NS: &str = "scenarios";
const SET: &str = "recovery-demo-db";

fn key(name: &str) -> ObjectKey {
    ObjectKey::new(NS, name)
}

fn pod(i: usize) -> String {
    format!("{SET}-{i}")
}

fn claim(i: usize) -> String {
    format!("data-{SET}-{i}")
}

fn settle(sim: &mut Simulation) -> Vec<SimEvent> {
    assert_eq!(sim.settle(), Settle::Steady);
    let mut events = Vec::new();
    while let Some(e) = sim.poll_event() {
        events.push(e);
    }
    assert!(sim.violations().is_empty(), "{:#?}", sim.violations());
    events
}

fn volume_of(sim: &Simulation, i: usize) -> String {
    sim.snapshot().claims[&key(&claim(i))].volume.clone().expect("bound")
}

fn ip_of(sim: &Simulation, i: usize) -> String {
    sim.snapshot().pods[&key(&pod(i))].status.ip.expect("has an IP").to_string()
}

fn a_record(sim: &Simulation, name: &str) -> Option<Vec<String>> {
    sim.dns_records().into_iter().find(|r| r.name == format!("{name}.{NS}.svc.cluster.local")).map(|r| r.values)
}

/// (pod, time in ms) pairs.
type Times = Vec<(String, u64)>;

/// When each pod was created and became Ready, from the watch events.
fn timeline(events: &[SimEvent]) -> (Times, Times) {
    let mut created = Vec::new();
    let mut ready = Vec::new();
    for e in events {
        if let SimEvent::Watch { at, kind: Kind::Pod, name, change, row, .. } = e {
            if *change == Change::Added {
                created.push((name.clone(), at.0));
            }
            if row[1] == "1/1" && !ready.iter().any(|(n, _): &(String, u64)| n == name) {
                ready.push((name.clone(), at.0));
            }
        }
    }
    (created, ready)
}

#[test]
fn the_guides_complete_flow() {
    let mut sim = Simulation::new(SimConfig::auto(), 2026);

    // The guide never creates its namespace; a real cluster needs it (see sim::notes).
    let r = sim.handle(Input::Apply { manifest: GUIDE_SERVICE.into(), source: "service.yaml".into(), namespace: None, validate: Default::default() });
    assert_eq!(r.errors[0].message, "namespaces \"scenarios\" not found");
    sim.handle(Input::CreateNamespace { name: NS.into() });

    // 1. Apply the headless Service: no pods yet, so no DNS records.
    let r = sim.handle(Input::Apply { manifest: GUIDE_SERVICE.into(), source: "service.yaml".into(), namespace: None, validate: Default::default() });
    assert!(r.errors.is_empty(), "{r:?}");
    settle(&mut sim);
    assert_eq!(a_record(&sim, "recovery-demo-headless"), None);

    // 2–5. Apply the StatefulSet: pods are created one at a time, each after the previous one
    // is Running and Ready, each with its claim created first.
    let r = sim.handle(Input::Apply { manifest: GUIDE_STATEFULSET.into(), source: "statefulset.yaml".into(), namespace: None, validate: Default::default() });
    assert_eq!(r.stdout, "statefulset.apps/recovery-demo-db created\n");
    let events = settle(&mut sim);
    let (created, ready) = timeline(&events);
    assert_eq!(created.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(), vec![pod(0), pod(1), pod(2)]);
    for (i, (name, at)) in created.iter().enumerate().skip(1) {
        let ready_prev = ready.iter().find(|(n, _)| *n == pod(i - 1)).unwrap().1;
        assert!(*at >= ready_prev, "{name} created at {at} before {} was ready at {ready_prev}", pod(i - 1));
    }
    let writes: Vec<(Verb, Kind, String)> = events
        .iter()
        .filter_map(|e| match e {
            SimEvent::Write { actor: Actor::StatefulSetController, verb, kind, name, .. } if *kind != Kind::ControllerRevision => Some((*verb, *kind, name.clone())),
            _ => None,
        })
        .collect();
    let expected: Vec<(Verb, Kind, String)> = (0..3).flat_map(|i| [(Verb::Create, Kind::Claim, claim(i)), (Verb::Create, Kind::Pod, pod(i))]).collect();
    assert_eq!(writes, expected);
    assert!(sim.now().0 > 3_000, "auto mode takes simulated time: pulls, starts, probes");

    // 6. Final state: 3 pods Running and Ready, 3 claims Bound to 3 volumes, DNS for each pod.
    let state = sim.snapshot();
    for i in 0..3 {
        assert!(state.pods[&key(&pod(i))].running_and_ready());
        assert_eq!(a_record(&sim, &format!("{}.recovery-demo-headless", pod(i))), Some(vec![ip_of(&sim, i)]));
    }
    assert_eq!(state.volumes.len(), 3);
    assert_eq!(a_record(&sim, "recovery-demo-headless").map(|v| v.len()), Some(3));
    let volumes: BTreeMap<usize, String> = (0..3).map(|i| (i, volume_of(&sim, i))).collect();
    let old_ip = ip_of(&sim, 0);

    // 7. Delete pod 0: it terminates gracefully (not at once), its claim stays.
    sim.handle(Input::Delete { resource: Resource::Pods, namespace: NS.into(), name: pod(0), cascade: Cascade::Background, grace_period_s: None });
    assert!(sim.snapshot().pods[&key(&pod(0))].meta.terminating());
    let events = settle(&mut sim);

    // 8–9. The controller recreates it: same name, same claim and volume, a new IP, and its DNS
    // record follows.
    let recreated = events.iter().any(|e| matches!(e, SimEvent::Write { actor: Actor::StatefulSetController, verb: Verb::Create, kind: Kind::Pod, name, .. } if *name == pod(0)));
    assert!(recreated);
    assert!(!events.iter().any(|e| matches!(e, SimEvent::Write { verb: Verb::Create, kind: Kind::Claim, .. })), "no new claim");
    let p0 = &sim.snapshot().pods[&key(&pod(0))];
    assert!(p0.running_and_ready());
    assert_eq!(p0.claim_names(), vec![claim(0)]);
    assert_eq!(volume_of(&sim, 0), volumes[&0]);
    assert_ne!(ip_of(&sim, 0), old_ip);
    assert_eq!(a_record(&sim, &format!("{}.recovery-demo-headless", pod(0))), Some(vec![ip_of(&sim, 0)]));

    // 10. Scale down to 1: pod 2 goes first, pod 1 only after pod 2 is gone; claims stay.
    sim.handle(Input::Scale { resource: ordinal_core::sim::views::Resource::StatefulSets, namespace: NS.into(), name: SET.into(), replicas: 1 });
    let events = settle(&mut sim);
    let mut order = Vec::new();
    for e in &events {
        match e {
            SimEvent::Write { actor: Actor::StatefulSetController, verb: Verb::Delete, kind: Kind::Pod, name, at, .. } => order.push(format!("delete {name} @{}", at.0)),
            SimEvent::Watch { kind: Kind::Pod, change: Change::Deleted, name, at, .. } => order.push(format!("gone {name} @{}", at.0)),
            _ => {}
        }
    }
    assert_eq!(order.iter().map(|s| s.split(" @").next().unwrap().to_owned()).collect::<Vec<_>>(), vec![
        format!("delete {}", pod(2)),
        format!("gone {}", pod(2)),
        format!("delete {}", pod(1)),
        format!("gone {}", pod(1)),
    ]);
    let state = sim.snapshot();
    assert_eq!(state.pods.len(), 1);
    assert_eq!(state.claims.len(), 3);
    assert_eq!(a_record(&sim, &format!("{}.recovery-demo-headless", pod(1))), None);

    // 11. Scale up to 3: pods 1 and 2 come back, in order, onto their old claims and volumes.
    sim.handle(Input::Scale { resource: ordinal_core::sim::views::Resource::StatefulSets, namespace: NS.into(), name: SET.into(), replicas: 3 });
    let events = settle(&mut sim);
    assert!(!events.iter().any(|e| matches!(e, SimEvent::Write { verb: Verb::Create, kind: Kind::Claim, .. })), "claims are reused");
    let (created, _) = timeline(&events);
    assert_eq!(created.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(), vec![pod(1), pod(2)]);
    for i in 0..3 {
        assert!(sim.snapshot().pods[&key(&pod(i))].running_and_ready());
        assert_eq!(volume_of(&sim, i), volumes[&i], "claim {i} is bound to the same volume");
    }
    assert_eq!(sim.snapshot().statefulsets[&key(SET)].status.ready_replicas, 3);
    assert!(sim.snapshot().volumes.values().all(|v| v.mounts >= 2), "every volume was mounted again");
}
