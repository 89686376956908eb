//! The examples menu: the guide's manifests, one broken variation per major mistake (from
//! core's `examples/broken/`, where a test checks each triggers its rule), and a few real
//! manifests from public repositories (`crates/web/examples/corpus/`, attribution in each
//! file's header).

/// Which group of the menu an example belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// The guide's own example.
    Guide,
    /// The guide with one mistake.
    Broken,
    /// A manifest from a public repository.
    Real,
}

impl Group {
    /// The group's heading in the menu.
    pub fn title(self) -> &'static str {
        match self {
            Group::Guide => "The guide",
            Group::Broken => "One mistake each",
            Group::Real => "Real manifests",
        }
    }
}

/// One example.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// A stable id (the file name without `.yaml`).
    pub id: &'static str,
    /// Its group.
    pub group: Group,
    /// A short title.
    pub title: &'static str,
    /// One line: what it shows (for a broken example, what is wrong).
    pub description: &'static str,
    /// The rule a broken example triggers.
    pub rule: Option<&'static str>,
    /// The text loaded into the editor.
    pub text: &'static str,
}

macro_rules! broken {
    ($($id:literal),* $(,)?) => {
        &[$(($id, include_str!(concat!("../../core/examples/broken/", $id, ".yaml")))),*]
    };
}

macro_rules! corpus {
    ($($id:literal : $title:literal, $description:literal);* $(;)?) => {
        &[$(($id, $title, $description, include_str!(concat!("../examples/corpus/", $id, ".yaml")))),*]
    };
}

/// The broken examples' files, by id, in menu order.
const BROKEN: &[(&str, &str)] = broken![
    "selector-mismatch",
    "selector-missing",
    "service-name-nowhere",
    "service-not-headless",
    "service-selects-nothing",
    "hardcoded-password",
    "image-latest",
    "pgdata-is-mount-root",
    "volume-mount-typo",
    "storage-request-missing",
    "storage-1GB",
    "rwx-on-block-storage",
    "yaml-indentation",
];

/// The real manifests: id, title, description, text.
const CORPUS: &[(&str, &str, &str, &str)] = corpus![
    "web": "nginx web (Kubernetes tutorial)", "The StatefulSet tutorial of the Kubernetes docs: a headless Service and two nginx pods.";
    "zookeeper": "ZooKeeper ensemble", "The Kubernetes docs' ZooKeeper: two Services, a PodDisruptionBudget and anti-affinity.";
    "cassandra-statefulset": "Cassandra", "kubernetes/examples' Cassandra ring: a StatefulSet and its StorageClass.";
    "minio-distributed-statefulset": "MinIO (archived)", "An archived MinIO example with real-world smells: a secret in env, :latest, hostPort.";
];

/// The header of a broken example: title, rule, description (see core's test).
fn header(text: &'static str) -> (&'static str, &'static str, &'static str) {
    let mut lines = text.lines().map(|l| l.strip_prefix("# ").unwrap_or(l));
    let title = lines.next().unwrap_or("");
    let rule = lines.next().and_then(|l| l.strip_prefix("expect: ")).unwrap_or("");
    let description = lines.next().unwrap_or("");
    (title, rule, description)
}

/// Whether `text` is the learner's own: none of the examples. Replacing it asks first and
/// keeps it for "Restore previous text".
pub fn is_edited(text: &str) -> bool {
    all().iter().all(|e| e.text != text)
}

/// Every example, in menu order.
pub fn all() -> Vec<Example> {
    let mut out = vec![Example {
        id: "guide",
        group: Group::Guide,
        title: "The guide's StatefulSet and Service",
        description: "PostgreSQL with three replicas, its headless Service and one claim per pod.",
        rule: None,
        text: ordinal_core::examples::GUIDE,
    }];
    for (id, text) in BROKEN {
        let (title, rule, description) = header(text);
        out.push(Example { id, group: Group::Broken, title, description, rule: Some(rule), text });
    }
    for (id, title, description, text) in CORPUS {
        out.push(Example { id, group: Group::Real, title, description, rule: None, text });
    }
    out
}

/// The example with this id.
pub fn by_id(id: &str) -> Option<Example> {
    all().into_iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn files_in(dir: &str) -> Vec<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut names: Vec<String> = std::fs::read_dir(root)
            .expect("examples folder")
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yaml"))
            .map(|n| n.trim_end_matches(".yaml").to_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_menu_lists_every_example_file() {
        let mut broken: Vec<String> = BROKEN.iter().map(|(id, _)| (*id).to_owned()).collect();
        broken.sort();
        assert_eq!(broken, files_in("../core/examples/broken"));
        let mut corpus: Vec<String> = CORPUS.iter().map(|c| c.0.to_owned()).collect();
        corpus.sort();
        assert_eq!(corpus, files_in("examples/corpus"));
    }

    #[test]
    fn every_example_has_a_title_and_description_and_the_broken_ones_their_rule() {
        let all = all();
        assert_eq!(all[0].id, "guide");
        for e in &all {
            assert!(!e.title.is_empty() && !e.description.is_empty(), "{}", e.id);
            assert!(!e.title.starts_with('#') && !e.description.starts_with('#'), "{}", e.id);
        }
        for e in all.iter().filter(|e| e.group == Group::Broken) {
            let rule = e.rule.expect("a rule");
            assert!(ordinal_core::rules::lookup(rule).is_some(), "{}: {rule}", e.id);
        }
        assert_eq!(by_id("image-latest").unwrap().rule, Some("POD001"));
    }

    #[test]
    fn real_manifests_carry_their_attribution() {
        for e in all().iter().filter(|e| e.group == Group::Real) {
            let head: Vec<&str> = e.text.lines().take(2).collect();
            assert!(head[0].starts_with("# Source: https://github.com/"), "{}", e.id);
            assert!(head[1].contains("license"), "{}", e.id);
        }
    }
}
