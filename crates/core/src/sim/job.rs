//! Jobs: the API server's side (decode, default, validate, store) and the Job controller,
//! which runs pods to completion.
//!
//! Reference (Kubernetes v1.35):
//! - `pkg/apis/batch/validation/validation.go :: validateJobSpec`: a Job's pod template must
//!   say `restartPolicy: OnFailure` or `Never`; left out, it is defaulted to `Always` and
//!   refused as `Required value: valid values: "OnFailure", "Never"`.
//! - `pkg/apis/batch/v1/defaults.go :: SetDefaults_Job`: `completions` and `parallelism` 1
//!   when neither is set (`parallelism` 1 when only it is missing), `backoffLimit` 6.
//! - `pkg/registry/batch/job/strategy.go :: generateSelector`: the selector
//!   `batch.kubernetes.io/controller-uid=<uid>` and the template labels
//!   `batch.kubernetes.io/controller-uid`, `batch.kubernetes.io/job-name`, `controller-uid`,
//!   `job-name`.
//! - `pkg/controller/job/job_controller.go :: syncJob, manageJob, getNewFinishedPods`: pods
//!   `<job>-<5 characters>`; at most `parallelism` active, no more than the completions still
//!   missing; failed pods (and, with `OnFailure`, container restarts) count against
//!   `backoffLimit`, and past it the Job fails: `FailureTarget`, then `Failed`, reason
//!   `BackoffLimitExceeded`, "Job has reached the specified backoff limit", and its running
//!   pods are deleted. `activeDeadlineSeconds` after the start the Job fails the same way,
//!   reason `DeadlineExceeded`, "Job was active longer than specified deadline". Enough
//!   successes: `SuccessCriteriaMet`, then `Complete`, reason `CompletionsReached`, "Reached
//!   expected number of succeeded pods" (the interim conditions come first since the terminal
//!   ones wait for the pods to end, `delayTerminalCondition`).
//! - `pkg/controller/job/backoff_utils.go`: a new pod after a failure waits
//!   `DefaultJobPodFailureBackOff` (10 s) doubling per failure, capped at
//!   `MaxJobPodFailureBackOff` (10 minutes; the documentation's "six minutes" is older).
//! - `pkg/controller/ttlafterfinished/ttlafterfinished_controller.go`: a finished Job with
//!   `ttlSecondsAfterFinished` is deleted that long after it finished, its pods with it.
//!
//! Not modelled: indexed completion, pod failure policies, success policies, suspension,
//! `podReplacementPolicy` (pods are replaced once they have failed, the v1.35 default), and
//! the `batch.kubernetes.io/job-tracking` finalizer (the controller counts each finished pod
//! once by its uid instead).

use super::events::Actor;
use super::model::*;
use super::time::SimTime;
use super::world::{Timer, World};
use crate::apiserver::{self, FieldError, InvalidError};
use k8s_openapi::api::batch::v1::{Job as K8sJob, JobSpec};
use serde_json::Value;
use std::collections::BTreeSet;

const SOURCE: &str = "job-controller";
/// `DefaultJobPodFailureBackOff`.
pub const BACKOFF_MS: u64 = 10_000;
/// `MaxJobPodFailureBackOff`.
pub const MAX_BACKOFF_MS: u64 = 10 * 60 * 1000;

/// A Job (`batch/v1`).
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// Metadata.
    pub meta: Meta,
    /// The spec, defaulted (selector and template labels included).
    pub spec: JobSpec,
    /// The controller's status.
    pub status: JobStatus,
    /// The object as applied (for `apply` to say `unchanged`).
    pub applied: Value,
}

/// `status` of a Job.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JobStatus {
    /// Pods running or pending, not terminating.
    pub active: i32,
    /// Pods that succeeded.
    pub succeeded: i32,
    /// Pods that failed.
    pub failed: i32,
    /// When the controller first saw the Job (`startTime`).
    pub start_time: Option<SimTime>,
    /// When it completed (`completionTime`, success only).
    pub completion_time: Option<SimTime>,
    /// When it finished, either way (for `ttlSecondsAfterFinished`).
    pub finished_at: Option<SimTime>,
    /// Conditions, in the order they were added.
    pub conditions: Vec<JobCondition>,
    /// The uids of the finished pods already counted.
    pub counted: BTreeSet<String>,
    /// When the last failure was seen (for the back-off).
    pub last_failure_at: Option<SimTime>,
}

/// One condition of a Job (all are `True` when present).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobCondition {
    /// `SuccessCriteriaMet`, `Complete`, `FailureTarget`, `Failed`.
    pub type_: String,
    /// `CompletionsReached`, `BackoffLimitExceeded`, `DeadlineExceeded`.
    pub reason: String,
    /// The controller's message.
    pub message: String,
    /// When it was added.
    pub at: SimTime,
}

impl Job {
    /// `spec.completions` (1 by default).
    pub fn completions(&self) -> i32 {
        self.spec.completions.unwrap_or(1)
    }

    /// `spec.parallelism` (1 by default).
    pub fn parallelism(&self) -> i32 {
        self.spec.parallelism.unwrap_or(1)
    }

    /// `spec.backoffLimit` (6 by default).
    pub fn backoff_limit(&self) -> i32 {
        self.spec.backoff_limit.unwrap_or(6)
    }

    /// Whether a condition of this type is present.
    pub fn has(&self, type_: &str) -> bool {
        self.status.conditions.iter().any(|c| c.type_ == type_)
    }

    /// Finished: `Complete` or `Failed` (or about to be: the interim conditions).
    pub fn finished(&self) -> bool {
        ["Complete", "Failed", "SuccessCriteriaMet", "FailureTarget"].iter().any(|t| self.has(t))
    }

    /// The STATUS column of `kubectl get jobs` (`printJob`).
    pub fn status_text(&self) -> &'static str {
        if self.has("Complete") {
            "Complete"
        } else if self.has("Failed") {
            "Failed"
        } else if self.meta.terminating() {
            "Terminating"
        } else if self.has("FailureTarget") {
            "FailureTarget"
        } else {
            "Running"
        }
    }

    /// The COMPLETIONS column: `1/1`, `0/3`, or `0/1 of 2` with no completions and parallelism.
    pub fn completions_text(&self) -> String {
        match self.spec.completions {
            Some(n) => format!("{}/{n}", self.status.succeeded),
            None if self.parallelism() > 1 => format!("{}/1 of {}", self.status.succeeded, self.parallelism()),
            None => format!("{}/1", self.status.succeeded),
        }
    }

    /// The pod template's `restartPolicy`.
    pub fn restart_policy(&self) -> &str {
        self.spec.template.spec.as_ref().and_then(|s| s.restart_policy.as_deref()).unwrap_or("Never")
    }
}

/// Why a Job was refused.
pub(crate) use super::workload::WorkloadError as JobError;

/// `SetDefaults_Job` and the template's pod defaults.
pub(crate) fn default_spec(spec: &mut JobSpec) {
    match (spec.completions, spec.parallelism) {
        (None, None) => {
            spec.completions = Some(1);
            spec.parallelism = Some(1);
        }
        (_, None) => spec.parallelism = Some(1),
        _ => {}
    }
    spec.backoff_limit.get_or_insert(6);
    spec.completion_mode.get_or_insert_with(|| "NonIndexed".to_owned());
    spec.suspend.get_or_insert(false);
    spec.manual_selector.get_or_insert(false);
    spec.pod_replacement_policy.get_or_insert_with(|| "TerminatingOrFailed".to_owned());
    apiserver::defaults::pod_template(&mut spec.template);
}


/// `kubectl apply` of a Job. A Job's template cannot change once created (the server says
/// `field is immutable`); applying the same object again is `unchanged`.
pub(crate) fn apply(w: &mut World, doc: Value, namespace: &str) -> Result<String, (&'static str, JobError)> {
    let name = doc.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_owned();
    let key = ObjectKey::new(namespace, &name);
    let resource = format!("job.batch/{name}");
    if let Some(existing) = w.state.jobs.get(&key) {
        if existing.applied == doc {
            return Ok(format!("{resource} unchanged"));
        }
        let error = FieldError::invalid("spec.template", "core.PodTemplateSpec{…}".to_owned(), "field is immutable");
        return Err(("applying patch", JobError::Invalid(InvalidError::new("Job", &name, vec![error]))));
    }
    let decoded: K8sJob = apiserver::decode_as("Job", &doc).map_err(|e| ("creating", JobError::Decode(e)))?;
    let mut spec = decoded.spec.unwrap_or_default();
    default_spec(&mut spec);
    let mut errors = Vec::new();
    apiserver::validate::batch::job_spec(&spec, "spec", &mut errors);
    if !errors.is_empty() {
        return Err(("creating", JobError::Invalid(InvalidError::new("Job", &name, errors))));
    }
    let mut meta = w.new_meta(namespace, &name);
    meta.generation = 1;
    meta.labels = decoded.metadata.labels.unwrap_or_default();
    meta.annotations = decoded.metadata.annotations.unwrap_or_default();
    create(w, meta, spec, doc);
    Ok(format!("{resource} created"))
}

/// Stores a new Job (from `apply`, `kubectl create job --from`, or a CronJob): the generated
/// selector and labels (`generateSelector`) are added here.
pub(crate) fn create(w: &mut World, mut meta: Meta, mut spec: JobSpec, applied: Value) {
    let uid = meta.uid.clone();
    let labels = [("batch.kubernetes.io/controller-uid", uid.as_str()), ("batch.kubernetes.io/job-name", meta.name.as_str()), ("controller-uid", uid.as_str()), ("job-name", meta.name.as_str())];
    let template_labels = spec.template.metadata.get_or_insert_with(Default::default).labels.get_or_insert_with(Default::default);
    for (k, v) in labels {
        template_labels.insert(k.to_owned(), v.to_owned());
    }
    // a Job without labels takes its template's (`generateSelector`'s caller, `PrepareForCreate`)
    if meta.labels.is_empty() {
        meta.labels = template_labels.clone();
    }
    spec.selector = Some(k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector {
        match_labels: Some([("batch.kubernetes.io/controller-uid".to_owned(), uid.clone())].into()),
        ..Default::default()
    });
    let key = meta.key();
    if let Some(deadline) = spec.active_deadline_seconds {
        w.schedule_in(deadline.max(0) as u64 * 1000, Timer::Job { job: key.clone(), uid: uid.clone() });
    }
    w.state.jobs.insert(key, Job { meta, spec, status: JobStatus::default(), applied });
    w.touch();
}

/// `kubectl delete job NAME`: the Job goes, and the garbage collector deletes its pods
/// (background propagation).
pub(crate) fn delete(w: &mut World, key: &ObjectKey) -> bool {
    let Some(job) = w.state.jobs.remove(key) else { return false };
    w.gc_queue.push_back(super::world::GcTask::OwnerGone { namespace: key.namespace.clone(), uid: job.meta.uid });
    w.touch();
    true
}

/// A timer of the controller fired (a back-off, a deadline, a TTL): sync again.
pub(crate) fn fire(w: &mut World, key: &ObjectKey, uid: &str) {
    if w.state.jobs.get(key).is_some_and(|j| j.meta.uid == uid) {
        w.job_seen = u64::MAX;
    }
}

/// Syncs every Job when something was written since the last pass.
pub(crate) fn run(w: &mut World) {
    let keys: Vec<ObjectKey> = w.state.jobs.keys().cloned().collect();
    w.sync_when_written(|w| &mut w.job_seen, keys, sync);
}

fn event(w: &mut World, job: &Job, type_: EventType, reason: &str, message: String) {
    w.record(&job.meta.namespace, "Job", &job.meta.name, &job.meta.uid, type_, reason, message, SOURCE);
}

/// The pods this Job controls.
fn pods_of<'a>(state: &'a ClusterState, job: &Job) -> Vec<&'a Pod> {
    state.pods_controlled_by(&job.meta.namespace, &job.meta.uid)
}

fn condition(type_: &str, reason: &str, message: &str, at: SimTime) -> JobCondition {
    JobCondition { type_: type_.to_owned(), reason: reason.to_owned(), message: message.to_owned(), at }
}

/// `syncJob`.
fn sync(w: &mut World, key: &ObjectKey) {
    let now = w.now();
    let Some(job) = w.state.jobs.get(key).cloned() else { return };
    if job.meta.terminating() {
        return;
    }
    // a finished Job only waits for its TTL
    if let Some(finished) = job.status.finished_at {
        finish_terminal(w, key, &job);
        if let Some(ttl) = job.spec.ttl_seconds_after_finished {
            let due = finished.plus_ms(ttl.max(0) as u64 * 1000);
            if now >= due {
                delete(w, key);
            } else {
                w.schedule(due, Timer::Job { job: key.clone(), uid: job.meta.uid.clone() });
            }
        }
        return;
    }
    let mut status = job.status.clone();
    if status.start_time.is_none() {
        status.start_time = Some(now);
    }
    let pods = pods_of(&w.state, &job);
    let mut active: Vec<ObjectKey> = Vec::new();
    let mut restarts = 0;
    for p in &pods {
        match p.status.phase {
            PodPhase::Succeeded | PodPhase::Failed if !status.counted.contains(&p.meta.uid) => {
                status.counted.insert(p.meta.uid.clone());
                if p.status.phase == PodPhase::Succeeded {
                    status.succeeded += 1;
                } else {
                    status.failed += 1;
                    status.last_failure_at = Some(now);
                }
            }
            PodPhase::Succeeded | PodPhase::Failed => {}
            _ if p.meta.terminating() => {}
            _ => {
                active.push(p.meta.key());
                restarts += p.status.restarts as i32 + p.status.init.iter().map(|i| i.restarts as i32).sum::<i32>();
            }
        }
    }
    // a pod deleted before it finished (`kubectl delete pod`) is not a failure: it is replaced
    status.active = active.len() as i32;
    let deadline_passed = job.spec.active_deadline_seconds.is_some_and(|d| now.since(status.start_time.unwrap_or(now)) >= d.max(0) as u64 * 1000);
    let failed_out = status.failed + restarts > job.backoff_limit();
    let done = status.succeeded >= job.completions();
    if done || failed_out || deadline_passed {
        let (interim, reason, message) = if done {
            ("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods")
        } else if failed_out {
            ("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit")
        } else {
            ("FailureTarget", "DeadlineExceeded", "Job was active longer than specified deadline")
        };
        status.conditions.push(condition(interim, reason, message, now));
        status.finished_at = Some(now);
        for pod in &active {
            if w.delete_pod(pod, Actor::JobController, None) {
                event(w, &job, EventType::Normal, "SuccessfulDelete", format!("Deleted pod: {}", pod.name));
            }
        }
        if done {
            event(w, &job, EventType::Normal, "Completed", "Job completed".to_owned());
        } else {
            event(w, &job, EventType::Warning, reason, message.to_owned());
        }
        put_status(w, key, status);
        let job = w.state.jobs.get(key).cloned();
        if let Some(job) = job {
            finish_terminal(w, key, &job);
        }
        w.job_seen = u64::MAX;
        return;
    }
    // how many pods to start: up to parallelism, no more than the completions missing
    let wanted = (job.parallelism()).min(job.completions() - status.succeeded).max(0);
    let missing = wanted - status.active;
    if missing > 0 {
        // after a failure, the next pod waits out the back-off
        let due = status.last_failure_at.map(|at| at.plus_ms(backoff_ms(status.failed + restarts)));
        match due {
            Some(due) if now < due => w.schedule(due, Timer::Job { job: key.clone(), uid: job.meta.uid.clone() }),
            _ => {
                for _ in 0..missing {
                    if let Some(name) = create_pod(w, &job) {
                        event(w, &job, EventType::Normal, "SuccessfulCreate", format!("Created pod: {name}"));
                        status.active += 1;
                    }
                }
            }
        }
    }
    put_status(w, key, status);
}

/// The back-off before the next pod after `failures` failures: 10 s doubling, at most 10 min.
pub fn backoff_ms(failures: i32) -> u64 {
    if failures <= 0 {
        return 0;
    }
    (BACKOFF_MS << (failures - 1).min(16) as u32).min(MAX_BACKOFF_MS)
}

/// The terminal condition follows the interim one once no pod of the Job is still running.
fn finish_terminal(w: &mut World, key: &ObjectKey, job: &Job) {
    let Some(interim) = job.status.conditions.iter().find(|c| c.type_ == "SuccessCriteriaMet" || c.type_ == "FailureTarget").cloned() else { return };
    let terminal = if interim.type_ == "SuccessCriteriaMet" { "Complete" } else { "Failed" };
    if job.has(terminal) || pods_of(&w.state, job).iter().any(|p| !p.status.phase.is_terminal()) {
        return;
    }
    let now = w.now();
    let mut status = job.status.clone();
    status.active = 0;
    if terminal == "Complete" {
        status.completion_time = Some(now);
    }
    status.conditions.push(condition(terminal, &interim.reason, &interim.message, now));
    put_status(w, key, status);
}

fn put_status(w: &mut World, key: &ObjectKey, status: JobStatus) {
    let rv = w.next_rv();
    if let Some(j) = w.state.jobs.get_mut(key) {
        if j.status != status {
            j.status = status;
            j.meta.resource_version = rv;
            w.touch();
        }
    }
}

/// A new pod of the Job from its template (`<job>-<5 characters>`).
fn create_pod(w: &mut World, job: &Job) -> Option<String> {
    let suffix = w.rng.name_suffix(5);
    let name = format!("{}-{suffix}", job.meta.name);
    let key = ObjectKey::new(&job.meta.namespace, &name);
    if w.state.pods.contains_key(&key) {
        return None;
    }
    let mut meta = w.new_meta(&job.meta.namespace, &name);
    meta.labels = job.spec.template.metadata.as_ref().and_then(|m| m.labels.clone()).unwrap_or_default();
    meta.annotations = job.spec.template.metadata.as_ref().and_then(|m| m.annotations.clone()).unwrap_or_default();
    meta.owners.push(OwnerRef { api_version: "batch/v1".to_owned(), kind: "Job".to_owned(), name: job.meta.name.clone(), uid: job.meta.uid.clone(), controller: true, block_owner_deletion: true });
    let mut spec = job.spec.template.spec.clone().unwrap_or_default();
    super::admission::admit_pod(w, &mut meta, &mut spec);
    let status = super::kubelet::initial_status(w.now());
    w.create_pod(Pod { meta, spec, status, parent_ordinal: None, derived: Default::default() }, Actor::JobController);
    Some(name)
}

/// What must hold of every Job once the components settled: no more running pods than
/// `parallelism`, no more successes counted than pods that ran, and a finished Job leaves no
/// pod running that is not on its way out.
pub(crate) fn invariants(state: &ClusterState) -> Vec<String> {
    let mut out = Vec::new();
    for job in state.jobs.values() {
        let running: Vec<&Pod> = pods_of(state, job).into_iter().filter(|p| !p.status.phase.is_terminal() && !p.meta.terminating()).collect();
        if running.len() as i32 > job.parallelism() {
            out.push(format!("job: {} runs {} pods, more than its parallelism {}", job.meta.name, running.len(), job.parallelism()));
        }
        if job.status.succeeded + job.status.failed > job.status.counted.len() as i32 {
            out.push(format!("job: {} counts {} finished pods, but saw {}", job.meta.name, job.status.succeeded + job.status.failed, job.status.counted.len()));
        }
        if job.status.finished_at.is_some() && !running.is_empty() {
            out.push(format!("job: {} finished while {} still runs", job.meta.name, running[0].meta.name));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_back_off_doubles_from_ten_seconds_up_to_ten_minutes() {
        assert_eq!(backoff_ms(0), 0);
        assert_eq!(backoff_ms(1), 10_000);
        assert_eq!(backoff_ms(2), 20_000);
        assert_eq!(backoff_ms(6), 320_000);
        assert_eq!(backoff_ms(7), 600_000);
        assert_eq!(backoff_ms(40), 600_000);
    }
}
