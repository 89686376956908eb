//! The lesson format's reference, for teachers: every header, every step key, every check and
//! every `do:` action, each with its meaning and an example, as tables the parser's tidy test
//! (`tests/lessons_docs.rs`) holds against the parser, and the page `docs/lessons.md` built
//! from them ([`page`]; `cargo run -p xtask -- docs` writes it).

/// One form of the language: how it is written, what it means, an example.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Form {
    /// The keyword that starts it (`pod`, `set`, `summary`).
    pub head: &'static str,
    /// How it is written.
    pub syntax: &'static str,
    /// What it means, in a sentence or two.
    pub meaning: &'static str,
    /// A line a lesson could use.
    pub example: &'static str,
}

const fn form(head: &'static str, syntax: &'static str, meaning: &'static str, example: &'static str) -> Form {
    Form { head, syntax, meaning, example }
}

/// The header's keys, after the `# Lesson N id: Title` line.
pub const HEADER_KEYS: &[Form] = &[
    form("summary", "summary: SENTENCE", "One sentence on what the learner will see (required).", "summary: Delete a pod and watch it come back with its data."),
    form(
        "covers",
        "covers: SECTION | SECTION …",
        "The guide's sections the lesson teaches, as the section column of `content/guide-facts.tsv` names them (required). A teacher's lesson may name any section.",
        "covers: How Everything Works Together / deletion and recovery",
    ),
    form("start", "start: guide | keep", "What the editor holds when the lesson starts: the guide's manifests, or whatever the learner has (default `keep`).", "start: guide"),
    form(
        "lab",
        "lab: none | empty | applied",
        "The simulated cluster at the start: none, an empty one (the namespace `scenarios` exists), or the start manifest applied and settled (default `none`).",
        "lab: applied",
    ),
];

/// The keys of a step, after its `## Step: Title` line and before its first blank line.
pub const STEP_KEYS: &[Form] = &[
    form("highlight", "highlight: yaml KIND PATH | object KIND/NAME | node NAME | log TEXT | panel NAME", "Where to point the learner's eyes: a field of the manifest (`[]` matches any list item), an object of the cluster view, a node of it (`node-of:POD` for the node a pod runs on, `node-of-at-start:POD` for the one it first ran on), the event log's lines that contain TEXT (those there and those to come while the step is open), or a panel of the page.", "highlight: yaml StatefulSet spec.volumeClaimTemplates"),
    form(
        "action",
        "action: edit | click | type | read | INSTRUCTION",
        "What the learner does, then the instruction in Markdown (required). A `read` step completes with Next and takes no check; the others need a `check:` and at least one `do:`.",
        "action: click | Delete `recovery-demo-db-0` in the cluster view.",
    ),
    form("check", "check: CHECK", "How the step is judged done, from the model (see Checks). Several `check:` lines must all hold.", "check: recreated recovery-demo-db-0"),
    form("do", "do: ACTION", "One move of the solution, played in order by \"Do it for me\" and by the tests (see Actions).", "do: click pod/recovery-demo-db-0"),
    form("predict", "predict: QUESTION", "A question to answer before the action: a step whose solution sets the controllers moving must have one.", "predict: What happens to the claim?"),
    form("choice", "choice: ANSWER", "A wrong answer to the prediction (two or more choices in all).", "choice: It is deleted with the pod"),
    form("choice*", "choice*: ANSWER", "The right answer (exactly one).", "choice*: It stays, and the new pod mounts it"),
    form("reveal", "reveal: SENTENCES", "What really happens and why, shown once the learner has answered; written in sentences.", "reveal: Claims outlive their pods."),
    form("note", "note: ID", "A \"the guide says / really\" note of the simulator (`crates/core/src/sim/notes.md`).", "note: delete-is-graceful"),
    form("rule", "rule: CODE", "A rule of `ordinal lint` the step teaches (`docs/rules/`).", "rule: PDB001"),
    form("concept", "concept: ID", "A concept page to read more (`crates/core/content/concepts/`).", "concept: flow-recovery"),
];

/// Every check, by its first word. `A && B` holds when both hold, `A || B` when either does
/// (not mixed on one line).
pub const CHECKS: &[Form] = &[
    form("path", "path KIND PATH", "A document of KIND has a value at PATH (`[]` matches any list item; a key with no value does not count).", "path StatefulSet spec.template.spec.containers[].readinessProbe"),
    form("no-path", "no-path KIND PATH", "No document of KIND has a value at PATH.", "no-path Service spec.type"),
    form("value", "value KIND PATH = VALUE", "A document of KIND has a scalar at PATH whose value is VALUE (`3` and `\"3\"` are the same).", "value Service spec.clusterIP = None"),
    form("documents", "documents KIND N", "The manifest has at least N documents of KIND.", "documents PodDisruptionBudget 1"),
    form("parses", "parses", "The manifest parses without a YAML error.", "parses"),
    form("no-finding", "no-finding CODE", "The manifest parses and `ordinal lint` reports no finding with this rule code.", "no-finding SEC001"),
    form("finding", "finding CODE", "`ordinal lint` reports at least one finding with this rule code.", "finding PDB003"),
    form("pod", "pod NAME absent|exists|pending|running|ready|not-ready|terminating", "A pod of the lab is in that state (`ready`: Running and Ready, not terminating; `terminating`: deleted, the object still there).", "pod recovery-demo-db-1 terminating"),
    form("pvc", "pvc NAME absent|exists|pending|bound|restored", "A claim of the lab is in that state (`restored`: bound to a volume made from a VolumeSnapshot its `dataSource` names).", "pvc data-recovery-demo-db-0 restored"),
    form("pvc-count", "pvc-count N", "The lab has exactly N claims that are not being deleted.", "pvc-count 3"),
    form("pod-count", "pod-count N", "The lab has exactly N pods that are not being deleted.", "pod-count 2"),
    form("replicas", "replicas SET N", "The StatefulSet SET asks for N replicas.", "replicas recovery-demo-db 5"),
    form("set-field", "set-field SET /spec/POINTER = VALUE", "A field of the StatefulSet as stored, defaults filled in (a JSON pointer), equals VALUE.", "set-field recovery-demo-db /spec/podManagementPolicy = Parallel"),
    form("updated", "updated SET [from N]", "Every pod of SET is Running and Ready at its newest revision (a rolling update is done); with `from N`, exactly the pods from ordinal N up are.", "updated recovery-demo-db"),
    form("event", "event REASON [KIND/NAME]", "A Kubernetes Event with this reason was recorded (about that object).", "event TaintManagerEviction pod/recovery-demo-db-1"),
    form("no-event", "no-event REASON [KIND/NAME]", "No Event with this reason was recorded (about that object) in a running lab.", "no-event FailedAttachVolume pod/recovery-demo-db-2"),
    form("created", "created KIND/NAME", "A controller, not the learner, created the object.", "created pod/recovery-demo-db-2"),
    form("deleted", "deleted KIND/NAME", "A controller, not the learner, deleted the object.", "deleted pod/recovery-demo-db-2"),
    form("before", "before VERB KIND/NAME, VERB KIND/NAME", "Both writes happened, the first before the second (VERB: created or deleted).", "before deleted pod/recovery-demo-db-2, deleted pod/recovery-demo-db-1"),
    form("in-order", "in-order SET N", "The pods SET-0 … SET-(N-1) were created in ordinal order, each after the one before was Ready.", "in-order recovery-demo-db 3"),
    form("recreated", "recreated POD", "The pod was deleted and a pod of the same name exists again, mounting the same claims, none of them deleted meanwhile.", "recreated recovery-demo-db-0"),
    form("checklist", "checklist ID | checklist yaml", "A production checklist item passes on the manifest; `yaml`: every item that can be judged from it.", "checklist secrets"),
    form("dns", "dns A|SRV|PTR|CNAME NAME", "The lab's cluster DNS serves a record of that type and name (no trailing dot).", "dns A recovery-demo-db-0.recovery-demo-headless.scenarios.svc.cluster.local"),
    form("dump-saved", "dump-saved FILE", "A dump pg_dump wrote is on the learner's side of the terminal under that name (`… pg_dump … > FILE`).", "dump-saved backup.sql"),
    form("compared", "compared delete-pod|scale-up|scale-down|lose-node|roll-image", "This move was played in the comparison with a Deployment.", "compared delete-pod"),
    form(
        "ran",
        "ran get|describe|delete RESOURCE, or ran nslookup|dig|logs|exec|apply|scale|set-image|patch|create-job|why|drain|cordon|taint",
        "The learner ran a command of this kind in the lab's terminal (RESOURCE as kubectl names it: pods, pvc, sts, svc, nodes, …).",
        "ran describe nodes",
    ),
    form("node", "node NAME|any|all ready|not-ready|cordoned|schedulable|tainted KEY|untainted KEY", "A node (one named, at least one, or every one) is in that state: its Ready condition, its cordon, a taint key.", "node any tainted node.kubernetes.io/out-of-service"),
    form("drain", "drain running|done|failed|refused", "The latest `kubectl drain`: still running, ended without error, ended with an error (a timeout), or had an eviction refused by a PodDisruptionBudget.", "drain refused"),
    form("pdb", "pdb NAME allows N", "The PodDisruptionBudget allows exactly N disruptions now (its status, `kubectl get pdb`'s ALLOWED DISRUPTIONS).", "pdb recovery-demo-db-pdb allows 1"),
    form("waiting", "waiting CODE [POD]", "The simulator's `why` gives this reason for a StatefulSet (for that pod); the codes are listed below.", "waiting CreateContainerConfigError recovery-demo-db-2"),
    form("rows", "rows CLAIM >|<|= N", "The table `readings` of the database on the claim's volume has more, fewer or exactly N rows.", "rows data-recovery-demo-db-0 > 1000"),
    form("job", "job NAME|any complete|failed", "A Job (that one, or any) finished with that condition.", "job backup-now complete"),
    form("snapshot", "snapshot NAME|any ready", "A VolumeSnapshot (that one, or any) is ready to use.", "snapshot data-recovery-demo-db-0-snap ready"),
];

/// Every `do:` action, by its first word.
pub const ACTIONS: &[Form] = &[
    form("set", "set KIND PATH VALUE", "Replace the scalar at PATH (concrete indexes, `[0]`) of the KIND document with VALUE, as YAML.", "do: set StatefulSet spec.replicas 5"),
    form("add", "add KIND PATH, then a ```yaml block", "Add the block's keys at the end of the mapping at PATH (the block's keys start at column 0).", "do: add StatefulSet spec.template.spec.containers[0]"),
    form("remove", "remove KIND PATH", "Remove the entry at PATH, its key, value and lines.", "do: remove PodDisruptionBudget spec.maxUnavailable"),
    form("append", "append, then a ```yaml block", "Append the block as a new document of the manifest.", "do: append"),
    form("fix", "fix CODE", "Apply the quick fix of that rule's first finding.", "do: fix PDB001"),
    form("apply", "apply", "Apply the editor's manifest to the lab, as the Apply button does.", "do: apply"),
    form("wait", "wait", "Let the lab run until nothing more happens by itself (timers included: a node's 50 s and 300 s, a volume's 6 minutes).", "do: wait"),
    form(
        "run",
        "run COMMAND",
        "Type a command in the lab's terminal: kubectl (get, describe, delete, scale, set image, patch, logs, exec, create job, cordon, uncordon, drain, taint), nslookup, dig, why, advance DURATION, node-down NODE, node-up NODE. `node-of:POD` stands for the node POD runs on, `node-of-at-start:POD` for the first node it ran on.",
        "do: run kubectl drain node-of:recovery-demo-db-0 --ignore-daemonsets",
    ),
    form("click", "click pod/NAME", "Click a pod in the cluster view to delete it.", "do: click pod/recovery-demo-db-0"),
    form("compare", "compare delete-pod|scale-up|scale-down|lose-node|roll-image", "Play a move in the comparison of the editor's StatefulSet with a Deployment.", "do: compare delete-pod"),
];

fn table(title: &str, forms: &[Form], example_head: &str) -> String {
    let mut out = format!("| {title} | Meaning | {example_head} |\n|---|---|---|\n");
    for f in forms {
        out.push_str(&format!("| `{}` | {} | `{}` |\n", f.syntax.replace('|', "\\|"), f.meaning.replace('|', "\\|"), f.example.replace('|', "\\|")));
    }
    out
}

/// The teachers' page, `docs/lessons.md`: the hand-written guide to the format
/// (`content/lessons-format.md`), then the reference generated from the tables and the
/// simulator's lists.
pub fn page() -> String {
    let mut out = include_str!("../../content/lessons-format.md").trim_end().to_owned();
    out.push_str("\n\n<!-- Generated from crates/core/src/lessons/reference.rs by `cargo run -p xtask -- docs`: do not edit below. -->\n\n");
    out.push_str("## Reference\n\n### Header\n\nThe first line is `# Lesson N id: Title`: a number (the order among lessons), a kebab-case id (lowercase letters, digits and `-`; it must not be a built-in lesson's) and the title. Then:\n\n");
    out.push_str(&table("Header line", HEADER_KEYS, "Example"));
    out.push_str("\n### Step keys\n\nEach step starts with `## Step: Title`, then these keys, one a line, up to the first blank line; the narration follows (Markdown). A step with `predict:` must split its narration with a line `### After the prediction`: what comes after it is shown only once the learner has answered.\n\n");
    out.push_str(&table("Key", STEP_KEYS, "Example"));
    out.push_str("\n### Checks\n\nA check is judged from the model (the parsed manifest, `ordinal lint`'s findings, the lab's simulation and its history), never from what the learner typed. `A && B` holds when both do, `A || B` when either does; the two cannot be mixed on one line. A simulation check is false when the lesson has no lab.\n\n");
    out.push_str(&table("Check", CHECKS, "Example"));
    out.push_str("\n### Actions (`do:`)\n\n");
    out.push_str(&table("Action", ACTIONS, "Example"));
    out.push_str("\n### Names a lesson may use\n\n");
    let panels: Vec<String> = super::Panel::ALL.iter().map(|p| format!("`{}`", p.as_str())).collect();
    out.push_str(&format!("- Panels (`highlight: panel NAME`): {}.\n", panels.join(", ")));
    out.push_str("- Kinds (`highlight: object KIND/NAME`, `event … KIND/NAME`, `created`/`deleted`): `pod`, `pvc`, `pv`, `statefulset` (or `sts`), `service` (or `svc`), `controllerrevision`.\n");
    let codes: Vec<String> = crate::sim::why::CODES.iter().map(|c| format!("`{}`", c.as_str())).collect();
    out.push_str(&format!("- Waiting reasons (`waiting CODE`): {}.\n", codes.join(", ")));
    let notes: Vec<String> = crate::sim::notes::notes().iter().map(|n| format!("`{}`", n.id)).collect();
    out.push_str(&format!("- Notes (`note:`): {}.\n", notes.join(", ")));
    let concepts: Vec<String> = crate::catalog::concepts().iter().map(|c| format!("`{}`", c.id)).collect();
    out.push_str(&format!("- Concepts (`concept:`): {}.\n", concepts.join(", ")));
    let items: Vec<String> = crate::checklist::ids().map(|i| format!("`{i}`")).collect();
    out.push_str(&format!("- Checklist items (`checklist ID`): {}.\n", items.join(", ")));
    out
}
