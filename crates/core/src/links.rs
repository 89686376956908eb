//! Related fields: the other places of a manifest that must agree with the field under the
//! cursor, and the names Kubernetes derives from it.
//!
//! A StatefulSet is wired to its neighbours by plain strings, and a typo in one of them breaks
//! the wiring without any error from the API server. [`related`] finds, for a field, the
//! places it is wired to, so the editor can highlight them together:
//!
//! - **governing Service**: a StatefulSet's `spec.serviceName` ↔ the Service's `metadata.name`;
//!   the pods get DNS names under that Service.
//! - **labels**: the workload's `spec.selector.matchLabels` ↔ its pod template's
//!   `metadata.labels` ↔ the `spec.selector` of the Services in front of those pods. A selector
//!   entry *agrees* when the pod template carries the same label with the same value.
//! - **volume**: a `volumeClaimTemplates[].metadata.name` (or a `volumes[].name`) ↔ the
//!   containers' `volumeMounts[].name`; a claim template produces one PersistentVolumeClaim
//!   per pod, `<template>-<statefulset>-<ordinal>`.
//! - **names**: a StatefulSet's `metadata.name` produces its pods' names (`<name>-<ordinal>`).
//!
//! Positions are byte ranges of the parsed text, like everything in [`crate::yaml`].

use crate::yaml::{Document, Entry, Node, Parse, Path, Segment, TextRange};

/// How a group of related fields is related.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// `spec.serviceName` ↔ the Service's `metadata.name`.
    GoverningService,
    /// Selector ↔ pod template labels ↔ Service selector.
    Labels,
    /// Claim template or volume ↔ volume mounts (↔ the claims it produces).
    Volume,
    /// The names a StatefulSet's name produces.
    Names,
}

/// One related place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// Index of the document in [`Parse::documents`].
    pub document: usize,
    /// The field's path in that document.
    pub path: Path,
    /// What to highlight: the value of a name, or the whole `key: value` entry of a label.
    pub range: TextRange,
    /// What the place is, for a learner: ``StatefulSet `db` spec.serviceName``.
    pub label: String,
    /// Whether this place agrees with the others (a selector entry that selects the pods, a
    /// name that matches). `false` marks the place that breaks the wiring.
    pub agrees: bool,
}

/// Names that Kubernetes derives from the fields of a group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Produced {
    /// What they are: `PersistentVolumeClaims`, `pods`, `pod DNS names`.
    pub what: String,
    /// The first names, in ordinal order (at most [`MAX_NAMES`]).
    pub names: Vec<String>,
    /// How many more there are beyond `names`.
    pub more: usize,
}

/// How many derived names a [`Produced`] lists before it only counts.
pub const MAX_NAMES: usize = 5;

/// A group of fields wired together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkGroup {
    /// The relation.
    pub relation: Relation,
    /// A short title: ``volume `data` ``, ``governing Service `db-headless` ``.
    pub title: String,
    /// The places, the field under the cursor's own place included, in document order.
    pub links: Vec<Link>,
    /// Names derived from them.
    pub produced: Vec<Produced>,
    /// A remark when the wiring is incomplete (``no Service named `x` in this text``).
    pub note: Option<String>,
}

/// Kinds whose pod template sits at `spec.template` and whose selector at `spec.selector`.
const WORKLOADS: &[&str] = &["StatefulSet", "Deployment", "DaemonSet", "ReplicaSet", "Job"];

/// The groups of fields related to `path` of document `document`. Empty when the field is
/// wired to nothing (most fields) or the document is out of range.
pub fn related(parse: &Parse, document: usize, path: &Path) -> Vec<LinkGroup> {
    let Some(doc) = parse.documents.get(document) else { return Vec::new() };
    let Some(kind) = doc.kind() else { return Vec::new() };
    let segs = path.segments();
    let objects = Objects::new(parse);
    let mut out = Vec::new();
    let is_workload = WORKLOADS.contains(&kind);

    // governing Service
    if kind == "StatefulSet" && starts_with(segs, &["spec", "serviceName"]) {
        if let Some(g) = governing_group(&objects, document) {
            out.push(g);
        }
    }
    if kind == "Service" && starts_with(segs, &["metadata", "name"]) {
        let name = doc.name().unwrap_or("");
        for sts in objects.of_kind("StatefulSet") {
            let sts_doc = &objects.parse.documents[sts];
            if sts_doc.root.as_ref().and_then(|r| r.get("spec")).and_then(|s| s.get_str("serviceName")) == Some(name)
                && same_namespace(sts_doc, doc)
            {
                if let Some(g) = governing_group(&objects, sts) {
                    out.push(g);
                }
            }
        }
    }

    // labels
    if is_workload && (starts_with(segs, &["spec", "selector"]) || starts_with(segs, &["spec", "template", "metadata", "labels"])) {
        let key = label_key(segs);
        out.push(labels_group_for_workload(&objects, document, key));
    }
    if kind == "Service" && starts_with(segs, &["spec", "selector"]) {
        let key = match segs {
            [_, _, Segment::Key(k), ..] => Some(k.as_str()),
            _ => None,
        };
        out.push(labels_group_for_service(&objects, document, key));
    }

    // volumes
    if kind == "StatefulSet" || is_workload {
        if let Some(name) = volume_name_at(doc, segs) {
            out.push(volume_group(&objects, document, &name));
        }
    }

    // names
    if kind == "StatefulSet" && segs.len() == 2 && starts_with(segs, &["metadata", "name"]) {
        out.push(names_group(&objects, document));
    }
    out
}

/// The documents of a parse, by kind.
struct Objects<'a> {
    parse: &'a Parse,
}

impl<'a> Objects<'a> {
    fn new(parse: &'a Parse) -> Objects<'a> {
        Objects { parse }
    }

    fn of_kind(&self, kind: &'a str) -> impl Iterator<Item = usize> + 'a {
        let parse = self.parse;
        (0..parse.documents.len()).filter(move |&i| parse.documents[i].kind() == Some(kind))
    }

    fn doc(&self, i: usize) -> &'a Document {
        &self.parse.documents[i]
    }
}

fn starts_with(segs: &[Segment], prefix: &[&str]) -> bool {
    segs.len() >= prefix.len() && segs.iter().zip(prefix).all(|(s, p)| matches!(s, Segment::Key(k) if k == p))
}

fn keys(path: &[&str]) -> Path {
    Path(path.iter().map(|k| Segment::Key((*k).to_owned())).collect())
}

/// Whether two objects live in the same namespace (an object without one goes wherever it is
/// applied, so it matches any).
fn same_namespace(a: &Document, b: &Document) -> bool {
    match (a.namespace(), b.namespace()) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// ``Kind `name` `` for labels.
fn object_label(doc: &Document) -> String {
    let kind = doc.kind().unwrap_or("(no kind)");
    match doc.name() {
        Some(n) => format!("{kind} `{n}`"),
        None => kind.to_owned(),
    }
}

fn link(doc_index: usize, doc: &Document, path: Path, range: TextRange, agrees: bool) -> Link {
    Link { document: doc_index, label: format!("{} {}", object_label(doc), path), path, range, agrees }
}

/// `spec.replicas` as written, or Kubernetes' default of 1.
fn replicas(doc: &Document) -> usize {
    doc.root
        .as_ref()
        .and_then(|r| r.get("spec"))
        .and_then(|s| s.get("replicas"))
        .and_then(|n| n.as_scalar())
        .and_then(|s| s.value.trim().parse::<usize>().ok())
        .unwrap_or(1)
}

fn produced(what: &str, count: usize, name: impl Fn(usize) -> String) -> Produced {
    let shown = count.min(MAX_NAMES);
    Produced { what: what.to_owned(), names: (0..shown).map(name).collect(), more: count - shown }
}

fn governing_group(objects: &Objects<'_>, sts: usize) -> Option<LinkGroup> {
    let doc = objects.doc(sts);
    let spec = doc.root.as_ref()?.get("spec")?;
    let entry = spec.entry("serviceName")?;
    let service = entry.value.as_str()?.to_owned();
    let mut links = vec![link(sts, doc, keys(&["spec", "serviceName"]), entry.value.range, true)];
    let mut found = false;
    for svc in objects.of_kind("Service") {
        let svc_doc = objects.doc(svc);
        if svc_doc.name() == Some(service.as_str()) && same_namespace(svc_doc, doc) {
            if let Some(e) = svc_doc.entry_at(&keys(&["metadata", "name"])) {
                links.push(link(svc, svc_doc, keys(&["metadata", "name"]), e.value.range, true));
                found = true;
            }
        }
    }
    let mut group = LinkGroup {
        relation: Relation::GoverningService,
        title: format!("governing Service `{service}`"),
        links,
        produced: Vec::new(),
        note: None,
    };
    if found {
        if let Some(name) = doc.name() {
            let ns = doc.namespace().unwrap_or("default");
            group.produced.push(produced("pod DNS names", replicas(doc), |i| format!("{name}-{i}.{service}.{ns}.svc.cluster.local")));
        }
    } else {
        group.links[0].agrees = false;
        group.note = Some(format!("No Service named `{service}` in this text: the pods get no DNS names until one exists."));
    }
    group.links.sort_by_key(|l| l.range.start);
    Some(group)
}

/// The label key a selector or labels path points at, if it points at one.
fn label_key(segs: &[Segment]) -> Option<&str> {
    match segs {
        [_, _, Segment::Key(m), Segment::Key(k), ..] if m == "matchLabels" => Some(k),
        [_, _, Segment::Key(m), Segment::Key(l), Segment::Key(k), ..] if m == "metadata" && l == "labels" => Some(k),
        _ => None,
    }
}

fn entries_at<'a>(doc: &'a Document, path: &[&str]) -> &'a [Entry] {
    doc.at(&keys(path)).and_then(Node::entries).unwrap_or(&[])
}

/// Whether a selector (entries) selects pods carrying `labels`.
fn selects(selector: &[Entry], labels: &[Entry]) -> bool {
    !selector.is_empty()
        && selector.iter().all(|s| labels.iter().any(|l| l.key_str() == s.key_str() && l.value.as_str() == s.value.as_str()))
}

fn shares_key(selector: &[Entry], labels: &[Entry]) -> bool {
    selector.iter().any(|s| labels.iter().any(|l| l.key_str() == s.key_str()))
}

/// Adds the entries of the mapping at `path` (only `key` if given) as links; `reference` is the
/// pod template's labels a selector entry must match to agree (None: the entries are labels).
fn push_entries(
    links: &mut Vec<Link>,
    index: usize,
    doc: &Document,
    path: &[&str],
    key: Option<&str>,
    reference: Option<&[Entry]>,
) {
    for e in entries_at(doc, path) {
        let Some(k) = e.key_str() else { continue };
        if key.is_some_and(|want| want != k) {
            continue;
        }
        let agrees = match reference {
            Some(labels) => labels.iter().any(|l| l.key_str() == Some(k) && l.value.as_str() == e.value.as_str()),
            None => true,
        };
        let p = keys(path).key(k);
        links.push(link(index, doc, p, e.key.range.cover(e.value.range), agrees));
    }
}

const MATCH_LABELS: &[&str] = &["spec", "selector", "matchLabels"];
const TEMPLATE_LABELS: &[&str] = &["spec", "template", "metadata", "labels"];
const SERVICE_SELECTOR: &[&str] = &["spec", "selector"];

/// The Services in front of a workload's pods: those that share a label key with its pod
/// template, and its governing Service.
fn services_of(objects: &Objects<'_>, workload: usize) -> Vec<usize> {
    let doc = objects.doc(workload);
    let labels = entries_at(doc, TEMPLATE_LABELS);
    let governing = doc.root.as_ref().and_then(|r| r.get("spec")).and_then(|s| s.get_str("serviceName"));
    objects
        .of_kind("Service")
        .filter(|&s| {
            let svc = objects.doc(s);
            same_namespace(svc, doc) && (shares_key(entries_at(svc, SERVICE_SELECTOR), labels) || (governing.is_some() && svc.name() == governing))
        })
        .collect()
}

fn labels_title(key: Option<&str>) -> String {
    match key {
        Some(k) => format!("label `{k}`: selector ↔ pod template ↔ Service selector"),
        None => "labels: selector ↔ pod template ↔ Service selector".to_owned(),
    }
}

fn labels_group_for_workload(objects: &Objects<'_>, workload: usize, key: Option<&str>) -> LinkGroup {
    let doc = objects.doc(workload);
    let labels = entries_at(doc, TEMPLATE_LABELS);
    let mut links = Vec::new();
    push_entries(&mut links, workload, doc, MATCH_LABELS, key, Some(labels));
    push_entries(&mut links, workload, doc, TEMPLATE_LABELS, key, None);
    let mut note = None;
    for svc in services_of(objects, workload) {
        let svc_doc = objects.doc(svc);
        push_entries(&mut links, svc, svc_doc, SERVICE_SELECTOR, key, Some(labels));
        if !selects(entries_at(svc_doc, SERVICE_SELECTOR), labels) {
            note = Some(format!("{} does not select these pods: its selector needs labels the pod template lacks.", object_label(svc_doc)));
        }
    }
    if !selects(entries_at(doc, MATCH_LABELS), labels) && !entries_at(doc, MATCH_LABELS).is_empty() {
        note = Some("The selector does not match the pod template's labels: the API server rejects the object.".to_owned());
    }
    links.sort_by_key(|l| (l.document, l.range.start));
    LinkGroup { relation: Relation::Labels, title: labels_title(key), links, produced: Vec::new(), note }
}

fn labels_group_for_service(objects: &Objects<'_>, service: usize, key: Option<&str>) -> LinkGroup {
    let svc_doc = objects.doc(service);
    let selector = entries_at(svc_doc, SERVICE_SELECTOR);
    let mut links = Vec::new();
    let mut selected_any = false;
    let mut first_labels: Option<&[Entry]> = None;
    for w in (0..objects.parse.documents.len()).filter(|&i| objects.doc(i).kind().is_some_and(|k| WORKLOADS.contains(&k))) {
        let doc = objects.doc(w);
        if !same_namespace(doc, svc_doc) {
            continue;
        }
        let labels = entries_at(doc, TEMPLATE_LABELS);
        let governing = doc.root.as_ref().and_then(|r| r.get("spec")).and_then(|s| s.get_str("serviceName"));
        if !(shares_key(selector, labels) || (governing.is_some() && governing == svc_doc.name())) {
            continue;
        }
        selected_any |= selects(selector, labels);
        first_labels.get_or_insert(labels);
        push_entries(&mut links, w, doc, MATCH_LABELS, key, Some(labels));
        push_entries(&mut links, w, doc, TEMPLATE_LABELS, key, None);
    }
    push_entries(&mut links, service, svc_doc, SERVICE_SELECTOR, key, Some(first_labels.unwrap_or(&[])));
    let note = (!selected_any && !selector.is_empty()).then(|| "This selector matches no pod template in this text: the Service has no endpoints.".to_owned());
    links.sort_by_key(|l| (l.document, l.range.start));
    LinkGroup { relation: Relation::Labels, title: labels_title(key), links, produced: Vec::new(), note }
}

/// The volume name a path of a workload points at: a claim template's name, a volume's name or
/// a volume mount's name.
fn volume_name_at(doc: &Document, segs: &[Segment]) -> Option<String> {
    let node_str = |path: Path| doc.at(&path).and_then(|n| n.as_str()).map(str::to_owned);
    match segs {
        [Segment::Key(s), Segment::Key(v), Segment::Index(i), rest @ ..] if s == "spec" && v == "volumeClaimTemplates" => {
            let ok = matches!(rest, [] | [Segment::Key(_)] | [Segment::Key(_), Segment::Key(_)])
                && (rest.is_empty() || matches!(&rest[0], Segment::Key(m) if m == "metadata"));
            ok.then(|| node_str(keys(&["spec", "volumeClaimTemplates"]).index(*i).key("metadata").key("name"))).flatten()
        }
        [Segment::Key(a), Segment::Key(b), Segment::Key(c), Segment::Key(v), Segment::Index(i), rest @ ..]
            if a == "spec" && b == "template" && c == "spec" && v == "volumes" && matches!(rest, [] | [Segment::Key(_)]) =>
        {
            if let [Segment::Key(k)] = rest {
                if k != "name" {
                    return None;
                }
            }
            node_str(keys(&["spec", "template", "spec", "volumes"]).index(*i).key("name"))
        }
        [Segment::Key(a), Segment::Key(b), Segment::Key(c), Segment::Key(cs), Segment::Index(j), Segment::Key(vm), Segment::Index(k), rest @ ..]
            if a == "spec"
                && b == "template"
                && c == "spec"
                && (cs == "containers" || cs == "initContainers")
                && vm == "volumeMounts"
                && matches!(rest, [] | [Segment::Key(_)]) =>
        {
            if let [Segment::Key(key)] = rest {
                if key != "name" {
                    return None;
                }
            }
            node_str(keys(&["spec", "template", "spec", cs.as_str()]).index(*j).key("volumeMounts").index(*k).key("name"))
        }
        _ => None,
    }
}

fn volume_group(objects: &Objects<'_>, workload: usize, name: &str) -> LinkGroup {
    let doc = objects.doc(workload);
    let mut links = Vec::new();
    let mut template = false;
    let mut volume = false;
    let items = |path: &[&str]| doc.at(&keys(path)).and_then(Node::items).unwrap_or(&[]);
    for (i, t) in items(&["spec", "volumeClaimTemplates"]).iter().enumerate() {
        if let Some(e) = t.get("metadata").and_then(|m| m.entry("name")) {
            if e.value.as_str() == Some(name) {
                template = true;
                links.push(link(workload, doc, keys(&["spec", "volumeClaimTemplates"]).index(i).key("metadata").key("name"), e.value.range, true));
            }
        }
    }
    for (i, v) in items(&["spec", "template", "spec", "volumes"]).iter().enumerate() {
        if let Some(e) = v.entry("name") {
            if e.value.as_str() == Some(name) {
                volume = true;
                links.push(link(workload, doc, keys(&["spec", "template", "spec", "volumes"]).index(i).key("name"), e.value.range, true));
            }
        }
    }
    let source = template || volume;
    let mut mounted = false;
    for list in ["initContainers", "containers"] {
        for (j, c) in items(&["spec", "template", "spec", list]).iter().enumerate() {
            for (k, m) in c.get("volumeMounts").and_then(Node::items).unwrap_or(&[]).iter().enumerate() {
                if let Some(e) = m.entry("name") {
                    if e.value.as_str() == Some(name) {
                        mounted = true;
                        let p = keys(&["spec", "template", "spec", list]).index(j).key("volumeMounts").index(k).key("name");
                        links.push(link(workload, doc, p, e.value.range, source));
                    }
                }
            }
        }
    }
    links.sort_by_key(|l| l.range.start);
    let mut produced_names = Vec::new();
    if template && doc.kind() == Some("StatefulSet") {
        if let Some(sts) = doc.name() {
            produced_names.push(produced("PersistentVolumeClaims", replicas(doc), |i| format!("{name}-{sts}-{i}")));
        }
    }
    let note = if !source {
        Some(format!("No volume or volumeClaimTemplate is named `{name}`: the pod cannot start."))
    } else if !mounted {
        Some(format!("No container mounts `{name}`: its storage is never used."))
    } else {
        None
    };
    LinkGroup { relation: Relation::Volume, title: format!("volume `{name}`"), links, produced: produced_names, note }
}

fn names_group(objects: &Objects<'_>, sts: usize) -> LinkGroup {
    let doc = objects.doc(sts);
    let name = doc.name().unwrap_or("");
    let n = replicas(doc);
    let mut links = Vec::new();
    if let Some(e) = doc.entry_at(&keys(&["metadata", "name"])) {
        links.push(link(sts, doc, keys(&["metadata", "name"]), e.value.range, true));
    }
    let mut out = vec![produced("pods", n, |i| format!("{name}-{i}"))];
    let templates = doc.at(&keys(&["spec", "volumeClaimTemplates"])).and_then(Node::items).unwrap_or(&[]);
    for t in templates {
        if let Some(tname) = t.get("metadata").and_then(|m| m.get_str("name")) {
            out.push(produced(&format!("PersistentVolumeClaims of `{tname}`"), n, |i| format!("{tname}-{name}-{i}")));
        }
    }
    LinkGroup { relation: Relation::Names, title: format!("names derived from `{name}`"), links, produced: out, note: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    const GUIDE: &str = crate::examples::GUIDE;

    fn text_of<'a>(text: &'a str, link: &Link) -> &'a str {
        &text[link.range.as_range()]
    }

    fn groups(text: &str, doc: usize, path: &str) -> Vec<LinkGroup> {
        related(&parse(text), doc, &Path::parse(path))
    }

    #[test]
    fn service_name_links_the_service_and_names_the_pod_dns_names() {
        let g = groups(GUIDE, 1, "spec.serviceName");
        assert_eq!(g.len(), 1);
        let g = &g[0];
        assert_eq!(g.relation, Relation::GoverningService);
        let places: Vec<(usize, String, &str, bool)> =
            g.links.iter().map(|l| (l.document, l.path.to_string(), text_of(GUIDE, l), l.agrees)).collect();
        assert_eq!(
            places,
            [
                (0, "metadata.name".to_owned(), "recovery-demo-headless", true),
                (1, "spec.serviceName".to_owned(), "recovery-demo-headless", true),
            ]
        );
        assert_eq!(g.produced[0].names[0], "recovery-demo-db-0.recovery-demo-headless.scenarios.svc.cluster.local");
        assert_eq!((g.produced[0].names.len(), g.produced[0].more), (3, 0));
        assert_eq!(g.note, None);
        // and from the Service's side
        let back = groups(GUIDE, 0, "metadata.name");
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].links, g.links);
    }

    #[test]
    fn a_service_name_pointing_nowhere_is_marked() {
        let text = GUIDE.replace("serviceName: recovery-demo-headless", "serviceName: recovery-demo");
        let g = &groups(&text, 1, "spec.serviceName")[0];
        assert_eq!(g.links.len(), 1);
        assert!(!g.links[0].agrees);
        assert!(g.note.as_deref().unwrap().contains("No Service named `recovery-demo`"));
        assert!(g.produced.is_empty());
    }

    #[test]
    fn a_selector_label_links_the_template_label_and_the_service_selector() {
        let g = groups(GUIDE, 1, "spec.selector.matchLabels.app");
        assert_eq!(g.len(), 1);
        let texts: Vec<(usize, &str, bool)> = g[0].links.iter().map(|l| (l.document, text_of(GUIDE, l), l.agrees)).collect();
        assert_eq!(texts, [(0, "app: recovery-demo", true), (1, "app: recovery-demo", true), (1, "app: recovery-demo", true)]);
        let paths: Vec<String> = g[0].links.iter().map(|l| l.path.to_string()).collect();
        assert_eq!(paths, ["spec.selector.app", "spec.selector.matchLabels.app", "spec.template.metadata.labels.app"]);
        assert_eq!(g[0].note, None);
        // the same group from the template labels and from the Service selector
        assert_eq!(groups(GUIDE, 1, "spec.template.metadata.labels.app")[0].links, g[0].links);
        assert_eq!(groups(GUIDE, 0, "spec.selector.app")[0].links, g[0].links);
        // the whole selector: every entry
        assert_eq!(groups(GUIDE, 1, "spec.selector")[0].links.len(), 3);
    }

    #[test]
    fn a_selector_that_misses_the_template_disagrees() {
        let text = GUIDE.replacen("      labels:\n        app: recovery-demo", "      labels:\n        app: recovery-db", 1);
        let g = &groups(&text, 1, "spec.template.metadata.labels")[0];
        let flags: Vec<(String, bool)> = g.links.iter().map(|l| (l.path.to_string(), l.agrees)).collect();
        assert_eq!(
            flags,
            [
                ("spec.selector.app".to_owned(), false),
                ("spec.selector.matchLabels.app".to_owned(), false),
                ("spec.template.metadata.labels.app".to_owned(), true),
            ]
        );
        assert!(g.note.is_some());
    }

    #[test]
    fn a_claim_template_links_its_mounts_and_names_its_claims() {
        let g = groups(GUIDE, 1, "spec.volumeClaimTemplates[0].metadata.name");
        assert_eq!(g.len(), 1);
        let g = &g[0];
        assert_eq!(g.relation, Relation::Volume);
        let paths: Vec<String> = g.links.iter().map(|l| l.path.to_string()).collect();
        assert_eq!(paths, ["spec.template.spec.containers[0].volumeMounts[0].name", "spec.volumeClaimTemplates[0].metadata.name"]);
        assert!(g.links.iter().all(|l| text_of(GUIDE, l) == "data" && l.agrees));
        assert_eq!(g.produced[0].names, ["data-recovery-demo-db-0", "data-recovery-demo-db-1", "data-recovery-demo-db-2"]);
        // from the mount
        let from_mount = groups(GUIDE, 1, "spec.template.spec.containers[0].volumeMounts[0].name");
        assert_eq!(from_mount[0].links, g.links);
        assert_eq!(groups(GUIDE, 1, "spec.template.spec.containers[0].volumeMounts[0]")[0].links, g.links);
        // the mount path is not the name
        assert!(groups(GUIDE, 1, "spec.template.spec.containers[0].volumeMounts[0].mountPath").is_empty());
    }

    #[test]
    fn a_mount_typo_links_nothing_and_says_so() {
        let text = GUIDE.replace("        - name: data\n", "        - name: dta\n");
        let g = &groups(&text, 1, "spec.template.spec.containers[0].volumeMounts[0].name")[0];
        assert_eq!(g.links.len(), 1);
        assert!(!g.links[0].agrees);
        assert!(g.note.as_deref().unwrap().contains("`dta`"));
        let tpl = &groups(&text, 1, "spec.volumeClaimTemplates[0].metadata.name")[0];
        assert!(tpl.note.as_deref().unwrap().contains("No container mounts `data`"));
    }

    #[test]
    fn the_statefulset_name_produces_pod_and_claim_names() {
        let text = GUIDE.replace("replicas: 3", "replicas: 7");
        let g = groups(&text, 1, "metadata.name");
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].produced[0].names, ["recovery-demo-db-0", "recovery-demo-db-1", "recovery-demo-db-2", "recovery-demo-db-3", "recovery-demo-db-4"]);
        assert_eq!(g[0].produced[0].more, 2);
        assert_eq!(g[0].produced[1].names[0], "data-recovery-demo-db-0");
    }

    #[test]
    fn other_fields_and_unknown_documents_have_no_links() {
        assert!(groups(GUIDE, 1, "spec.template.spec.containers[0].image").is_empty());
        assert!(groups(GUIDE, 1, "spec.replicas").is_empty());
        assert!(groups(GUIDE, 9, "spec.serviceName").is_empty());
        assert!(groups("a: 1\n", 0, "a").is_empty());
        assert!(groups("kind: Widget\nspec:\n  serviceName: x\n", 0, "spec.serviceName").is_empty());
    }
}
