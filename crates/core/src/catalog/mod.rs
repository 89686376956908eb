//! The field catalogue: for any position of a document, the field's path and its explanation.
//!
//! Three layers, best first:
//!
//! 1. **Guide-grade entries** written for learners (`content/fields/`): every field of the
//!    guide's manifests and of its best practices, with what it does, its options, why it
//!    matters, common mistakes, the kubectl commands and what the simulator shows. Value
//!    explanations (`content/values/`) add a note about the value written (`ReadWriteOnce`,
//!    `1Gi`, `postgres:13-alpine`, `clusterIP: None`, …).
//! 2. **Upstream API descriptions** for every other field of the kinds the schema knows
//!    ([`crate::schema`], Kubernetes 1.35), with the type.
//! 3. For kinds the app does not describe, an explanation that says so.
//!
//! Concept pages (`content/concepts/`) hold what is not about one field. All content is
//! Markdown compiled in; `tests/explain_tidy.rs` keeps it complete and well-formed.

mod content;
mod files;
mod values;

use crate::schema::{self, FieldInfo, FieldType, KindMatch, Place};
use crate::yaml::{Document, Node, Path, Segment};

pub use values::ValueMatch;

/// Where an explanation comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A guide-grade entry of the catalogue.
    Guide,
    /// The upstream API description (schema) of the field.
    Api,
    /// A kind the app does not describe.
    Unknown,
}

impl Source {
    /// `guide`, `api` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Guide => "guide",
            Source::Api => "api",
            Source::Unknown => "unknown",
        }
    }
}

/// The sections of a guide-grade entry (Markdown). For API explanations only `what` and
/// `options` are filled; the others are empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sections {
    /// What the field does.
    pub what: String,
    /// Its options and what each means.
    pub options: String,
    /// Why it matters.
    pub why: String,
    /// Common mistakes.
    pub mistakes: String,
    /// Related kubectl commands.
    pub kubectl: String,
    /// What the simulator shows.
    pub simulator: String,
}

/// A note about the value written at a field (`ReadWriteOnce`, `1Gi`, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueNote {
    /// The value explanation's id (e.g. `ReadWriteOnce`, `quantity-binary`).
    pub id: String,
    /// The value as written.
    pub value: String,
    /// A one-line summary; for computed classes it starts with the computed fact
    /// (e.g. "`1Gi` is 1,073,741,824 bytes").
    pub summary: String,
    /// The explanation (Markdown).
    pub explanation: String,
}

/// Upstream API facts about a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiInfo {
    /// The field's type for learners: `integer`, `list of Container`, …
    pub type_name: String,
    /// The upstream description.
    pub description: String,
    /// Where it comes from: "the Kubernetes 1.35 API reference", or the CRD for VolumeSnapshot.
    pub credit: String,
    /// The Kubernetes version of the API data (`1.35`); empty for kinds described from a CRD
    /// (VolumeSnapshot), whose origin `credit` names.
    pub k8s_version: String,
    /// Whether the API requires the field.
    pub required: bool,
    /// The accepted values, when the field is an enumeration.
    pub enum_values: Vec<String>,
}

/// A link to a concept page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConceptRef {
    /// The concept's id.
    pub id: String,
    /// Its title.
    pub title: String,
}

/// The explanation of one field of one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// Where it comes from.
    pub source: Source,
    /// The document's kind (empty when it has none).
    pub kind: String,
    /// The field's path, e.g. `spec.template.spec.containers[0].image`.
    pub path: String,
    /// A title: the kind and the path pattern, e.g. `StatefulSet spec.template.spec.containers[].image`.
    pub title: String,
    /// One line, never empty.
    pub summary: String,
    /// The sections (empty strings where the source has none).
    pub sections: Sections,
    /// A note about the value written, if the catalogue has one.
    pub value_note: Option<ValueNote>,
    /// The upstream API facts, when the schema knows the field.
    pub api: Option<ApiInfo>,
    /// Related concept pages.
    pub concepts: Vec<ConceptRef>,
    /// The content file of the guide-grade entry used, if any (`fields/statefulset/replicas.md`).
    pub entry_file: Option<String>,
}

/// A concept page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Concept {
    /// Its id, e.g. `headless-service`.
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// One paragraph.
    pub summary: &'static str,
    /// The other sections: heading and Markdown body.
    pub sections: Vec<(&'static str, &'static str)>,
    /// The whole file.
    pub text: &'static str,
}

/// One step of an entry's path pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatternSeg {
    /// This key.
    Key(String),
    /// Any list index (`[]`).
    AnyIndex,
    /// Any map key (`*`).
    AnyKey,
}

/// A guide-grade field entry.
#[derive(Clone, Debug)]
pub struct FieldEntry {
    /// The content file, relative to `content/`.
    pub file: &'static str,
    /// The kind it explains.
    pub kind: &'static str,
    /// The title line (kind and first pattern).
    pub title: &'static str,
    /// The path patterns it explains (text and parsed).
    pub patterns: Vec<(&'static str, Vec<PatternSeg>)>,
    /// Related concept ids.
    pub concepts: Vec<&'static str>,
    /// The one-line summary.
    pub summary: &'static str,
    /// What it does.
    pub what: &'static str,
    /// Options.
    pub options: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// Common mistakes.
    pub mistakes: &'static str,
    /// kubectl.
    pub kubectl: &'static str,
    /// In the simulator.
    pub simulator: &'static str,
    /// The whole file.
    pub text: &'static str,
}

/// A value explanation.
#[derive(Clone, Debug)]
pub struct ValueDef {
    /// The content file, relative to `content/`.
    pub file: &'static str,
    /// Its id.
    pub id: &'static str,
    /// Which values it explains.
    pub matcher: ValueMatch,
    /// The fields it applies to: kind, pattern text, parsed pattern.
    pub fields: Vec<(&'static str, &'static str, Vec<PatternSeg>)>,
    /// One line.
    pub summary: &'static str,
    /// The explanation.
    pub explanation: &'static str,
    /// The whole file.
    pub text: &'static str,
}

/// Every guide-grade entry.
pub fn entries() -> &'static [FieldEntry] {
    &content::content().entries
}

/// Every value explanation.
pub fn values() -> &'static [ValueDef] {
    &content::content().values
}

/// Every concept page.
pub fn concepts() -> &'static [Concept] {
    &content::content().concepts
}

/// The concept page `id`.
pub fn concept(id: &str) -> Option<&'static Concept> {
    concepts().iter().find(|c| c.id == id)
}

/// The content files: path under `content/` and text, those compiled in and, once
/// [`crate::library`] is loaded (always, outside the browser's first module), the library's.
pub fn sources() -> Vec<(&'static str, &'static str)> {
    if crate::library::loaded() {
        content::all_files()
    } else {
        files::FILES.to_vec()
    }
}

/// Problems met reading the content (malformed files); empty in a healthy build.
pub fn problems() -> &'static [String] {
    &content::content().problems
}

/// The section headings every field entry has, in order.
pub fn field_sections() -> &'static [&'static str] {
    &content::FIELD_SECTIONS
}

/// Whether a pattern matches a path.
pub fn pattern_matches(pattern: &[PatternSeg], path: &[Segment]) -> bool {
    pattern.len() == path.len()
        && pattern.iter().zip(path).all(|(p, s)| match (p, s) {
            (PatternSeg::Key(k), Segment::Key(s)) => k == s,
            (PatternSeg::AnyIndex, Segment::Index(_)) => true,
            (PatternSeg::AnyKey, Segment::Key(_)) => true,
            _ => false,
        })
}

/// Parses a path pattern as content files write them.
pub fn parse_pattern(text: &str) -> Result<Vec<PatternSeg>, String> {
    content::pattern(text)
}

/// The guide-grade entry for `path` in a document of `kind`, if one matches (directly, or
/// through the pod template, claim template or init-container equivalences).
pub fn entry_for(kind: &str, path: &Path) -> Option<&'static FieldEntry> {
    candidates(kind, path.segments()).into_iter().find_map(|(k, segs)| {
        entries().iter().find(|e| e.kind == k && e.patterns.iter().any(|(_, p)| pattern_matches(p, &segs)))
    })
}

/// The (kind, path) pairs whose entry also explains `path` of `kind`, best first:
/// - any pod template's spec (Deployment, DaemonSet, Job, ReplicaSet, CronJob, Pod) explains
///   like the StatefulSet's `spec.template.spec`;
/// - a PersistentVolumeClaim's `spec` like a claim template's;
/// - an init container's field like a container's.
fn candidates(kind: &str, path: &[Segment]) -> Vec<(&'static str, Vec<Segment>)> {
    let key = |s: &str| Segment::Key(s.to_owned());
    let mut out: Vec<(&'static str, Vec<Segment>)> = Vec::new();
    if let Some(k) = entries().iter().map(|e| e.kind).find(|k| *k == kind) {
        out.push((k, path.to_vec()));
    }
    let pod_spec_prefix: Option<Vec<Segment>> = match kind {
        "Deployment" | "DaemonSet" | "Job" | "ReplicaSet" | "ReplicationController" => Some(vec![key("spec"), key("template"), key("spec")]),
        "CronJob" => Some(vec![key("spec"), key("jobTemplate"), key("spec"), key("template"), key("spec")]),
        "Pod" => Some(vec![key("spec")]),
        _ => None,
    };
    let sts_pod_spec = vec![key("spec"), key("template"), key("spec")];
    if let Some(prefix) = pod_spec_prefix {
        if path.len() > prefix.len() && path.starts_with(&prefix) {
            let mut p = sts_pod_spec.clone();
            p.extend_from_slice(&path[prefix.len()..]);
            out.push(("StatefulSet", p));
        }
    }
    if kind == "PersistentVolumeClaim" && path.len() > 1 && path[0] == key("spec") {
        let mut p = vec![key("spec"), key("volumeClaimTemplates"), Segment::Index(0)];
        p.extend_from_slice(path);
        out.push(("StatefulSet", p));
    }
    // init containers explain like containers
    let more: Vec<_> = out
        .iter()
        .filter_map(|(k, p)| {
            let i = p.iter().position(|s| *s == key("initContainers"))?;
            let mut q = p.clone();
            q[i] = key("containers");
            (i + 2 < q.len()).then_some((*k, q))
        })
        .collect();
    out.extend(more);
    out
}

/// Explains `path` of `doc`. Works for any path of any document: a guide-grade entry when one
/// matches, else the upstream API description and type, else (kinds outside the schema) an
/// explanation saying the app does not explain this kind. The summary is never empty.
pub fn explain(doc: &Document, path: &Path) -> Explanation {
    // what the input says is echoed clipped: one explanation stays small however long the
    // document's kind or keys are (an explanation per key would otherwise repeat them)
    let kind = clip(doc.kind().unwrap_or("")).into_owned();
    let kind_match = schema::lookup_kind(doc.api_version(), doc.kind());
    let node = doc.at(path);
    let mut ex = Explanation {
        source: Source::Api,
        kind: kind.clone(),
        path: path.to_string(),
        title: format!("{} {}", if kind.is_empty() { "(no kind)" } else { &kind }, clip(&display_pattern(path))),
        summary: String::new(),
        sections: Sections::default(),
        value_note: None,
        api: None,
        concepts: Vec::new(),
        entry_file: None,
    };
    let info = kind_match.def().and_then(|d| schema::field_in_type(d.type_name, path.segments()));
    if let Some(info) = &info {
        ex.api = Some(api_info(info));
    }
    // A list item (`containers[0]`) is explained by its list's entry when it has none itself.
    let entry = entry_for(&kind, path).or_else(|| match path.segments().split_last() {
        Some((Segment::Index(_), parent)) => entry_for(&kind, &Path(parent.to_vec())),
        _ => None,
    });
    if let Some(entry) = entry {
        ex.source = Source::Guide;
        ex.summary = entry.summary.to_owned();
        ex.sections = Sections {
            what: entry.what.to_owned(),
            options: entry.options.to_owned(),
            why: entry.why.to_owned(),
            mistakes: entry.mistakes.to_owned(),
            kubectl: entry.kubectl.to_owned(),
            simulator: entry.simulator.to_owned(),
        };
        ex.concepts = entry
            .concepts
            .iter()
            .filter_map(|id| concept(id))
            .map(|c| ConceptRef { id: c.id.to_owned(), title: c.title.to_owned() })
            .collect();
        ex.entry_file = Some(entry.file.to_owned());
    } else if let Some(info) = &info {
        api_explanation(&mut ex, info, path);
    } else if let Some(def) = kind_match.def() {
        beyond_schema(&mut ex, def.type_name, path);
    } else {
        unknown_kind(&mut ex, doc, path);
    }
    if let KindMatch::OtherVersion(def) = kind_match {
        if path.segments() == [Segment::Key("apiVersion".into())] {
            ex.summary = format!(
                "`{}` is not the version Kubernetes {} serves for {}: use `{}`. {}",
                clip(doc.api_version().unwrap_or("")),
                schema::kubernetes_version(),
                def.kind,
                def.api_version,
                ex.summary
            );
        }
    }
    if let Some(node) = node {
        // an `env[].value` is explained by its variable's name beside it
        let env = match path.segments() {
            [.., Segment::Key(list), Segment::Index(_), Segment::Key(value)] if list == "env" && value == "value" => {
                let mut name = path.segments().to_vec();
                name.pop();
                doc.at(&Path(name).key("name")).and_then(scalar_text)
            }
            _ => None,
        };
        ex.value_note = values::note(&kind, path, node, env);
    }
    ex
}

/// The most characters of the input an explanation repeats in one place.
pub const ECHO_MAX_CHARS: usize = 120;

/// `text` as explanations show it: clipped to [`ECHO_MAX_CHARS`] characters, with `…`.
fn clip(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(ECHO_MAX_CHARS) {
        None => std::borrow::Cow::Borrowed(text),
        Some((end, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..end])),
    }
}

/// The path with indices as `[]`, as titles show it.
fn display_pattern(path: &Path) -> String {
    if path.is_root() {
        "(document)".to_owned()
    } else {
        path.pattern()
    }
}

fn api_info(info: &FieldInfo) -> ApiInfo {
    ApiInfo {
        type_name: info.ty.label(),
        description: info.description().to_owned(),
        credit: info.origin.credit(),
        k8s_version: match info.origin {
            schema::Origin::Kubernetes(v) => v.to_owned(),
            schema::Origin::Crd(_) => String::new(),
        },
        required: info.required,
        enum_values: info.enum_values.iter().map(|v| (*v).to_owned()).collect(),
    }
}

/// The first sentence of an upstream description, for a summary.
pub(crate) fn first_sentence(text: &str) -> String {
    let text = text.trim();
    let mut end = text.len();
    for (i, _) in text.match_indices(". ") {
        // skip abbreviations such as "e.g. " and "i.e. "
        let before = &text[..i];
        if before.ends_with("e.g") || before.ends_with("i.e") || before.ends_with("etc") {
            continue;
        }
        end = i + 1;
        break;
    }
    if let Some(nl) = text[..end].find('\n') {
        end = nl;
    }
    text[..end].trim().to_owned()
}

fn api_explanation(ex: &mut Explanation, info: &FieldInfo, path: &Path) {
    let credit = info.origin.credit();
    let description = info.description();
    let first = first_sentence(description);
    let what_is = match info.place {
        Place::Root => String::new(),
        Place::Field => String::new(),
        Place::ListItem => format!("One item of the list `{}`. ", clip(&parent_display(path))),
        Place::MapEntry => format!(
            "The key `{}` of the map `{}`. ",
            clip(path.last_key().unwrap_or("")),
            clip(&parent_display(path))
        ),
    };
    ex.summary = if !crate::library::loaded() {
        format!("{what_is}A field of type {}.", info.ty.label())
    } else if first.is_empty() {
        format!("{what_is}A field of type {} (no description upstream).", info.ty.label())
    } else {
        format!("{what_is}{first}")
    };
    ex.sections.what = if !crate::library::loaded() {
        String::new()
    } else if description.trim().is_empty() {
        format!("No description upstream (from {credit}).")
    } else {
        format!("{}\n\n(From {credit}.)", description.trim())
    };
    let mut options = format!("Type: {}.", info.ty.label());
    if info.required {
        options.push_str(" Required.");
    }
    if !info.enum_values.is_empty() {
        options.push_str(&format!(
            " Accepted values: {}.",
            info.enum_values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
        ));
    }
    if let FieldType::Object(name) = &info.ty {
        if let Some(t) = schema::type_def(name) {
            if !t.fields.is_empty() {
                let names: Vec<String> = t.fields.iter().map(|f| format!("`{}`", f.name)).collect();
                options.push_str(&format!(" Fields: {}.", names.join(", ")));
            }
        }
    }
    ex.sections.options = options;
}

fn parent_display(path: &Path) -> String {
    match path.segments().split_last() {
        Some((_, parent)) => Path(parent.to_vec()).to_string(),
        None => String::new(),
    }
}

/// A path that leaves the schema: an unknown field (a typo?) or a key inside free-form data.
fn beyond_schema(ex: &mut Explanation, root: &str, path: &Path) {
    let segs = path.segments();
    // the deepest ancestor the schema resolves
    let (depth, ancestor) = (0..segs.len())
        .rev()
        .find_map(|d| schema::field_in_type(root, &segs[..d]).map(|i| (d, i)))
        .unwrap_or_else(|| (0, schema::field_in_type(root, &[]).expect("root type exists")));
    let ancestor_path = Path(segs[..depth].to_vec());
    let ancestor_shown = clip(&ancestor_path.to_string()).into_owned();
    let step = &segs[depth];
    match (&ancestor.ty, step) {
        (FieldType::Object(name), Segment::Key(key)) => {
            let t = schema::type_def(name);
            let guess = t.and_then(|t| schema::suggest_field(t, key));
            let owner = schema::short_name(name);
            let key = clip(key);
            ex.summary = match guess {
                Some(g) => format!("`{key}` is not a field of {owner}: did you mean `{g}`? The API rejects unknown fields."),
                None => format!("`{key}` is not a field of {owner}; the API rejects unknown fields."),
            };
            ex.sections.what = format!(
                "Kubernetes {} knows no field `{key}` at {}. With strict field validation (the default of `kubectl apply` since 1.27) the object is rejected; older clients drop the field silently.",
                schema::kubernetes_version(),
                if ancestor_path.is_root() { "the top level".to_owned() } else { format!("`{ancestor_shown}`") }
            );
            if let Some(t) = t {
                let names: Vec<String> = t.fields.iter().map(|f| format!("`{}`", f.name)).collect();
                ex.sections.options = format!("The fields of {owner}: {}.", names.join(", "));
            }
        }
        _ => {
            let holder = if ancestor_path.is_root() { "the document".to_owned() } else { format!("`{ancestor_shown}`") };
            ex.summary = format!(
                "Free-form data inside {holder} ({}): {}",
                ancestor.ty.label(),
                first_sentence(ancestor.description())
            );
            ex.sections.what = format!(
                "The schema does not describe what is inside {holder}, which is of type {}. {}",
                ancestor.ty.label(),
                ancestor.description().trim()
            );
        }
    }
}

fn unknown_kind(ex: &mut Explanation, doc: &Document, path: &Path) {
    ex.source = Source::Unknown;
    let known: Vec<&str> = schema::schema().kinds.iter().map(|k| k.kind).collect();
    let what = match (doc.kind().map(clip), doc.api_version().map(clip)) {
        (Some(k), Some(v)) => format!("`{k}` objects (`{v}`)"),
        (Some(k), None) => format!("`{k}` objects"),
        (None, _) => "documents without a `kind`".to_owned(),
    };
    let field = if path.is_root() { String::new() } else { format!("`{}` is shown as written. ", clip(&path.to_string())) };
    ex.summary = format!("The app does not explain {what}. {field}It explains {}.", known.join(", "));
    ex.sections.what = match path.segments() {
        [Segment::Key(k)] if k == "apiVersion" => "`apiVersion` names the API group and version that serve this kind.".into(),
        [Segment::Key(k)] if k == "kind" => "`kind` names the type of object this document describes.".into(),
        [Segment::Key(k)] if k == "metadata" => "`metadata` holds the object's name, namespace, labels and annotations, as for every Kubernetes object.".into(),
        _ => String::new(),
    };
}

/// The value node's text if it is a scalar.
pub(crate) fn scalar_text(node: &Node) -> Option<&str> {
    node.as_scalar().map(|s| s.value.as_str())
}

#[cfg(test)]
mod tests;
