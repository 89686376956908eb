//! The rule registry: one table of every rule, in code order. Codes are never reused: a rule
//! that is withdrawn keeps its entry with [`Status::Removed`].

use super::diagnostic::{Severity, Tier};
use super::workspace::Workspace;
use super::Sink;
use std::fmt;

/// Where a rule stands in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Runs, and its code and behaviour are stable.
    Stable,
    /// Runs only when enabled explicitly; behaviour may still change.
    Preview,
    /// No longer emitted; the code stays reserved and the explanation says why.
    Removed,
}

/// How a rule runs.
#[derive(Clone, Copy)]
pub(crate) enum Check {
    /// Over all the files given (most rules; cross-file rules see every object).
    Files(fn(&Workspace<'_>, &mut Sink)),
    /// Over the last applied version and the edited one.
    Update(fn(old: &Workspace<'_>, new: &Workspace<'_>, &mut Sink)),
    /// Emitted by the engine itself (YAML syntax errors, schema issues).
    Engine,
}

/// A rule's metadata and its long explanation. The web app, `ordinal lint` and the generated
/// docs render these same strings.
pub struct RuleInfo {
    /// Stable code: area prefix and number (`STS001`). Never reused.
    pub code: &'static str,
    /// Kebab-case name that reads well in an allow-list (`selector-mismatch`).
    pub name: &'static str,
    /// The checks.md tier.
    pub tier: Tier,
    /// The severity of its findings unless the rule says otherwise for one finding.
    pub default_severity: Severity,
    /// Whether the rule runs without being asked for. Noisy hygiene rules are opt-in.
    pub default_enabled: bool,
    /// Whether the API server rejects what this rule finds (at create or update).
    pub api_rejects: bool,
    /// The message template, as the findings word it (`\`{path}\` is not a valid …`).
    pub summary: &'static str,
    /// The same check in other tools: `(tool, id)`.
    pub other_tools: &'static [(&'static str, &'static str)],
    /// The `SS-xx` label of checks.md, when the rule implements one.
    pub checks_md_id: Option<&'static str>,
    /// Lifecycle.
    pub status: Status,
    pub(crate) check: Check,
}

impl RuleInfo {
    /// The long explanation, Markdown: `## What it does`, `## Why is this bad?`, `## Example`
    /// (```yaml), `Use instead:` (```yaml) and `## References`. It is written in
    /// `content/rules/CODE.md` and kept in [`crate::library`]: empty while that is not loaded.
    pub fn explanation(&self) -> &'static str {
        crate::library::rule_explanation(self.code)
    }

    /// The area prefix of the code (`STS` for `STS001`).
    pub fn area(&self) -> &'static str {
        let end = self.code.find(|c: char| c.is_ascii_digit()).unwrap_or(self.code.len());
        &self.code[..end]
    }

    /// Whether the rule compares an applied version with an edit (run by
    /// [`check_update`](super::check_update)).
    pub fn is_update_rule(&self) -> bool {
        matches!(self.check, Check::Update(_))
    }

    /// The YAML blocks of a section of the explanation (`"## Example"` or `"Use instead:"`).
    pub fn examples(&self, section: &str) -> Vec<&'static str> {
        let text = self.explanation();
        let Some(start) = text.find(section) else { return Vec::new() };
        let rest = &text[start + section.len()..];
        // a section ends at the next heading or at "Use instead:"
        let end = [rest.find("\n## "), if section == "Use instead:" { None } else { rest.find("\nUse instead:") }]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(rest.len());
        let body = &rest[..end];
        let mut out = Vec::new();
        let mut cursor = body;
        while let Some(open) = cursor.find("```yaml\n") {
            let after = &cursor[open + 8..];
            let Some(close) = after.find("\n```") else { break };
            out.push(&after[..close + 1]);
            cursor = &after[close + 4..];
        }
        out
    }
}

impl fmt::Debug for RuleInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuleInfo").field("code", &self.code).field("name", &self.name).finish_non_exhaustive()
    }
}

/// The defaults that most rules share, for `..BASE` in rule files.
pub(crate) const BASE: RuleInfo = RuleInfo {
    code: "",
    name: "",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    default_enabled: true,
    api_rejects: false,
    summary: "",
    other_tools: &[],
    checks_md_id: None,
    status: Status::Stable,
    check: Check::Engine,
};

macro_rules! registry {
    ($($module:path),* $(,)?) => {
        static REGISTRY: &[&RuleInfo] = &[$({ use $module as m; &m::RULE }),*];
    };
}

registry! {
    super::yaml_rules::syntax_error,
    super::yaml_rules::duplicate_key,
    super::yaml_rules::kubectl_only_yaml,
    super::schema_rules::type_mismatch,
    super::schema_rules::unknown_field,
    super::schema_rules::api_version_not_served,
    super::schema_rules::missing_api_version_or_kind,
    super::schema_rules::yaml11_boolean,
    super::schema_rules::missing_required_field,
    super::schema_rules::unsupported_value,
    super::schema_rules::invalid_quantity,
    super::schema_rules::invalid_base64,
    super::sts::selector_mismatch,
    super::sts::selector_missing,
    super::sts::service_name_missing,
    super::sts::service_not_found,
    super::sts::service_in_other_namespace,
    super::sts::governing_service_not_headless,
    super::sts::governing_service_selects_nothing,
    super::sts::name_too_long_for_pods,
    super::sts::headless_target_port_remap,
    super::sts::publish_not_ready_addresses,
    super::sts::on_delete_update_strategy,
    super::sts::quorum_replicas,
    super::wkl::database_in_deployment,
    super::wkl::deployment_needs_stable_names,
    super::pdb::pdb_missing,
    super::pdb::pdb_selects_nothing,
    super::pdb::pdb_blocks_evictions,
    super::pvc::volume_mount_not_found,
    super::pvc::claim_template_not_mounted,
    super::pvc::rwx_on_block_storage,
    super::pvc::storage_request_missing,
    super::pvc::storage_size_suspect,
    super::pvc::storage_class_unset,
    super::pvc::shared_claim_in_template,
    super::pvc::retention_policy_deletes_claims,
    super::pvc::claims_outlive_statefulset,
    super::pvc::host_path_volume,
    super::pvc::pgdata_is_mount_root,
    super::pvc::pgdata_not_on_volume,
    super::pvc::pgdata_not_writable,
    super::pvc::snapshot_claim_elsewhere,
    super::pod::image_latest_tag,
    super::pod::image_not_pinned_by_digest,
    super::pod::image_pull_policy,
    super::pod::readiness_probe_missing,
    super::pod::liveness_probe_missing,
    super::pod::startup_probe_missing,
    super::pod::probe_port_not_exposed,
    super::pod::probes_identical,
    super::pod::liveness_probe_too_strict,
    super::pod::probe_runs_table_query,
    super::pod::shutdown_grace_short,
    super::pod::resource_requests_missing,
    super::pod::resource_limits_missing,
    super::pod::requests_not_equal_limits,
    super::pod::ephemeral_storage_unset,
    super::pod::duplicate_env_var,
    super::pod::env_ref_not_found,
    super::pod::service_account_not_found,
    super::pod::deprecated_service_account_field,
    super::pod::anti_affinity_missing,
    super::pod::topology_spread_missing,
    super::pod::anti_affinity_selects_nothing,
    super::pod::priority_class_unset,
    super::pod::program_not_in_image,
    super::pod::memory_limit_too_low,
    super::pod::postgres_password_missing,
    super::pod::resource_quantity_suspect,
    super::pod::pg_client_password_missing,
    super::pod::pg_client_host_elsewhere,
    super::svc::service_selects_no_pods,
    super::svc::exposed_service,
    super::sec::hardcoded_secret,
    super::sec::secret_in_env,
    super::sec::run_as_root,
    super::sec::privilege_escalation,
    super::sec::low_user_id,
    super::sec::host_access,
    super::sec::privilege_escalation_not_disabled,
    super::sec::root_filesystem_writable,
    super::sec::capabilities_added,
    super::sec::capabilities_not_dropped,
    super::sec::seccomp_profile_missing,
    super::sec::security_context_missing,
    super::sec::ssh_port_exposed,
    super::sec::privileged_port,
    super::sec::sysctls_not_allowed,
    super::sec::linux_hardening_missing,
    super::sec::service_account_token_mounted,
    super::sec::network_policy_missing,
    super::meta::default_namespace,
    super::meta::recommended_labels,
    super::api::invalid_name,
    super::api::negative_value,
    super::api::pod_management_policy,
    super::api::update_strategy_invalid,
    super::api::retention_policy_value,
    super::api::template_forbidden_field,
    super::api::port_invalid,
    super::api::container_invalid,
    super::api::label_invalid,
    super::api::resources_invalid,
    super::api::service_invalid,
    super::api::api_validation,
    super::upd::immutable_field,
    super::upd::service_cluster_ip_changed,
    super::upd::rollback_trap,
    super::upd::statefulset_deleted,
}

/// Every rule, in code order.
pub fn registry() -> &'static [&'static RuleInfo] {
    REGISTRY
}

/// The rule with this code (`STS001`) or name (`selector-mismatch`).
pub fn lookup(code_or_name: &str) -> Option<&'static RuleInfo> {
    REGISTRY.iter().copied().find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}
