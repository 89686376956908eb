//! Behaviours beyond the scenario list: storage classes, DNS edge cases, the kubelet's
//! failure modes, `minReadySeconds`, eviction, grace periods, and settling in auto mode.

use ordinal_core::sim::kubelet::KubeletAction;
use ordinal_core::sim::model::{ClaimPhase, ContainerState, ObjectKey, PodPhase};
use ordinal_core::sim::views::get::pod_status;
use ordinal_core::sim::views::Resource;
use ordinal_core::sim::{Cascade, Input, Settle, SimConfig, SimTime, Simulation, StorageSetup};

fn manifest(name: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/manifests").join(name)).unwrap()
}

fn apply(sim: &mut Simulation, text: &str) {
    let r = sim.handle(Input::Apply { manifest: text.to_owned(), source: "test.yaml".into(), namespace: None, validate: Default::default() });
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(sim.settle(), Settle::Steady);
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
}

fn act(sim: &mut Simulation, pod: &str, action: KubeletAction) {
    let r = sim.handle(Input::Kubelet { namespace: "default".into(), pod: pod.into(), action });
    assert!(r.errors.is_empty(), "{action:?} {pod}: {:?}", r.errors);
    sim.settle();
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
}

fn pod<'a>(sim: &'a Simulation, name: &str) -> &'a ordinal_core::sim::model::Pod {
    &sim.snapshot().pods[&ObjectKey::new("default", name)]
}

fn has_event(sim: &Simulation, reason: &str, needle: &str) -> bool {
    sim.snapshot().events.iter().any(|e| e.reason == reason && e.message.contains(needle))
}

fn advance(sim: &mut Simulation, ms: u64) {
    let t = sim.now().plus_ms(ms);
    sim.advance_to(t);
    sim.settle();
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
}

#[test]
fn wait_for_first_consumer_binds_on_the_pods_node() {
    let mut config = SimConfig::manual();
    config.storage = StorageSetup::WaitForFirstConsumer;
    let mut sim = Simulation::new(config, 5);
    apply(&mut sim, &manifest("b-svc.yaml"));
    apply(&mut sim, &manifest("b-sts.yaml"));
    let claim = &sim.snapshot().claims[&ObjectKey::new("default", "www-web-0")];
    assert_eq!(claim.phase, ClaimPhase::Bound, "the scheduler picked a node, then the volume was provisioned");
    let node = claim.meta.annotations["volume.kubernetes.io/selected-node"].clone();
    let pv = &sim.snapshot().volumes[claim.volume.as_ref().unwrap()];
    assert_eq!(pv.node_affinity.as_deref(), Some(node.as_str()));
    assert_eq!(pod(&sim, "web-0").status.node.as_deref(), Some(node.as_str()));
    // The pod comes back on the same node: its volume lives there.
    act(&mut sim, "web-0", KubeletAction::Ready);
    sim.handle(Input::Delete { resource: Resource::Pods, namespace: "default".into(), name: "web-0".into(), cascade: Cascade::Background, grace_period_s: None });
    sim.settle();
    act(&mut sim, "web-0", KubeletAction::Finish);
    assert_eq!(pod(&sim, "web-0").status.node.as_deref(), Some(node.as_str()));
}

#[test]
fn without_a_default_class_the_first_pod_waits_forever() {
    let mut config = SimConfig::manual();
    config.storage = StorageSetup::NoDefaultClass;
    let mut sim = Simulation::new(config, 5);
    apply(&mut sim, &manifest("b-sts.yaml"));
    advance(&mut sim, 600_000);
    let state = sim.snapshot();
    assert_eq!(state.pods.len(), 1, "OrderedReady stalls at web-0");
    assert_eq!(pod(&sim, "web-0").status.node, None);
    assert_eq!(state.claims[&ObjectKey::new("default", "www-web-0")].phase, ClaimPhase::Pending);
    assert!(has_event(&sim, "FailedScheduling", "pod has unbound immediate PersistentVolumeClaims"));
    assert!(has_event(&sim, "FailedBinding", "no storage class is set"));
    let r = sim.handle(Input::Kubelet { namespace: "default".into(), pod: "web-0".into(), action: KubeletAction::Start });
    assert!(r.errors[0].message.contains("not scheduled"), "{:?}", r.errors);
    // A default StorageClass created later is assigned to the waiting claim (retroactive
    // default StorageClass assignment), which binds; the pod is scheduled.
    apply(&mut sim, "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\n  annotations: {storageclass.kubernetes.io/is-default-class: \"true\"}\nprovisioner: example.com/fast\n");
    let claim = &sim.snapshot().claims[&ObjectKey::new("default", "www-web-0")];
    assert_eq!((claim.phase, claim.spec.storage_class_name.as_deref()), (ClaimPhase::Bound, Some("fast")));
    assert!(pod(&sim, "web-0").status.node.is_some());
}

#[test]
fn service_name_without_a_service_gives_no_records_until_one_appears() {
    let mut sim = Simulation::new(SimConfig::manual(), 9);
    apply(&mut sim, &manifest("b-sts-2.yaml"));
    act(&mut sim, "web-0", KubeletAction::Ready);
    act(&mut sim, "web-1", KubeletAction::Ready);
    assert!(pod(&sim, "web-1").running_and_ready(), "pods run without their Service");
    assert!(sim.dns_records().is_empty());
    apply(&mut sim, &manifest("b-svc.yaml"));
    let names: Vec<String> = sim.dns_records().into_iter().map(|r| r.name).collect();
    assert!(names.contains(&"web-1.nginx.default.svc.cluster.local".to_owned()), "{names:?}");
}

#[test]
fn a_service_whose_selector_matches_nothing_is_nxdomain() {
    let mut sim = Simulation::new(SimConfig::manual(), 9);
    apply(&mut sim, &manifest("b-svc.yaml").replace("selector: {app: nginx}", "selector: {app: other}"));
    apply(&mut sim, &manifest("b-sts-2.yaml"));
    act(&mut sim, "web-0", KubeletAction::Ready);
    act(&mut sim, "web-1", KubeletAction::Ready);
    assert!(sim.dns_records().is_empty());
    let out = ordinal_core::sim::dns::nslookup(sim.snapshot(), "cluster.local", "web-0.nginx", "default");
    assert!(out.contains("NXDOMAIN"), "{out}");
}

#[test]
fn a_crash_loop_backs_off_and_is_not_replaced() {
    let mut sim = Simulation::new(SimConfig::manual(), 2);
    apply(&mut sim, &manifest("b-sts-2.yaml"));
    act(&mut sim, "web-0", KubeletAction::Crash);
    let p = pod(&sim, "web-0");
    assert_eq!((p.status.phase, p.status.restarts, pod_status(p).as_str()), (PodPhase::Running, 1, "CrashLoopBackOff"));
    let uid = p.meta.uid.clone();
    advance(&mut sim, 10_000);
    assert!(matches!(pod(&sim, "web-0").status.container, Some(ContainerState::Running { .. })), "restarted after the back-off");
    assert_eq!(pod(&sim, "web-0").meta.uid, uid, "the controller does not replace a crashing pod");
    assert_eq!(sim.snapshot().pods.len(), 1, "and web-1 is not created while web-0 is not Ready");
}

#[test]
fn an_image_that_cannot_be_pulled_keeps_the_pod_pending() {
    let mut sim = Simulation::new(SimConfig::manual(), 2);
    apply(&mut sim, &manifest("b-sts-2.yaml"));
    act(&mut sim, "web-0", KubeletAction::ImgFail);
    assert_eq!(pod_status(pod(&sim, "web-0")), "ErrImagePull");
    advance(&mut sim, 5_000);
    assert_eq!(pod_status(pod(&sim, "web-0")), "ImagePullBackOff");
    assert_eq!(pod(&sim, "web-0").status.phase, PodPhase::Pending);
    assert!(has_event(&sim, "Failed", "Error: ErrImagePull"));
}

#[test]
fn an_evicted_pod_is_replaced_with_its_claim() {
    let mut sim = Simulation::new(SimConfig::manual(), 4);
    apply(&mut sim, &manifest("b-sts-2.yaml"));
    act(&mut sim, "web-0", KubeletAction::Ready);
    let old = pod(&sim, "web-0").meta.uid.clone();
    act(&mut sim, "web-0", KubeletAction::Evict);
    let p = pod(&sim, "web-0");
    assert_ne!(p.meta.uid, old, "the Failed pod was deleted and recreated in the same settle");
    assert_eq!(p.claim_names(), vec!["www-web-0".to_owned()]);
    assert!(has_event(&sim, "Evicted", "low on resource"));
}

#[test]
fn the_grace_period_ends_in_a_kill() {
    let mut sim = Simulation::new(SimConfig::manual(), 4);
    apply(&mut sim, &manifest("b-sts-2.yaml"));
    act(&mut sim, "web-0", KubeletAction::Ready);
    sim.handle(Input::Delete { resource: Resource::Pods, namespace: "default".into(), name: "web-0".into(), cascade: Cascade::Background, grace_period_s: None });
    sim.settle();
    advance(&mut sim, 9_000);
    assert!(pod(&sim, "web-0").meta.terminating(), "still within terminationGracePeriodSeconds: 10");
    advance(&mut sim, 1_000);
    assert!(!pod(&sim, "web-0").meta.terminating(), "killed at 10 s and recreated");
}

#[test]
fn min_ready_seconds_holds_the_next_pod() {
    let mut sim = Simulation::new(SimConfig::manual(), 4);
    apply(&mut sim, &manifest("b-sts-2.yaml").replace("  replicas: 2\n", "  replicas: 2\n  minReadySeconds: 30\n"));
    act(&mut sim, "web-0", KubeletAction::Ready);
    assert_eq!(sim.snapshot().pods.len(), 1);
    advance(&mut sim, 29_000);
    assert_eq!(sim.snapshot().pods.len(), 1, "web-0 is Ready but not yet available");
    advance(&mut sim, 1_000);
    assert_eq!(sim.snapshot().pods.len(), 2, "available after 30 s: web-1 is created");
    let set = &sim.snapshot().statefulsets[&ObjectKey::new("default", "web")];
    assert_eq!(set.status.available_replicas, 1);
}

#[test]
fn auto_mode_settles_despite_a_crash_loop_and_reports_limits() {
    let mut sim = Simulation::new(SimConfig::auto(), 8);
    apply(&mut sim, &manifest("b-sts-2.yaml"));
    assert!(sim.snapshot().pods.values().all(|p| p.running_and_ready()));
    let before = sim.now();
    act(&mut sim, "web-1", KubeletAction::Crash);
    assert_eq!(sim.now(), before, "a crash loop is not progress: settle returns at once");
    advance(&mut sim, 120_000);
    assert!(pod(&sim, "web-1").status.restarts >= 3, "{}", pod(&sim, "web-1").status.restarts);
    assert!(!pod(&sim, "web-1").status.ready);
    // A limit is reported, not a hang: a minReadySeconds longer than the settle limit.
    let mut config = SimConfig::auto();
    config.settle_limit_ms = 10_000;
    let mut sim = Simulation::new(config, 8);
    sim.handle(Input::Apply { manifest: manifest("b-sts-2.yaml").replace("  replicas: 2\n", "  replicas: 2\n  minReadySeconds: 600\n"), source: "s".into(), namespace: None, validate: Default::default() });
    assert!(matches!(sim.settle(), Settle::Limit(_)));
    assert!(sim.now() <= SimTime(10_000));
}

#[test]
fn recreated_pods_never_reuse_an_ip() {
    let mut sim = Simulation::new(SimConfig::auto(), 12);
    apply(&mut sim, &manifest("b-sts-2.yaml"));
    let mut seen = Vec::new();
    for _ in 0..20 {
        let ip = pod(&sim, "web-0").status.ip.unwrap();
        assert!(!seen.contains(&ip), "{ip} again");
        seen.push(ip);
        sim.handle(Input::Delete { resource: Resource::Pods, namespace: "default".into(), name: "web-0".into(), cascade: Cascade::Background, grace_period_s: None });
        assert_eq!(sim.settle(), Settle::Steady);
    }
}

#[test]
fn the_guides_cleanup_deletes_claims_by_label() {
    use ordinal_core::sim::script::{self, Runner};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/manifests");
    let mut load = |f: &str| std::fs::read_to_string(dir.join(f)).map_err(|e| e.to_string());
    let mut r = Runner::new(SimConfig::auto(), 3);
    let mut last = None;
    for line in ["kubectl apply -f b-svc.yaml", "kubectl apply -f b-sts.yaml", "kubectl delete statefulset web", "kubectl delete pvc -l app=nginx", "kubectl delete pvc -l app=nginx"] {
        last = Some(r.run(&script::parse_command(line).unwrap(), &mut load));
    }
    assert_eq!(last.unwrap().output.as_deref(), Some("No resources found\n"));
    assert!(r.sim().snapshot().claims.is_empty());
    assert!(r.sim().snapshot().volumes.is_empty(), "their volumes were reclaimed (Delete)");
}

const RESIZE_SET: &str = "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ReadWriteOnce]
      storageClassName: CLASS
      resources:
        requests:
          storage: 1Gi
";

fn claim_asking(size: &str) -> String {
    format!(
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: www-web-0\n  labels:\n    app: web\nspec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: CLASS\n  resources:\n    requests:\n      storage: {size}\n"
    )
}

fn apply_errors(sim: &mut Simulation, text: &str) -> Vec<String> {
    let r = sim.handle(Input::Apply { manifest: text.to_owned(), source: "claim.yaml".into(), namespace: None, validate: Default::default() });
    sim.settle();
    r.errors.into_iter().map(|e| e.kubectl).collect()
}

#[test]
fn a_bound_claim_grows_only_when_its_class_allows_expansion_and_never_shrinks() {
    // a class that does not allow expansion (kind's local-path): the admission plugin refuses
    let mut sim = Simulation::new(SimConfig::auto(), 1);
    apply(&mut sim, "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fixed\nprovisioner: rancher.io/local-path\n");
    apply(&mut sim, &RESIZE_SET.replace("CLASS", "fixed"));
    let errors = apply_errors(&mut sim, &claim_asking("2Gi").replace("CLASS", "fixed"));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("Error from server (Forbidden): error when applying patch"), "{}", errors[0]);
    assert!(errors[0].ends_with("persistentvolumeclaims \"www-web-0\" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize"), "{}", errors[0]);
    let hint = ordinal_core::sim::api::resize_hint(sim.snapshot(), "default", "www-web-0").unwrap();
    assert!(hint.starts_with("StorageClass fixed does not set allowVolumeExpansion: true") && hint.contains("rancher.io/local-path has none"), "{hint}");
    // the default class (a cloud's CSI block storage) grows: the guide's `kubectl patch pvc`
    let mut sim = Simulation::new(SimConfig::auto(), 1);
    apply(&mut sim, &RESIZE_SET.replace("CLASS", "standard"));
    assert!(apply_errors(&mut sim, &claim_asking("2Gi").replace("CLASS", "standard")).is_empty());
    assert_eq!(sim.snapshot().claims[&ObjectKey::new("default", "www-web-0")].capacity.as_deref(), Some("2Gi"));
    // a class that allows it, but whose provisioner has no resizer (local-path): the expand
    // controller hands the claim over, and nothing ever grows it
    let mut sim = Simulation::new(SimConfig::auto(), 1);
    apply(&mut sim, "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: grow\nprovisioner: rancher.io/local-path\nallowVolumeExpansion: true\n");
    apply(&mut sim, &RESIZE_SET.replace("CLASS", "grow"));
    assert!(apply_errors(&mut sim, &claim_asking("2Gi").replace("CLASS", "grow")).is_empty());
    let claim = &sim.snapshot().claims[&ObjectKey::new("default", "www-web-0")];
    assert_eq!(claim.capacity.as_deref(), Some("1Gi"));
    let reasons = |sim: &Simulation, kind: &str| sim.snapshot().events.iter().filter(|e| e.kind == kind && e.name.ends_with("web-0")).map(|e| format!("{} {} {}: {}", e.type_.as_str(), e.reason, e.source, e.message)).collect::<Vec<_>>();
    assert!(reasons(&sim, "PersistentVolumeClaim").contains(&"Warning ExternalExpanding volume_expand: waiting for an external controller to expand this PVC".to_owned()), "{:?}", reasons(&sim, "PersistentVolumeClaim"));
    assert!(ordinal_core::sim::api::resize_hint(sim.snapshot(), "default", "www-web-0").unwrap().contains("has no resizer"));
    // a CSI driver's class: the external-resizer grows the volume, the kubelet the file system
    let mut sim = Simulation::new(SimConfig::auto(), 1);
    apply(&mut sim, "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: grow\nprovisioner: ebs.csi.aws.com\nallowVolumeExpansion: true\n");
    apply(&mut sim, &RESIZE_SET.replace("CLASS", "grow"));
    assert!(apply_errors(&mut sim, &claim_asking("2Gi").replace("CLASS", "grow")).is_empty());
    let claim = &sim.snapshot().claims[&ObjectKey::new("default", "www-web-0")];
    assert_eq!(claim.capacity.as_deref(), Some("2Gi"));
    let volume = claim.volume.clone().unwrap();
    assert_eq!(sim.snapshot().volumes[&volume].capacity, "2Gi");
    let node = sim.snapshot().pods[&ObjectKey::new("default", "web-0")].status.node.clone().unwrap();
    assert_eq!(
        reasons(&sim, "PersistentVolumeClaim").into_iter().filter(|r| !r.contains("Provision")).collect::<Vec<_>>(),
        [
            "Warning ExternalExpanding volume_expand: waiting for an external controller to expand this PVC".to_owned(),
            format!("Normal Resizing external-resizer ebs.csi.aws.com: External resizer is resizing volume {volume}"),
            "Normal FileSystemResizeRequired external-resizer ebs.csi.aws.com: Require file system resize of volume on node".to_owned(),
            format!("Normal FileSystemResizeSuccessful kubelet: MountVolume.NodeExpandVolume succeeded for volume \"{volume}\" {node}"),
        ]
    );
    assert!(ordinal_core::sim::api::resize_hint(sim.snapshot(), "default", "www-web-0").is_none());
    // shrinking is invalid, whatever the class
    let errors = apply_errors(&mut sim, &claim_asking("1Gi").replace("CLASS", "grow"));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].ends_with("spec.resources.requests.storage: Forbidden: field can not be less than status.capacity"), "{}", errors[0]);
    // any other change to the spec stays forbidden
    let errors = apply_errors(&mut sim, &claim_asking("2Gi").replace("CLASS", "grow").replace("ReadWriteOnce", "ReadWriteMany"));
    assert!(errors[0].contains("spec: Forbidden: spec is immutable after creation except resources.requests"), "{errors:?}");
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
}

#[test]
fn a_secret_whose_data_is_not_base64_is_refused_by_the_decoder() {
    let mut sim = Simulation::new(SimConfig::auto(), 1);
    let errors = apply_errors(&mut sim, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  pw: \"!!!notbase64\"\n");
    assert_eq!(
        errors,
        vec!["Error from server (BadRequest): error when creating \"claim.yaml\": Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 0".to_owned()]
    );
    assert!(apply_errors(&mut sim, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  pw: ZGVtbw==\n").is_empty());
}

#[test]
fn the_guides_resize_command_patches_the_claim() {
    use ordinal_core::sim::script::{self, Action};
    let mut sim = Simulation::new(SimConfig::auto(), 1);
    apply(&mut sim, "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: grow\nprovisioner: ebs.csi.aws.com\nallowVolumeExpansion: true\n");
    apply(&mut sim, &RESIZE_SET.replace("CLASS", "grow"));
    // kubectl's default patch type, as the guide writes it
    let commands = script::parse("kubectl patch pvc www-web-0 -p '{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"5Gi\"}}}}'\n").unwrap();
    let Action::Input(input) = commands[0].action.clone() else { panic!("not an input") };
    let r = sim.handle(input);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.stdout, "persistentvolumeclaim/www-web-0 patched\n");
    sim.settle();
    assert_eq!(sim.snapshot().claims[&ObjectKey::new("default", "www-web-0")].capacity.as_deref(), Some("5Gi"));
    // a strategic patch of a list is refused with the way out
    let errors = script::parse("kubectl patch pvc www-web-0 -p '{\"spec\":{\"accessModes\":[\"ReadWriteMany\"]}}'\n").unwrap_err();
    assert!(format!("{errors:?}").contains("use --type=merge"), "{errors:?}");
}

#[test]
fn node_ports_load_balancers_and_external_names_look_as_on_kind() {
    use ordinal_core::sim::script::{self, Action};
    let mut sim = Simulation::new(SimConfig::auto(), 1);
    let np = "apiVersion: v1\nkind: Service\nmetadata:\n  name: np\nspec:\n  type: NodePort\n  selector:\n    app: web\n  ports:\n  - port: 80\n";
    apply(&mut sim, np);
    apply(&mut sim, "apiVersion: v1\nkind: Service\nmetadata:\n  name: lb\nspec:\n  type: LoadBalancer\n  selector:\n    app: web\n  ports:\n  - port: 443\n");
    apply(&mut sim, "apiVersion: v1\nkind: Service\nmetadata:\n  name: ext\nspec:\n  type: ExternalName\n  externalName: db.example.com\n");
    let node_port = |sim: &Simulation| sim.snapshot().services[&ObjectKey::new("default", "np")].spec.ports.as_ref().unwrap()[0].node_port.unwrap();
    let first = node_port(&sim);
    assert!((30000..=32767).contains(&first), "{first}");
    // applying the same manifest again keeps the node port
    apply(&mut sim, &np.replace("  - port: 80\n", "  - port: 80\n    targetPort: 80\n"));
    assert_eq!(node_port(&sim), first);
    let run = |sim: &Simulation, line: &str| {
        let commands = script::parse(&format!("{line}\n")).unwrap();
        let Action::Read(read) = commands[0].action.clone() else { panic!("not a read") };
        script::answer(sim, &read).unwrap_or_else(|e| e)
    };
    let table = run(&sim, "kubectl get svc");
    assert!(table.contains(&format!("80:{first}/TCP")), "{table}");
    let lb = table.lines().find(|l| l.starts_with("lb ")).unwrap();
    assert!(lb.contains("<pending>") && lb.contains("443:"), "{lb}");
    let ext = table.lines().find(|l| l.starts_with("ext ")).unwrap();
    assert!(ext.contains("ExternalName") && ext.contains("db.example.com"), "{ext}");
    let dig = run(&sim, "dig ext.default.svc.cluster.local");
    assert!(dig.contains("status: NOERROR") && dig.contains("IN\tCNAME\tdb.example.com."), "{dig}");
    let lookup = run(&sim, "nslookup ext");
    assert!(lookup.contains("ext.default.svc.cluster.local\tcanonical name = db.example.com"), "{lookup}");
    assert_eq!(run(&sim, "dig +short CNAME ext.default.svc.cluster.local"), "db.example.com.\n");
}
