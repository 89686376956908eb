//! The span-carrying YAML tree.

use super::{Path, ScalarStyle, ScalarValue, Segment, TextRange};

/// A scalar: its text after YAML unescaping, its style and its explicit tag.
#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    /// The scalar's content (quotes removed, escapes resolved, block scalars folded).
    pub value: String,
    /// How it was written.
    pub style: ScalarStyle,
    /// An explicit tag such as `!!str`, if any.
    pub tag: Option<String>,
}

impl Scalar {
    /// The value as Kubernetes reads it (see [`ScalarValue`]).
    pub fn resolved(&self) -> ScalarValue {
        ScalarValue::resolve(&self.value, self.style, self.tag.as_deref())
    }
}

/// A mapping entry: a key node and its value node.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The key (almost always a scalar).
    pub key: Node,
    /// The value.
    pub value: Node,
}

impl Entry {
    /// The key's text, if the key is a scalar.
    pub fn key_str(&self) -> Option<&str> {
        self.key.as_str()
    }
}

/// What a node holds.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// A scalar.
    Scalar(Scalar),
    /// A mapping, entries in source order (duplicates kept).
    Mapping {
        /// The entries.
        entries: Vec<Entry>,
        /// An explicit tag, if any.
        tag: Option<String>,
        /// Where each key is, for wide mappings (see [`KeyIndex`]).
        index: KeyIndex,
    },
    /// A sequence.
    Sequence {
        /// The items.
        items: Vec<Node>,
        /// An explicit tag, if any.
        tag: Option<String>,
    },
}

/// A lookup table from key text to its (last) entry, built by the parser for mappings wider
/// than [`KeyIndex::MIN_ENTRIES`], so that [`Node::get`] stays O(1) on a mapping of 100,000
/// keys: explaining every key of such a mapping would otherwise be quadratic. It is derived
/// from the entries, so it never makes two nodes unequal.
#[derive(Clone, Default)]
pub struct KeyIndex(Option<std::sync::Arc<std::collections::HashMap<String, usize>>>);

impl KeyIndex {
    /// Mappings with fewer entries are searched directly.
    pub const MIN_ENTRIES: usize = 16;

    /// The index of `entries` (empty for narrow mappings).
    pub fn new(entries: &[Entry]) -> KeyIndex {
        if entries.len() < KeyIndex::MIN_ENTRIES {
            return KeyIndex(None);
        }
        let mut map = std::collections::HashMap::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            if let Some(k) = e.key_str() {
                // later entries win, as in `Node::entry`
                map.insert(k.to_owned(), i);
            }
        }
        KeyIndex(Some(std::sync::Arc::new(map)))
    }
}

impl PartialEq for KeyIndex {
    fn eq(&self, _: &KeyIndex) -> bool {
        true
    }
}

impl std::fmt::Debug for KeyIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(map) => write!(f, "KeyIndex({} keys)", map.len()),
            None => write!(f, "KeyIndex"),
        }
    }
}

/// A YAML node and the bytes it spans.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The content.
    pub kind: NodeKind,
    /// The source range.
    pub range: TextRange,
    /// Whether this node was produced by expanding an alias (`*name`); its children keep the
    /// ranges of the anchored original.
    pub alias: bool,
}

impl Node {
    /// The scalar, if this is one.
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The scalar's text, if this is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.value.as_str())
    }

    /// The mapping's entries, if this is a mapping.
    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Mapping { entries, .. } => Some(entries),
            _ => None,
        }
    }

    /// The sequence's items, if this is a sequence.
    pub fn items(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Sequence { items, .. } => Some(items),
            _ => None,
        }
    }

    /// Whether the node is a scalar that resolves to null (`~`, `null`, or empty).
    pub fn is_null(&self) -> bool {
        matches!(self.as_scalar().map(Scalar::resolved), Some(ScalarValue::Null))
    }

    /// The entry for `key` (the last one if the key is repeated, as Kubernetes reads it).
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            NodeKind::Mapping { entries, index: KeyIndex(Some(map)), .. } => entries.get(*map.get(key)?),
            NodeKind::Mapping { entries, .. } => entries.iter().rev().find(|e| e.key_str() == Some(key)),
            _ => None,
        }
    }

    /// The value for `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// The scalar text for `key`.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }

    /// The node at a path below this one.
    pub fn at(&self, path: &Path) -> Option<&Node> {
        let mut node = self;
        for seg in path.segments() {
            node = match seg {
                Segment::Key(k) => node.get(k)?,
                Segment::Index(i) => node.items()?.get(*i)?,
            };
        }
        Some(node)
    }

    /// The entry (key and value) at a path that ends in a key.
    pub fn entry_at(&self, path: &Path) -> Option<&Entry> {
        let (last, parent) = path.segments().split_last()?;
        let Segment::Key(k) = last else { return None };
        self.at(&Path(parent.to_vec()))?.entry(k)
    }

    /// Number of nodes in this subtree (used to bound alias expansion).
    pub fn count_nodes(&self) -> usize {
        let mut count = 0usize;
        let mut stack = vec![self];
        while let Some(n) = stack.pop() {
            count += 1;
            match &n.kind {
                NodeKind::Scalar(_) => {}
                NodeKind::Mapping { entries, .. } => {
                    for e in entries {
                        stack.push(&e.key);
                        stack.push(&e.value);
                    }
                }
                NodeKind::Sequence { items, .. } => stack.extend(items.iter()),
            }
        }
        count
    }

    /// The node as JSON, with scalars resolved as Kubernetes does. Non-string keys become their
    /// text; a repeated key keeps its last value.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.kind {
            NodeKind::Scalar(s) => s.resolved().to_json(),
            NodeKind::Sequence { items, .. } => serde_json::Value::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Mapping { entries, .. } => {
                let mut map = serde_json::Map::new();
                // YAML 1.1 merge keys, as go-yaml (kubectl) reads them: the merged mappings'
                // entries first (an earlier mapping of a `<<` list wins), then the keys written
                // here, which win over merged ones wherever they stand
                for e in entries.iter().filter(|e| e.key.as_str() == Some("<<")) {
                    let merged: Vec<&Node> = e.value.items().map_or_else(|| vec![&e.value], |items| items.iter().collect());
                    for m in merged {
                        if let serde_json::Value::Object(o) = m.to_json() {
                            for (k, v) in o {
                                map.entry(k).or_insert(v);
                            }
                        }
                    }
                }
                for e in entries.iter().filter(|e| e.key.as_str() != Some("<<")) {
                    let key = match &e.key.kind {
                        NodeKind::Scalar(s) => s.value.clone(),
                        _ => e.key.to_json().to_string(),
                    };
                    map.insert(key, e.value.to_json());
                }
                serde_json::Value::Object(map)
            }
        }
    }
}

/// One document of a stream.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The root node; `None` for an empty document or one that failed to parse.
    pub root: Option<Node>,
    /// The document's source range (markers included).
    pub range: TextRange,
    /// Whether it began with an explicit `---`.
    pub explicit_start: bool,
    /// Whether a syntax error stopped it being read.
    pub broken: bool,
}

/// A key of a document, found by [`Document::keys`].
#[derive(Clone, Copy, Debug)]
pub struct KeyRef<'a> {
    /// The entry's key node.
    pub key: &'a Node,
    /// The entry's value node.
    pub value: &'a Node,
}

/// What [`Document::locate`] finds at an offset.
#[derive(Clone, Debug, PartialEq)]
pub struct Located {
    /// The field's path.
    pub path: Path,
    /// The range of the field's key, when the field is a mapping entry.
    pub key_range: Option<TextRange>,
    /// The range of the field's value.
    pub value_range: TextRange,
    /// Whether the offset is on the key itself (rather than the value).
    pub on_key: bool,
}

impl Document {
    /// A document that could not be parsed.
    pub fn broken(range: TextRange) -> Document {
        Document { root: None, range, explicit_start: false, broken: true }
    }

    /// The top-level scalar `apiVersion`.
    pub fn api_version(&self) -> Option<&str> {
        self.root.as_ref()?.get_str("apiVersion")
    }

    /// The top-level scalar `kind`.
    pub fn kind(&self) -> Option<&str> {
        self.root.as_ref()?.get_str("kind")
    }

    /// `metadata.name`.
    pub fn name(&self) -> Option<&str> {
        self.root.as_ref()?.get("metadata")?.get_str("name")
    }

    /// `metadata.namespace`.
    pub fn namespace(&self) -> Option<&str> {
        self.root.as_ref()?.get("metadata")?.get_str("namespace")
    }

    /// The node at a path.
    pub fn at(&self, path: &Path) -> Option<&Node> {
        self.root.as_ref()?.at(path)
    }

    /// The entry (key and value) at a path that ends in a key.
    pub fn entry_at(&self, path: &Path) -> Option<&Entry> {
        self.root.as_ref()?.entry_at(path)
    }

    /// Every mapping key of the document with its path, in document order.
    pub fn keys(&self) -> Vec<(Path, KeyRef<'_>)> {
        let mut out = Vec::new();
        if let Some(root) = &self.root {
            collect_keys(root, &Path::root(), &mut out);
        }
        out
    }

    /// The field at a byte offset: the deepest key or value whose range holds the offset
    /// (ends included, so a cursor right after a word is still on it). On a line that holds
    /// a key, a cursor in the indentation or after the value still finds that key.
    pub fn locate(&self, offset: usize) -> Option<Located> {
        let root = self.root.as_ref()?;
        let mut best: Option<Located> = None;
        locate_in(root, &Path::root(), offset, &mut best);
        best
    }
}

fn collect_keys<'a>(node: &'a Node, path: &Path, out: &mut Vec<(Path, KeyRef<'a>)>) {
    match &node.kind {
        NodeKind::Scalar(_) => {}
        NodeKind::Mapping { entries, .. } => {
            for e in entries {
                let key = e.key.as_str().map(str::to_owned).unwrap_or_else(|| e.key.to_json().to_string());
                let p = path.key(&key);
                out.push((p.clone(), KeyRef { key: &e.key, value: &e.value }));
                collect_keys(&e.value, &p, out);
            }
        }
        NodeKind::Sequence { items, .. } => {
            for (i, item) in items.iter().enumerate() {
                collect_keys(item, &path.index(i), out);
            }
        }
    }
}

fn locate_in(node: &Node, path: &Path, offset: usize, best: &mut Option<Located>) {
    match &node.kind {
        NodeKind::Scalar(_) => {}
        NodeKind::Mapping { entries, .. } => {
            for e in entries {
                let key = e.key.as_str().map(str::to_owned).unwrap_or_else(|| e.key.to_json().to_string());
                let p = path.key(&key);
                let span = e.key.range.cover(e.value.range);
                if e.key.range.contains_inclusive(offset) {
                    *best = Some(Located { path: p, key_range: Some(e.key.range), value_range: e.value.range, on_key: true });
                    return;
                }
                if span.contains_inclusive(offset) {
                    *best = Some(Located {
                        path: p.clone(),
                        key_range: Some(e.key.range),
                        value_range: e.value.range,
                        on_key: false,
                    });
                    locate_in(&e.value, &p, offset, best);
                    return;
                }
            }
        }
        NodeKind::Sequence { items, .. } => {
            for (i, item) in items.iter().enumerate() {
                // the `- ` indicator before a block item belongs to that item
                let starts_just_after = (item.range.start as usize) >= offset && (item.range.start as usize) - offset <= 2;
                if item.range.contains_inclusive(offset) || starts_just_after {
                    let p = path.index(i);
                    if item.as_scalar().is_some() {
                        *best = Some(Located { path: p, key_range: None, value_range: item.range, on_key: false });
                        return;
                    }
                    let before = best.clone();
                    locate_in(item, &p, offset, best);
                    if *best == before {
                        *best = Some(Located { path: p, key_range: None, value_range: item.range, on_key: false });
                    }
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
pub(crate) fn _assert_send_sync() {
    fn f<T: Send + Sync>() {}
    f::<Document>();
}
