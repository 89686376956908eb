//! `validateJobSpec` and `validateCronJobSpec` (`pkg/apis/batch/validation/validation.go`):
//! the Job and CronJob kinds the backups run as.

use super::super::defaults;
use super::super::kinds::{CronJob, JobSpec};
use super::pod;
use crate::apiserver::errors::FieldError;
use crate::sim::cronjob::Schedule;

/// `validateJobSpec` for a spec at `at` (`spec`, or a CronJob's `spec.jobTemplate.spec`):
/// the pod template (volumes, mounts, containers), then its `restartPolicy`.
pub fn job_spec(spec: &JobSpec, at: &str, out: &mut Vec<FieldError>) {
    let template_at = format!("{at}.template.spec");
    if let Some(pod) = spec.template.spec.as_ref() {
        pod::pod_spec(pod, &template_at, &[], out);
    }
    for (field, value) in [
        ("parallelism", spec.parallelism),
        ("completions", spec.completions),
        ("backoffLimit", spec.backoff_limit),
    ] {
        if let Some(v) = value.filter(|v| *v < 0) {
            out.push(FieldError::invalid(
                format!("{at}.{field}"),
                v.to_string(),
                "must be greater than or equal to 0",
            ));
        }
    }
    if let Some(v) = spec.active_deadline_seconds.filter(|v| *v <= 0) {
        out.push(FieldError::invalid(
            format!("{at}.activeDeadlineSeconds"),
            v.to_string(),
            "must be greater than or equal to 1",
        ));
    }
    let policy = spec
        .template
        .spec
        .as_ref()
        .and_then(|s| s.restart_policy.as_deref())
        .unwrap_or("");
    match policy {
        "OnFailure" | "Never" => {}
        "Always" | "" => out.push(FieldError::required(
            format!("{template_at}.restartPolicy"),
            "valid values: \"OnFailure\", \"Never\"",
        )),
        other => out.push(FieldError::not_supported(
            format!("{template_at}.restartPolicy"),
            other,
            &["OnFailure", "Never"],
        )),
    }
}

/// [`job_spec`] after the pod template's defaults.
pub fn job_template(mut spec: JobSpec, at: &str) -> Vec<FieldError> {
    defaults::pod_template(&mut spec.template);
    let mut errors = Vec::new();
    job_spec(&spec, at, &mut errors);
    errors
}

/// `validateCronJobSpec`: the schedule, the policy, the limits, then the job template; with
/// the schedule when it parses.
pub fn cronjob(decoded: &CronJob) -> (Vec<FieldError>, Option<Schedule>) {
    let spec = decoded.spec.clone().unwrap_or_default();
    let mut out = Vec::new();
    let mut schedule = None;
    if spec.schedule.is_empty() {
        out.push(FieldError::required("spec.schedule", ""));
    } else if spec.schedule.contains("TZ") {
        out.push(FieldError::invalid(
            "spec.schedule",
            format!("{:?}", spec.schedule),
            "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
        ));
    } else {
        match Schedule::parse(&spec.schedule) {
            Ok(s) => schedule = Some(s),
            Err(e) => out.push(FieldError::invalid(
                "spec.schedule",
                format!("{:?}", spec.schedule),
                e,
            )),
        }
    }
    if let Some(policy) = spec.concurrency_policy.as_deref() {
        if !["Allow", "Forbid", "Replace"].contains(&policy) {
            out.push(FieldError::not_supported(
                "spec.concurrencyPolicy",
                policy,
                &["Allow", "Forbid", "Replace"],
            ));
        }
    }
    for (field, value) in [
        (
            "startingDeadlineSeconds",
            spec.starting_deadline_seconds.map(|v| v as i32),
        ),
        (
            "successfulJobsHistoryLimit",
            spec.successful_jobs_history_limit,
        ),
        ("failedJobsHistoryLimit", spec.failed_jobs_history_limit),
    ] {
        if let Some(v) = value.filter(|v| *v < 0) {
            out.push(FieldError::invalid(
                format!("spec.{field}"),
                v.to_string(),
                "must be greater than or equal to 0",
            ));
        }
    }
    out.extend(job_template(
        spec.job_template.spec.unwrap_or_default(),
        "spec.jobTemplate.spec",
    ));
    (out, schedule)
}
