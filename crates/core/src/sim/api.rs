//! What the user does through `kubectl`: apply, delete, scale, set image, patch — each going
//! through decoding, defaulting, the registry's preparation and validation, as the API server
//! does; plus the simulator's own kubelet and GC controls.

use super::disruption;
use super::drain;
use super::endpoints;
use super::json;
use super::kubelet::{self, KubeletAction};
use super::model::*;
use super::nodes;
use super::storage;
use super::views::Resource;
use super::world::{GcTask, World};
use crate::apiserver::{self, defaults, validate, InvalidError};
use crate::sim::events::Actor;
use k8s_openapi::api::apps::v1::StatefulSet as K8sStatefulSet;
use k8s_openapi::api::core::v1::PersistentVolumeClaimSpec;
use k8s_openapi::api::core::v1::Service as K8sService;
use serde_json::{json, Value};

/// How `kubectl delete statefulset` treats the pods.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cascade {
    /// The default: the set goes at once; the garbage collector then deletes its pods, in no
    /// particular order.
    Background,
    /// `--cascade=orphan`: the pods (and claims) keep running without an owner.
    Orphan,
    /// `--cascade=foreground`: the set stays (deleting) until its pods are gone.
    Foreground,
}

/// One thing the user asks of the cluster.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// `kubectl apply -f FILE`: every document of a YAML stream.
    Apply {
        /// The manifest text.
        manifest: String,
        /// The file name, for messages.
        source: String,
        /// `-n NAMESPACE`, if given.
        namespace: Option<String>,
        /// `--validate`: what the server does with fields its schema does not know.
        validate: FieldValidation,
    },
    /// `kubectl create namespace NAME`.
    CreateNamespace {
        /// The name.
        name: String,
    },
    /// `kubectl create secret generic NAME --from-literal=KEY=VALUE … [-n NS]`.
    CreateSecret {
        /// `-n` (the default namespace when absent).
        namespace: Option<String>,
        /// The name.
        name: String,
        /// The literals, in order (a later one for the same key wins).
        literals: Vec<(String, String)>,
    },
    /// `kubectl create job NAME --from=cronjob/CRONJOB [-n NS]`.
    CreateJobFrom {
        /// `-n` (the default namespace when absent).
        namespace: Option<String>,
        /// The Job's name.
        name: String,
        /// The CronJob whose template it copies.
        cronjob: String,
    },
    /// `kubectl exec POD -- psql … -c "INSERT INTO readings SELECT generate_series(1, N)"`:
    /// rows written in bulk through the pod's database.
    Insert {
        /// The namespace.
        namespace: String,
        /// The pod.
        pod: String,
        /// How many rows.
        rows: u64,
    },
    /// `kubectl exec [-i] POD -- COMMAND … > FILE` or `< FILE`: a command whose standard
    /// output the learner's shell writes to a file on their side, or whose standard input it
    /// reads from one ([`super::exec`]).
    Exec {
        /// The namespace.
        namespace: String,
        /// The pod.
        pod: String,
        /// The command and its arguments.
        command: Vec<String>,
        /// The shell's redirections and kubectl's `-i`/`-t`.
        redirect: super::exec::Redirect,
    },
    /// `kubectl delete RESOURCE NAME`.
    Delete {
        /// Pods, StatefulSets, Services or claims.
        resource: Resource,
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
        /// For StatefulSets.
        cascade: Cascade,
        /// `--grace-period` (0 with `--force` deletes at once).
        grace_period_s: Option<i64>,
    },
    /// `kubectl delete RESOURCE -l SELECTOR`: every object of the namespace whose labels match.
    DeleteSelected {
        /// Pods, StatefulSets, Services or claims.
        resource: Resource,
        /// Namespace.
        namespace: String,
        /// The requirements (key, value, negated), as `kubectl get -l` takes them.
        selector: Vec<(String, Option<String>, bool)>,
        /// For StatefulSets.
        cascade: Cascade,
        /// `--grace-period`.
        grace_period_s: Option<i64>,
    },
    /// `kubectl scale statefulset|deployment|replicaset NAME --replicas=N`.
    Scale {
        /// StatefulSets, Deployments or ReplicaSets.
        resource: Resource,
        /// Namespace.
        namespace: String,
        /// The StatefulSet.
        name: String,
        /// New replica count.
        replicas: i32,
    },
    /// `kubectl set image statefulset|deployment|daemonset/NAME CONTAINER=IMAGE` (`*` for
    /// every container).
    SetImage {
        /// StatefulSets, Deployments or DaemonSets.
        resource: Resource,
        /// Namespace.
        namespace: String,
        /// The StatefulSet.
        name: String,
        /// Container name or `*`.
        container: String,
        /// The new image.
        image: String,
    },
    /// `kubectl rollout undo deployment/NAME [--to-revision=N]`: the template of that revision
    /// (the previous one by default) written back.
    RolloutUndo {
        /// Namespace.
        namespace: String,
        /// The Deployment.
        name: String,
        /// `--to-revision` (`None` or 0: the previous one).
        to_revision: Option<i64>,
    },
    /// `kubectl patch RESOURCE NAME --type=merge -p JSON`.
    Patch {
        /// StatefulSets, Services or PersistentVolumeClaims.
        resource: Resource,
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
        /// The JSON merge patch (or a strategic merge patch without lists, which is the same).
        patch: Value,
    },
    /// A kubelet command for one pod (manual mode's way of moving pods; fault injection in
    /// auto mode).
    Kubelet {
        /// Namespace.
        namespace: String,
        /// The pod.
        pod: String,
        /// What happens to it.
        action: KubeletAction,
    },
    /// Hold (`true`) or release the garbage collector (`gc-hold`, `gc-release`).
    HoldGc(bool),
    /// `kubectl cordon NODE` (`true`) or `kubectl uncordon NODE` (`false`).
    Cordon {
        /// The node.
        node: String,
        /// Cordon or uncordon.
        on: bool,
    },
    /// `node-down NODE`: the node's kubelet stops reaching the API server ([`super::nodes`]).
    NodeDown {
        /// The node.
        node: String,
    },
    /// `node-up NODE`: the kubelet reaches the API server again (and registers the node
    /// again if its object was deleted).
    NodeUp {
        /// The node.
        node: String,
    },
    /// `kubectl taint nodes NODE KEY[=VALUE]:EFFECT[-]… [--overwrite]`.
    Taint {
        /// The node.
        node: String,
        /// The taints to add or remove.
        taints: Vec<super::nodes::TaintSpec>,
        /// `--overwrite`.
        overwrite: bool,
    },
    /// `kubectl drain NODE …`: starts a drain client that keeps running
    /// ([`super::drain`]); its output is [`super::Simulation::drain_client`]'s.
    Drain {
        /// The node.
        node: String,
        /// The flags.
        options: super::drain::DrainOptions,
    },
}

/// `kubectl apply --validate=…`: how the server treats fields the object's schema does not
/// know (the `fieldValidation` query parameter kubectl sends; see docs/field-validation.md).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FieldValidation {
    /// `--validate=strict` or `true`, kubectl's default: the object is refused with a strict
    /// decoding error naming every unknown field.
    #[default]
    Strict,
    /// `--validate=warn`: the object is stored without the unknown fields, and kubectl prints
    /// one `Warning: unknown field "…"` line per field on stderr.
    Warn,
    /// `--validate=ignore` or `false`: the unknown fields are dropped silently.
    Ignore,
}

impl FieldValidation {
    /// Reads the flag's value as kubectl's `GetValidationDirective` does (a Go boolean, or
    /// `strict`, `warn`, `ignore`); the error is kubectl's message for anything else.
    pub fn parse(value: &str) -> Result<FieldValidation, String> {
        match value {
            "1" | "t" | "T" | "TRUE" | "true" | "True" | "strict" => Ok(FieldValidation::Strict),
            "0" | "f" | "F" | "FALSE" | "false" | "False" | "ignore" => Ok(FieldValidation::Ignore),
            "warn" => Ok(FieldValidation::Warn),
            other => Err(format!("invalid - validate option {other:?}; must be one of: strict (or true), warn, ignore (or false)")),
        }
    }
}

/// An error as the user sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The server's message, e.g. `StatefulSet.apps "web" is invalid: spec.selector: Required
    /// value`, or the client's, e.g. `unable to find container named "x"`.
    pub message: String,
    /// The whole line kubectl prints on stderr.
    pub kubectl: String,
}

impl ApiError {
    fn server(reason: &str, context: Option<String>, message: String) -> ApiError {
        let kubectl = match context {
            Some(ctx) => format!("Error from server ({reason}): {ctx}: {message}"),
            None => format!("Error from server ({reason}): {message}"),
        };
        ApiError { message, kubectl }
    }

    fn client(message: String) -> ApiError {
        ApiError { kubectl: format!("error: {message}"), message }
    }

    fn invalid(e: &InvalidError, context: Option<String>) -> ApiError {
        ApiError::server("Invalid", context, e.message())
    }

    fn not_found(resource: Resource, name: &str) -> ApiError {
        ApiError::server("NotFound", None, format!("{} \"{name}\" not found", resource.plural()))
    }

    fn edit(e: super::workload::EditError, resource: Resource, name: &str) -> ApiError {
        match e {
            super::workload::EditError::NotFound => ApiError::not_found(resource, name),
            super::workload::EditError::Invalid(e) => ApiError::invalid(&e, None),
            super::workload::EditError::Client(m) => ApiError::client(m),
        }
    }
}

/// What a command printed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Response {
    /// Standard output (`statefulset.apps/web created`, …).
    pub stdout: String,
    /// Errors, in order.
    pub errors: Vec<ApiError>,
    /// The `kubectl drain` client the input started (its output is its own).
    pub drain: Option<usize>,
    /// The server's warnings, as kubectl prints them on stderr (`Warning: unknown field
    /// "spec.bogusField"`), before the command's output.
    pub warnings: Vec<String>,
    /// Where each warning of `warnings` was printed, as a byte offset into `stdout` (kubectl
    /// prints a server warning when the request that drew it returns: after the lines of the
    /// objects applied before). A warning without an offset comes first.
    pub warning_offsets: Vec<usize>,
    /// The simulator's remarks for a learner: not anything kubectl prints (the terminal shows
    /// them as notes, `ordinal simulate` as the step's `remarks`).
    pub remarks: Vec<String>,
}

impl Response {
    fn ok(line: String) -> Response {
        Response { stdout: format!("{line}\n"), ..Response::default() }
    }

    fn err(e: ApiError) -> Response {
        Response { errors: vec![e], ..Response::default() }
    }
}

/// Carries out an input.
pub(crate) fn handle(w: &mut World, input: Input) -> Response {
    w.touch();
    match input {
        Input::Apply { manifest, source, namespace, validate } => apply(w, &manifest, &source, namespace.as_deref(), validate),
        Input::CreateNamespace { name } => create_namespace(w, &name),
        Input::CreateSecret { namespace, name, literals } => create_secret(w, namespace.as_deref(), &name, &literals),
        Input::CreateJobFrom { namespace, name, cronjob } => match super::cronjob::create_job_from(w, namespace.as_deref().unwrap_or("default"), &name, &cronjob) {
            Ok(line) => Response::ok(line),
            Err(e) => Response::err(ApiError { message: e.clone(), kubectl: e }),
        },
        Input::Insert { namespace, pod, rows } => insert(w, &namespace, &pod, rows),
        Input::Exec { namespace, pod, command, redirect } => super::exec::redirected(w, &namespace, &pod, &command, &redirect),
        Input::Delete { resource, namespace, name, cascade, grace_period_s } => force_warning(delete(w, resource, &namespace, &name, cascade, grace_period_s), grace_period_s),
        Input::DeleteSelected { resource, namespace, selector, cascade, grace_period_s } => {
            let matches = |labels: &std::collections::BTreeMap<String, String>| super::views::get::requirements_match(&selector, labels);
            let names: Vec<String> = match resource {
                Resource::Pods => ClusterState::in_namespace(&w.state.pods, &namespace).filter(|(_, o)| matches(&o.meta.labels)).map(|(k, _)| k.name.clone()).collect(),
                Resource::Claims => ClusterState::in_namespace(&w.state.claims, &namespace).filter(|(_, o)| matches(&o.meta.labels)).map(|(k, _)| k.name.clone()).collect(),
                Resource::StatefulSets => ClusterState::in_namespace(&w.state.statefulsets, &namespace).filter(|(_, o)| matches(&o.meta.labels)).map(|(k, _)| k.name.clone()).collect(),
                Resource::Services => ClusterState::in_namespace(&w.state.services, &namespace).filter(|(_, o)| matches(&o.meta.labels)).map(|(k, _)| k.name.clone()).collect(),
                other => return Response::err(ApiError::client(format!("the simulator deletes pods, statefulsets, services and persistentvolumeclaims, not {}", other.plural()))),
            };
            if names.is_empty() {
                return with_force_warning(grace_period_s, Response::ok("No resources found".to_owned()));
            }
            let mut all = with_force_warning(grace_period_s, Response::default());
            for name in names {
                let r = delete(w, resource, &namespace, &name, cascade, grace_period_s);
                all.stdout.push_str(&r.stdout);
                all.errors.extend(r.errors);
                all.remarks.extend(r.remarks);
            }
            force_warning(all, grace_period_s)
        }
        Input::Scale { resource, namespace, name, replicas } => {
            if replicas < 0 {
                return Response::err(ApiError::client("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0".to_owned()));
            }
            let key = ObjectKey::new(&namespace, &name);
            match resource {
                Resource::Deployments => {
                    return match super::deployment::edit(w, &key, |spec| {
                        spec.replicas = Some(replicas);
                        Ok(())
                    }) {
                        Ok(_) => Response::ok(format!("deployment.apps/{name} scaled")),
                        Err(e) => Response::err(ApiError::edit(e, resource, &name)),
                    };
                }
                Resource::ReplicaSets => {
                    if !w.state.replicasets.contains_key(&key) {
                        return Response::err(ApiError::not_found(resource, &name));
                    }
                    super::replicaset::scale(w, &key, replicas, Actor::User);
                    return Response::ok(format!("replicaset.apps/{name} scaled"));
                }
                _ => {}
            }
            update_statefulset(w, &namespace, &name, "scaled", |v| {
                json::merge_patch(v, &json!({"spec": {"replicas": replicas}}));
                Ok(())
            })
        }
        Input::SetImage { resource: Resource::Deployments, namespace, name, container, image } => {
            match super::deployment::edit(&mut *w, &ObjectKey::new(&namespace, &name), |spec| set_template_image(spec.template.spec.get_or_insert_with(Default::default), &container, &image)) {
                Ok(_) => Response::ok(format!("deployment.apps/{name} image updated")),
                Err(e) => Response::err(ApiError::edit(e, Resource::Deployments, &name)),
            }
        }
        Input::SetImage { resource: Resource::DaemonSets, namespace, name, container, image } => match super::daemonset::set_image(w, &ObjectKey::new(&namespace, &name), &container, &image) {
            Ok(_) => Response::ok(format!("daemonset.apps/{name} image updated")),
            Err(e) => Response::err(ApiError::edit(e, Resource::DaemonSets, &name)),
        },
        Input::RolloutUndo { namespace, name, to_revision } => match super::deployment::undo(w, &ObjectKey::new(&namespace, &name), to_revision) {
            Ok(out) => Response { stdout: out, ..Response::default() },
            Err(e) => Response::err(ApiError { message: e.trim_start_matches("error: ").to_owned(), kubectl: e }),
        },
        Input::SetImage { namespace, name, container, image, .. } => update_statefulset(w, &namespace, &name, "image updated", |v| {
            let mut found = false;
            for list in ["containers", "initContainers"] {
                if let Some(Value::Array(cs)) = v.pointer_mut(&format!("/spec/template/spec/{list}")) {
                    for c in cs {
                        if container == "*" || c.get("name").and_then(Value::as_str) == Some(container.as_str()) {
                            c["image"] = Value::String(image.clone());
                            found = true;
                        }
                    }
                }
            }
            if found {
                Ok(())
            } else {
                Err(ApiError::client(format!("unable to find container named \"{container}\"")))
            }
        }),
        Input::Patch { resource, namespace, name, patch } => match resource {
            Resource::StatefulSets => update_statefulset(w, &namespace, &name, "patched", |v| {
                json::merge_patch(v, &patch);
                Ok(())
            }),
            Resource::Services => patch_service(w, &namespace, &name, &patch),
            Resource::Claims => patch_claim(w, &namespace, &name, &patch),
            other => Response::err(ApiError::client(format!("the simulator patches statefulsets, services and persistentvolumeclaims, not {}", other.plural()))),
        },
        Input::Kubelet { namespace, pod, action } => match kubelet::command(w, &ObjectKey::new(&namespace, &pod), action) {
            Ok(()) => Response::default(),
            Err(message) => Response::err(ApiError { kubectl: format!("{}: {message}", action.as_str()), message }),
        },
        Input::HoldGc(hold) => {
            w.gc_hold = hold;
            Response::default()
        }
        Input::Cordon { node, on } => match drain::cordon(w, &node, on) {
            Ok(line) => Response::ok(line),
            Err(message) => Response::err(ApiError::server("NotFound", None, message)),
        },
        Input::Drain { node, options } => {
            let id = drain::start(w, &node, options);
            Response { drain: Some(id), ..Response::default() }
        }
        Input::NodeDown { node } => match nodes::down(w, &node) {
            Ok(()) => Response::default(),
            Err(message) => Response::err(ApiError { kubectl: format!("node-down: {message}"), message }),
        },
        Input::NodeUp { node } => match nodes::node_up(w, &node) {
            Ok(()) => Response::default(),
            Err(message) => Response::err(ApiError { kubectl: format!("node-up: {message}"), message }),
        },
        Input::Taint { node, taints, overwrite } => match nodes::taint(w, &node, &taints, overwrite) {
            Ok(line) => Response::ok(line),
            Err(message) if message.ends_with("not found") && message.starts_with("nodes ") => Response::err(ApiError::server("NotFound", None, message)),
            Err(message) => Response::err(ApiError::client(message)),
        },
    }
}

fn create_namespace(w: &mut World, name: &str) -> Response {
    let errors = apiserver::names::is_dns1123_label(name);
    if let Some(m) = errors.first() {
        let e = InvalidError::new("Namespace", name, vec![apiserver::FieldError::invalid("metadata.name", apiserver::go::quote(name), m.clone())]);
        return Response::err(ApiError::invalid(&e, None));
    }
    if w.state.namespaces.contains_key(name) {
        return Response::err(ApiError::server("AlreadyExists", None, format!("namespaces \"{name}\" already exists")));
    }
    let now = w.now();
    w.state.namespaces.insert(name.to_owned(), now);
    Response::ok(format!("namespace/{name} created"))
}

/// `kubectl create secret generic` (`pkg/cmd/create/create_secret.go`): an Opaque Secret whose
/// `data` holds each literal in base64; an existing one is an error, `failed to create secret
/// secrets "NAME" already exists`.
fn create_secret(w: &mut World, namespace: Option<&str>, name: &str, literals: &[(String, String)]) -> Response {
    let ns = namespace.unwrap_or("default");
    if w.state.others.contains_key(&("Secret".to_owned(), ObjectKey::new(ns, name))) {
        return Response::err(ApiError::client(format!("failed to create secret secrets \"{name}\" already exists")));
    }
    let data: serde_json::Map<String, serde_json::Value> = literals.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(apiserver::base64::encode(v.as_bytes())))).collect();
    let manifest = serde_json::json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name, "namespace": ns}, "type": "Opaque", "data": data});
    apply(w, &manifest.to_string(), "kubectl create secret", Some(ns), FieldValidation::Strict)
}

/// A bulk insert through a pod's postgres ([`super::postgres::Postgres::insert`]): psql's
/// `INSERT 0 N`, or what psql prints when the server does not answer, with the exit code
/// kubectl reports.
fn insert(w: &mut World, namespace: &str, name: &str, rows: u64) -> Response {
    let Some(pod) = w.state.pods.get(&ObjectKey::new(namespace, name)) else { return Response::err(ApiError::not_found(Resource::Pods, name)) };
    if !matches!(pod.status.container, Some(ContainerState::Running { .. })) || !super::postgres::is_postgres(pod) {
        let container = pod.spec.containers.first().map(|c| c.name.clone()).unwrap_or_default();
        return Response::err(ApiError { message: format!("container not found ({container:?})"), kubectl: format!("error: unable to upgrade connection: container not found (\"{container}\")") });
    }
    let now = w.now();
    let pod = pod.clone();
    if super::kubelet::killed_by_write(w, &pod, rows) {
        return Response::err(ApiError { message: "command terminated with exit code 137".to_owned(), kubectl: "command terminated with exit code 137".to_owned() });
    }
    match w.db.insert(&pod, rows, now) {
        Ok(out) => {
            super::kubelet::recheck_probes(w, &pod.meta.key());
            Response { stdout: out, ..Response::default() }
        }
        Err(e) => Response::err(ApiError { kubectl: format!("{e}\ncommand terminated with exit code 2"), message: e }),
    }
}

/// The apiVersions the simulated server serves for each kind it knows.
fn served(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "StatefulSet" | "Deployment" | "DaemonSet" | "ReplicaSet" | "ControllerRevision" => &["apps/v1"],
        "Service" | "Pod" | "PersistentVolumeClaim" | "PersistentVolume" | "ConfigMap" | "Secret" | "Namespace" | "ServiceAccount" | "Endpoints" | "LimitRange" | "ResourceQuota" => &["v1"],
        "StorageClass" => &["storage.k8s.io/v1"],
        "PodDisruptionBudget" => &["policy/v1"],
        "Job" | "CronJob" => &["batch/v1"],
        "VolumeSnapshot" | "VolumeSnapshotContent" | "VolumeSnapshotClass" => &["snapshot.storage.k8s.io/v1"],
        "NetworkPolicy" | "Ingress" => &["networking.k8s.io/v1"],
        "Role" | "RoleBinding" | "ClusterRole" | "ClusterRoleBinding" => &["rbac.authorization.k8s.io/v1"],
        "HorizontalPodAutoscaler" => &["autoscaling/v2", "autoscaling/v1"],
        "EndpointSlice" => &["discovery.k8s.io/v1"],
        _ => return None,
    })
}

fn cluster_scoped(kind: &str) -> bool {
    matches!(kind, "Namespace" | "StorageClass" | "PersistentVolume" | "ClusterRole" | "ClusterRoleBinding" | "VolumeSnapshotContent" | "VolumeSnapshotClass")
}

fn apply(w: &mut World, manifest: &str, source: &str, namespace_flag: Option<&str>, validate: FieldValidation) -> Response {
    let parse = crate::yaml::parse(manifest);
    if let Some(err) = parse.errors.first() {
        let message = format!("error converting YAML to JSON: yaml: line {}: {}", err.line, err.message);
        return Response::err(ApiError { kubectl: format!("error: error parsing {source}: {message}"), message });
    }
    let mut response = Response::default();
    let documents: Vec<(&crate::yaml::Document, Value)> =
        parse.documents.iter().filter_map(|d| d.root.as_ref().map(|r| (d, r.to_json()))).filter(|(_, v)| !v.is_null()).collect();
    if documents.is_empty() {
        return Response::err(ApiError::client("no objects passed to apply".to_owned()));
    }
    for (document, mut doc) in documents {
        let kind = doc.get("kind").and_then(Value::as_str).unwrap_or("").to_owned();
        let api_version = doc.get("apiVersion").and_then(Value::as_str).unwrap_or("").to_owned();
        if kind.is_empty() || api_version.is_empty() {
            let mut missing = Vec::new();
            if api_version.is_empty() {
                missing.push("apiVersion not set");
            }
            if kind.is_empty() {
                missing.push("kind not set");
            }
            let message = format!("error validating data: [{}]", missing.join(", "));
            response.errors.push(ApiError { kubectl: format!("error: error validating \"{source}\": {message}; if you choose to ignore these errors, turn validation off with --validate=false"), message });
            continue;
        }
        let name = doc.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_owned();
        match served(&kind) {
            Some(versions) if versions.contains(&api_version.as_str()) => {}
            _ => {
                let message = format!("resource mapping not found for name: \"{name}\" namespace: \"{}\" from \"{source}\": no matches for kind \"{kind}\" in version \"{api_version}\"", namespace_flag.unwrap_or(""));
                response.errors.push(ApiError { kubectl: format!("error: {message}\nensure CRDs are installed first"), message });
                continue;
            }
        }
        // The server decodes the body before anything else looks at it (the create handler,
        // then admission): unknown fields are refused, reported or dropped here.
        let unknown = unknown_fields(document);
        if !unknown.is_empty() {
            match validate {
                FieldValidation::Strict => {
                    let errors: Vec<String> = unknown.iter().map(|p| format!("unknown field \"{p}\"")).collect();
                    let version = api_version.rsplit('/').next().unwrap_or(&api_version);
                    let message = format!("{kind} in version \"{version}\" cannot be handled as a {kind}: strict decoding error: {}", errors.join(", "));
                    response.errors.push(ApiError::server("BadRequest", Some(format!("error when creating \"{source}\"")), message));
                    continue;
                }
                FieldValidation::Warn => {
                    for p in &unknown {
                        response.warnings.push(format!("Warning: unknown field \"{p}\""));
                        response.warning_offsets.push(response.stdout.len());
                    }
                }
                FieldValidation::Ignore => {}
            }
            for path in &unknown {
                drop_field(&mut doc, path.segments());
            }
        }
        let doc_ns = doc.pointer("/metadata/namespace").and_then(Value::as_str).map(str::to_owned);
        let namespace = if cluster_scoped(&kind) {
            String::new()
        } else {
            match (&doc_ns, namespace_flag) {
                (Some(d), Some(f)) if d != f => {
                    let message = format!("the namespace from the provided object \"{d}\" does not match the namespace \"{f}\". You must pass '--namespace={d}' to perform this operation.");
                    response.errors.push(ApiError { kubectl: format!("error: {message}"), message });
                    continue;
                }
                (Some(d), _) => d.clone(),
                (None, Some(f)) => f.to_owned(),
                (None, None) => "default".to_owned(),
            }
        };
        if !namespace.is_empty() {
            if let Some(meta) = doc.get_mut("metadata").and_then(Value::as_object_mut) {
                meta.insert("namespace".to_owned(), Value::String(namespace.clone()));
            }
            if !w.state.namespaces.contains_key(&namespace) {
                let exists = match kind.as_str() {
                    "StatefulSet" => w.state.statefulsets.contains_key(&ObjectKey::new(&namespace, &name)),
                    _ => false,
                };
                let verb = if exists { "applying patch" } else { "creating" };
                response.errors.push(ApiError::server("NotFound", Some(format!("error when {verb} \"{source}\"")), format!("namespaces \"{namespace}\" not found")));
                continue;
            }
        }
        let result = match kind.as_str() {
            "StatefulSet" => apply_statefulset(w, doc, &namespace),
            "Service" => apply_service(w, doc, &namespace),
            "PersistentVolumeClaim" => apply_claim(w, doc, &namespace),
            "Pod" => apply_pod(w, doc, &namespace),
            "Namespace" => Ok(apply_namespace(w, &name)),
            "StorageClass" => Ok(apply_storage_class(w, &doc, &name)),
            "PodDisruptionBudget" => disruption::apply(w, doc, &namespace).map_err(|(verb, e)| {
                (verb, match e {
                    disruption::PdbError::Decode(e) => ApplyError::Decode(e),
                    disruption::PdbError::Invalid(e) => ApplyError::Invalid(e),
                })
            }),
            "Secret" => decode_secret_data(&doc).map(|()| apply_other(w, doc, &kind, &api_version, &namespace, &name)),
            "Job" => super::job::apply(w, doc, &namespace).map_err(|(verb, e)| (verb, e.into())),
            "Deployment" => super::deployment::apply(w, doc, &namespace).map_err(|(verb, e)| (verb, e.into())),
            "ReplicaSet" => super::replicaset::apply(w, doc, &namespace).map_err(|(verb, e)| (verb, e.into())),
            "DaemonSet" => super::daemonset::apply(w, doc, &namespace).map_err(|(verb, e)| (verb, e.into())),
            "VolumeSnapshot" => Ok(super::snapshot::apply(w, doc, &namespace)),
            "VolumeSnapshotClass" => Ok(super::snapshot::apply_class(w, &doc, &name)),
            "CronJob" => super::cronjob::apply(w, doc, &namespace).map_err(|(verb, e)| {
                (verb, match e {
                    super::cronjob::CronJobError::Decode(e) => ApplyError::Decode(e),
                    super::cronjob::CronJobError::Invalid(e) => ApplyError::Invalid(e),
                    super::cronjob::CronJobError::Zone(message) => ApplyError::Simulator(message),
                })
            }),
            _ => Ok(apply_other(w, doc, &kind, &api_version, &namespace, &name)),
        };
        match result {
            Ok(line) => {
                response.stdout.push_str(&line);
                response.stdout.push('\n');
            }
            Err((verb, e)) => response.errors.push(e.into_api(Some(format!("error when {verb} \"{source}\"")))),
        }
    }
    response
}

/// The fields of `document` that its kind's schema does not know, in the order the server's
/// strict decoder meets them. kubectl sends the object as JSON encoded from a map, so keys come
/// in byte order (Go's `encoding/json` sorts map keys), depth first. Duplicate keys never reach
/// the server: kubectl's YAML-to-JSON conversion keeps the last one, as `to_json` does.
fn unknown_fields(document: &crate::yaml::Document) -> Vec<StrictPath> {
    let mut paths: Vec<StrictPath> = crate::schema::validate(document)
        .into_iter()
        .filter(|i| matches!(i.kind, crate::schema::SchemaIssueKind::UnknownField { .. }))
        .map(|i| StrictPath(i.path.segments().to_vec()))
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// A field path as the strict decoder (`sigs.k8s.io/json`) prints it: `spec.bogusField`,
/// `spec.template.spec.containers[0].imagePullPolcy`. Ordered as the decoder meets the fields.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct StrictPath(Vec<crate::yaml::Segment>);

impl StrictPath {
    fn segments(&self) -> &[crate::yaml::Segment] {
        &self.0
    }
}

impl std::fmt::Display for StrictPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                crate::yaml::Segment::Key(k) if i == 0 => f.write_str(k)?,
                crate::yaml::Segment::Key(k) => write!(f, ".{k}")?,
                crate::yaml::Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// Removes the field at `path` from the JSON form (what the server's decoder does with an
/// unknown field under `--validate=warn` or `ignore`).
fn drop_field(doc: &mut Value, path: &[crate::yaml::Segment]) {
    let Some((last, parent)) = path.split_last() else { return };
    let mut at = doc;
    for seg in parent {
        let next = match seg {
            crate::yaml::Segment::Key(k) => at.get_mut(k.as_str()),
            crate::yaml::Segment::Index(i) => at.get_mut(*i),
        };
        match next {
            Some(v) => at = v,
            None => return,
        }
    }
    if let (crate::yaml::Segment::Key(k), Some(map)) = (last, at.as_object_mut()) {
        map.remove(k.as_str());
    }
}

enum ApplyError {
    Invalid(InvalidError),
    Decode(apiserver::DecodeError),
    /// Refused by an admission plugin (HTTP 403).
    Forbidden(String),
    /// Something the simulator cannot play, said in its own words (not the server's).
    Simulator(String),
}

impl ApplyError {
    /// The server's answer, with kubectl's context (`error when creating "x.yaml"`) if any.
    fn into_api(self, context: Option<String>) -> ApiError {
        match self {
            ApplyError::Invalid(e) => ApiError::invalid(&e, context),
            ApplyError::Decode(e) => ApiError::server("BadRequest", context, e.to_string()),
            ApplyError::Forbidden(message) => ApiError::server("Forbidden", context, message),
            ApplyError::Simulator(message) => ApiError { kubectl: format!("error: {message}"), message },
        }
    }
}

/// A Secret's `data` values are `[]byte`: the server's decoder refuses text that is not
/// base64 before anything else looks at the object.
fn decode_secret_data(doc: &Value) -> Result<(), (&'static str, ApplyError)> {
    let Some(data) = doc.get("data").and_then(Value::as_object) else { return Ok(()) };
    for value in data.values() {
        if let Some(at) = value.as_str().and_then(apiserver::base64::illegal_byte) {
            let message = format!("illegal base64 data at input byte {at}");
            return Err(("creating", ApplyError::Decode(apiserver::DecodeError { kind: "Secret".into(), version: "v1".into(), message })));
        }
    }
    Ok(())
}

type ApplyResult = Result<String, (&'static str, ApplyError)>;

/// `kubectl.kubernetes.io/last-applied-configuration`: the manifest as applied.
fn last_applied(doc: &Value) -> String {
    let mut d = doc.clone();
    if let Some(ann) = d.pointer_mut("/metadata/annotations").and_then(Value::as_object_mut) {
        ann.remove("kubectl.kubernetes.io/last-applied-configuration");
        if ann.is_empty() {
            if let Some(m) = d.get_mut("metadata").and_then(Value::as_object_mut) {
                m.remove("annotations");
            }
        }
    }
    format!("{}\n", serde_json::to_string(&d).unwrap_or_default())
}

fn with_annotation(doc: &mut Value, value: String) {
    if let Some(meta) = doc.get_mut("metadata").and_then(Value::as_object_mut) {
        let ann = meta.entry("annotations").or_insert_with(|| json!({}));
        if let Value::Object(a) = ann {
            a.insert("kubectl.kubernetes.io/last-applied-configuration".to_owned(), Value::String(value));
        }
    }
}

/// The user-facing JSON of a stored StatefulSet (metadata the user controls, and the spec).
fn statefulset_json(s: &StatefulSet) -> Value {
    json!({
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": s.meta.name, "namespace": s.meta.namespace, "labels": s.meta.labels, "annotations": s.meta.annotations},
        "spec": serde_json::to_value(&s.spec).unwrap_or(Value::Null),
    })
}

/// A stored StatefulSet as a manifest to apply again (JSON, which is YAML too): its name,
/// namespace, labels, annotations (without kubectl's last-applied copy) and its spec. For the
/// real-world way to change a field that cannot be changed: delete with `--cascade=orphan`,
/// edit, apply; the new set adopts the orphans.
pub fn statefulset_manifest(s: &StatefulSet) -> String {
    let mut value = statefulset_json(s);
    if let Some(annotations) = value.pointer_mut("/metadata/annotations").and_then(Value::as_object_mut) {
        annotations.remove("kubectl.kubernetes.io/last-applied-configuration");
    }
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

fn apply_statefulset(w: &mut World, mut doc: Value, namespace: &str) -> ApplyResult {
    let name = doc.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_owned();
    let key = ObjectKey::new(namespace, &name);
    let applied = last_applied(&doc);
    with_annotation(&mut doc, applied.clone());
    let opts = w.cfg.api;
    let Some(existing) = w.state.statefulsets.get(&key).cloned() else {
        let mut sts = apiserver::decode_statefulset(&doc).map_err(|e| ("creating", ApplyError::Decode(e)))?;
        defaults::statefulset(&mut sts, &opts);
        apiserver::prepare_statefulset_create(&mut sts, &opts);
        let mut errors = Vec::new();
        validate::statefulset::statefulset(&sts, &opts, &mut errors);
        if !errors.is_empty() {
            return Err(("creating", ApplyError::Invalid(InvalidError::new("StatefulSet", &name, errors))));
        }
        create_statefulset(w, sts);
        return Ok(format!("statefulset.apps/{name} created"));
    };
    let live = statefulset_json(&existing);
    let previous: Option<Value> = existing.meta.annotations.get("kubectl.kubernetes.io/last-applied-configuration").and_then(|s| serde_json::from_str(s).ok());
    let merged = json::three_way(&live, previous.as_ref(), &doc);
    store_statefulset_update(w, &existing, &merged, "applying patch").map(|changed| {
        if changed {
            format!("statefulset.apps/{name} configured")
        } else {
            format!("statefulset.apps/{name} unchanged")
        }
    })
}

fn create_statefulset(w: &mut World, sts: K8sStatefulSet) {
    let name = sts.metadata.name.clone().unwrap_or_default();
    let namespace = sts.metadata.namespace.clone().unwrap_or_default();
    let mut meta = w.new_meta(&namespace, &name);
    meta.labels = sts.metadata.labels.clone().unwrap_or_default();
    meta.annotations = sts.metadata.annotations.clone().unwrap_or_default();
    meta.generation = 1;
    let set = StatefulSet { meta, spec: sts.spec.unwrap_or_default(), status: StatefulSetStatus::default() };
    w.put_statefulset(set, true);
}

/// Decodes, defaults, prepares and validates an update; stores it. Returns whether anything
/// changed.
fn store_statefulset_update(w: &mut World, existing: &StatefulSet, merged: &Value, verb: &'static str) -> Result<bool, (&'static str, ApplyError)> {
    let opts = w.cfg.api;
    let mut new = apiserver::decode_statefulset(merged).map_err(|e| (verb, ApplyError::Decode(e)))?;
    defaults::statefulset(&mut new, &opts);
    let mut old = K8sStatefulSet { metadata: Default::default(), spec: Some(existing.spec.clone()), status: None };
    old.metadata.generation = Some(existing.meta.generation);
    apiserver::prepare_statefulset_update(&mut new, &old, &opts);
    let mut errors = Vec::new();
    validate::statefulset::statefulset_update(&old, &new, &opts, &mut errors);
    if !errors.is_empty() {
        return Err((verb, ApplyError::Invalid(InvalidError::new("StatefulSet", &existing.meta.name, errors))));
    }
    let spec = new.spec.unwrap_or_default();
    let labels = new.metadata.labels.unwrap_or_default();
    let annotations = new.metadata.annotations.unwrap_or_default();
    let generation = new.metadata.generation.unwrap_or(existing.meta.generation);
    if spec == existing.spec && labels == existing.meta.labels && annotations == existing.meta.annotations {
        return Ok(false);
    }
    let key = existing.meta.key();
    let (from, to) = (existing.spec.replicas.unwrap_or(1), spec.replicas.unwrap_or(1));
    if from != to {
        w.scalings.push((key.clone(), from, to));
    }
    w.update_set(&key, |s| {
        s.spec = spec;
        s.meta.labels = labels;
        s.meta.annotations = annotations;
        s.meta.generation = generation;
    });
    Ok(true)
}

fn update_statefulset(w: &mut World, namespace: &str, name: &str, what: &str, edit: impl FnOnce(&mut Value) -> Result<(), ApiError>) -> Response {
    let key = ObjectKey::new(namespace, name);
    let Some(existing) = w.state.statefulsets.get(&key).cloned() else {
        return Response::err(ApiError::not_found(Resource::StatefulSets, name));
    };
    let mut value = statefulset_json(&existing);
    if let Err(e) = edit(&mut value) {
        return Response::err(e);
    }
    match store_statefulset_update(w, &existing, &value, "patching") {
        Ok(true) => Response::ok(format!("statefulset.apps/{name} {what}")),
        Ok(false) if what == "patched" => Response::ok(format!("statefulset.apps/{name} patched (no change)")),
        Ok(false) => Response::ok(format!("statefulset.apps/{name} {what}")),
        Err((_, e)) => Response::err(e.into_api(None)),
    }
}

fn service_json(s: &Service) -> Value {
    json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": s.meta.name, "namespace": s.meta.namespace, "labels": s.meta.labels, "annotations": s.meta.annotations},
        "spec": serde_json::to_value(&s.spec).unwrap_or(Value::Null),
    })
}

/// Allocates what the service registry allocates: a cluster IP (unless headless), and the
/// IP family fields.
fn allocate_service_fields(w: &mut World, svc: &mut K8sService) {
    let spec = svc.spec.get_or_insert_with(Default::default);
    if spec.type_.as_deref() == Some("ExternalName") {
        return;
    }
    if spec.cluster_ip.as_deref().unwrap_or("").is_empty() {
        let used: Vec<String> = w.state.services.values().filter_map(|s| s.spec.cluster_ip.clone()).collect();
        let ip = loop {
            let candidate = format!("10.96.{}.{}", w.rng.between(0, 255), w.rng.between(2, 254));
            if candidate != "10.96.0.10" && !used.contains(&candidate) {
                break candidate;
            }
        };
        spec.cluster_ip = Some(ip);
    }
    spec.cluster_ips = spec.cluster_ip.clone().map(|ip| vec![ip]);
    spec.ip_families.get_or_insert_with(|| vec!["IPv4".to_owned()]);
    spec.ip_family_policy.get_or_insert_with(|| "SingleStack".to_owned());
    if matches!(spec.type_.as_deref(), Some("NodePort" | "LoadBalancer")) {
        // the node-port allocator: each port gets a free one of the default range 30000-32767
        let mut used: Vec<i32> = w.state.services.values().flat_map(|s| s.spec.ports.iter().flatten().filter_map(|p| p.node_port)).collect();
        for port in spec.ports.iter_mut().flatten() {
            if port.node_port.is_none() {
                let free = loop {
                    let candidate = 30000 + w.rng.between(0, 2767) as i32;
                    if !used.contains(&candidate) {
                        break candidate;
                    }
                };
                used.push(free);
                port.node_port = Some(free);
            }
        }
    }
}

fn apply_service(w: &mut World, mut doc: Value, namespace: &str) -> ApplyResult {
    let name = doc.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_owned();
    let key = ObjectKey::new(namespace, &name);
    let applied = last_applied(&doc);
    with_annotation(&mut doc, applied);
    let existing = w.state.services.get(&key).cloned();
    let verb = if existing.is_some() { "applying patch" } else { "creating" };
    let merged = match &existing {
        Some(live) => {
            let previous: Option<Value> = live.meta.annotations.get("kubectl.kubernetes.io/last-applied-configuration").and_then(|s| serde_json::from_str(s).ok());
            json::three_way(&service_json(live), previous.as_ref(), &doc)
        }
        None => doc,
    };
    store_service(w, &merged, existing.as_ref(), verb).map(|changed| match (existing.is_some(), changed) {
        (false, _) => format!("service/{name} created"),
        (true, true) => format!("service/{name} configured"),
        (true, false) => format!("service/{name} unchanged"),
    })
}

fn store_service(w: &mut World, value: &Value, existing: Option<&Service>, verb: &'static str) -> Result<bool, (&'static str, ApplyError)> {
    let mut svc = apiserver::decode_service(value).map_err(|e| (verb, ApplyError::Decode(e)))?;
    defaults::service(&mut svc);
    let name = svc.metadata.name.clone().unwrap_or_default();
    let mut errors = Vec::new();
    match existing {
        Some(old) => {
            let spec = svc.spec.get_or_insert_with(Default::default);
            if spec.cluster_ip.as_deref().unwrap_or("").is_empty() {
                spec.cluster_ip = old.spec.cluster_ip.clone();
            }
            // a port keeps its node port across updates (the server carries it over)
            for port in spec.ports.iter_mut().flatten().filter(|p| p.node_port.is_none()) {
                let same = |p: &&k8s_openapi::api::core::v1::ServicePort| p.port == port.port && p.protocol == port.protocol;
                port.node_port = old.spec.ports.iter().flatten().find(same).and_then(|p| p.node_port);
            }
            let old_k8s = K8sService { metadata: Default::default(), spec: Some(old.spec.clone()), status: None };
            validate::service::service_update(&old_k8s, &svc, &mut errors);
        }
        None => validate::service::service(&svc, &mut errors),
    }
    if !errors.is_empty() {
        return Err((verb, ApplyError::Invalid(InvalidError::new("Service", &name, errors))));
    }
    allocate_service_fields(w, &mut svc);
    let namespace = svc.metadata.namespace.clone().unwrap_or_default();
    let key = ObjectKey::new(&namespace, &name);
    let spec = svc.spec.clone().unwrap_or_default();
    let labels = svc.metadata.labels.clone().unwrap_or_default();
    let annotations = svc.metadata.annotations.clone().unwrap_or_default();
    if let Some(old) = existing {
        if old.spec == spec && old.meta.labels == labels && old.meta.annotations == annotations {
            return Ok(false);
        }
        let rv = w.next_rv();
        if let Some(s) = w.state.services.get_mut(&key) {
            s.spec = spec;
            s.meta.labels = labels;
            s.meta.annotations = annotations;
            s.meta.resource_version = rv;
        }
    } else {
        let mut meta = w.new_meta(&namespace, &name);
        meta.labels = labels;
        meta.annotations = annotations;
        w.state.services.insert(key.clone(), Service { meta, spec });
    }
    w.touch();
    endpoints::service_changed(w, &key);
    Ok(true)
}

fn patch_service(w: &mut World, namespace: &str, name: &str, patch: &Value) -> Response {
    let key = ObjectKey::new(namespace, name);
    let Some(existing) = w.state.services.get(&key).cloned() else {
        return Response::err(ApiError::not_found(Resource::Services, name));
    };
    let mut value = service_json(&existing);
    json::merge_patch(&mut value, patch);
    match store_service(w, &value, Some(&existing), "patching") {
        Ok(true) => Response::ok(format!("service/{name} patched")),
        Ok(false) => Response::ok(format!("service/{name} patched (no change)")),
        Err((_, e)) => Response::err(e.into_api(None)),
    }
}

fn apply_claim(w: &mut World, doc: Value, namespace: &str) -> ApplyResult {
    let name = doc.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_owned();
    let key = ObjectKey::new(namespace, &name);
    let object = apiserver::decode_pvc(&doc).map_err(|e| ("creating", ApplyError::Decode(e)))?;
    if let Some(existing) = w.state.claims.get(&key) {
        let mut new_spec = object.spec.clone().unwrap_or_default();
        if new_spec.storage_class_name.is_none() {
            new_spec.storage_class_name = existing.spec.storage_class_name.clone();
        }
        new_spec.volume_mode.get_or_insert_with(|| "Filesystem".to_owned());
        if new_spec == existing.spec {
            return Ok(format!("persistentvolumeclaim/{name} unchanged"));
        }
        return resize_claim(w, &key, existing.clone(), new_spec);
    }
    let claim = storage::admit_claim(w, object).map_err(|e| ("creating", ApplyError::Invalid(e)))?;
    w.create_claim(claim, Actor::User);
    Ok(format!("persistentvolumeclaim/{name} created"))
}

/// A change to a stored claim (ValidatePersistentVolumeClaimUpdate, then the
/// PersistentVolumeClaimResize admission plugin): only a bound claim's storage request may
/// change, never below its capacity, and only up when its StorageClass allows expansion. The
/// simulator's resizer and kubelet then finish at once (no `FileSystemResizePending` wait).
fn resize_claim(w: &mut World, key: &ObjectKey, existing: Claim, new_spec: PersistentVolumeClaimSpec) -> ApplyResult {
    let name = &key.name;
    let storage = |spec: &PersistentVolumeClaimSpec| spec.resources.as_ref().and_then(|r| r.requests.as_ref()).and_then(|r| r.get("storage")).map(|q| q.0.clone());
    let mut others_same = new_spec.clone();
    others_same.resources = existing.spec.resources.clone();
    let forbidden = |path: &str, detail: &str| {
        let e = InvalidError::new("PersistentVolumeClaim", name, vec![apiserver::FieldError::forbidden(path, detail)]);
        Err(("applying patch", ApplyError::Invalid(e)))
    };
    let immutable = || forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims");
    if others_same != existing.spec || existing.phase != ClaimPhase::Bound {
        return immutable();
    }
    let (Some(old), Some(new)) = (storage(&existing.spec), storage(&new_spec)) else { return immutable() };
    let capacity = existing.capacity.clone().unwrap_or_else(|| old.clone());
    let (Some(new_bytes), Some(capacity_bytes)) = (apiserver::quantity::parse(&new), apiserver::quantity::parse(&capacity)) else { return immutable() };
    if new_bytes < capacity_bytes {
        return forbidden("spec.resources.requests.storage", "field can not be less than status.capacity");
    }
    let expandable = existing.spec.storage_class_name.as_ref().and_then(|c| w.state.storage_classes.get(c)).is_some_and(|c| c.allow_expansion);
    if !expandable {
        return Err((
            "applying patch",
            ApplyError::Forbidden(format!(
                "persistentvolumeclaims \"{name}\" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize"
            )),
        ));
    }
    let grows = new_bytes > capacity_bytes;
    let volume = existing.volume.clone();
    let provisioner = existing.spec.storage_class_name.as_ref().and_then(|c| w.state.storage_classes.get(c)).map(|c| c.provisioner.clone()).unwrap_or_default();
    let resizer = has_resizer(&provisioner);
    w.update_claim(key, Actor::User, |c| c.spec = new_spec);
    if let (true, Some(volume)) = (grows, volume) {
        expand(w, key, &existing.meta.uid, &volume, &provisioner, resizer, &new);
    }
    Ok(format!("persistentvolumeclaim/{name} configured"))
}

/// Whether a provisioner's volumes can be expanded by a resizer: CSI drivers run the
/// external-resizer beside their provisioner; kind's `rancher.io/local-path` (a folder on the
/// node) and static volumes (`kubernetes.io/no-provisioner`) have none.
pub fn has_resizer(provisioner: &str) -> bool {
    !provisioner.is_empty() && provisioner != "rancher.io/local-path" && provisioner != "kubernetes.io/no-provisioner"
}

/// The expansion of a bound claim's volume, with the events of the components that do it:
/// the expand controller hands a CSI volume over (`ExternalExpanding`, a Warning, as v1.35's
/// `expand_controller.go` records it when no in-tree plugin matches), the external-resizer
/// grows the volume (`Resizing`, `FileSystemResizeRequired`: `pkg/controller/controller.go`),
/// and the kubelet grows the file system of a mounted volume (`FileSystemResizeSuccessful` on
/// the pod and the claim: `node_expander.go`). Without a resizer nothing happens after the
/// first event: the claim keeps its capacity. The model does it all at once, and grows an
/// unmounted volume's file system too (no `FileSystemResizePending` wait).
fn expand(w: &mut World, key: &ObjectKey, uid: &str, volume: &str, provisioner: &str, resizer: bool, size: &str) {
    let (ns, name) = (key.namespace.clone(), key.name.clone());
    w.record(&ns, "PersistentVolumeClaim", &name, uid, EventType::Warning, "ExternalExpanding", "waiting for an external controller to expand this PVC".to_owned(), "volume_expand");
    if !resizer {
        return;
    }
    let source = format!("external-resizer {provisioner}");
    w.record(&ns, "PersistentVolumeClaim", &name, uid, EventType::Normal, "Resizing", format!("External resizer is resizing volume {volume}"), &source);
    if let Some(v) = w.state.volumes.get_mut(volume) {
        v.capacity = size.to_owned();
    }
    w.touch();
    w.record(&ns, "PersistentVolumeClaim", &name, uid, EventType::Normal, "FileSystemResizeRequired", "Require file system resize of volume on node".to_owned(), &source);
    let user = w.state.pods.values().find(|p| p.meta.namespace == ns && p.claim_names().contains(&name) && matches!(p.status.container, Some(ContainerState::Running { .. })));
    if let Some(pod) = user {
        let message = format!("MountVolume.NodeExpandVolume succeeded for volume \"{volume}\" {}", pod.status.node.clone().unwrap_or_default());
        let (pod_name, pod_uid) = (pod.meta.name.clone(), pod.meta.uid.clone());
        w.record(&ns, "Pod", &pod_name, &pod_uid, EventType::Normal, "FileSystemResizeSuccessful", message.clone(), "kubelet");
        w.record(&ns, "PersistentVolumeClaim", &name, uid, EventType::Normal, "FileSystemResizeSuccessful", message, "kubelet");
    }
    let size = size.to_owned();
    w.update_claim(key, Actor::User, |c| c.capacity = Some(size));
}

/// What would let a claim grow, when it cannot: for the simulator's remark after a refused or
/// stuck resize (the API server's own message does not say).
pub fn resize_hint(state: &ClusterState, namespace: &str, claim: &str) -> Option<String> {
    let c = state.claims.get(&ObjectKey::new(namespace, claim))?;
    let Some(class) = c.spec.storage_class_name.as_ref().and_then(|n| state.storage_classes.get(n)) else {
        return Some(format!("Claim {claim} has no StorageClass: only a dynamically provisioned claim can grow. A claim of a class with allowVolumeExpansion: true, whose provisioner has a resizer (a CSI driver such as ebs.csi.aws.com), can."));
    };
    if !class.allow_expansion {
        return Some(format!(
            "StorageClass {} does not set allowVolumeExpansion: true, so its claims cannot grow. Setting it on the class (the one field of a StorageClass that may change) lets them, if the provisioner has a resizer: {} {}.",
            class.name,
            class.provisioner,
            if has_resizer(&class.provisioner) { "has one" } else { "has none, so use a class of a CSI driver that has one" }
        ));
    }
    (!has_resizer(&class.provisioner) && c.capacity.as_deref() != c.spec.resources.as_ref().and_then(|r| r.requests.as_ref()).and_then(|r| r.get("storage")).map(|q| q.0.as_str())).then(|| {
        format!("StorageClass {} allows expansion, but its provisioner {} has no resizer: the claim waits for one forever (ExternalExpanding). A class of a CSI driver with a resizer lets it grow.", class.name, class.provisioner)
    })
}

/// `kubectl patch pvc`: the claim's spec with the patch merged in, then the same rules as an
/// apply (only the storage request of a bound claim may change). Changes to the claim's
/// metadata are not simulated.
fn patch_claim(w: &mut World, namespace: &str, name: &str, patch: &Value) -> Response {
    let key = ObjectKey::new(namespace, name);
    let Some(existing) = w.state.claims.get(&key).cloned() else {
        return Response::err(ApiError::not_found(Resource::Claims, name));
    };
    let mut value = json!({
        "apiVersion": "v1", "kind": "PersistentVolumeClaim",
        "metadata": {"name": name, "namespace": namespace},
        "spec": serde_json::to_value(&existing.spec).unwrap_or(Value::Null),
    });
    json::merge_patch(&mut value, patch);
    let new_spec = match apiserver::decode_pvc(&value) {
        Ok(claim) => claim.spec.unwrap_or_default(),
        Err(e) => return Response::err(ApplyError::Decode(e).into_api(None)),
    };
    if new_spec == existing.spec {
        return Response::ok(format!("persistentvolumeclaim/{name} patched (no change)"));
    }
    match resize_claim(w, &key, existing, new_spec) {
        Ok(_) => Response::ok(format!("persistentvolumeclaim/{name} patched")),
        Err((_, e)) => Response::err(e.into_api(None)),
    }
}

impl From<super::workload::WorkloadError> for ApplyError {
    fn from(e: super::workload::WorkloadError) -> ApplyError {
        match e {
            super::workload::WorkloadError::Decode(e) => ApplyError::Decode(e),
            super::workload::WorkloadError::Invalid(e) => ApplyError::Invalid(e),
        }
    }
}

fn apply_pod(w: &mut World, doc: Value, namespace: &str) -> ApplyResult {
    let name = doc.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_owned();
    let key = ObjectKey::new(namespace, &name);
    if w.state.pods.contains_key(&key) {
        return Ok(format!("pod/{name} unchanged"));
    }
    let pod = apiserver::decode_pod(&doc).map_err(|e| ("creating", ApplyError::Decode(e)))?;
    let errors = apiserver::validate_pod(&pod);
    if !errors.is_empty() {
        return Err(("creating", ApplyError::Invalid(InvalidError::new("Pod", &name, errors))));
    }
    let mut meta = w.new_meta(namespace, &name);
    meta.labels = pod.metadata.labels.unwrap_or_default();
    meta.annotations = pod.metadata.annotations.unwrap_or_default();
    let mut spec = pod.spec.unwrap_or_default();
    super::admission::admit_pod(w, &mut meta, &mut spec);
    let status = kubelet::initial_status(w.now());
    w.create_pod(Pod { meta, spec, status, parent_ordinal: None, derived: Default::default() }, Actor::User);
    Ok(format!("pod/{name} created"))
}

fn apply_namespace(w: &mut World, name: &str) -> String {
    if w.state.namespaces.contains_key(name) {
        return format!("namespace/{name} unchanged");
    }
    let now = w.now();
    w.state.namespaces.insert(name.to_owned(), now);
    format!("namespace/{name} created")
}

fn apply_storage_class(w: &mut World, doc: &Value, name: &str) -> String {
    let get = |p: &str| doc.pointer(p).and_then(Value::as_str).map(str::to_owned);
    let class = StorageClass {
        name: name.to_owned(),
        provisioner: get("/provisioner").unwrap_or_default(),
        binding_mode: get("/volumeBindingMode").unwrap_or_else(|| "Immediate".to_owned()),
        reclaim_policy: get("/reclaimPolicy").unwrap_or_else(|| "Delete".to_owned()),
        is_default: doc.pointer("/metadata/annotations/storageclass.kubernetes.io~1is-default-class").and_then(Value::as_str) == Some("true"),
        allow_expansion: doc.pointer("/allowVolumeExpansion").and_then(Value::as_bool).unwrap_or(false),
        created: w.now(),
    };
    let existed = w.state.storage_classes.insert(name.to_owned(), class.clone());
    let pending: Vec<ObjectKey> = w.state.claims.iter().filter(|(_, c)| c.phase == ClaimPhase::Pending).map(|(k, _)| k.clone()).collect();
    if class.is_default {
        // Retroactive default StorageClass assignment (GA in v1.28): pending claims that name
        // no class get the new default.
        for key in &pending {
            if w.state.claims.get(key).is_some_and(|c| c.spec.storage_class_name.is_none()) {
                let class_name = name.to_owned();
                w.update_claim(key, Actor::VolumeController, |c| c.spec.storage_class_name = Some(class_name));
            }
        }
    }
    w.claim_queue.extend(pending);
    w.touch();
    match existed {
        None => format!("storageclass.storage.k8s.io/{name} created"),
        Some(old) if old == class => format!("storageclass.storage.k8s.io/{name} unchanged"),
        Some(_) => format!("storageclass.storage.k8s.io/{name} configured"),
    }
}

fn apply_other(w: &mut World, doc: Value, kind: &str, api_version: &str, namespace: &str, name: &str) -> String {
    let group = api_version.split_once('/').map(|(g, _)| format!(".{g}")).unwrap_or_default();
    let resource = format!("{}{group}/{name}", kind.to_lowercase());
    let key = (kind.to_owned(), ObjectKey::new(namespace, name));
    if let Some(existing) = w.state.others.get(&key) {
        if existing.body == doc {
            return format!("{resource} unchanged");
        }
        if let Some(o) = w.state.others.get_mut(&key) {
            o.body = doc;
        }
        return format!("{resource} configured");
    }
    let meta = w.new_meta(namespace, name);
    w.state.others.insert(key, OtherObject { api_version: api_version.to_owned(), kind: kind.to_owned(), meta, body: doc });
    w.touch();
    format!("{resource} created")
}

/// kubectl delete's warning for `--grace-period=0 --force` (`DeleteOptions.RunDelete`, printed
/// whatever the outcome).
fn force_warning(mut r: Response, grace_period_s: Option<i64>) -> Response {
    if grace_period_s == Some(0) {
        r.warnings.push("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.".to_owned());
    }
    r
}

/// kubectl's word for a deletion of a namespaced object (`DeleteOptions.PrintObj`, v1.34+):
/// `deleted from default namespace`, `force deleted from …` with `--grace-period=0`.
pub fn deleted(namespace: &str, grace_period_s: Option<i64>) -> String {
    let operation = if grace_period_s == Some(0) { "force deleted" } else { "deleted" };
    format!("{operation} from {namespace} namespace")
}

/// The warning `kubectl delete --force` prints on stderr first (`pkg/cmd/delete/delete.go ::
/// RunDelete`, through the WarningPrinter: `Warning: ` + the message). The parser gives a
/// grace period of 0 only to a forced deletion (`--grace-period=0` alone becomes 1).
pub const FORCE_DELETE_WARNING: &str =
    "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.";

fn with_force_warning(grace_period_s: Option<i64>, mut r: Response) -> Response {
    if grace_period_s == Some(0) {
        r.warnings.insert(0, FORCE_DELETE_WARNING.to_owned());
    }
    r
}

/// After a force delete of a pod on a node that does not answer (disruptions.md §9.2 F2).
pub fn two_copies_remark(pod: &str, node: &str) -> String {
    format!(
        "Only the API object is gone: {node} does not answer, so nothing confirmed that {pod}'s containers stopped, and they may still run there. \
         The StatefulSet controller now creates a new {pod}, so two copies of this identity may run at once, both believing they are {pod} \
         (for a database, two writers). Force-delete only a pod whose node you know is off, or fence it first (the out-of-service taint says so to the cluster)."
    )
}

fn delete(w: &mut World, resource: Resource, namespace: &str, name: &str, cascade: Cascade, grace_period_s: Option<i64>) -> Response {
    let key = ObjectKey::new(namespace, name);
    match resource {
        Resource::Nodes => {
            if nodes::delete(w, name).is_err() {
                return Response::err(ApiError::not_found(resource, name));
            }
            let operation = if grace_period_s == Some(0) { "force deleted" } else { "deleted" };
            Response::ok(format!("node \"{name}\" {operation}"))
        }
        Resource::Pods => {
            // a force delete of a pod whose kubelet does not answer: its containers may run on
            let unconfirmed = w.state.pods.get(&key).and_then(|p| p.status.node.clone()).filter(|n| grace_period_s == Some(0) && !nodes::up(w, n));
            if !w.delete_pod(&key, Actor::User, grace_period_s) {
                return Response::err(ApiError::not_found(resource, name));
            }
            let mut r = Response::ok(format!("pod \"{name}\" {}", deleted(namespace, grace_period_s)));
            if let Some(node) = unconfirmed {
                r.remarks.push(two_copies_remark(name, &node));
            }
            r
        }
        Resource::StatefulSets => {
            if !w.state.statefulsets.contains_key(&key) {
                return Response::err(ApiError::not_found(resource, name));
            }
            match cascade {
                Cascade::Background => w.remove_statefulset(&key),
                Cascade::Orphan | Cascade::Foreground => {
                    let now = w.now();
                    let finalizer = if cascade == Cascade::Orphan { "orphan" } else { "foregroundDeletion" };
                    w.update_set(&key, |s| {
                        s.meta.deletion = Some(now);
                        s.meta.finalizers.push(finalizer.to_owned());
                    });
                    w.gc_queue.push_back(if cascade == Cascade::Orphan { GcTask::Orphan { set: key.clone() } } else { GcTask::Foreground { set: key.clone() } });
                }
            }
            Response::ok(format!("statefulset.apps \"{name}\" {}", deleted(namespace, grace_period_s)))
        }
        Resource::Services => {
            if w.state.services.remove(&key).is_none() {
                return Response::err(ApiError::not_found(resource, name));
            }
            w.state.endpoint_slices.remove(&key);
            w.touch();
            Response::ok(format!("service \"{name}\" {}", deleted(namespace, grace_period_s)))
        }
        Resource::Claims => {
            if !w.delete_claim(&key, Actor::User) {
                return Response::err(ApiError::not_found(resource, name));
            }
            Response::ok(format!("persistentvolumeclaim \"{name}\" {}", deleted(namespace, grace_period_s)))
        }
        Resource::PodDisruptionBudgets => {
            if !disruption::delete(w, &key) {
                return Response::err(ApiError::not_found(resource, name));
            }
            Response::ok(format!("poddisruptionbudget.policy \"{name}\" {}", deleted(namespace, grace_period_s)))
        }
        Resource::VolumeSnapshots => {
            if !super::snapshot::delete(w, &key) {
                return Response::err(ApiError::not_found(resource, name));
            }
            Response::ok(format!("volumesnapshot.snapshot.storage.k8s.io \"{name}\" {}", deleted(namespace, grace_period_s)))
        }
        Resource::CronJobs => {
            if !super::cronjob::delete(w, &key) {
                return Response::err(ApiError::not_found(resource, name));
            }
            Response::ok(format!("cronjob.batch \"{name}\" {}", deleted(namespace, grace_period_s)))
        }
        Resource::Deployments | Resource::ReplicaSets | Resource::DaemonSets => {
            let gone = match resource {
                Resource::Deployments => super::deployment::delete(w, &key),
                Resource::ReplicaSets => super::replicaset::delete(w, &key),
                _ => super::daemonset::delete(w, &key),
            };
            if !gone {
                return Response::err(ApiError::not_found(resource, name));
            }
            Response::ok(format!("{} \"{name}\" {}", resource.name_prefix(), deleted(namespace, grace_period_s)))
        }
        Resource::Jobs => {
            if !super::job::delete(w, &key) {
                return Response::err(ApiError::not_found(resource, name));
            }
            Response::ok(format!("job.batch \"{name}\" {}", deleted(namespace, grace_period_s)))
        }
        other => Response::err(ApiError::client(format!("the simulator deletes pods, statefulsets, services and persistentvolumeclaims, not {}", other.plural()))),
    }
}

/// `kubectl set image` on a pod spec: the image of one container (`*`: every one), init
/// containers too.
fn set_template_image(spec: &mut k8s_openapi::api::core::v1::PodSpec, container: &str, image: &str) -> Result<(), String> {
    let mut found = false;
    for c in spec.containers.iter_mut().chain(spec.init_containers.iter_mut().flatten()) {
        if container == "*" || c.name == container {
            c.image = Some(image.to_owned());
            found = true;
        }
    }
    if found {
        Ok(())
    } else {
        Err(format!("unable to find container named {container:?}"))
    }
}
