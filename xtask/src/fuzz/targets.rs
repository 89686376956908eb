//! The fuzz targets: each takes one input text, runs a part of `ordinal-core` over it and
//! checks what must hold for every input. A panic is caught by the caller; a broken invariant
//! is returned as `Err`. Shared with `crates/core/tests/fuzz_regressions.rs`.

use ordinal_core::rules::{self, Config, SourceFile};
use ordinal_core::sim::script::{self, Runner};
use ordinal_core::sim::SimConfig;
use ordinal_core::yaml::{self, LineIndex, Node, NodeKind, TextRange};
use ordinal_core::{analysis, catalog, objects, share};

/// A fuzz target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// `yaml::parse`: positions of errors and nodes, `to_json`, `keys`, `locate`.
    Parse,
    /// `catalog::explain` of every key, `objects::read`, `analysis::field_at`.
    Explain,
    /// `rules::check_with` (every rule on), `check_update_with` against the guide, fixes applied.
    Lint,
    /// `sim::script::parse` and each command that parses, run against the guide's cluster.
    SimulateScript,
    /// `share::decode` of link text.
    ShareDecode,
    /// `sim::init::run` and `missing_programs`: a container's `sh -c` script and its exec form.
    InitCommand,
    /// `sim::cronjob::Schedule::parse` and `next_after`: a CronJob's schedule.
    CronSchedule,
    /// `plan::plan` (the guide applied, then the input) and `drill::run` (the stress test) of a
    /// manifest: every cause at a line of the text, a fix only with a refusal.
    PlanDrill,
    /// `lessons::load` of a lesson file (a teacher's): every problem at a line and column of
    /// the text, every step at its heading.
    Lesson,
    /// `library::check` of a texts file (the page fetches one): read whole or refused with a
    /// reason.
    Library,
}

impl Target {
    /// Every target, in the order `xtask fuzz all` would run them.
    pub const ALL: [Target; 10] = [Target::Parse, Target::Explain, Target::Lint, Target::SimulateScript, Target::ShareDecode, Target::InitCommand, Target::CronSchedule, Target::PlanDrill, Target::Lesson, Target::Library];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Target::Parse => "parse",
            Target::Explain => "explain",
            Target::Lint => "lint",
            Target::SimulateScript => "simulate-script",
            Target::ShareDecode => "share-decode",
            Target::InitCommand => "init-command",
            Target::CronSchedule => "cron-schedule",
            Target::PlanDrill => "plan-drill",
            Target::Lesson => "lesson",
            Target::Library => "library",
        }
    }

    /// The target of a command-line name.
    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Runs the target over one input.
    pub fn run(self, input: &str) -> Result<(), String> {
        match self {
            Target::Parse => parse(input),
            Target::Explain => explain(input),
            Target::Lint => lint(input),
            Target::SimulateScript => simulate_script(input),
            Target::ShareDecode => share_decode(input),
            Target::InitCommand => init_command(input),
            Target::CronSchedule => cron_schedule(input),
            Target::PlanDrill => plan_drill(input),
            Target::Lesson => lesson(input),
            Target::Library => library(input),
        }
    }
}

fn check_range(text: &str, range: TextRange, what: &str) -> Result<(), String> {
    let (s, e) = (range.start as usize, range.end as usize);
    if s > e || e > text.len() {
        return Err(format!("{what}: range {s}..{e} outside the text (length {})", text.len()));
    }
    if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
        return Err(format!("{what}: range {s}..{e} splits a character"));
    }
    Ok(())
}

fn check_nodes(text: &str, root: &Node) -> Result<(), String> {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        // alias copies keep their children's original ranges, which are still in the text
        check_range(text, node.range, "node")?;
        match &node.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Mapping { entries, .. } => {
                for e in entries {
                    stack.push(&e.key);
                    stack.push(&e.value);
                }
            }
            NodeKind::Sequence { items, .. } => stack.extend(items),
        }
    }
    Ok(())
}

/// `yaml::parse` and what every parse must satisfy.
pub fn parse(text: &str) -> Result<(), String> {
    let parse = yaml::parse(text);
    let index = LineIndex::new(text);
    for e in &parse.errors {
        check_range(text, e.range, "error")?;
        let lc = index.line_col(e.range.start as usize);
        if (lc.line, lc.column) != (e.line, e.column) || e.line == 0 || e.column == 0 {
            return Err(format!("error at {}:{} but its range starts at {}:{}: {}", e.line, e.column, lc.line, lc.column, e.message));
        }
        if e.message.trim().is_empty() {
            return Err("an error without a message".into());
        }
    }
    if !text.trim().is_empty() && parse.documents.is_empty() && parse.errors.is_empty() {
        // comments only are fine; anything else must give a document or an error
        let only_comments = text.lines().all(|l| {
            let l = l.trim_start_matches(['\u{feff}', ' ', '\t', '\r']);
            l.is_empty() || l.starts_with('#') || l.starts_with("---") || l.starts_with("...") || l.starts_with('%')
        });
        if !only_comments {
            return Err("text that is not a comment gave neither a document nor an error".into());
        }
    }
    for doc in &parse.documents {
        check_range(text, doc.range, "document")?;
        if let Some(root) = &doc.root {
            check_nodes(text, root)?;
            let _ = root.to_json();
        }
        // `locate` is what a cursor move costs: a few per input are enough
        let keys = doc.keys();
        for (path, key) in keys.iter().step_by((keys.len() / 16).max(1)) {
            let _ = path.to_string();
            if let Some(found) = doc.locate(key.key.range.start as usize) {
                check_range(text, found.value_range, "located value")?;
            }
        }
    }
    Ok(())
}

/// `catalog::explain` of every key, `objects::read` of every document, and the field under a
/// few cursor positions.
pub fn explain(text: &str) -> Result<(), String> {
    let parse = yaml::parse(text);
    let index = LineIndex::new(text);
    for doc in &parse.documents {
        let _ = objects::read(doc);
        for (path, _) in doc.keys() {
            let ex = catalog::explain(doc, &path);
            if ex.summary.trim().is_empty() {
                return Err(format!("empty summary for {path}"));
            }
            let size = ex.summary.len() + ex.title.len() + ex.sections.what.len() + ex.sections.why.len();
            if size > 64 * 1024 {
                return Err(format!("explanation of {path} is {size} bytes"));
            }
        }
    }
    for i in 0..8 {
        let offset = text.len() * i / 7;
        if let Some(f) = analysis::field_at_parsed(text, &parse, &index, offset) {
            check_range(text, f.key_range, "field_at")?;
        }
    }
    Ok(())
}

/// How many fixes of one input are applied and the result parsed again.
const FIXES_APPLIED: usize = 16;

/// Every rule, updates against the guide, and the first fixes applied.
pub fn lint(text: &str) -> Result<(), String> {
    let files = [SourceFile::new("fuzz.yaml", text)];
    let found = rules::check_with(&files, &Config::all());
    for (i, d) in found.iter().enumerate() {
        check_range(text, d.range, d.code)?;
        if d.message.trim().is_empty() {
            return Err(format!("{} without a message", d.code));
        }
        if let Some(fix) = &d.fix {
            for e in &fix.edits {
                check_range(text, e.range, &format!("{} fix", d.code))?;
            }
            // applying a fix re-reads the whole text: a few are enough to test the edits
            if i < FIXES_APPLIED {
                let fixed = rules::apply_edits(text, 0, &fix.edits);
                let _ = yaml::parse(&fixed);
            }
        }
    }
    let old = [SourceFile::new("guide.yaml", ordinal_core::examples::GUIDE)];
    for d in rules::check_update_with(&old, &files, &Config::all()) {
        check_range(text, d.range, d.code)?;
    }
    Ok(())
}

/// The guide's manifests in the `default` namespace (the simulated cluster has no `scenarios`).
fn guide_manifest() -> String {
    ordinal_core::examples::GUIDE.replace("namespace: scenarios", "namespace: default")
}

/// The most commands of one input that are run (each settles the cluster).
const MAX_COMMANDS: usize = 40;

/// Parses the script; runs every line that parses on its own against the guide's cluster.
pub fn simulate_script(text: &str) -> Result<(), String> {
    if let Err(errors) = script::parse(text) {
        for e in &errors {
            if e.line == 0 || e.column == 0 || e.message.trim().is_empty() {
                return Err(format!("script error without a position or message: {e:?}"));
            }
        }
    }
    let commands: Vec<_> = text.lines().filter_map(|l| script::parse_command(l).ok()).take(MAX_COMMANDS).collect();
    let guide = guide_manifest();
    let mut load = |name: &str| -> Result<String, String> {
        if name.contains("guide") {
            Ok(guide.clone())
        } else {
            Err(format!("{name}: no such file"))
        }
    };
    let runner = Runner::new(SimConfig::auto(), 7);
    let files = vec![("guide.yaml".to_owned(), guide.clone())];
    let (run, _) = runner.run_all(&files, &commands, &mut load);
    if !run.violations.is_empty() {
        return Err(format!("simulator invariant violated: {}", run.violations.join("; ")));
    }
    Ok(())
}

/// `share::decode` never panics, and whatever it returns encodes and decodes again.
pub fn share_decode(text: &str) -> Result<(), String> {
    match share::decode(text) {
        Ok(payload) => {
            let again = share::encode(&payload).map_err(|e| format!("a decoded payload does not encode: {e}"))?;
            if share::decode(&again).as_ref() != Ok(&payload) {
                return Err("a decoded payload does not round-trip".into());
            }
        }
        Err(e) => {
            if !e.to_string().starts_with("this link ") {
                return Err(format!("unexpected message: {e}"));
            }
        }
    }
    Ok(())
}

/// A lesson file as a teacher might write it: it loads, or each problem is at a line of the
/// text (or the line after its last) and a column within that line (or just past its end);
/// a lesson that loads has each step at a `## Step:` line.
pub fn lesson(text: &str) -> Result<(), String> {
    let normalised = text.replace("\r\n", "\n");
    let lines: Vec<&str> = normalised.split('\n').collect();
    match ordinal_core::lessons::load("fuzz.md", text) {
        Ok(l) => {
            for s in &l.steps {
                if !lines.get(s.line.wrapping_sub(1)).is_some_and(|h| h.starts_with("## Step: ")) {
                    return Err(format!("step `{}` at line {}, which is no `## Step:` heading", s.title, s.line));
                }
            }
        }
        Err(problems) => {
            if problems.is_empty() {
                return Err("refused without a problem".into());
            }
            for p in &problems {
                let Some(line) = lines.get(p.line.wrapping_sub(1)) else {
                    if text.len() > ordinal_core::lessons::MAX_FILE_BYTES && p.line == 1 {
                        continue;
                    }
                    return Err(format!("problem at line {} of {}: {}", p.line, lines.len(), p.message));
                };
                if p.column == 0 || p.column > line.chars().count() + 1 {
                    return Err(format!("problem at column {} of a line of {} characters: {}", p.column, line.chars().count(), p.message));
                }
            }
        }
    }
    Ok(())
}

/// An init container's command: the input as an `sh -c` script and, split into words, as the
/// exec form, in busybox and in an image the simulator does not know. The exit code is a
/// shell's (0–255), a `chown` gives only a path the container mounts, and the linter's list
/// of missing programs agrees with what the run finds for the exec form.
/// A texts file is read whole or refused; one that is read holds no more texts than records,
/// and the compiled-in file, which the page serves, is read whole.
pub fn library(text: &str) -> Result<(), String> {
    use ordinal_core::library;
    match library::check(text) {
        Ok(n) if n > text.matches('\x1e').count() => Err(format!("{n} texts from {} records", text.matches('\x1e').count())),
        Ok(_) => Ok(()),
        Err(e) if e.to_string().is_empty() => Err("a refusal without a reason".into()),
        Err(_) if text == library::compiled() => Err("the compiled-in texts refused".into()),
        Err(_) => Ok(()),
    }
}

pub fn init_command(text: &str) -> Result<(), String> {
    use k8s_openapi::api::core::v1::{Container, PodSpec, VolumeMount};
    use ordinal_core::sim::init::{self, Run};
    let words: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
    for image in ["busybox:1.36", "example.com/tools:1"] {
        for command in [vec!["sh".to_owned(), "-c".to_owned(), text.to_owned()], words.clone()] {
            let c = Container {
                name: "init".into(),
                image: Some(image.into()),
                command: Some(command.clone()),
                volume_mounts: Some(vec![VolumeMount { name: "data".into(), mount_path: "/data".into(), ..Default::default() }]),
                ..Default::default()
            };
            match init::run(&PodSpec::default(), &c) {
                Run::Exits { code, chowns, .. } => {
                    if !(0..=255).contains(&code) {
                        return Err(format!("exit code {code} outside 0..=255"));
                    }
                    if chowns.iter().any(|(p, _)| p != "/data") {
                        return Err(format!("chowned a path nothing mounts: {chowns:?}"));
                    }
                }
                Run::NotFound { executable } => {
                    let missing = init::missing_programs(image, &command);
                    if missing.first().map(|(p, in_script)| (p.as_str(), *in_script)) != Some((executable.as_str(), false)) {
                        return Err(format!("the run finds {executable:?} missing, the linter {missing:?}"));
                    }
                }
            }
        }
    }
    Ok(())
}

/// A CronJob's schedule: each line of the input, and the whole input, parsed as
/// `ParseStandard` does. A parsed schedule's next time lies after the instant asked about, on
/// a whole minute (but for `@every`), within five years; an error has words.
pub fn cron_schedule(text: &str) -> Result<(), String> {
    use ordinal_core::sim::cronjob::Schedule;
    for spec in text.lines().chain(std::iter::once(text)) {
        match Schedule::parse(spec) {
            Ok(s) => {
                let every = spec.trim().starts_with("@every");
                for t in [0i64, 1_767_225_599, 4_102_444_800] {
                    if let Some(n) = s.next_after(t) {
                        if n <= t || (!every && n > t + 5 * 366 * 86_400 + 86_400) {
                            return Err(format!("{spec:?}: next after {t} is {n}"));
                        }
                        if n % 60 != 0 && !every {
                            return Err(format!("{spec:?}: next after {t} is {n}, not a whole minute"));
                        }
                    }
                }
            }
            Err(e) if e.trim().is_empty() => return Err(format!("{spec:?}: an error without words")),
            Err(_) => {}
        }
    }
    Ok(())
}

/// What `ordinal plan` and `ordinal drill` make of a manifest.
pub fn plan_drill(text: &str) -> Result<(), String> {
    use ordinal_core::{apiserver::ServerVersion, drill, plan};
    let p = plan::plan(plan::Manifests { old: ordinal_core::examples::GUIDE, old_name: "guide.yaml", new: text, new_name: "input.yaml" }, ServerVersion::V1_35, 1);
    if p.fix.is_some() && p.rejected.is_none() {
        return Err("a fix without a refusal".into());
    }
    if p.versions.len() != 3 {
        return Err(format!("{} versions judged", p.versions.len()));
    }
    let report = drill::run(&[SourceFile::new("input.yaml", text)], 1);
    let lines = LineIndex::new(text).line_count();
    for d in &report.drills {
        for c in &d.causes {
            if c.file != "input.yaml" || c.line == 0 || c.line > lines.max(1) || c.column == 0 {
                return Err(format!("drill {:?}: a cause at {}:{}:{} of a text of {lines} lines", d.name, c.file, c.line, c.column));
            }
        }
        if !["ok", "degraded", "blocked", "data-lost"].contains(&d.outcome) {
            return Err(format!("drill {:?}: outcome {}", d.name, d.outcome));
        }
    }
    if report.drills.is_empty() == report.error.is_none() {
        return Err(format!("{} drills with error {:?}", report.drills.len(), report.error));
    }
    // the Compare tab: its StatefulSet as a Deployment and a DaemonSet, every move played
    if let Ok(mut c) = ordinal_core::compare::Comparison::new(text, 1) {
        for m in ordinal_core::compare::Move::ALL {
            let e = c.play(m).clone();
            if e.difference.trim().is_empty() || e.lanes.iter().any(Vec::is_empty) {
                return Err(format!("compare {}: an empty account {e:?}", m.id()));
            }
        }
        let v = c.sim().violations();
        if !v.is_empty() {
            return Err(format!("compare: invariants violated: {v:?}"));
        }
    }
    Ok(())
}

/// The seed texts a target's inputs are made from: for YAML targets the real manifests, the
/// YAML test-suite cases and the guide (its manifests and every YAML block of its text); for
/// scripts the scenario scripts and the guide's `kubectl` lines.
pub fn load_seeds(target: Target, shared: &std::path::Path, scenarios: &std::path::Path) -> Vec<String> {
    let read_dir = |dir: &std::path::Path, ext: &str| -> Vec<String> {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == ext)).collect())
            .unwrap_or_default();
        paths.sort();
        paths.iter().filter_map(|p| std::fs::read(p).ok()).map(|b| String::from_utf8_lossy(&b).into_owned()).collect()
    };
    let guide_md = std::fs::read_to_string(shared.join("guide/statefulset-guide.md")).unwrap_or_default();
    match target {
        Target::InitCommand => {
            // the commands of the fixtures' manifests and the guide's
            let mut seeds: Vec<String> = read_dir(&scenarios.join("manifests"), "yaml")
                .iter()
                .chain(std::iter::once(&guide_md))
                .flat_map(|t| t.lines().filter_map(|l| l.trim().strip_prefix("command:").map(|c| c.trim().trim_matches(['[', ']']).replace(['\'', '"'], ""))).collect::<Vec<_>>())
                .collect();
            seeds.extend(["chown -R 999:999 /data", "exit 3", "true && false || echo x; sleep 2", "until nslookup db; do sleep 2; done", "chwon 1 /data", "FOO=1 echo $FOO | tee /x"].map(str::to_owned));
            seeds
        }
        Target::CronSchedule => {
            // the fixtures' and the guide's schedules, and cron's other forms
            let mut seeds: Vec<String> = read_dir(&scenarios.join("manifests"), "yaml")
                .iter()
                .chain(std::iter::once(&guide_md))
                .flat_map(|t| t.lines().filter_map(|l| l.trim().strip_prefix("schedule:").map(|c| c.split('#').next().unwrap_or("").trim().trim_matches(['\'', '"']).to_owned())).collect::<Vec<_>>())
                .collect();
            seeds.extend(
                ["*/15 * * * *", "@daily", "@every 1h30m", "0 0 13 * 5", "30 4 1-7 jan-mar mon", "0 0 29 feb *", "0-59/7 1,3,5 * * sun-sat", "@hourly", "5 4 * * 0", "0 22 * * 1-5", "0 0 31 4 *", "? ? ? ? ?"]
                    .map(str::to_owned),
            );
            seeds
        }
        Target::Lesson => {
            // the app's lessons and the teachers' example
            let mut seeds = read_dir(&scenarios.join("../../content/lessons"), "md");
            seeds.extend(read_dir(&scenarios.join("../../../../docs/examples"), "md"));
            seeds.push(ordinal_core::lessons::reference::page());
            seeds
        }
        Target::Library => {
            // the texts the page serves, whole and cut
            let whole = ordinal_core::library::compiled();
            let mut seeds = vec![whole.to_owned()];
            seeds.extend(whole.split_inclusive('\x1e').collect::<Vec<_>>().chunks(40).take(20).map(|c| format!("#ordinal-library\t1\n{}", c.concat())));
            seeds
        }
        Target::SimulateScript => {
            let mut seeds = read_dir(scenarios, "script");
            let kubectl: Vec<&str> = guide_md.lines().map(|l| l.trim().trim_start_matches("$ ")).filter(|l| l.starts_with("kubectl ")).collect();
            seeds.push(kubectl.join("\n"));
            seeds.extend(kubectl.chunks(4).map(|c| c.join("\n")));
            seeds
        }
        _ => {
            let mut seeds = read_dir(&shared.join("corpus/real"), "yaml");
            seeds.extend(read_dir(&shared.join("corpus/yaml-suite"), "yaml"));
            seeds.extend(read_dir(&shared.join("guide"), "yaml"));
            seeds.push(ordinal_core::examples::GUIDE.to_owned());
            let mut block = None::<String>;
            for line in guide_md.lines() {
                match (&mut block, line.trim_start()) {
                    (None, l) if l.starts_with("```yaml") => block = Some(String::new()),
                    (Some(_), l) if l.starts_with("```") => seeds.extend(block.take()),
                    (Some(b), _) => {
                        b.push_str(line);
                        b.push('\n');
                    }
                    (None, _) => {}
                }
            }
            seeds
        }
    }
}

/// Inputs are at most this long: big enough for long lines and deep nesting, small enough that
/// honest code stays far below the one-second budget.
pub const MAX_INPUT: usize = 256 * 1024;

/// Input number `index` of a run seeded with `seed`.
pub fn input(target: Target, seed: u64, index: u64, seeds: &[String]) -> String {
    // the stress test plays a dozen clusters from one application's manifests: its inputs are
    // that size, not a whole platform's install
    let max = if target == Target::PlanDrill { MAX_DRILL_INPUT } else { MAX_INPUT };
    input_at_most(target, seed, index, seeds, max)
}

/// The longest input of `plan-drill`.
pub const MAX_DRILL_INPUT: usize = 32 * 1024;

/// [`input`], at most `max_len` bytes long (the quick runs of `cargo test` use small inputs).
pub fn input_at_most(target: Target, seed: u64, index: u64, seeds: &[String], max_len: usize) -> String {
    use super::mutate::{generate, Flavor, Rng};
    let mut rng = Rng::for_input(seed, index);
    match target {
        Target::SimulateScript => generate(&mut rng, seeds, Flavor::Script, max_len),
        Target::ShareDecode => share_input(&mut rng, seeds, max_len),
        _ => generate(&mut rng, seeds, Flavor::Yaml, max_len),
    }
}

const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url of arbitrary bytes (for links that `share::encode` would never make).
fn base64url(bytes: &[u8]) -> String {
    let mut bits = 0u32;
    let mut held = 0;
    let mut out = String::new();
    for &b in bytes {
        bits = (bits << 8) | u32::from(b);
        held += 8;
        while held >= 6 {
            held -= 6;
            out.push(BASE64URL[((bits >> held) & 63) as usize] as char);
        }
    }
    if held > 0 {
        out.push(BASE64URL[((bits << (6 - held)) & 63) as usize] as char);
    }
    out
}

/// Raw deflate "stored" blocks holding `data` uncompressed (RFC 1951 §3.2.4).
fn stored_deflate(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 16);
    let chunks: Vec<&[u8]> = if data.is_empty() { vec![&[][..]] } else { data.chunks(65_535).collect() };
    for (i, chunk) in chunks.iter().enumerate() {
        out.push(u8::from(i + 1 == chunks.len()));
        let len = chunk.len() as u16;
        out.extend(len.to_le_bytes());
        out.extend((!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
    out
}

fn share_input(rng: &mut super::mutate::Rng, seeds: &[String], max_len: usize) -> String {
    use super::mutate::{generate, mutate_once, Flavor};
    let yaml = generate(rng, seeds, Flavor::Yaml, max_len.min(64 * 1024));
    let payload = share::Payload {
        yaml,
        lesson: rng.one_in(2).then(|| "scale-down".to_owned()),
        step: rng.one_in(2).then(|| rng.next_u64() as u32),
        sim: rng.one_in(2).then(|| share::SimPosition {
            seed: rng.next_u64(),
            time_ms: rng.next_u64(),
            inputs: vec!["kubectl scale sts web --replicas=0".into(); rng.below(4)],
        }),
        lesson_file: rng.one_in(4).then(|| "# Lesson 20 mine: Mine\nsummary: S.\ncovers: Key Takeaways\n".to_owned()),
        challenge: rng.one_in(4).then(|| ["drain-hangs", "no-such-challenge"][rng.below(2)].to_owned()),
    };
    let mut link = match rng.below(4) {
        // a valid link, then damaged
        0 | 1 => share::encode(&payload).unwrap_or_default(),
        // JSON that is not quite a payload, stored uncompressed, under any version byte
        2 => {
            let mut json = serde_json::to_string(&payload).unwrap_or_default();
            for _ in 0..rng.count(6) {
                mutate_once(rng, &mut json, &[], Flavor::Yaml);
            }
            let version = *rng.pick(&[1u8, 1, 1, 0, 2, 255]).unwrap_or(&1);
            let mut bytes = vec![version];
            bytes.extend(stored_deflate(json.as_bytes()));
            base64url(&bytes)
        }
        // random bytes
        _ => {
            let n = rng.count(max_len.min(70_000));
            base64url(&(0..n).map(|_| rng.next_u64() as u8).collect::<Vec<_>>())
        }
    };
    for _ in 0..rng.below(4) {
        let mut at = rng.below(link.len() + 1);
        while !link.is_char_boundary(at) {
            at -= 1;
        }
        match rng.below(4) {
            0 => link.truncate(at),
            1 => link.insert(at, BASE64URL[rng.below(64)] as char),
            2 if at < link.len() && link.is_char_boundary(at + 1) => {
                link.replace_range(at..at + 1, std::str::from_utf8(&[BASE64URL[rng.below(64)]]).unwrap_or("A"));
            }
            _ => link.insert(at, *rng.pick(&['%', '=', '+', '/', ' ', '\n', 'é', '\0']).unwrap_or(&'=')),
        }
    }
    link
}
