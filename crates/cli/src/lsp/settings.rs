//! The server's settings, from `initializationOptions` and `workspace/didChangeConfiguration`.
//!
//! The names are `ordinal lint`'s flags: `{"ordinal": {"enable": ["SEC"], "disable":
//! ["POD001"], "serverVersion": "1.34"}}` is `ordinal lint --enable SEC --disable POD001
//! --server-version 1.34`; `ruleDocsUrl` is where the diagnostics' rule links point. The object
//! may also come without the `ordinal` wrapper. An update that names none of these keys (a
//! client sending `null` or `{}`) changes nothing; one that names some replaces the settings,
//! the keys it leaves out taking their defaults.

use ordinal_core::apiserver::ServerVersion;
use ordinal_core::rules::Config;
use serde_json::Value;

/// The keys of the settings object.
const KEYS: &[&str] = &["enable", "disable", "serverVersion", "ruleDocsUrl"];

/// Where the rule pages are by default: `docs/rules/` of the repository named in Cargo.toml.
pub fn default_rule_docs() -> String {
    format!("{}/blob/main/docs/rules/", env!("CARGO_PKG_REPOSITORY").trim_end_matches('/'))
}

/// The settings in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The rules that run and the API server version, as `ordinal lint` takes them.
    pub config: Config,
    /// The URL the rule pages are under: `<ruleDocsUrl><CODE>.md` is a rule's page.
    pub rule_docs: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { config: Config::default(), rule_docs: default_rule_docs() }
    }
}

/// A list of strings, as an array or one comma-separated string (`"SEC,POD0"`).
fn strings(v: Option<&Value>, key: &str, problems: &mut Vec<String>) -> Vec<String> {
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => s.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| match i.as_str() {
                Some(s) => Some(s.trim().to_owned()),
                None => {
                    problems.push(format!("`{key}` holds {i}, which is not a rule name"));
                    None
                }
            })
            .collect(),
        Some(other) => {
            problems.push(format!("`{key}` must be a list of rule codes, names or prefixes, not {other}"));
            Vec::new()
        }
    }
}

impl Settings {
    /// Applies a settings object; returns what was ignored and why, for the user.
    pub fn update(&mut self, value: &Value) -> Vec<String> {
        let section = value.get("ordinal").unwrap_or(value);
        if !KEYS.iter().any(|k| section.get(k).is_some()) {
            return Vec::new();
        }
        let mut problems = Vec::new();
        let mut next = Settings::default();
        next.config.enable = strings(section.get("enable"), "enable", &mut problems);
        next.config.disable = strings(section.get("disable"), "disable", &mut problems);
        let unknown = next.config.unknown_selectors();
        if !unknown.is_empty() {
            problems.push(format!("no rule is named {}; ignored (`ordinal lint --list-rules` lists them)", unknown.join(", ")));
            next.config.enable.retain(|s| !unknown.contains(s));
            next.config.disable.retain(|s| !unknown.contains(s));
        }
        match section.get("serverVersion") {
            None | Some(Value::Null) => {}
            Some(v) => match v.as_str().and_then(ServerVersion::parse) {
                Some(version) => next.config.server_version = version,
                None => problems.push(format!("unsupported serverVersion {v}: use 1.33, 1.34 or 1.35; 1.35 is used")),
            },
        }
        match section.get("ruleDocsUrl") {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if s.parse::<lsp_types::Uri>().is_ok() => next.rule_docs = s.clone(),
            Some(v) => problems.push(format!("ruleDocsUrl {v} is not a URL; the default is used")),
        }
        *self = next;
        problems
    }
}
