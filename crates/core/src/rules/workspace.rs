//! The cross-file model the rules run over: every input file parsed once, and every Kubernetes
//! object in them (items of a `kind: List` included) with its file, kind, name and namespace.

use super::util::{label_place, labels_of, selector_miss, LabelMap, Selector};
use super::Related;
use crate::schema::{self, SchemaIssue, SchemaIssueKind};
use crate::yaml::{self, Document, Node, Parse, Path, Segment, TextRange};
use std::sync::OnceLock;

/// An input file: a name to report and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The name shown in reports (a path on the command line, a tab name in the web app).
    pub name: String,
    /// The YAML text.
    pub text: String,
}

impl SourceFile {
    /// A file from a name and a text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile { name: name.into(), text: text.into() }
    }
}

/// One input file, parsed.
pub(crate) struct ParsedFile<'s> {
    pub text: &'s str,
    pub parse: Parse,
}

impl<'s> ParsedFile<'s> {
    pub fn new(file: &'s SourceFile) -> ParsedFile<'s> {
        ParsedFile { text: &file.text, parse: yaml::parse(&file.text) }
    }
}

/// A Kubernetes object found in the input.
pub(crate) struct Object<'a> {
    /// Index of the input file.
    pub file: usize,
    /// Index of the document in that file.
    pub doc: usize,
    /// Path of the object inside its document (`items[2]` inside a `List`, else empty).
    pub base: Path,
    /// The object's mapping.
    pub root: &'a Node,
    pub kind: &'a str,
    pub api_version: &'a str,
    pub name: Option<&'a str>,
    pub namespace: Option<&'a str>,
}

/// The pod template of a workload (or the spec of a bare Pod).
pub(crate) struct PodTemplate<'a> {
    /// Index of the owning object in [`Workspace::objects`].
    pub object: usize,
    /// The template's `metadata.labels`, if any.
    pub labels: Option<&'a Node>,
    /// The pod spec mapping.
    pub spec: &'a Node,
    /// Path of the pod spec (`spec.template.spec`).
    pub spec_path: Path,
    /// Path of the template's metadata (`spec.template.metadata`).
    pub meta_path: Path,
    /// The node holding the template (`spec.template`), for ranges when labels are absent.
    pub template: &'a Node,
}

/// A container of a pod template.
pub(crate) struct Container<'a> {
    pub node: &'a Node,
    pub path: Path,
    pub name: Option<&'a str>,
    pub init: bool,
}

impl<'a> Container<'a> {
    /// `container \`postgres\`` (or `container #1` when unnamed).
    pub fn label(&self) -> String {
        let what = if self.init { "init container" } else { "container" };
        match self.name {
            Some(n) => format!("{what} `{n}`"),
            None => format!("{what} at `{}`", self.path),
        }
    }

    /// The range to point at when something is missing from this container: its `name`
    /// value, else the whole item.
    pub fn anchor(&self) -> TextRange {
        self.node.get("name").map(|n| n.range).unwrap_or(self.node.range)
    }

    /// The container image, if a scalar.
    pub fn image(&self) -> Option<&'a str> {
        self.node.get_str("image")
    }

    /// The env list items with their paths.
    pub fn env(&self) -> Vec<(Path, &'a Node)> {
        items_with_paths(self.node.get("env"), &self.path.key("env"))
    }

    /// The env var's scalar value, when set with `value:`.
    pub fn env_value(&self, name: &str) -> Option<(Path, &'a Node)> {
        self.env().into_iter().rev().find(|(_, e)| e.get_str("name") == Some(name)).and_then(|(p, e)| {
            let v = e.get("value")?;
            v.as_str()?;
            Some((p.key("value"), v))
        })
    }

    /// The volume mounts with their paths.
    pub fn mounts(&self) -> Vec<(Path, &'a Node)> {
        items_with_paths(self.node.get("volumeMounts"), &self.path.key("volumeMounts"))
    }

    /// The container ports with their paths.
    pub fn ports(&self) -> Vec<(Path, &'a Node)> {
        items_with_paths(self.node.get("ports"), &self.path.key("ports"))
    }
}

/// Items of a sequence node with their paths.
pub(crate) fn items_with_paths<'a>(node: Option<&'a Node>, path: &Path) -> Vec<(Path, &'a Node)> {
    node.and_then(Node::items).map(|items| items.iter().enumerate().map(|(i, n)| (path.index(i), n)).collect()).unwrap_or_default()
}

/// Kinds whose objects hold a pod template, and where it sits.
const WORKLOADS: &[(&str, &[&str])] = &[
    ("StatefulSet", &["spec", "template"]),
    ("Deployment", &["spec", "template"]),
    ("DaemonSet", &["spec", "template"]),
    ("ReplicaSet", &["spec", "template"]),
    ("ReplicationController", &["spec", "template"]),
    ("Job", &["spec", "template"]),
    ("CronJob", &["spec", "jobTemplate", "spec", "template"]),
    ("PodTemplate", &["template"]),
];

/// Every object of the input, and the files.
pub(crate) struct Workspace<'a> {
    pub files: &'a [ParsedFile<'a>],
    pub objects: Vec<Object<'a>>,
    /// The API server imitated by [`Workspace::server_errors`] (set before the first call).
    pub api: crate::apiserver::ApiOptions,
    schema_issues: OnceLock<Vec<(usize, SchemaIssue)>>,
    server_errors: OnceLock<Vec<(usize, crate::apiserver::FieldError)>>,
    pod_labels: OnceLock<Vec<(usize, LabelMap)>>,
}

impl<'a> Workspace<'a> {
    pub fn new(files: &'a [ParsedFile<'a>]) -> Workspace<'a> {
        let mut objects = Vec::new();
        for (file, parsed) in files.iter().enumerate() {
            for (doc, d) in parsed.parse.documents.iter().enumerate() {
                let Some(root) = &d.root else { continue };
                push_object(&mut objects, file, doc, Path::root(), root, 0);
            }
        }
        Workspace { files, objects, api: crate::apiserver::ApiOptions::default(), schema_issues: OnceLock::new(), server_errors: OnceLock::new(), pod_labels: OnceLock::new() }
    }

    /// What the API server's validation says about each object it would validate
    /// (StatefulSets, Services, Pods, PersistentVolumeClaims, Jobs and CronJobs of the served
    /// versions), computed once: `(object index, error)`. Objects that do not decode are left
    /// to the schema rules: those the slim types refuse, and those with a value of the wrong
    /// type anywhere (which k8s-openapi's types refuse even in fields the slim types skip).
    pub fn server_errors(&self) -> &[(usize, crate::apiserver::FieldError)] {
        use crate::apiserver::slim as api;
        self.server_errors.get_or_init(|| {
            let mistyped: Vec<(usize, TextRange)> = self
                .schema_issues()
                .iter()
                .filter(|(_, issue)| matches!(issue.kind, SchemaIssueKind::TypeMismatch { found, .. } if found != "null"))
                .map(|(file, issue)| (*file, issue.range))
                .collect();
            let mut out = Vec::new();
            for (i, obj) in self.objects.iter().enumerate() {
                let range = obj.root.range;
                if mistyped.iter().any(|(file, r)| *file == obj.file && r.start >= range.start && r.end <= range.end) {
                    continue;
                }
                let errors = match (obj.kind, obj.api_version) {
                    ("StatefulSet", "apps/v1") => api::decode_statefulset(&obj.root.to_json()).map(|o| api::validate_statefulset_with(&o, &self.api)),
                    ("Service", "v1") => api::decode_service(&obj.root.to_json()).map(|o| api::validate_service(&o)),
                    ("Pod", "v1") => api::decode_pod(&obj.root.to_json()).map(|o| api::validate_pod(&o)),
                    ("PersistentVolumeClaim", "v1") => api::decode_pvc(&obj.root.to_json()).map(|o| api::validate_pvc(&o)),
                    ("Job", "batch/v1") => api::job_errors(&obj.root.to_json()),
                    ("CronJob", "batch/v1") => api::cronjob_errors(&obj.root.to_json()),
                    _ => continue,
                };
                if let Ok(errors) = errors {
                    out.extend(errors.into_iter().map(|e| (i, e)));
                }
            }
            out
        })
    }

    /// The schema issues of every object, computed once: `(file, issue)` with paths inside the
    /// document.
    pub fn schema_issues(&self) -> &[(usize, SchemaIssue)] {
        self.schema_issues.get_or_init(|| {
            let mut out = Vec::new();
            // the items of `List`s, by document (one pass: a filter per document is quadratic
            // in the number of documents)
            let mut items_of: std::collections::HashMap<(usize, usize), Vec<&Object<'a>>> = std::collections::HashMap::new();
            for o in self.objects.iter().filter(|o| !o.base.is_root()) {
                items_of.entry((o.file, o.doc)).or_default().push(o);
            }
            for (file, parsed) in self.files.iter().enumerate() {
                for (doc_index, doc) in parsed.parse.documents.iter().enumerate() {
                    let items = items_of.remove(&(file, doc_index)).unwrap_or_default();
                    if items.is_empty() {
                        out.extend(schema::validate(doc).into_iter().map(|i| (file, i)));
                        continue;
                    }
                    for obj in items {
                        let item = Document { root: Some(obj.root.clone()), range: obj.root.range, explicit_start: false, broken: false };
                        out.extend(schema::validate(&item).into_iter().map(|mut i| {
                            i.path = join(&obj.base, &i.path);
                            (file, i)
                        }));
                    }
                }
            }
            out
        })
    }

    /// The text of a file.
    pub fn text(&self, file: usize) -> &'a str {
        self.files[file].text
    }

    /// Where to point for a field that is missing under the key at `range` (the key of the
    /// mapping that lacks it): that key, unless it is a bare `spec:`, which says nothing about
    /// whose spec; then the name of the innermost object that holds it.
    pub fn missing_field_anchor(&self, file: usize, range: TextRange) -> TextRange {
        if self.text(file).get(range.as_range()) != Some("spec") {
            return range;
        }
        self.objects
            .iter()
            .filter(|o| o.file == file && o.root.range.start <= range.start && range.end <= o.root.range.end)
            .min_by_key(|o| o.root.range.len())
            .map_or(range, |o| o.anchor().0)
    }

    /// Objects of a kind (any apiVersion).
    pub fn of_kind<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = (usize, &'s Object<'a>)> + 's {
        self.objects.iter().enumerate().filter(move |(_, o)| o.kind == kind)
    }

    /// The pod template of an object, if it is a workload (or a Pod).
    pub fn pod_template(&self, object: usize) -> Option<PodTemplate<'a>> {
        let obj = &self.objects[object];
        if obj.kind == "Pod" {
            let spec = obj.root.get("spec")?;
            return Some(PodTemplate {
                object,
                labels: obj.root.get("metadata").and_then(|m| m.get("labels")),
                spec,
                spec_path: obj.base.key("spec"),
                meta_path: obj.base.key("metadata"),
                template: obj.root,
            });
        }
        let (_, at) = WORKLOADS.iter().find(|(k, _)| *k == obj.kind)?;
        let mut node = obj.root;
        let mut path = obj.base.clone();
        for key in at.iter() {
            node = node.get(key)?;
            path = path.key(key);
        }
        let spec = node.get("spec")?;
        spec.entries()?;
        Some(PodTemplate {
            object,
            labels: node.get("metadata").and_then(|m| m.get("labels")),
            spec,
            spec_path: path.key("spec"),
            meta_path: path.key("metadata"),
            template: node,
        })
    }

    /// The labels of every pod template of the input (templates without a `spec`, as in
    /// partial manifests, included), with the index of their object: what selectors select.
    /// Computed once: rules ask for them inside loops over objects.
    pub fn pod_labels(&self) -> &[(usize, LabelMap)] {
        self.pod_labels.get_or_init(|| self.compute_pod_labels())
    }

    fn compute_pod_labels(&self) -> Vec<(usize, LabelMap)> {
        let mut out = Vec::new();
        for (i, obj) in self.objects.iter().enumerate() {
            let template = if obj.kind == "Pod" {
                Some(obj.root)
            } else if obj.kind == "DeploymentConfig" {
                obj.at("spec.template")
            } else {
                WORKLOADS.iter().find(|(k, _)| *k == obj.kind).and_then(|(_, at)| at.iter().try_fold(obj.root, |n, k| n.get(k)))
            };
            if let Some(t) = template {
                out.push((i, labels_of(t.get("metadata").and_then(|m| m.get("labels")))));
            }
        }
        out
    }

    /// Where a selector written at `node` (a Service's plain map when `plain_map`, else a
    /// `LabelSelector`) misses the pods near `near`: the pair or expression at fault, judged
    /// against the pod template that comes closest (carries the most of its pairs), and that
    /// template's label as a related place. `None` when it selects some pod or no pod is near.
    pub fn selector_culprit(&self, node: &'a Node, path: &Path, plain_map: bool, near: &Object<'_>) -> Option<(TextRange, Path, Vec<Related>)> {
        let sel = if plain_map { Selector::from_map(node)? } else { Selector::from_label_selector(node)? };
        let candidates: Vec<&(usize, LabelMap)> = self.pod_labels().iter().filter(|(i, _)| self.same_namespace(&self.objects[*i], near)).collect();
        if candidates.iter().any(|(_, labels)| sel.matches(labels)) {
            return None;
        }
        let carried = |labels: &LabelMap| sel.match_labels.iter().filter(|(k, v)| labels.get(*k) == Some(*v)).count();
        let (index, labels) = candidates.iter().rev().max_by_key(|(_, labels)| carried(labels))?;
        let miss = selector_miss(node, path, plain_map, labels)?;
        let mut related = Vec::new();
        let pods = &self.objects[*index];
        if let Some((range, what)) = miss.key.as_deref().and_then(|k| label_place(self.pod_template(*index).and_then(|t| t.labels), k)) {
            related.push(Related { file: pods.file, range, message: format!("{what} ({})", pods.label()) });
        }
        Some((miss.range, miss.path, related))
    }

    /// Every pod template of the input.
    pub fn pod_templates(&self) -> Vec<PodTemplate<'a>> {
        (0..self.objects.len()).filter_map(|i| self.pod_template(i)).collect()
    }

    /// Whether two objects may live in the same namespace: an object without
    /// `metadata.namespace` goes wherever it is applied, so only two different explicit
    /// namespaces are known to differ.
    pub fn same_namespace(&self, a: &Object<'_>, b: &Object<'_>) -> bool {
        match (a.namespace, b.namespace) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        }
    }

    /// Objects of `kind` named `name` that may share `near`'s namespace.
    pub fn find_named<'s>(&'s self, kind: &'s str, name: &'s str, near: &'s Object<'a>) -> impl Iterator<Item = (usize, &'s Object<'a>)> + 's {
        self.of_kind(kind).filter(move |(_, o)| o.name == Some(name) && self.same_namespace(o, near))
    }
}

impl<'a> Object<'a> {
    /// The node at a path relative to the object (`spec.selector`).
    pub fn at(&self, rel: &str) -> Option<&'a Node> {
        self.root.at(&Path::parse(rel))
    }

    /// The full path (inside the document) of a path relative to the object.
    pub fn path(&self, rel: &str) -> Path {
        join(&self.base, &Path::parse(rel))
    }

    /// Range to point at for the object as a whole: its `metadata.name` value, else its `kind`
    /// value, else its first key.
    pub fn anchor(&self) -> (TextRange, Path) {
        if let Some(n) = self.root.get("metadata").and_then(|m| m.get("name")) {
            return (n.range, self.path("metadata.name"));
        }
        if let Some(k) = self.root.get("kind") {
            return (k.range, self.path("kind"));
        }
        let r = self.root.entries().and_then(|e| e.first()).map(|e| e.key.range).unwrap_or(self.root.range);
        (r, self.base.clone())
    }

    /// `StatefulSet \`web\``.
    pub fn label(&self) -> String {
        match self.name {
            Some(n) => format!("{} `{n}`", self.kind),
            None => format!("{} without a name", self.kind),
        }
    }

    /// The label selector of a StatefulSet/Deployment/… (`spec.selector` with matchLabels and
    /// matchExpressions) or of a PodDisruptionBudget.
    pub fn label_selector(&self) -> Option<Selector> {
        Selector::from_label_selector(self.at("spec.selector")?)
    }
}

impl<'a> PodTemplate<'a> {
    /// The containers (init containers first, as the kubelet starts them), with their paths.
    pub fn containers(&self) -> Vec<Container<'a>> {
        let mut out = Vec::new();
        for (key, init) in [("initContainers", true), ("containers", false)] {
            for (path, node) in items_with_paths(self.spec.get(key), &self.spec_path.key(key)) {
                out.push(Container { node, path, name: node.get_str("name"), init });
            }
        }
        out
    }

    /// The regular (non-init) containers.
    pub fn app_containers(&self) -> Vec<Container<'a>> {
        self.containers().into_iter().filter(|c| !c.init).collect()
    }

    /// The template's labels.
    pub fn label_map(&self) -> LabelMap {
        labels_of(self.labels)
    }

    /// The pod volumes with their paths.
    pub fn volumes(&self) -> Vec<(Path, &'a Node)> {
        items_with_paths(self.spec.get("volumes"), &self.spec_path.key("volumes"))
    }
}

/// `base` followed by `rel`.
pub(crate) fn join(base: &Path, rel: &Path) -> Path {
    let mut p = base.clone();
    p.0.extend(rel.0.iter().cloned());
    p
}

fn push_object<'a>(out: &mut Vec<Object<'a>>, file: usize, doc: usize, base: Path, root: &'a Node, depth: usize) {
    if root.entries().is_none() {
        return;
    }
    let kind = root.get_str("kind").unwrap_or("");
    if kind.ends_with("List") && depth == 0 {
        if let Some(items) = root.get("items").and_then(Node::items) {
            for (i, item) in items.iter().enumerate() {
                let mut p = base.clone();
                p.0.push(Segment::Key("items".into()));
                p.0.push(Segment::Index(i));
                push_object(out, file, doc, p, item, depth + 1);
            }
            return;
        }
    }
    let meta = root.get("metadata");
    out.push(Object {
        file,
        doc,
        base,
        root,
        kind,
        api_version: root.get_str("apiVersion").unwrap_or(""),
        name: meta.and_then(|m| m.get_str("name")),
        namespace: meta.and_then(|m| m.get_str("namespace")),
    });
}
