//! Small Kubernetes semantics the rules share: labels and selectors, quantities, image
//! references, DNS names.

use crate::yaml::{Entry, Node, Path, ScalarValue, TextRange};
use std::collections::BTreeMap;

/// Labels as Kubernetes reads them: string keys and string values.
pub(crate) type LabelMap = BTreeMap<String, String>;

/// The scalar text of a node as the API would read a string (numbers and bools keep their text).
pub(crate) fn scalar_text(node: &Node) -> Option<String> {
    let s = node.as_scalar()?;
    Some(match s.resolved() {
        ScalarValue::Null => String::new(),
        _ => s.value.clone(),
    })
}

/// The label map of a `labels:` (or `matchLabels:`, or Service `selector:`) mapping.
pub(crate) fn labels_of(node: Option<&Node>) -> LabelMap {
    let mut out = LabelMap::new();
    for e in node.and_then(Node::entries).unwrap_or(&[]) {
        if let (Some(k), Some(v)) = (e.key.as_str(), scalar_text(&e.value)) {
            out.insert(k.to_owned(), v);
        }
    }
    out
}

/// A label selector requirement.
#[derive(Clone, Debug)]
pub(crate) enum Requirement {
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    DoesNotExist(String),
    /// An operator the API does not know; never matches.
    Invalid,
}

/// A label selector: `matchLabels` and `matchExpressions`, or a Service's plain map.
#[derive(Clone, Debug, Default)]
pub(crate) struct Selector {
    pub match_labels: LabelMap,
    pub expressions: Vec<Requirement>,
}

impl Selector {
    /// A plain `key: value` selector (Service, ReplicationController).
    pub fn from_map(node: &Node) -> Option<Selector> {
        node.entries()?;
        Some(Selector { match_labels: labels_of(Some(node)), expressions: Vec::new() })
    }

    /// A `LabelSelector` (`matchLabels` and `matchExpressions`).
    pub fn from_label_selector(node: &Node) -> Option<Selector> {
        node.entries()?;
        let mut sel = Selector { match_labels: labels_of(node.get("matchLabels")), expressions: Vec::new() };
        for e in node.get("matchExpressions").and_then(Node::items).unwrap_or(&[]) {
            sel.expressions.push(Selector::requirement(e));
        }
        Some(sel)
    }

    /// One `matchExpressions` item as a requirement.
    pub fn requirement(e: &Node) -> Requirement {
        let key = e.get_str("key").unwrap_or("").to_owned();
        let values: Vec<String> = e.get("values").and_then(Node::items).unwrap_or(&[]).iter().filter_map(scalar_text).collect();
        match e.get_str("operator") {
            Some("In") => Requirement::In(key, values),
            Some("NotIn") => Requirement::NotIn(key, values),
            Some("Exists") => Requirement::Exists(key),
            Some("DoesNotExist") => Requirement::DoesNotExist(key),
            _ => Requirement::Invalid,
        }
    }

    /// Whether the selector has no requirement at all (`{}` selects everything).
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.expressions.is_empty()
    }

    /// Whether the selector selects an object with these labels.
    pub fn matches(&self, labels: &LabelMap) -> bool {
        self.match_labels.iter().all(|(k, v)| labels.get(k) == Some(v))
            && self.expressions.iter().all(|r| match r {
                Requirement::In(k, vs) => labels.get(k).is_some_and(|v| vs.contains(v)),
                Requirement::NotIn(k, vs) => labels.get(k).is_none_or(|v| !vs.contains(v)),
                Requirement::Exists(k) => labels.contains_key(k),
                Requirement::DoesNotExist(k) => !labels.contains_key(k),
                Requirement::Invalid => false,
            })
    }
}

/// A whole mapping entry, `key: value`, from the key's start to the value's end.
pub(crate) fn entry_range(e: &Entry) -> TextRange {
    e.key.range.cover(e.value.range)
}

/// The first place where a selector written at `node` fails to select `labels`: the
/// `matchLabels` pair (or, for a Service's plain map, the pair) that the labels lack or hold
/// with another value, else the first `matchExpressions` item that does not hold. The range
/// covers the whole entry (`app: orders`), never the `selector:` key above it.
pub(crate) fn selector_miss(node: &Node, path: &Path, plain_map: bool, labels: &LabelMap) -> Option<SelectorMiss> {
    let (pairs, pairs_path) = if plain_map { (Some(node), path.clone()) } else { (node.get("matchLabels"), path.key("matchLabels")) };
    for e in pairs.and_then(Node::entries).unwrap_or(&[]) {
        let (Some(k), Some(v)) = (e.key.as_str(), scalar_text(&e.value)) else { continue };
        if labels.get(k) != Some(&v) {
            return Some(SelectorMiss { range: entry_range(e), path: pairs_path.key(k), key: Some(k.to_owned()) });
        }
    }
    if plain_map {
        return None;
    }
    let exprs_path = path.key("matchExpressions");
    for (i, item) in node.get("matchExpressions").and_then(Node::items).unwrap_or(&[]).iter().enumerate() {
        if !(Selector { match_labels: LabelMap::new(), expressions: vec![Selector::requirement(item)] }).matches(labels) {
            return Some(SelectorMiss { range: item.range, path: exprs_path.index(i), key: item.get_str("key").map(str::to_owned) });
        }
    }
    None
}

/// Where a selector misses: see [`selector_miss`].
pub(crate) struct SelectorMiss {
    /// The entry (or `matchExpressions` item) at fault.
    pub range: TextRange,
    /// Its path.
    pub path: Path,
    /// The label key it is about.
    pub key: Option<String>,
}

/// Where a label `key` sits in a `labels:` mapping, as a related place: the `key: value`
/// entry, else the `labels:` mapping that lacks it.
pub(crate) fn label_place(labels: Option<&Node>, key: &str) -> Option<(TextRange, String)> {
    let labels = labels?;
    Some(match labels.entry(key) {
        Some(e) => (entry_range(e), format!("the pods' label `{key}`")),
        None => (labels.range, format!("the pods' labels, without `{key}`")),
    })
}

/// The first place, in source order, where `new` differs from `old`: a changed scalar value, an
/// added entry or item (whole), or `None` when they are equal or `new` only lost something (then
/// the caller's own range is the best place).
pub(crate) fn first_difference(new: &Node, old: &Node, path: &Path) -> Option<(TextRange, Path)> {
    if new.to_json() == old.to_json() {
        return None;
    }
    match (new.entries(), old.entries(), new.items(), old.items()) {
        (Some(entries), Some(_), _, _) => entries.iter().find_map(|e| {
            let key = e.key.as_str()?;
            match old.get(key) {
                Some(before) => first_difference(&e.value, before, &path.key(key)),
                None => Some((entry_range(e), path.key(key))),
            }
        }),
        (_, _, Some(items), Some(before)) => items.iter().enumerate().find_map(|(i, item)| match before.get(i) {
            Some(b) => first_difference(item, b, &path.index(i)),
            None => Some((item.range, path.index(i))),
        }),
        _ => Some((new.range, path.clone())),
    }
}

/// `map[string]string{"app":"nginx"}`: how the API server prints a label map in messages.
pub(crate) fn go_map(labels: &LabelMap) -> String {
    let inner: Vec<String> = labels.iter().map(|(k, v)| format!("{k:?}:{v:?}")).collect();
    format!("map[string]string{{{}}}", inner.join(", "))
}

/// A parsed image reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ImageRef<'a> {
    /// Everything before the tag and digest (`docker.io/library/postgres`).
    pub repository: &'a str,
    pub tag: Option<&'a str>,
    pub digest: Option<&'a str>,
}

impl<'a> ImageRef<'a> {
    pub fn parse(image: &'a str) -> ImageRef<'a> {
        let (rest, digest) = match image.split_once('@') {
            Some((r, d)) => (r, Some(d)),
            None => (image, None),
        };
        let slash = rest.rfind('/').map(|i| i + 1).unwrap_or(0);
        match rest[slash..].rfind(':') {
            Some(c) => ImageRef { repository: &rest[..slash + c], tag: Some(&rest[slash + c + 1..]), digest },
            None => ImageRef { repository: rest, tag: None, digest },
        }
    }

    /// The last path segment of the repository, lowercased (`postgres` for
    /// `docker.io/library/postgres`).
    pub fn short_name(&self) -> String {
        self.repository.rsplit('/').next().unwrap_or(self.repository).to_ascii_lowercase()
    }

    /// The leading number of the tag (`13` for `13-alpine`, `16` for `16.2`).
    pub fn major_version(&self) -> Option<u32> {
        let tag = self.tag?;
        let digits: String = tag.chars().take_while(|c| c.is_ascii_digit()).collect();
        digits.parse().ok()
    }
}

/// What a database image is, as far as the rules care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Database {
    /// The official postgres image family (PGDATA semantics of docker-library/postgres).
    PostgresOfficial,
    /// Another PostgreSQL image (Bitnami, Spilo, …).
    PostgresOther,
    Other,
}

/// Classifies an image as a database (or other stateful server that needs time to start and
/// stop cleanly), or not.
pub(crate) fn database_kind(image: &str) -> Option<Database> {
    let short = ImageRef::parse(image).short_name();
    if ["postgres", "postgis", "timescaledb", "timescaledb-ha", "pgvector"].contains(&short.as_str()) {
        return Some(Database::PostgresOfficial);
    }
    if short.contains("postgres") || short.contains("spilo") || short.contains("patroni") {
        return Some(Database::PostgresOther);
    }
    const OTHERS: &[&str] = &[
        "mysql", "mariadb", "percona", "mongo", "redis", "valkey", "cassandra", "elasticsearch", "opensearch", "cockroach",
        "etcd", "zookeeper", "kafka", "rabbitmq", "clickhouse", "neo4j", "couchdb", "influxdb", "scylla", "galera", "vitess",
        "consul", "nats",
    ];
    OTHERS.iter().any(|o| short.contains(o)).then_some(Database::Other)
}

/// Whether the image runs a system whose members find each other through the governing
/// Service's DNS before they are Ready (so the Service should publish not-ready addresses).
pub(crate) fn needs_peer_discovery(image: &str) -> bool {
    let short = ImageRef::parse(image).short_name();
    ["etcd", "zookeeper", "cassandra", "cockroach", "kafka", "elasticsearch", "opensearch", "consul", "scylla"].iter().any(|n| short.contains(n))
}

/// Whether the image runs a consensus system that needs an odd number of members (≥ 3).
pub(crate) fn needs_quorum(image: &str) -> bool {
    let short = ImageRef::parse(image).short_name();
    ["etcd", "zookeeper", "consul", "cockroach"].iter().any(|n| short.contains(n))
}

/// The edit distance between two short strings (for "did you mean").
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if close enough to be a likely typo.
pub(crate) fn did_you_mean<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .into_iter()
        // the distance is at least the difference in length: a long word skips the quadratic
        // comparison against every candidate
        .filter(|c| word.chars().count().abs_diff(c.chars().count()) <= (word.len().max(c.len()) / 3).max(2))
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d > 0 && *d <= (word.len().max(c.len()) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// An integer scalar (`replicas: 3`), if the node is one.
pub(crate) fn int_of(node: &Node) -> Option<i64> {
    match node.as_scalar()?.resolved() {
        ScalarValue::Int(i) => Some(i),
        _ => None,
    }
}

/// A boolean scalar.
pub(crate) fn bool_of(node: &Node) -> Option<bool> {
    match node.as_scalar()?.resolved() {
        ScalarValue::Bool(b) => Some(b),
        _ => None,
    }
}

/// Whether `path` lies at or under `dir` (both absolute container paths).
pub(crate) fn path_under(path: &str, dir: &str) -> bool {
    let p = path.trim_end_matches('/');
    let d = dir.trim_end_matches('/');
    p == d || p.starts_with(&format!("{d}/")) || d.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images() {
        let i = ImageRef::parse("registry:5000/team/postgres:13-alpine");
        assert_eq!((i.repository, i.tag, i.digest), ("registry:5000/team/postgres", Some("13-alpine"), None));
        assert_eq!(i.short_name(), "postgres");
        assert_eq!(i.major_version(), Some(13));
        let j = ImageRef::parse("registry:5000/nginx");
        assert_eq!((j.repository, j.tag), ("registry:5000/nginx", None));
        let k = ImageRef::parse("nginx@sha256:abc");
        assert_eq!((k.repository, k.tag, k.digest), ("nginx", None, Some("sha256:abc")));
    }

    #[test]
    fn names() {
        assert_eq!(did_you_mean("nignx", ["nginx", "redis"]), Some("nginx"));
        assert_eq!(did_you_mean("zzz", ["nginx"]), None);
    }
}
