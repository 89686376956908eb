//! The upstream Kubernetes API schema: what every field of the kinds the app reads is, and
//! whether a document fits it.
//!
//! The data is generated from `k8s-openapi` (Kubernetes 1.35) by `cargo run -p xtask -- codegen`
//! and compiled in (`data/k8s-schema.tsv`); VolumeSnapshot, a CRD that no crate ships, comes from
//! a small hand-written file taken from the external-snapshotter CRD
//! (`data/volumesnapshot-crd.tsv`). See `data.rs` for the format.
//!
//! - [`field`] resolves any [`Path`] of a document of a known kind to its [`FieldInfo`].
//! - [`validate`] reports type errors, unknown fields (with a did-you-mean), unsupported values
//!   and `apiVersion`/`kind` problems as [`SchemaIssue`]s.

mod data;
pub mod quantity;
mod validate;

pub use validate::{validate, SchemaIssue, SchemaIssueKind};

use crate::yaml::{Path, Segment};
use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

/// Where a type's definition comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The Kubernetes API reference of this version (e.g. `1.35`), via k8s-openapi.
    Kubernetes(&'static str),
    /// A CustomResourceDefinition of this group/version (e.g. `snapshot.storage.k8s.io/v1`),
    /// described by hand from the CRD that its project publishes.
    Crd(&'static str),
}

impl Origin {
    /// Where the description comes from, for the UI: "the Kubernetes 1.35 API reference".
    pub fn credit(&self) -> String {
        match self {
            Origin::Kubernetes(v) => format!("the Kubernetes {v} API reference"),
            Origin::Crd(gv) => format!("the {gv} CustomResourceDefinition of the external-snapshotter project"),
        }
    }
}

/// The type of a field, as the API reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// A string.
    String,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// Base64-encoded bytes (a Secret's `data`).
    Bytes,
    /// An RFC 3339 timestamp.
    DateTime,
    /// A resource quantity such as `1Gi` or `500m`.
    Quantity,
    /// An integer or a string (e.g. a port number or a port name).
    IntOrString,
    /// Any value (free-form JSON).
    Any,
    /// An object of the named type.
    Object(&'static str),
    /// A list.
    List(Box<FieldType>),
    /// A map from strings to values of this type.
    Map(Box<FieldType>),
}

impl FieldType {
    /// A short name for learners: `integer`, `list of Container`, `map of string to string`.
    pub fn label(&self) -> String {
        match self {
            FieldType::String => "string".into(),
            FieldType::Integer => "integer".into(),
            FieldType::Number => "number".into(),
            FieldType::Boolean => "boolean".into(),
            FieldType::Bytes => "base64-encoded string".into(),
            FieldType::DateTime => "timestamp (RFC 3339)".into(),
            FieldType::Quantity => "quantity (e.g. 1Gi, 500m)".into(),
            FieldType::IntOrString => "integer or string".into(),
            FieldType::Any => "any value".into(),
            FieldType::Object(name) => short_name(name).to_owned(),
            FieldType::List(item) => format!("list of {}", item.label()),
            FieldType::Map(value) => format!("map of string to {}", value.label()),
        }
    }

    /// "a string", "an integer", "a list", … as used in messages.
    pub fn noun(&self) -> &'static str {
        match self {
            FieldType::String | FieldType::DateTime | FieldType::Bytes => "a string",
            FieldType::Integer => "an integer",
            FieldType::Number => "a number",
            FieldType::Boolean => "a boolean",
            FieldType::Quantity => "a quantity",
            FieldType::IntOrString => "an integer or a string",
            FieldType::Any => "a value",
            FieldType::Object(_) | FieldType::Map(_) => "an object",
            FieldType::List(_) => "a list",
        }
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// The last part of a type name: `io.k8s.api.apps.v1.StatefulSetSpec` → `StatefulSetSpec`.
pub fn short_name(type_name: &str) -> &str {
    type_name.rsplit('.').next().unwrap_or(type_name)
}

/// A kind the schema describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindDef {
    /// Its `apiVersion`, e.g. `apps/v1`.
    pub api_version: &'static str,
    /// Its `kind`, e.g. `StatefulSet`.
    pub kind: &'static str,
    /// Its root type, e.g. `io.k8s.api.apps.v1.StatefulSet`.
    pub type_name: &'static str,
}

/// An object type and its fields.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// The full name, e.g. `io.k8s.api.apps.v1.StatefulSetSpec`.
    pub name: &'static str,
    /// The fields, sorted by name.
    pub fields: Vec<FieldDef>,
    /// Where the definition comes from.
    pub origin: Origin,
}

impl TypeDef {
    /// The upstream description ([`crate::library`]; empty while it is not loaded).
    pub fn description(&self) -> &'static str {
        crate::library::description(self.name, "")
    }

    /// The field called `name`.
    pub fn field(&self, name: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// One field of a [`TypeDef`].
#[derive(Clone, Debug)]
pub struct FieldDef {
    /// The type it belongs to.
    pub owner: &'static str,
    /// The field's name.
    pub name: &'static str,
    /// Its type.
    pub ty: FieldType,
    /// Whether the API marks it required.
    pub required: bool,
    /// The values the API accepts, when it is an enumeration (for a list: its items' values).
    pub enum_values: Vec<&'static str>,
}

impl FieldDef {
    /// The upstream description ([`crate::library`]; empty while it is not loaded).
    pub fn description(&self) -> &'static str {
        crate::library::description(self.owner, self.name)
    }
}

/// The whole schema: kinds and types.
#[derive(Debug)]
pub struct Schema {
    /// The Kubernetes version of the generated data, e.g. `1.35`.
    pub kubernetes_version: &'static str,
    /// The kinds, in data order.
    pub kinds: Vec<KindDef>,
    /// Every type by full name.
    pub types: HashMap<&'static str, TypeDef>,
}

/// The compiled-in schema (parsed on first use).
pub fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| data::load(&[data::UPSTREAM, data::VOLUME_SNAPSHOT]).0)
}

/// The Kubernetes version the upstream data describes (`1.35`).
pub fn kubernetes_version() -> &'static str {
    schema().kubernetes_version
}

/// The type called `name`.
pub fn type_def(name: &str) -> Option<&'static TypeDef> {
    schema().types.get(name)
}

/// How a document's `apiVersion` and `kind` match the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KindMatch {
    /// A kind the schema describes, at this apiVersion.
    Known(&'static KindDef),
    /// A kind the schema describes, written with another `apiVersion` (old, or mistyped). The
    /// schema of the known version is used to explain it.
    OtherVersion(&'static KindDef),
    /// A kind the app does not describe (or no kind at all).
    Unknown,
}

impl KindMatch {
    /// The kind definition used to explain the document, if any.
    pub fn def(&self) -> Option<&'static KindDef> {
        match self {
            KindMatch::Known(d) | KindMatch::OtherVersion(d) => Some(d),
            KindMatch::Unknown => None,
        }
    }
}

/// Looks a document's `apiVersion` and `kind` up.
pub fn lookup_kind(api_version: Option<&str>, kind: Option<&str>) -> KindMatch {
    let Some(kind) = kind else { return KindMatch::Unknown };
    let kinds = &schema().kinds;
    if let Some(def) = kinds.iter().find(|k| k.kind == kind && Some(k.api_version) == api_version) {
        return KindMatch::Known(def);
    }
    match kinds.iter().find(|k| k.kind == kind) {
        Some(def) => KindMatch::OtherVersion(def),
        None => KindMatch::Unknown,
    }
}

/// What a path points at inside its parent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The document itself (the empty path).
    Root,
    /// A named field of an object.
    Field,
    /// An item of a list.
    ListItem,
    /// An entry of a map (e.g. one label), under a free-form key.
    MapEntry,
}

/// A field's definition, as [`field`] finds it.
#[derive(Clone, Debug)]
pub struct FieldInfo {
    /// What the path's last step is.
    pub place: Place,
    /// The type that holds the field (for a list item or map entry: the type holding the list
    /// or map), if any.
    pub owner: Option<&'static str>,
    /// The field's (or item's, or map value's) type.
    pub ty: FieldType,
    /// Whether the API marks it required.
    pub required: bool,
    /// The values the API accepts, if it is an enumeration.
    pub enum_values: &'static [&'static str],
    /// Where its upstream description is, in order of preference ([`FieldInfo::description`]).
    describe: [Describe; 3],
    /// Where the description comes from.
    pub origin: Origin,
}

/// A place an upstream description may be found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Describe {
    #[default]
    Nowhere,
    /// A type's own description.
    Type(&'static str),
    /// A field's description: `(type, field)`.
    Field(&'static str, &'static str),
}

impl Describe {
    fn of_object(ty: &FieldType) -> Describe {
        match ty {
            FieldType::Object(name) => Describe::Type(name),
            _ => Describe::Nowhere,
        }
    }
}

impl FieldInfo {
    /// The upstream description (for a field without one: its object type's; for list items of
    /// object type: the item type's, else the list's; for map entries: the map's). Empty when
    /// there is none, or while [`crate::library`] is not loaded.
    pub fn description(&self) -> &'static str {
        self.describe
            .iter()
            .map(|d| match *d {
                Describe::Nowhere => "",
                Describe::Type(t) => crate::library::description(t, ""),
                Describe::Field(t, f) => crate::library::description(t, f),
            })
            .find(|d| !d.is_empty())
            .unwrap_or("")
    }
}

/// Resolves `path` in a document of `kind` (looked up with [`lookup_kind`]; an other
/// apiVersion of a known kind uses the known one). `None` when the kind is unknown or the path
/// leaves the schema (an unknown field, or a step into a scalar).
pub fn field(api_version: Option<&str>, kind: &str, path: &Path) -> Option<FieldInfo> {
    let def = lookup_kind(api_version, Some(kind)).def()?;
    field_in_type(def.type_name, path.segments())
}

/// Resolves a path (as segments) starting at the type `root`.
pub fn field_in_type(root: &str, segments: &[Segment]) -> Option<FieldInfo> {
    let root_def = type_def(root)?;
    let mut info = FieldInfo {
        place: Place::Root,
        owner: None,
        ty: FieldType::Object(root_def.name),
        required: false,
        enum_values: &[],
        describe: [Describe::Type(root_def.name), Describe::Nowhere, Describe::Nowhere],
        origin: root_def.origin,
    };
    for seg in segments {
        info = step(&info, seg)?;
    }
    Some(info)
}

/// One step down from `info` along `seg`.
fn step(info: &FieldInfo, seg: &Segment) -> Option<FieldInfo> {
    match (&info.ty, seg) {
        (FieldType::Object(name), Segment::Key(key)) => {
            let owner = type_def(name)?;
            let f = owner.field(key)?;
            Some(FieldInfo {
                place: Place::Field,
                owner: Some(owner.name),
                ty: f.ty.clone(),
                required: f.required,
                enum_values: &f.enum_values,
                describe: [Describe::Field(owner.name, f.name), Describe::of_object(&f.ty), Describe::Nowhere],
                origin: owner.origin,
            })
        }
        (FieldType::List(item), Segment::Index(_)) => {
            Some(FieldInfo {
                place: Place::ListItem,
                owner: info.owner,
                ty: (**item).clone(),
                required: false,
                enum_values: info.enum_values,
                describe: [Describe::of_object(item), info.describe[0], info.describe[1]],
                origin: info.origin,
            })
        }
        (FieldType::Map(value), Segment::Key(_)) => Some(FieldInfo {
            place: Place::MapEntry,
            owner: info.owner,
            ty: (**value).clone(),
            required: false,
            enum_values: &[],
            describe: info.describe,
            origin: info.origin,
        }),
        _ => None,
    }
}

/// The field of `t` closest to `key`, when `key` looks like a typo of it.
pub fn suggest_field(t: &TypeDef, key: &str) -> Option<&'static str> {
    did_you_mean(key, t.fields.iter().map(|f| f.name))
}

/// Levenshtein distance between two short strings (for did-you-mean suggestions).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a likely typo: the same word
/// in another case, or within an edit distance of a third of its length (at least 1, at most 3).
pub(crate) fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let chars = word.chars().count();
    let limit = (chars / 3).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        // the distance is at least the difference in length: skip the quadratic comparison
        // (a key of 70,000 characters would take seconds against every field name)
        if c.chars().count().abs_diff(chars) > limit {
            continue;
        }
        let d = if c.to_ascii_lowercase() == lower { 0 } else { edit_distance(word, c) };
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests;
