//! CronJobs: the API server's side (decode, default, validate, store) and the CronJob
//! controller, which makes a Job from the template at each scheduled time.
//!
//! Reference (Kubernetes v1.35):
//! - `pkg/apis/batch/v1/defaults.go :: SetDefaults_CronJob`: `concurrencyPolicy: Allow`,
//!   `suspend: false`, `successfulJobsHistoryLimit: 3`, `failedJobsHistoryLimit: 1`.
//! - `pkg/apis/batch/validation/validation.go :: validateCronJobSpec, validateScheduleFormat,
//!   validateTimeZone`: the schedule is parsed with `robfig/cron/v3`'s `ParseStandard` (five
//!   fields, or a descriptor such as `@daily`), and its error becomes `spec.schedule: Invalid
//!   value: …`; `TZ=`/`CRON_TZ=` in the schedule is refused (use `timeZone`).
//! - `pkg/controller/cronjob/cronjob_controllerv2.go :: syncCronJob, cleanupFinishedJobs,
//!   getJobName` and `utils.go :: mostRecentScheduleTime, getJobFromTemplate2`: the most recent
//!   unmet schedule time after the last one (or the creation), no earlier than
//!   `startingDeadlineSeconds` ago, starts one Job named `<cronjob>-<scheduled time in minutes
//!   since the epoch>` (events `SuccessfulCreate` `Created job NAME`), unless the time is too
//!   late (`MissSchedule`), `Forbid` finds one still active (`JobAlreadyActive`), or `Replace`
//!   first deletes the active ones; a finished Job leaves the active list (`SawCompletedJob`
//!   `Saw completed job: NAME, condition: Complete`); the oldest finished Jobs past the history
//!   limits are deleted (`SuccessfulDelete` `Deleted job NAME`).
//! - robfig/cron/v3 `parser.go`, `spec.go :: Next, dayMatches`: fields minute, hour, day of
//!   month, month (numbers or `jan`–`dec`), day of week (`0`–`6` or `sun`–`sat`), each a list of
//!   `*`, `N`, `N-M` and `/STEP`; when both day fields are restricted, a day matching either runs.
//!
//! The controller's zone is UTC. `timeZone` is honoured for `UTC`, `Etc/UTC`, `GMT`, `Etc/GMT` and
//! the fixed offsets `Etc/GMT+N` / `Etc/GMT-N`; the simulator carries no time-zone database, so
//! another zone is refused at apply with a message that says so (a real server accepts every
//! IANA zone).

use super::model::*;
use super::time::SimTime;
use super::world::{Timer, World};
use crate::apiserver::{self, InvalidError};
use k8s_openapi::api::batch::v1::{CronJob as K8sCronJob, CronJobSpec};
use serde_json::Value;

const SOURCE: &str = "cronjob-controller";

/// A CronJob (`batch/v1`).
#[derive(Clone, Debug, PartialEq)]
pub struct CronJob {
    /// Metadata.
    pub meta: Meta,
    /// The spec, defaulted.
    pub spec: CronJobSpec,
    /// The parsed schedule.
    pub schedule: Schedule,
    /// The zone's offset from UTC, in seconds east.
    pub offset_s: i64,
    /// `status.active`: the Jobs it started that have not finished, by name.
    pub active: Vec<String>,
    /// `status.lastScheduleTime`.
    pub last_schedule: Option<SimTime>,
    /// `status.lastSuccessfulTime`.
    pub last_successful: Option<SimTime>,
    /// The object as applied (for `apply` to say `unchanged`).
    pub applied: Value,
}

impl CronJob {
    /// `spec.suspend`.
    pub fn suspended(&self) -> bool {
        self.spec.suspend.unwrap_or(false)
    }

    /// The next scheduled time strictly after `after` (Unix seconds), in Unix seconds.
    pub fn next_after(&self, after: i64) -> Option<i64> {
        self.schedule.next_after(after + self.offset_s).map(|t| t - self.offset_s)
    }
}

/// A parsed cron schedule: a bit set per field (robfig/cron's `SpecSchedule`, without seconds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    minute: u64,
    hour: u64,
    dom: u64,
    month: u64,
    dow: u64,
    dom_star: bool,
    dow_star: bool,
    /// `@every D`: a fixed period in seconds instead.
    every_s: Option<i64>,
}

struct Bounds {
    min: u32,
    max: u32,
    names: &'static [&'static str],
}

const MINUTES: Bounds = Bounds { min: 0, max: 59, names: &[] };
const HOURS: Bounds = Bounds { min: 0, max: 23, names: &[] };
const DOM: Bounds = Bounds { min: 1, max: 31, names: &[] };
const MONTHS: Bounds = Bounds { min: 1, max: 12, names: &["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] };
const DOW: Bounds = Bounds { min: 0, max: 6, names: &["sun", "mon", "tue", "wed", "thu", "fri", "sat"] };

impl Schedule {
    /// `cron.ParseStandard`: five fields or a descriptor; `Err` with robfig/cron's message.
    pub fn parse(spec: &str) -> Result<Schedule, String> {
        let spec = spec.trim();
        if spec.is_empty() {
            return Err("empty spec string".to_owned());
        }
        if let Some(d) = spec.strip_prefix('@') {
            let fields: &[&str] = match d {
                "yearly" | "annually" => &["0", "0", "1", "1", "*"],
                "monthly" => &["0", "0", "1", "*", "*"],
                "weekly" => &["0", "0", "*", "*", "0"],
                "daily" | "midnight" => &["0", "0", "*", "*", "*"],
                "hourly" => &["0", "*", "*", "*", "*"],
                _ => {
                    if let Some(duration) = d.strip_prefix("every ") {
                        let duration = duration.trim();
                        // Go's time.ParseDuration wants a unit after every number
                        if !duration.is_empty() && duration.chars().all(|c| c.is_ascii_digit() || c == '.') && duration != "0" {
                            return Err(format!("failed to parse duration {spec}: time: missing unit in duration {duration:?}"));
                        }
                        let ms = super::time::parse_duration_ms(duration).filter(|ms| *ms > 0).ok_or_else(|| format!("failed to parse duration {spec}: time: invalid duration {duration:?}"))?;
                        return Ok(Schedule { every_s: Some(((ms / 1000).max(1)) as i64), ..Schedule::fields(&["*", "*", "*", "*", "*"])? });
                    }
                    return Err(format!("unrecognized descriptor: {spec}"));
                }
            };
            return Schedule::fields(fields);
        }
        let fields: Vec<&str> = spec.split_whitespace().collect();
        if fields.len() != 5 {
            return Err(format!("expected exactly 5 fields, found {}: [{}]", fields.len(), fields.join(" ")));
        }
        Schedule::fields(&fields)
    }

    fn fields(f: &[&str]) -> Result<Schedule, String> {
        Ok(Schedule {
            minute: field(f[0], &MINUTES)?,
            hour: field(f[1], &HOURS)?,
            dom: field(f[2], &DOM)?,
            month: field(f[3], &MONTHS)?,
            dow: field(f[4], &DOW)?,
            dom_star: f[2] == "*" || f[2] == "?",
            dow_star: f[4] == "*" || f[4] == "?",
            every_s: None,
        })
    }

    /// robfig's `dayMatches`: either restricted day field may match when both are restricted.
    fn day_matches(&self, dom: u32, dow: u32) -> bool {
        let d = self.dom & (1 << dom) != 0;
        let w = self.dow & (1 << dow) != 0;
        if self.dom_star || self.dow_star {
            d && w
        } else {
            d || w
        }
    }

    /// The first scheduled minute strictly after `after` (seconds since the epoch in the
    /// schedule's zone), searching up to five years ahead.
    pub fn next_after(&self, after: i64) -> Option<i64> {
        if let Some(every) = self.every_s {
            // `ConstantDelaySchedule.Next`: the period after the previous time
            return Some(after + every);
        }
        let start = after.div_euclid(60) * 60 + 60;
        let first_day = start.div_euclid(86_400);
        for day in first_day..first_day + 366 * 5 {
            let (_, month, dom) = super::time::civil_from_days(day);
            let dow = (day + 4).rem_euclid(7) as u32;
            if self.month & (1 << month) == 0 || !self.day_matches(dom, dow) {
                continue;
            }
            for hour in 0..24 {
                if self.hour & (1 << hour) == 0 {
                    continue;
                }
                for minute in 0..60 {
                    let t = day * 86_400 + hour * 3600 + minute * 60;
                    if self.minute & (1 << minute) != 0 && t >= start {
                        return Some(t);
                    }
                }
            }
        }
        None
    }
}

/// A field: a comma-separated list of ranges (`getField`).
fn field(text: &str, b: &Bounds) -> Result<u64, String> {
    let mut bits = 0;
    for expr in text.split(',').filter(|e| !e.is_empty()) {
        bits |= range(expr, b)?;
    }
    Ok(bits)
}

/// `number | number "-" number [ "/" number ]`, `*` and `?` (`getRange`).
fn range(expr: &str, b: &Bounds) -> Result<u64, String> {
    let range_and_step: Vec<&str> = expr.split('/').collect();
    let low_and_high: Vec<&str> = range_and_step[0].split('-').collect();
    let single = low_and_high.len() == 1;
    let (start, mut end) = if low_and_high[0] == "*" || low_and_high[0] == "?" {
        (b.min, b.max)
    } else {
        let start = int_or_name(low_and_high[0], b)?;
        match low_and_high.len() {
            1 => (start, start),
            2 => (start, int_or_name(low_and_high[1], b)?),
            _ => return Err(format!("too many hyphens: {expr}")),
        }
    };
    let step = match range_and_step.len() {
        1 => 1,
        2 => {
            let step = int(range_and_step[1])?;
            if single {
                end = b.max;
            }
            if step == 0 {
                return Err(format!("step of range should be a positive number: {expr}"));
            }
            step
        }
        _ => return Err(format!("too many slashes: {expr}")),
    };
    if start < b.min {
        return Err(format!("beginning of range ({start}) below minimum ({}): {expr}", b.min));
    }
    if end > b.max {
        return Err(format!("end of range ({end}) above maximum ({}): {expr}", b.max));
    }
    if start > end {
        return Err(format!("beginning of range ({start}) beyond end of range ({end}): {expr}"));
    }
    let mut bits = 0u64;
    let mut i = start;
    while i <= end {
        bits |= 1 << i;
        i += step;
    }
    Ok(bits)
}

fn int_or_name(expr: &str, b: &Bounds) -> Result<u32, String> {
    if let Some(i) = b.names.iter().position(|n| n.eq_ignore_ascii_case(expr)) {
        return Ok(i as u32 + b.min);
    }
    int(expr)
}

/// `mustParseInt`, with Go's `strconv.Atoi` message.
fn int(expr: &str) -> Result<u32, String> {
    match expr.parse::<i64>() {
        Ok(n) if n < 0 => Err(format!("negative number ({n}) not allowed: {expr}")),
        Ok(n) => u32::try_from(n).map_err(|_| format!("failed to parse int from {expr}: strconv.Atoi: parsing {expr:?}: value out of range")),
        Err(_) => Err(format!("failed to parse int from {expr}: strconv.Atoi: parsing {expr:?}: invalid syntax")),
    }
}

/// The offset east of UTC, in seconds, of the zones the simulator knows.
fn zone_offset(zone: &str) -> Option<i64> {
    match zone {
        "UTC" | "Etc/UTC" | "GMT" | "Etc/GMT" | "Etc/UCT" | "UCT" | "Etc/Universal" | "Etc/Zulu" => Some(0),
        _ => {
            // POSIX-style: Etc/GMT+5 is five hours *behind* UTC
            let n = zone.strip_prefix("Etc/GMT")?;
            let (sign, hours) = n.split_at(1);
            let hours: i64 = hours.parse().ok()?;
            match sign {
                "+" if hours <= 12 => Some(-hours * 3600),
                "-" if hours <= 14 => Some(hours * 3600),
                _ => None,
            }
        }
    }
}

/// Why a CronJob was refused.
pub(crate) enum CronJobError {
    Decode(apiserver::DecodeError),
    Invalid(InvalidError),
    /// A zone the simulator has no rules for.
    Zone(String),
}

/// `SetDefaults_CronJob`.
fn defaults(spec: &mut CronJobSpec) {
    spec.concurrency_policy.get_or_insert_with(|| "Allow".to_owned());
    spec.suspend.get_or_insert(false);
    spec.successful_jobs_history_limit.get_or_insert(3);
    spec.failed_jobs_history_limit.get_or_insert(1);
}

/// `kubectl apply` of a CronJob: creates it, or replaces its spec (the next run follows the new
/// schedule).
pub(crate) fn apply(w: &mut World, doc: Value, namespace: &str) -> Result<String, (&'static str, CronJobError)> {
    let name = doc.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_owned();
    let key = ObjectKey::new(namespace, &name);
    let verb = if w.state.cronjobs.contains_key(&key) { "applying patch" } else { "creating" };
    let decoded: K8sCronJob = apiserver::decode_as("CronJob", &doc).map_err(|e| (verb, CronJobError::Decode(e)))?;
    let (errors, schedule) = apiserver::validate::batch::cronjob(&decoded);
    let Some(schedule) = schedule.filter(|_| errors.is_empty()) else {
        return Err((verb, CronJobError::Invalid(InvalidError::new("CronJob", &name, errors))));
    };
    let mut spec = decoded.spec.unwrap_or_default();
    let offset_s = match spec.time_zone.as_deref() {
        None => 0,
        Some(zone) => zone_offset(zone).ok_or_else(|| {
            (verb, CronJobError::Zone(format!("the simulator has no rules for the time zone {zone:?}: it knows UTC and the fixed offsets Etc/GMT+N and Etc/GMT-N (a real cluster accepts every IANA zone)")))
        })?,
    };
    defaults(&mut spec);
    let resource = format!("cronjob.batch/{name}");
    if let Some(existing) = w.state.cronjobs.get_mut(&key) {
        if existing.applied == doc {
            return Ok(format!("{resource} unchanged"));
        }
        existing.spec = spec;
        existing.schedule = schedule;
        existing.offset_s = offset_s;
        existing.applied = doc;
        existing.meta.generation += 1;
        w.cronjob_seen = u64::MAX;
        w.touch();
        return Ok(format!("{resource} configured"));
    }
    let mut meta = w.new_meta(namespace, &name);
    meta.generation = 1;
    meta.labels = decoded.metadata.labels.unwrap_or_default();
    meta.annotations = decoded.metadata.annotations.unwrap_or_default();
    w.state.cronjobs.insert(key, CronJob { meta, spec, schedule, offset_s, active: Vec::new(), last_schedule: None, last_successful: None, applied: doc });
    w.cronjob_seen = u64::MAX;
    w.touch();
    Ok(format!("{resource} created"))
}

/// `kubectl delete cronjob NAME`: its Jobs go with it (background propagation).
pub(crate) fn delete(w: &mut World, key: &ObjectKey) -> bool {
    let Some(cj) = w.state.cronjobs.remove(key) else { return false };
    let jobs: Vec<ObjectKey> = owned_jobs(&w.state, &cj).into_iter().map(|j| j.meta.key()).collect();
    for job in jobs {
        super::job::delete(w, &job);
    }
    w.touch();
    true
}

/// `kubectl create job NAME --from=cronjob/CRONJOB`: a Job from the template now, owned by the
/// CronJob and annotated `cronjob.kubernetes.io/instantiate: manual` (kubectl's
/// `createJobFromCronJob`). The CronJob controller does not count it as one of its runs.
pub(crate) fn create_job_from(w: &mut World, namespace: &str, name: &str, cronjob: &str) -> Result<String, String> {
    let Some(cj) = w.state.cronjobs.get(&ObjectKey::new(namespace, cronjob)).cloned() else {
        return Err(format!("Error from server (NotFound): cronjobs.batch \"{cronjob}\" not found"));
    };
    if w.state.jobs.contains_key(&ObjectKey::new(namespace, name)) {
        return Err(format!("Error from server (AlreadyExists): jobs.batch \"{name}\" already exists"));
    }
    let mut annotations = cj.spec.job_template.metadata.as_ref().and_then(|m| m.annotations.clone()).unwrap_or_default();
    annotations.insert("cronjob.kubernetes.io/instantiate".to_owned(), "manual".to_owned());
    make_job(w, &cj, name, annotations);
    Ok(format!("job.batch/{name} created"))
}

fn make_job(w: &mut World, cj: &CronJob, name: &str, annotations: std::collections::BTreeMap<String, String>) {
    let mut meta = w.new_meta(&cj.meta.namespace, name);
    meta.generation = 1;
    meta.labels = cj.spec.job_template.metadata.as_ref().and_then(|m| m.labels.clone()).unwrap_or_default();
    meta.annotations = annotations;
    meta.owners.push(OwnerRef { api_version: "batch/v1".to_owned(), kind: "CronJob".to_owned(), name: cj.meta.name.clone(), uid: cj.meta.uid.clone(), controller: true, block_owner_deletion: true });
    let mut spec = cj.spec.job_template.spec.clone().unwrap_or_default();
    super::job::default_spec(&mut spec);
    super::job::create(w, meta, spec, Value::Null);
}

/// The Jobs a CronJob controls.
fn owned_jobs<'a>(state: &'a ClusterState, cj: &CronJob) -> Vec<&'a super::job::Job> {
    ClusterState::in_namespace(&state.jobs, &cj.meta.namespace).map(|(_, j)| j).filter(|j| j.meta.controller().is_some_and(|o| o.uid == cj.meta.uid)).collect()
}

/// A timer of the controller fired (a scheduled time came): sync again.
pub(crate) fn fire(w: &mut World, key: &ObjectKey, uid: &str) {
    if w.state.cronjobs.get(key).is_some_and(|c| c.meta.uid == uid) {
        w.cronjob_seen = u64::MAX;
    }
}

/// Syncs every CronJob when something was written since the last pass, or a time came.
pub(crate) fn run(w: &mut World) {
    let keys: Vec<ObjectKey> = w.state.cronjobs.keys().cloned().collect();
    w.sync_when_written(|w| &mut w.cronjob_seen, keys, sync);
}

fn event(w: &mut World, cj: &CronJob, type_: EventType, reason: &str, message: String) {
    w.record(&cj.meta.namespace, "CronJob", &cj.meta.name, &cj.meta.uid, type_, reason, message, SOURCE);
}

/// The terminal condition of a finished Job (`Complete` or `Failed`).
fn finished(job: &super::job::Job) -> Option<&'static str> {
    if job.has("Complete") {
        Some("Complete")
    } else if job.has("Failed") {
        Some("Failed")
    } else {
        None
    }
}

/// `syncCronJob`, then `cleanupFinishedJobs`.
fn sync(w: &mut World, key: &ObjectKey) {
    let Some(mut cj) = w.state.cronjobs.get(key).cloned() else { return };
    let now = w.now();
    let before = cj.clone();
    let jobs: Vec<super::job::Job> = owned_jobs(&w.state, &cj).into_iter().cloned().collect();
    for job in &jobs {
        let active = cj.active.contains(&job.meta.name);
        if let Some(condition) = finished(job) {
            if active {
                cj.active.retain(|n| n != &job.meta.name);
                event(w, &cj, EventType::Normal, "SawCompletedJob", format!("Saw completed job: {}, condition: {condition}", job.meta.name));
            }
            if condition == "Complete" {
                if let Some(at) = job.status.completion_time {
                    if cj.last_successful.is_none_or(|l| at > l) {
                        cj.last_successful = Some(at);
                    }
                }
            }
        }
    }
    let gone: Vec<String> = cj.active.iter().filter(|n| !jobs.iter().any(|j| &j.meta.name == *n)).cloned().collect();
    for name in gone {
        event(w, &cj, EventType::Normal, "MissingJob", format!("Active job went missing: {name}"));
        cj.active.retain(|n| n != &name);
    }
    if !cj.suspended() {
        schedule_run(w, &mut cj, now);
    }
    cleanup(w, &mut cj, &jobs);
    if cj != before {
        let rv = w.next_rv();
        cj.meta.resource_version = rv;
        w.state.cronjobs.insert(key.clone(), cj);
        w.touch();
    }
}

/// The scheduling half of `syncCronJob`, and the timer for the next scheduled time.
fn schedule_run(w: &mut World, cj: &mut CronJob, now: SimTime) {
    let clock = w.clock;
    let now_s = clock.unix(now);
    let mut earliest = clock.unix(cj.last_schedule.unwrap_or(cj.meta.created));
    if let Some(deadline) = cj.spec.starting_deadline_seconds {
        earliest = earliest.max(now_s - deadline);
    }
    // the most recent unmet time (`mostRecentScheduleTime`); past 100 missed times the
    // controller warns, and still starts only the most recent
    let mut scheduled = None;
    let mut missed = 0;
    let mut t = earliest;
    while let Some(next) = cj.next_after(t) {
        if next > now_s {
            break;
        }
        scheduled = Some(next);
        missed += 1;
        t = next;
    }
    if missed > 100 {
        event(w, cj, EventType::Warning, "TooManyMissedTimes", format!("too many missed start times: {missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew"));
    }
    if let Some(at) = scheduled {
        let at_sim = clock.at_unix(at).unwrap_or(SimTime::ZERO);
        let too_late = cj.spec.starting_deadline_seconds.is_some_and(|d| at + d < now_s);
        let name = format!("{}-{}", cj.meta.name, at.div_euclid(60));
        if too_late {
            event(w, cj, EventType::Warning, "MissSchedule", format!("Missed scheduled time to start a job: {}", clock.rfc1123z(at_sim)));
        } else if cj.active.contains(&name) || cj.last_schedule == Some(at_sim) {
        } else if cj.spec.concurrency_policy.as_deref() == Some("Forbid") && !cj.active.is_empty() {
            event(w, cj, EventType::Normal, "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid".to_owned());
        } else {
            if cj.spec.concurrency_policy.as_deref() == Some("Replace") {
                for old in std::mem::take(&mut cj.active) {
                    if super::job::delete(w, &ObjectKey::new(&cj.meta.namespace, &old)) {
                        event(w, cj, EventType::Normal, "SuccessfulDelete", format!("Deleted job {old}"));
                    }
                }
            }
            if !w.state.jobs.contains_key(&ObjectKey::new(&cj.meta.namespace, &name)) {
                let mut annotations = cj.spec.job_template.metadata.as_ref().and_then(|m| m.annotations.clone()).unwrap_or_default();
                annotations.insert("batch.kubernetes.io/cronjob-scheduled-timestamp".to_owned(), clock.rfc3339(at_sim));
                make_job(w, cj, &name, annotations);
                event(w, cj, EventType::Normal, "SuccessfulCreate", format!("Created job {name}"));
            }
            cj.active.push(name);
            cj.last_schedule = Some(at_sim);
        }
    }
    if let Some(next) = cj.next_after(now_s).and_then(|n| clock.at_unix(n)) {
        w.schedule(next, Timer::CronJob { cronjob: cj.meta.key(), uid: cj.meta.uid.clone() });
    }
}

/// `cleanupFinishedJobs`: the oldest finished Jobs past the history limits are deleted.
fn cleanup(w: &mut World, cj: &mut CronJob, jobs: &[super::job::Job]) {
    for (condition, limit) in [("Complete", cj.spec.successful_jobs_history_limit), ("Failed", cj.spec.failed_jobs_history_limit)] {
        let Some(limit) = limit else { continue };
        let mut finished_jobs: Vec<&super::job::Job> = jobs.iter().filter(|j| finished(j) == Some(condition) && w.state.jobs.contains_key(&j.meta.key())).collect();
        finished_jobs.sort_by(|a, b| (a.status.start_time, &a.meta.name).cmp(&(b.status.start_time, &b.meta.name)));
        let excess = finished_jobs.len().saturating_sub(limit.max(0) as usize);
        for job in finished_jobs.into_iter().take(excess) {
            if super::job::delete(w, &job.meta.key()) {
                cj.active.retain(|n| n != &job.meta.name);
                event(w, cj, EventType::Normal, "SuccessfulDelete", format!("Deleted job {}", job.meta.name));
            }
        }
    }
}

/// The next time a CronJob will run, as a simulated time (for the views).
pub fn next_run(clock: &super::time::WallClock, cj: &CronJob, now: SimTime) -> Option<SimTime> {
    if cj.suspended() {
        return None;
    }
    cj.next_after(clock.unix(now)).and_then(|n| clock.at_unix(n))
}

/// What must hold of every CronJob: its active list names Jobs it owns that have not
/// finished, and `Forbid` never has two.
pub(crate) fn invariants(state: &ClusterState) -> Vec<String> {
    let mut out = Vec::new();
    for cj in state.cronjobs.values() {
        for name in &cj.active {
            match state.jobs.get(&ObjectKey::new(&cj.meta.namespace, name)) {
                Some(j) if j.meta.controller().is_some_and(|o| o.uid == cj.meta.uid) => {}
                _ => out.push(format!("cronjob: {} lists {name} as active, but owns no such Job", cj.meta.name)),
            }
        }
        if cj.spec.concurrency_policy.as_deref() == Some("Forbid") && cj.active.len() > 1 {
            out.push(format!("cronjob: {} (Forbid) has {} active Jobs", cj.meta.name, cj.active.len()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next(spec: &str, after: &str) -> String {
        let s = Schedule::parse(spec).unwrap();
        let t = s.next_after(super::super::time::parse_rfc3339(after).unwrap()).unwrap();
        super::super::time::WallClock { epoch_unix_s: t }.rfc3339(SimTime::ZERO)
    }

    #[test]
    fn schedules_run_when_cron_says() {
        assert_eq!(next("0 2 * * *", "2026-01-01T01:55:00Z"), "2026-01-01T02:00:00Z");
        assert_eq!(next("0 2 * * *", "2026-01-01T02:00:00Z"), "2026-01-02T02:00:00Z");
        assert_eq!(next("*/15 * * * *", "2026-01-01T00:07:30Z"), "2026-01-01T00:15:00Z");
        assert_eq!(next("@daily", "2026-03-31T12:00:00Z"), "2026-04-01T00:00:00Z");
        assert_eq!(next("@hourly", "2026-03-31T12:00:00Z"), "2026-03-31T13:00:00Z");
        assert_eq!(next("0 0 * * sun", "2026-01-01T00:00:00Z"), "2026-01-04T00:00:00Z");
        assert_eq!(next("0 0 29 feb *", "2026-01-01T00:00:00Z"), "2028-02-29T00:00:00Z");
        // both day fields restricted: either matches (the 13th, or a Friday)
        assert_eq!(next("0 0 13 * 5", "2026-01-01T00:00:00Z"), "2026-01-02T00:00:00Z");
        assert_eq!(next("30 4 1-7 jan-mar mon", "2026-01-01T00:00:00Z"), "2026-01-01T04:30:00Z");
    }

    #[test]
    fn bad_schedules_get_robfig_s_messages() {
        let e = |s: &str| Schedule::parse(s).unwrap_err();
        assert_eq!(e("0 2 * *"), "expected exactly 5 fields, found 4: [0 2 * *]");
        assert_eq!(e("0 24 * * *"), "end of range (24) above maximum (23): 24");
        assert_eq!(e("0 0 0 * *"), "beginning of range (0) below minimum (1): 0");
        assert_eq!(e("0 5-2 * * *"), "beginning of range (5) beyond end of range (2): 5-2");
        assert_eq!(e("x * * * *"), "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax");
        assert_eq!(e("@fortnightly"), "unrecognized descriptor: @fortnightly");
        assert_eq!(e("*/0 * * * *"), "step of range should be a positive number: */0");
    }

    #[test]
    fn fixed_offset_zones() {
        assert_eq!(zone_offset("Etc/UTC"), Some(0));
        assert_eq!(zone_offset("Etc/GMT+5"), Some(-5 * 3600));
        assert_eq!(zone_offset("Etc/GMT-2"), Some(2 * 3600));
        assert_eq!(zone_offset("Europe/Berlin"), None);
    }
}
