//! Scripts of kubectl-like commands, one per line, `#` comments: what `ordinal simulate
//! --script` runs, and what the scenario fixtures are written in.
//!
//! ```text
//! kubectl apply -f web.yaml          # relative to the script
//! ready web-0                        # manual kubelet: start, ready, unready, imgfail, crash, evict, finish
//! kubectl scale statefulset web --replicas=1
//! advance 30s
//! kubectl get pods -w
//! dig SRV _web._tcp.nginx.default.svc.cluster.local
//! ```
//!
//! After every command the simulation settles. [`Runner`] runs commands one by one and
//! reports each as a [`Step`]; [`Run::to_json`] is the `--format json` contract.

use super::api::{Cascade, FieldValidation, Input};
use super::dns::{self, RecordType};
use super::events::{Kind, SimEvent};
use super::kubelet::KubeletAction;
use super::model::*;
use super::time::{format_duration_ms, parse_duration_ms, SimTime};
use super::views::get::{get, GetRequest};
use super::views::table::{self, WatchPrinter};
use super::views::{describe, Output, Resource};
use super::{Settle, SimConfig, Simulation};
use serde_json::Value;
use std::fmt;

/// A script that did not parse: where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// A read-only command.
#[derive(Clone, Debug, PartialEq)]
pub enum Read {
    /// `why [statefulset/NAME] [-n NAMESPACE]`: what keeps each StatefulSet from being complete
    /// ([`super::why`]).
    Why {
        /// `-n` (every namespace when absent).
        namespace: Option<String>,
        /// One set, or all.
        name: Option<String>,
    },
    /// `kubectl get`; `watch` for `-w`.
    Get {
        /// What to list.
        request: GetRequest,
        /// `-w`.
        watch: bool,
    },
    /// `kubectl describe RESOURCE NAME`.
    Describe {
        /// The resource.
        resource: Resource,
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
    },
    /// `nslookup NAME` from a pod in `namespace`.
    Nslookup {
        /// The name or IP asked.
        name: String,
        /// The asking pod's namespace (search path).
        namespace: String,
    },
    /// `dig [+short] [TYPE] NAME`.
    Dig {
        /// The name.
        name: String,
        /// The type asked.
        type_: RecordType,
        /// `+short`.
        short: bool,
    },
    /// `kubectl rollout status KIND/NAME`: what kubectl prints until the rollout completes or
    /// the cluster settles.
    RolloutStatus {
        /// Deployments, StatefulSets or DaemonSets.
        resource: Resource,
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
    },
    /// `kubectl rollout history deployment/NAME`.
    RolloutHistory {
        /// Namespace.
        namespace: String,
        /// The Deployment.
        name: String,
    },
    /// `kubectl get deploy,rs`: several kinds, each a table with `KIND/NAME` names.
    GetKinds {
        /// One request per kind, in the order written.
        requests: Vec<GetRequest>,
    },
    /// `kubectl get all`: pods, services and statefulsets, each a table.
    GetAll {
        /// The namespace; `None` for `-A`.
        namespace: Option<String>,
    },
    /// `kubectl logs POD [-p]`: what the pod's postgres wrote ([`super::postgres`]).
    Logs {
        /// Namespace.
        namespace: String,
        /// The pod.
        pod: String,
        /// `-p` / `--previous`: the container that ran before the current one.
        previous: bool,
        /// `-f`: kubectl would keep following.
        follow: bool,
        /// `--tail N`.
        tail: Option<usize>,
        /// `-c CONTAINER` (the first app container when not given).
        container: Option<String>,
    },
    /// `kubectl exec POD -- COMMAND…` for a command the simulated containers run (`psql`,
    /// `pg_isready`, `df`, `hostname`).
    Exec {
        /// Namespace.
        namespace: String,
        /// The pod.
        pod: String,
        /// The command and its arguments.
        command: Vec<String>,
    },
    /// `kubectl run --rm … -- nslookup|dig …`: the inner command's answer, then the deletion
    /// of the throwaway pod.
    Run {
        /// The pod's name (`debug`).
        pod: String,
        /// Its namespace.
        namespace: String,
        /// `--rm`.
        rm: bool,
        /// What runs in it.
        inner: Box<Read>,
    },
}

/// The programs the simulated containers run, for `kubectl exec` (nslookup and dig are
/// answered from the cluster DNS).
pub const EXEC_COMMANDS: &[&str] = &["psql", "pg_isready", "df", "hostname", "nslookup", "dig"];

/// What a line asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// `kubectl apply -f FILE` (the file is read when the command runs).
    Apply {
        /// The path, relative to the script.
        file: String,
        /// `-n`.
        namespace: Option<String>,
        /// `--validate` (`strict`, the default; `warn`; `ignore`).
        validate: FieldValidation,
    },
    /// Any other write.
    Input(Input),
    /// A read.
    Read(Read),
    /// `advance DURATION`.
    Advance(u64),
}

/// One parsed line.
#[derive(Clone, Debug, PartialEq)]
pub struct Command {
    /// 1-based line in the script (0 for commands not from a script).
    pub line: usize,
    /// The command as written, comment removed.
    pub text: String,
    /// What it does.
    pub action: Action,
}

/// A command written over several lines, each but the last ending in a backslash (the
/// guide's two-line `kubectl patch pvc … \` + `-p '{…}'`): the shell removes each
/// backslash-newline pair. Returns the logical lines, each with where its pieces start: (char
/// offset in the joined line, 1-based physical line, char offset in that line).
pub fn logical_lines(text: &str) -> Vec<(String, Vec<(usize, usize, usize)>)> {
    let mut out: Vec<(String, Vec<(usize, usize, usize)>)> = Vec::new();
    let mut open = false;
    for (i, raw) in text.lines().enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let trailing = raw.chars().rev().take_while(|c| *c == '\\').count();
        let continues = trailing % 2 == 1 && !raw.trim_start().starts_with('#');
        let piece = if continues { &raw[..raw.len() - 1] } else { raw };
        if open {
            let (joined, pieces) = out.last_mut().expect("an open line");
            pieces.push((joined.chars().count(), i + 1, 0));
            joined.push_str(piece);
        } else {
            out.push((piece.to_owned(), vec![(0, i + 1, 0)]));
        }
        open = continues;
    }
    out
}

/// The command a paste into a one-line terminal makes: backslash-newline continuations
/// joined ([`logical_lines`]), the first command when the text holds several.
pub fn pasted_command(text: &str) -> String {
    logical_lines(text).into_iter().map(|(l, _)| l).find(|l| !l.trim().is_empty()).unwrap_or_default().trim().to_owned()
}

/// Parses a script; every bad line is reported.
pub fn parse(text: &str) -> Result<Vec<Command>, Vec<ParseError>> {
    let mut commands = Vec::new();
    let mut errors = Vec::new();
    for (raw, pieces) in logical_lines(text) {
        let line = pieces[0].1;
        match parse_line(&raw) {
            Ok(None) => {}
            Ok(Some((text, action))) => commands.push(Command { line, text, action }),
            Err((column, message)) => {
                // the column in the physical line the error is on
                let (start, line, offset) = pieces.iter().rev().find(|(start, _, _)| *start < column).copied().unwrap_or(pieces[0]);
                errors.push(ParseError { line, column: column - start + offset, message })
            }
        }
    }
    if errors.is_empty() {
        Ok(commands)
    } else {
        Err(errors)
    }
}

/// Parses one command line (no comment-only or blank lines).
pub fn parse_command(text: &str) -> Result<Command, ParseError> {
    let joined;
    let text = if text.contains('\n') {
        joined = logical_lines(text).into_iter().map(|(l, _)| l).collect::<Vec<_>>().join("\n");
        joined.as_str()
    } else {
        text
    };
    match parse_line(text) {
        Ok(Some((text, action))) => Ok(Command { line: 0, text, action }),
        Ok(None) => Err(ParseError { line: 1, column: 1, message: "empty command".to_owned() }),
        Err((column, message)) => Err(ParseError { line: 1, column, message }),
    }
}

#[derive(Clone, Debug)]
struct Token {
    text: String,
    column: usize,
    /// Written without quotes or backslashes: a bare `>` is the shell's redirection, a
    /// quoted one is text.
    bare: bool,
}

type LineResult<T> = Result<T, (usize, String)>;

/// Splits a line like a POSIX shell (quotes and backslashes), stopping at a `#` that starts
/// a word. Returns the tokens and the text before any comment.
fn tokenize(line: &str) -> LineResult<(Vec<Token>, String)> {
    let chars: Vec<char> = line.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut end = chars.len();
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        if chars[i] == '#' {
            end = i;
            break;
        }
        let start = i;
        let mut text = String::new();
        let mut bare = true;
        while i < chars.len() && !chars[i].is_whitespace() {
            if matches!(chars[i], '\'' | '"' | '\\') {
                bare = false;
            }
            match chars[i] {
                '\'' => {
                    let open = i;
                    i += 1;
                    while i < chars.len() && chars[i] != '\'' {
                        text.push(chars[i]);
                        i += 1;
                    }
                    if i >= chars.len() {
                        return Err((open + 1, "unterminated single quote".to_owned()));
                    }
                    i += 1;
                }
                '"' => {
                    let open = i;
                    i += 1;
                    while i < chars.len() && chars[i] != '"' {
                        if chars[i] == '\\' && i + 1 < chars.len() && matches!(chars[i + 1], '"' | '\\' | '$' | '`') {
                            i += 1;
                        }
                        text.push(chars[i]);
                        i += 1;
                    }
                    if i >= chars.len() {
                        return Err((open + 1, "unterminated double quote".to_owned()));
                    }
                    i += 1;
                }
                '\\' if i + 1 < chars.len() => {
                    text.push(chars[i + 1]);
                    i += 2;
                }
                c => {
                    text.push(c);
                    i += 1;
                }
            }
        }
        tokens.push(Token { text, column: start + 1, bare });
    }
    let kept: String = chars[..end].iter().collect();
    Ok((tokens, kept.trim().to_owned()))
}

fn parse_line(raw: &str) -> LineResult<Option<(String, Action)>> {
    let (tokens, text) = tokenize(raw)?;
    if tokens.is_empty() {
        return Ok(None);
    }
    let action = parse_tokens(&tokens)?;
    Ok(Some((text, action)))
}

/// The longest `advance` a script may ask for at once.
pub const MAX_ADVANCE_MS: u64 = 24 * 3600 * 1000;

const TOP_LEVEL: &str = "kubectl, nslookup, dig, advance, start, ready, unready, imgfail, crash, evict, finish, node-down, node-up, gc-hold or gc-release";

/// `node-of:POD`: the node POD is bound to when the line runs.
pub const NODE_OF: &str = "node-of:";
/// `node-of-at-start:POD`: the node the first incarnation of POD was bound to.
pub const NODE_OF_AT_START: &str = "node-of-at-start:";

/// `(prefix, rest)` when `spec` is `node-of-at-start:REST` or `node-of:REST`; `None` for a node's
/// own name.
pub fn node_of(spec: &str) -> Option<(&'static str, &str)> {
    [NODE_OF_AT_START, NODE_OF].into_iter().find_map(|p| spec.strip_prefix(p).map(|rest| (p, rest)))
}

/// A NODE argument: a node name (`node/` prefix allowed), or `node-of:POD` /
/// `node-of-at-start:POD`, kept as `node-of:NAMESPACE/POD` until the line runs
/// ([`resolve_nodes`]).
fn node_arg(t: &Token, namespace: Option<&str>) -> LineResult<String> {
    let text = t.text.trim_start_matches("node/").trim_start_matches("nodes/");
    if let Some((prefix, pod)) = node_of(text) {
        let pod = pod.trim_start_matches("pod/");
        if pod.is_empty() || pod.contains('/') {
            return Err((t.column, format!("{prefix}POD needs a pod name, e.g. {prefix}web-1")));
        }
        return Ok(format!("{prefix}{}/{pod}", namespace.unwrap_or("default")));
    }
    if text.is_empty() {
        return Err((t.column, "a node name is required".to_owned()));
    }
    Ok(text.to_owned())
}

/// The node a NODE argument names now: a node's name as it is; `node-of:NAMESPACE/POD` the node
/// POD is bound to, `node-of-at-start:NAMESPACE/POD` the one its first incarnation was bound to
/// (`default` when the namespace is left out).
pub fn resolve_node(sim: &Simulation, spec: &str) -> Result<String, String> {
    let Some((prefix, rest)) = node_of(spec) else { return Ok(spec.to_owned()) };
    let (ns, pod) = rest.split_once('/').unwrap_or(("default", rest));
    let key = ObjectKey::new(ns, pod);
    let state = sim.snapshot();
    if prefix == NODE_OF_AT_START {
        state.first_node.get(&key).cloned().ok_or_else(|| format!("{prefix}{pod}: no pod \"{pod}\" was ever bound to a node in namespace {ns:?}"))
    } else {
        let p = state.pods.get(&key).ok_or_else(|| format!("{prefix}{pod}: pods \"{pod}\" not found in namespace {ns:?}"))?;
        p.status.node.clone().ok_or_else(|| format!("{prefix}{pod}: pod \"{pod}\" is not bound to a node"))
    }
}

/// Flags and positional arguments of a command.
struct Args {
    positional: Vec<Token>,
    flags: Vec<(String, Option<String>, usize)>,
}

/// Splits `tokens` into positional words and flags. `with_value` lists the flags that take a
/// value (as `--flag value`, `--flag=value`, `-f value`, `-f=value` or `-fvalue`).
fn split_args(tokens: &[Token], with_value: &[&str], boolean: &[&str]) -> LineResult<Args> {
    let mut positional = Vec::new();
    let mut flags = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.text.starts_with('-') && t.text.len() > 1 {
            let (name, inline) = match t.text.split_once('=') {
                Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
                None => (t.text.clone(), None),
            };
            // `-nVALUE`: the flag is the first two bytes, unless the second character is not
            // ASCII (`-é`), which is no short flag
            let short_joined = match t.text.get(..2) {
                Some(n) if !t.text.starts_with("--") && t.text.len() > 2 && inline.is_none() => {
                    with_value.contains(&n).then(|| (n.to_owned(), t.text[2..].to_owned()))
                }
                _ => None,
            };
            if let Some((n, v)) = short_joined {
                flags.push((n, Some(v), t.column));
            } else if with_value.contains(&name.as_str()) {
                let value = match inline {
                    Some(v) => v,
                    None => {
                        i += 1;
                        match tokens.get(i) {
                            Some(v) => v.text.clone(),
                            None => return Err((t.column, format!("flag needs an argument: {name}"))),
                        }
                    }
                };
                flags.push((name, Some(value), t.column));
            } else if boolean.contains(&name.as_str()) {
                flags.push((name, inline, t.column));
            } else {
                return Err((t.column, format!("unknown flag: {name}")));
            }
        } else {
            positional.push(t.clone());
        }
        i += 1;
    }
    Ok(Args { positional, flags })
}

impl Args {
    fn value(&self, names: &[&str]) -> Option<(String, usize)> {
        self.flags.iter().rev().find(|(n, v, _)| names.contains(&n.as_str()) && v.is_some()).map(|(_, v, c)| (v.clone().unwrap_or_default(), *c))
    }

    fn has(&self, names: &[&str]) -> bool {
        self.flags.iter().any(|(n, v, _)| names.contains(&n.as_str()) && v.as_deref() != Some("false"))
    }

    fn namespace(&self) -> Option<String> {
        self.value(&["-n", "--namespace"]).map(|(v, _)| v)
    }
}

fn parse_tokens(tokens: &[Token]) -> LineResult<Action> {
    let head = &tokens[0];
    match head.text.as_str() {
        "kubectl" => parse_kubectl(head, &tokens[1..]),
        "nslookup" | "dig" => parse_dns(head, &tokens[1..], None),
        "advance" => {
            let args = split_args(&tokens[1..], &[], &[])?;
            match args.positional.as_slice() {
                [d] => match parse_duration_ms(&d.text) {
                    Some(ms) if ms <= MAX_ADVANCE_MS => Ok(Action::Advance(ms)),
                    Some(_) => Err((d.column, "advance at most 24h at a time".to_owned())),
                    None => Err((d.column, format!("not a duration: {:?} (use e.g. 30s, 2m, 1m30s, 500ms)", d.text))),
                },
                _ => Err((head.column, "usage: advance DURATION (e.g. advance 30s)".to_owned())),
            }
        }
        "node-down" | "node-up" => {
            let args = split_args(&tokens[1..], &["-n", "--namespace"], &[])?;
            match args.positional.as_slice() {
                [node] => {
                    let node = node_arg(node, args.namespace().as_deref())?;
                    Ok(Action::Input(if head.text == "node-down" { Input::NodeDown { node } } else { Input::NodeUp { node } }))
                }
                _ => Err((head.column, format!("usage: {} NODE (a node name, node-of:POD or node-of-at-start:POD)", head.text))),
            }
        }
        "why" => {
            let args = split_args(&tokens[1..], &["-n", "--namespace"], &[])?;
            let name = match args.positional.as_slice() {
                [] => None,
                [set] => {
                    let text = set.text.as_str();
                    let name = ["statefulset/", "statefulsets/", "sts/", "statefulset.apps/"].iter().find_map(|p| text.strip_prefix(p)).unwrap_or(text);
                    Some(name.to_owned())
                }
                [kind, set] if Resource::parse(&kind.text) == Some(Resource::StatefulSets) => Some(set.text.clone()),
                [_, extra, ..] => return Err((extra.column, "usage: why [statefulset/NAME] [-n NAMESPACE]".to_owned())),
            };
            Ok(Action::Read(Read::Why { namespace: args.namespace(), name }))
        }
        "gc-hold" | "gc-release" => {
            if tokens.len() > 1 {
                return Err((tokens[1].column, format!("{} takes no arguments", head.text)));
            }
            Ok(Action::Input(Input::HoldGc(head.text == "gc-hold")))
        }
        word => match KubeletAction::parse(word) {
            Some(action) => {
                let args = split_args(&tokens[1..], &["-n", "--namespace"], &[])?;
                match args.positional.as_slice() {
                    [pod] => Ok(Action::Input(Input::Kubelet {
                        namespace: args.namespace().unwrap_or_else(|| "default".to_owned()),
                        pod: pod.text.trim_start_matches("pod/").to_owned(),
                        action,
                    })),
                    _ => Err((head.column, format!("usage: {word} POD [-n NAMESPACE]"))),
                }
            }
            None => Err((head.column, format!("unknown command {:?}; expected {TOP_LEVEL}", head.text))),
        },
    }
}

fn parse_dns(head: &Token, rest: &[Token], namespace: Option<String>) -> LineResult<Action> {
    let args = split_args(rest, &["-n", "--namespace"], &[])?;
    let namespace = namespace.or_else(|| args.namespace()).unwrap_or_else(|| "default".to_owned());
    if head.text == "nslookup" {
        return match args.positional.as_slice() {
            [name] => Ok(Action::Read(Read::Nslookup { name: name.text.clone(), namespace })),
            _ => Err((head.column, "usage: nslookup NAME".to_owned())),
        };
    }
    let mut short = false;
    let mut type_ = None;
    let mut name = None;
    for t in &args.positional {
        if t.text == "+short" {
            short = true;
        } else if t.text.starts_with('+') {
        } else if let Some(ty) = RecordType::parse(&t.text).filter(|_| type_.is_none() && t.text.len() <= 5) {
            type_ = Some(ty);
        } else if name.is_none() {
            name = Some(t.text.clone());
        } else {
            return Err((t.column, format!("unexpected argument {:?}", t.text)));
        }
    }
    let Some(name) = name else { return Err((head.column, "usage: dig [+short] [A|SRV|PTR|CNAME] NAME".to_owned())) };
    let type_ = type_.unwrap_or(RecordType::A);
    let _ = namespace;
    Ok(Action::Read(Read::Dig { name, type_, short }))
}

/// `RESOURCE NAME` or `RESOURCE/NAME`.
fn resource_and_name(args: &[Token], verb: &Token) -> LineResult<(Resource, Token, Vec<Token>)> {
    let Some(first) = args.first() else { return Err((verb.column, format!("{} needs a resource and a name", verb.text))) };
    if let Some((r, n)) = first.text.split_once('/') {
        let resource = Resource::parse(r).ok_or((first.column, format!("the server doesn't have a resource type {r:?}")))?;
        let name = Token { text: n.to_owned(), column: first.column + r.len() + 1, bare: true };
        return Ok((resource, name, args[1..].to_vec()));
    }
    let resource = Resource::parse(&first.text).ok_or((first.column, format!("the server doesn't have a resource type {:?}", first.text)))?;
    let Some(name) = args.get(1) else { return Err((first.column, format!("{} {} needs a name", verb.text, first.text))) };
    Ok((resource, name.clone(), args[2..].to_vec()))
}

fn parse_kubectl(head: &Token, rest: &[Token]) -> LineResult<Action> {
    let Some(verb) = rest.first() else { return Err((head.column, "kubectl needs a command".to_owned())) };
    let rest = &rest[1..];
    let ns_flags = ["-n", "--namespace"];
    match verb.text.as_str() {
        "apply" | "create" if rest.first().is_some_and(|t| t.text == "namespace" || t.text == "ns") && verb.text == "create" => {
            let args = split_args(&rest[1..], &ns_flags, &[])?;
            match args.positional.as_slice() {
                [name] => Ok(Action::Input(Input::CreateNamespace { name: name.text.clone() })),
                _ => Err((verb.column, "usage: kubectl create namespace NAME".to_owned())),
            }
        }
        "create" if rest.first().is_some_and(|t| t.text == "secret") => {
            // kubectl create secret generic NAME --from-literal=KEY=VALUE … [-n NS]
            let usage = "usage: kubectl create secret generic NAME --from-literal=KEY=VALUE [--from-literal=…] [-n NS]";
            let args = split_args(&rest[1..], &["--from-literal", "-n", "--namespace", "--type"], &[])?;
            let (name, kind) = match args.positional.as_slice() {
                [kind, name] if kind.text == "generic" => (name.text.clone(), kind),
                [kind, ..] if kind.text != "generic" => return Err((kind.column, format!("the simulator creates generic secrets, not {:?}: {usage}", kind.text))),
                _ => return Err((verb.column, usage.to_owned())),
            };
            let mut literals = Vec::new();
            for (flag, value, column) in &args.flags {
                if flag != "--from-literal" {
                    continue;
                }
                let value = value.clone().unwrap_or_default();
                match value.split_once('=') {
                    Some((k, v)) if !k.is_empty() => literals.push((k.to_owned(), v.to_owned())),
                    // kubectl: `invalid literal source %v, expected key=value`
                    _ => return Err((*column, format!("invalid literal source {value}, expected key=value"))),
                }
            }
            if literals.is_empty() {
                return Err((kind.column, format!("at least one --from-literal is needed here: {usage}")));
            }
            Ok(Action::Input(Input::CreateSecret { namespace: args.namespace(), name, literals }))
        }
        "create" if rest.first().is_some_and(|t| t.text == "job") => {
            // kubectl create job NAME --from=cronjob/CRONJOB [-n NS]
            let usage = "usage: kubectl create job NAME --from=cronjob/CRONJOB [-n NS]";
            let args = split_args(&rest[1..], &["--from", "-n", "--namespace"], &[])?;
            let [name] = args.positional.as_slice() else { return Err((verb.column, usage.to_owned())) };
            let Some((from, column)) = args.value(&["--from"]) else { return Err((name.column, format!("the simulator creates a Job from a CronJob only: {usage}"))) };
            let Some(cronjob) = from.strip_prefix("cronjob/").or_else(|| from.strip_prefix("cronjobs/")).or_else(|| from.strip_prefix("cronjob.batch/")) else {
                return Err((column, format!("from must be an existing cronjob: {from}")));
            };
            Ok(Action::Input(Input::CreateJobFrom { namespace: args.namespace(), name: name.text.clone(), cronjob: cronjob.to_owned() }))
        }
        "apply" | "create" => {
            let args = split_args(rest, &["-f", "--filename", "-n", "--namespace"], &["--server-side", "--dry-run", "--validate"])?;
            if let Some(t) = args.positional.first() {
                return Err((t.column, format!("unexpected argument {:?}", t.text)));
            }
            let Some((file, _)) = args.value(&["-f", "--filename"]) else { return Err((verb.column, format!("kubectl {} needs -f FILE", verb.text))) };
            // `--validate` alone means `strict` (the flag's NoOptDefVal), as in kubectl
            let validate = match args.flags.iter().rev().find(|(n, _, _)| n == "--validate") {
                Some((_, Some(value), column)) => FieldValidation::parse(value).map_err(|e| (*column, e))?,
                _ => FieldValidation::Strict,
            };
            Ok(Action::Apply { file, namespace: args.namespace(), validate })
        }
        "delete" => {
            let args = split_args(rest, &["-n", "--namespace", "--cascade", "--grace-period", "-l", "--selector"], &["--force", "--now", "--wait", "--ignore-not-found"])?;
            let selected = args.value(&["-l", "--selector"]);
            let (resource, name, extra) = match (&selected, args.positional.as_slice()) {
                (Some(_), [r]) => {
                    let resource = Resource::parse(&r.text).ok_or((r.column, format!("the server doesn't have a resource type {:?}", r.text)))?;
                    (resource, r.clone(), Vec::new())
                }
                _ => resource_and_name(&args.positional, verb)?,
            };
            if let Some(t) = extra.first() {
                return Err((t.column, format!("unexpected argument {:?}", t.text)));
            }
            if !matches!(
                resource,
                Resource::Pods | Resource::StatefulSets | Resource::Services | Resource::Claims | Resource::PodDisruptionBudgets | Resource::Nodes | Resource::Jobs | Resource::CronJobs | Resource::VolumeSnapshots | Resource::Deployments | Resource::ReplicaSets | Resource::DaemonSets
            ) {
                return Err((args.positional[0].column, format!("the simulator deletes pods, statefulsets, deployments, replicasets, daemonsets, services, persistentvolumeclaims, poddisruptionbudgets, jobs, cronjobs, volumesnapshots and nodes, not {}", resource.plural())));
            }
            let cascade = match args.value(&["--cascade"]) {
                None => Cascade::Background,
                Some((v, c)) => match v.as_str() {
                    "background" | "true" => Cascade::Background,
                    "orphan" | "false" => Cascade::Orphan,
                    "foreground" => Cascade::Foreground,
                    other => return Err((c, format!("invalid --cascade {other:?}: must be background, orphan or foreground"))),
                },
            };
            let mut grace = match args.value(&["--grace-period"]) {
                Some((v, c)) => Some(v.parse::<i64>().map_err(|_| (c, format!("invalid --grace-period {v:?}")))?),
                None => None,
            };
            if args.has(&["--now"]) {
                grace = Some(1);
            }
            // kubectl's DeleteFlags.ToOptions and DeleteOptions.Complete: --force alone means
            // 0; 0 without --force means 1; --force with more than 0 is an error
            let force = args.has(&["--force"]);
            match grace {
                None if force => grace = Some(0),
                Some(0) if !force => grace = Some(1),
                Some(g) if g > 0 && force => return Err((verb.column, "error: --force and --grace-period greater than 0 cannot be specified together".to_owned())),
                _ => {}
            }
            if let Some((s, c)) = selected {
                let selector = parse_selector(&s).ok_or((c, format!("unable to parse requirement: {s:?}")))?;
                return Ok(Action::Input(Input::DeleteSelected {
                    resource,
                    namespace: args.namespace().unwrap_or_else(|| "default".to_owned()),
                    selector,
                    cascade,
                    grace_period_s: grace,
                }));
            }
            let name = if resource == Resource::Nodes { node_arg(&name, args.namespace().as_deref())? } else { name.text };
            Ok(Action::Input(Input::Delete {
                resource,
                namespace: args.namespace().unwrap_or_else(|| "default".to_owned()),
                name,
                cascade,
                grace_period_s: grace,
            }))
        }
        "scale" => {
            let args = split_args(rest, &["-n", "--namespace", "--replicas"], &[])?;
            let (resource, name, extra) = resource_and_name(&args.positional, verb)?;
            if !matches!(resource, Resource::StatefulSets | Resource::Deployments | Resource::ReplicaSets) {
                return Err((args.positional[0].column, "the simulator scales statefulsets, deployments and replicasets".to_owned()));
            }
            if let Some(t) = extra.first() {
                return Err((t.column, format!("unexpected argument {:?}", t.text)));
            }
            let Some((r, c)) = args.value(&["--replicas"]) else { return Err((verb.column, "kubectl scale needs --replicas=N".to_owned())) };
            let replicas = r.parse::<i32>().map_err(|_| (c, format!("invalid --replicas {r:?}")))?;
            Ok(Action::Input(Input::Scale { resource, namespace: args.namespace().unwrap_or_else(|| "default".to_owned()), name: name.text, replicas }))
        }
        "set" => {
            let Some(what) = rest.first().filter(|t| t.text == "image") else {
                return Err((verb.column, "the simulator knows `kubectl set image`".to_owned()));
            };
            let args = split_args(&rest[1..], &ns_flags, &[])?;
            let (resource, name, pairs) = resource_and_name(&args.positional, what)?;
            if !matches!(resource, Resource::StatefulSets | Resource::Deployments | Resource::DaemonSets) {
                return Err((args.positional[0].column, "the simulator sets images of statefulsets, deployments and daemonsets".to_owned()));
            }
            let Some(pair) = pairs.first() else { return Err((what.column, "usage: kubectl set image statefulset/NAME CONTAINER=IMAGE".to_owned())) };
            if let Some(t) = pairs.get(1) {
                return Err((t.column, "set one container per command".to_owned()));
            }
            let Some((container, image)) = pair.text.split_once('=') else { return Err((pair.column, format!("expected CONTAINER=IMAGE, got {:?}", pair.text))) };
            Ok(Action::Input(Input::SetImage {
                resource,
                namespace: args.namespace().unwrap_or_else(|| "default".to_owned()),
                name: name.text,
                container: container.to_owned(),
                image: image.to_owned(),
            }))
        }
        "rollout" => {
            // kubectl rollout status|history|undo KIND/NAME [-n NS] [--to-revision=N]
            let usage = "usage: kubectl rollout status|history|undo deployment/NAME (status also takes statefulset/NAME and daemonset/NAME)";
            let Some(sub) = rest.first() else { return Err((verb.column, usage.to_owned())) };
            let args = split_args(&rest[1..], &["-n", "--namespace", "--to-revision", "--timeout", "--revision"], &["-w", "--watch"])?;
            let (resource, name, extra) = resource_and_name(&args.positional, sub)?;
            if let Some(t) = extra.first() {
                return Err((t.column, format!("unexpected argument {:?}", t.text)));
            }
            let namespace = args.namespace().unwrap_or_else(|| "default".to_owned());
            let column = args.positional[0].column;
            match sub.text.as_str() {
                "status" if matches!(resource, Resource::Deployments | Resource::StatefulSets | Resource::DaemonSets) => Ok(Action::Read(Read::RolloutStatus { resource, namespace, name: name.text })),
                "history" | "undo" if resource != Resource::Deployments => Err((column, format!("the simulator keeps the rollout history of deployments, not {}", resource.plural()))),
                "history" => Ok(Action::Read(Read::RolloutHistory { namespace, name: name.text })),
                "undo" => {
                    let to_revision = match args.value(&["--to-revision"]) {
                        Some((v, c)) => Some(v.parse::<i64>().map_err(|_| (c, format!("invalid --to-revision {v:?}")))?),
                        None => None,
                    };
                    Ok(Action::Input(Input::RolloutUndo { namespace, name: name.text, to_revision }))
                }
                "status" => Err((column, format!("no status viewer has been implemented for {}", resource.plural()))),
                other => Err((sub.column, format!("kubectl rollout {other:?} is not simulated: {usage}"))),
            }
        }
        "patch" => {
            let args = split_args(rest, &["-n", "--namespace", "--type", "-p", "--patch"], &[])?;
            let (resource, name, extra) = resource_and_name(&args.positional, verb)?;
            if let Some(t) = extra.first() {
                return Err((t.column, format!("unexpected argument {:?}", t.text)));
            }
            let strategic = match args.value(&["--type"]) {
                Some((t, _)) if t == "merge" => false,
                Some((t, _)) if t == "strategic" => true,
                Some((t, c)) => return Err((c, format!("only --type=merge and --type=strategic are simulated, not {t:?}"))),
                None => true,
            };
            let Some((p, c)) = args.value(&["-p", "--patch"]) else { return Err((verb.column, "kubectl patch needs -p JSON".to_owned())) };
            let patch: Value = serde_json::from_str(&p).map_err(|e| (c, format!("the patch is not JSON: {e}")))?;
            if !patch.is_object() {
                return Err((c, "the patch must be a JSON object".to_owned()));
            }
            // kubectl's default, a strategic merge patch, merges lists by their keys; without a
            // list or a `$` directive in it, it does exactly what a JSON merge patch does.
            if strategic && !plain_merge(&patch) {
                return Err((c, "strategic merge patches of lists are not simulated; use --type=merge (which replaces the list whole)".to_owned()));
            }
            Ok(Action::Input(Input::Patch { resource, namespace: args.namespace().unwrap_or_else(|| "default".to_owned()), name: name.text, patch }))
        }
        "get" => {
            let args = split_args(
                rest,
                &["-n", "--namespace", "-o", "--output", "-l", "--selector", "--field-selector", "--sort-by"],
                &["-w", "--watch", "-A", "--all-namespaces", "--show-labels"],
            )?;
            let Some(first) = args.positional.first() else { return Err((verb.column, "kubectl get needs a resource type".to_owned())) };
            if first.text == "all" {
                if let Some(extra) = args.positional.get(1) {
                    return Err((extra.column, format!("unexpected argument {:?}: kubectl get all lists every object of the namespace", extra.text)));
                }
                let all = args.has(&["-A", "--all-namespaces"]);
                return Ok(Action::Read(Read::GetAll { namespace: (!all).then(|| args.namespace().unwrap_or_else(|| "default".to_owned())) }));
            }
            let (resource_word, mut names) = match first.text.split_once('/') {
                Some((r, n)) => (r.to_owned(), vec![n.to_owned()]),
                None => (first.text.clone(), Vec::new()),
            };
            // `kubectl get deploy,rs`: several kinds, a table each
            let mut kinds = Vec::new();
            for word in resource_word.split(',').filter(|w| !w.is_empty()) {
                kinds.push(Resource::parse(word).ok_or((first.column, format!("the server doesn't have a resource type {word:?}")))?);
            }
            let resource_word = resource_word.split(',').next().unwrap_or("").to_owned();
            let resource = Resource::parse(&resource_word).ok_or((first.column, format!("the server doesn't have a resource type {resource_word:?}")))?;
            if resource == Resource::Nodes {
                names = names.into_iter().map(|n| node_arg(&Token { text: n, column: first.column, bare: true }, args.namespace().as_deref())).collect::<LineResult<Vec<_>>>()?;
                for t in &args.positional[1..] {
                    names.push(node_arg(t, args.namespace().as_deref())?);
                }
            } else {
                names.extend(args.positional[1..].iter().map(|t| t.text.clone()));
            }
            let output = match args.value(&["-o", "--output"]) {
                None => Output::Table,
                Some((o, c)) => Output::parse(&o).ok_or((c, format!("unable to match a printer suitable for the output format {o:?}, allowed formats are: name,wide,yaml")))?,
            };
            let selector = match args.value(&["-l", "--selector"]) {
                None => Vec::new(),
                Some((s, c)) => parse_selector(&s).ok_or((c, format!("unable to parse requirement: {s:?}")))?,
            };
            let field_selector = match args.value(&["--field-selector"]) {
                None => Vec::new(),
                Some((s, c)) => s
                    .split(',')
                    .map(|p| p.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())))
                    .collect::<Option<Vec<_>>>()
                    .ok_or((c, format!("invalid field selector {s:?}")))?,
            };
            let all = args.has(&["-A", "--all-namespaces"]);
            let namespace = if all { None } else { Some(args.namespace().unwrap_or_else(|| "default".to_owned())) };
            let watch = args.has(&["-w", "--watch"]);
            if kinds.len() > 1 {
                if !names.is_empty() || watch || output == Output::Yaml {
                    return Err((first.column, "the simulator lists several kinds at once only as tables, without names: kubectl get deploy,rs".to_owned()));
                }
                let requests = kinds.into_iter().map(|resource| GetRequest { resource, namespace: namespace.clone(), names: Vec::new(), output, selector: selector.clone(), field_selector: field_selector.clone() }).collect();
                return Ok(Action::Read(Read::GetKinds { requests }));
            }
            Ok(Action::Read(Read::Get { request: GetRequest { resource, namespace, names, output, selector, field_selector }, watch }))
        }
        "describe" => {
            let args = split_args(rest, &ns_flags, &[])?;
            let (resource, name, extra) = resource_and_name(&args.positional, verb)?;
            if let Some(t) = extra.first() {
                return Err((t.column, format!("unexpected argument {:?}", t.text)));
            }
            if !matches!(resource, Resource::Pods | Resource::StatefulSets | Resource::Claims | Resource::Services | Resource::Secrets | Resource::PodDisruptionBudgets | Resource::Nodes | Resource::Jobs | Resource::CronJobs | Resource::VolumeSnapshots | Resource::Deployments | Resource::ReplicaSets | Resource::DaemonSets) {
                return Err((args.positional[0].column, "the simulator describes pods, statefulsets, deployments, replicasets, daemonsets, pvcs, services, secrets, pdbs, jobs, cronjobs, volumesnapshots and nodes".to_owned()));
            }
            let name = if resource == Resource::Nodes { node_arg(&name, args.namespace().as_deref())? } else { name.text };
            Ok(Action::Read(Read::Describe { resource, namespace: args.namespace().unwrap_or_else(|| "default".to_owned()), name }))
        }
        "logs" => {
            let args = split_args(rest, &["-n", "--namespace", "-c", "--container", "--tail", "--since"], &["-p", "--previous", "-f", "--follow", "--timestamps"])?;
            let pod = match args.positional.as_slice() {
                [p] => p.text.trim_start_matches("pod/").trim_start_matches("pods/").to_owned(),
                [] => return Err((verb.column, "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.".to_owned())),
                [_, extra, ..] => return Err((extra.column, format!("unexpected argument {:?}", extra.text))),
            };
            let tail = match args.value(&["--tail"]) {
                Some((v, c)) => match v.parse::<i64>() {
                    Ok(n) if n < 0 => None,
                    Ok(n) => Some(n as usize),
                    Err(_) => return Err((c, format!("invalid argument {v:?} for \"--tail\" flag"))),
                },
                None => None,
            };
            Ok(Action::Read(Read::Logs {
                namespace: args.namespace().unwrap_or_else(|| "default".to_owned()),
                pod,
                previous: args.has(&["-p", "--previous"]),
                follow: args.has(&["-f", "--follow"]),
                tail,
                container: args.value(&["-c", "--container"]).map(|(v, _)| v),
            }))
        }
        "run" | "exec" => {
            let Some(dash) = rest.iter().position(|t| t.text == "--") else {
                return Err((verb.column, format!("kubectl {} needs a command after --: `kubectl {} … -- COMMAND`", verb.text, verb.text)));
            };
            let before = split_args(
                &rest[..dash],
                &["-n", "--namespace", "--image", "--restart", "-c", "--container"],
                &["-it", "-ti", "-i", "-t", "--rm", "--stdin", "--tty", "--quiet", "-q"],
            )?;
            let namespace = before.namespace().unwrap_or_else(|| "default".to_owned());
            let inner = &rest[dash + 1..];
            let Some(program) = inner.first() else { return Err((rest[dash].column, "nothing to run after --".to_owned())) };
            let dns = program.text == "nslookup" || program.text == "dig";
            if verb.text == "run" {
                let Some(pod) = before.positional.first() else { return Err((verb.column, "error: NAME is required for run".to_owned())) };
                if !dns {
                    return Err((program.column, format!("only nslookup and dig can be run in a simulated throwaway pod, not {:?}", program.text)));
                }
                let Action::Read(inner) = parse_dns(program, &inner[1..], Some(namespace.clone()))? else { unreachable!("parse_dns reads") };
                return Ok(Action::Read(Read::Run { pod: pod.text.clone(), namespace, rm: before.has(&["--rm"]), inner: Box::new(inner) }));
            }
            if dns {
                return parse_dns(program, &inner[1..], Some(namespace));
            }
            let pod = match before.positional.as_slice() {
                [p] => p.text.trim_start_matches("pod/").trim_start_matches("pods/").to_owned(),
                [] => return Err((verb.column, "error: pod name is required: kubectl exec POD -- COMMAND".to_owned())),
                [_, extra, ..] => return Err((extra.column, format!("unexpected argument {:?}", extra.text))),
            };
            let (command, redirect) = redirections(inner)?;
            if redirect.input.is_some() || redirect.output.is_some() {
                let redirect = super::exec::Redirect { stdin: before.has(&["-i", "-it", "-ti", "--stdin"]), tty: before.has(&["-t", "-it", "-ti", "--tty"]), ..redirect };
                return Ok(Action::Input(Input::Exec { namespace, pod, command, redirect }));
            }
            if let Some(rows) = bulk_insert(&command) {
                return Ok(Action::Input(Input::Insert { namespace, pod, rows }));
            }
            Ok(Action::Read(Read::Exec { namespace, pod, command }))
        }
        "cordon" | "uncordon" => {
            let args = split_args(rest, &ns_flags, &[])?;
            match args.positional.as_slice() {
                [node] => Ok(Action::Input(Input::Cordon { node: node_arg(node, args.namespace().as_deref())?, on: verb.text == "cordon" })),
                _ => Err((verb.column, format!("usage: kubectl {} NODE", verb.text))),
            }
        }
        "drain" => {
            let args = split_args(
                rest,
                &["-n", "--namespace", "--grace-period", "--timeout", "--skip-wait-for-delete-timeout", "--pod-selector"],
                &["--ignore-daemonsets", "--delete-emptydir-data", "--delete-local-data", "--force", "--disable-eviction"],
            )?;
            let node = match args.positional.as_slice() {
                [node] => node_arg(node, args.namespace().as_deref())?,
                [] => return Err((verb.column, "usage: kubectl drain NODE [--ignore-daemonsets] [--delete-emptydir-data] [--force] [--disable-eviction] [--grace-period=N] [--timeout=D] [--skip-wait-for-delete-timeout=N] [--pod-selector=SEL]".to_owned())),
                [_, extra, ..] => return Err((extra.column, format!("unexpected argument {:?}", extra.text))),
            };
            let number = |name: &str| -> LineResult<Option<i64>> {
                match args.value(&[name]) {
                    Some((v, c)) => v.parse::<i64>().map(Some).map_err(|_| (c, format!("invalid argument {v:?} for \"{name}\" flag"))),
                    None => Ok(None),
                }
            };
            let grace_period_s = number("--grace-period")?.filter(|g| *g >= 0);
            let skip_wait_for_delete_timeout_s = number("--skip-wait-for-delete-timeout")?.filter(|s| *s > 0).map(|s| s as u64);
            let timeout_ms = match args.value(&["--timeout"]) {
                Some((v, c)) => Some(parse_duration_ms(&v).ok_or((c, format!("invalid argument {v:?} for \"--timeout\" flag: time: missing unit in duration {v:?}")))?),
                None => None,
            }
            .filter(|t| *t > 0);
            let pod_selector = match args.value(&["--pod-selector"]) {
                Some((s, c)) => parse_selector(&s).ok_or((c, format!("unable to parse requirement: {s:?}")))?,
                None => Vec::new(),
            };
            let options = super::drain::DrainOptions {
                ignore_daemonsets: args.has(&["--ignore-daemonsets"]),
                delete_emptydir_data: args.has(&["--delete-emptydir-data", "--delete-local-data"]),
                force: args.has(&["--force"]),
                disable_eviction: args.has(&["--disable-eviction"]),
                grace_period_s,
                timeout_ms,
                skip_wait_for_delete_timeout_s,
                pod_selector,
            };
            Ok(Action::Input(Input::Drain { node, options }))
        }
        "taint" => {
            let args = split_args(rest, &ns_flags, &["--overwrite", "--all"])?;
            let usage = "usage: kubectl taint nodes NODE KEY[=VALUE]:EFFECT[-] [--overwrite]";
            let Some(kind) = args.positional.first() else { return Err((verb.column, usage.to_owned())) };
            let (node, specs) = match kind.text.split_once('/') {
                Some((r, n)) => {
                    if Resource::parse(r) != Some(Resource::Nodes) {
                        return Err((kind.column, format!("invalid resource type {r}, only node types are supported")));
                    }
                    (Token { text: n.to_owned(), column: kind.column + r.len() + 1, bare: true }, &args.positional[1..])
                }
                None => {
                    if Resource::parse(&kind.text) != Some(Resource::Nodes) {
                        return Err((kind.column, format!("invalid resource type {}, only node types are supported", kind.text)));
                    }
                    let Some(node) = args.positional.get(1) else { return Err((kind.column, usage.to_owned())) };
                    (node.clone(), &args.positional[2..])
                }
            };
            if specs.is_empty() {
                return Err((verb.column, "at least one taint update is required".to_owned()));
            }
            let texts: Vec<String> = specs.iter().map(|t| t.text.clone()).collect();
            let taints = super::nodes::parse_taints(&texts).map_err(|e| (specs[0].column, e))?;
            Ok(Action::Input(Input::Taint { node: node_arg(&node, args.namespace().as_deref())?, taints, overwrite: args.has(&["--overwrite"]) }))
        }
        other => Err((verb.column, format!("kubectl {other:?} is not simulated; use apply, create namespace, delete, scale, set image, rollout, patch, cordon, uncordon, drain, taint, get, describe, logs, exec, run"))),
    }
}

fn parse_selector(s: &str) -> Option<Vec<(String, Option<String>, bool)>> {
    s.split(',')
        .map(|part| {
            let part = part.trim();
            if let Some((k, v)) = part.split_once("!=") {
                Some((k.to_owned(), Some(v.to_owned()), true))
            } else if let Some((k, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
                Some((k.to_owned(), Some(v.to_owned()), false))
            } else if let Some(k) = part.strip_prefix('!') {
                Some((k.to_owned(), None, true))
            } else if !part.is_empty() {
                Some((part.to_owned(), None, false))
            } else {
                None
            }
        })
        .collect()
}

/// What one command did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The command as written.
    pub command: String,
    /// Its line in the script (0 for the files given on the command line).
    pub line: usize,
    /// The writes of the controllers while it settled: `create pod web-0`, …
    pub actions: Vec<String>,
    /// The error message, if it failed (the server's message for a rejected object).
    pub error: Option<String>,
    /// What kubectl printed on stderr, as it prints it.
    pub stderr: Vec<String>,
    /// What it printed.
    pub output: Option<String>,
    /// Set when settling stopped at a limit (auto mode), saying why.
    pub limit: Option<String>,
    /// Simulated time after the step.
    pub at: SimTime,
    /// The `kubectl drain` client the step started ([`super::drain`]): everything it prints,
    /// whenever it prints it, is this step's.
    pub client: Option<usize>,
    /// The client was still running when the step was last brought up to date.
    pub running: bool,
    /// The command with every `node-of:POD` / `node-of-at-start:POD` replaced by the node it
    /// named when it ran (`None` when it names none).
    pub resolved: Option<String>,
    /// The simulator's remarks for a learner (not kubectl's output).
    pub remarks: Vec<String>,
    /// Why each StatefulSet is not complete after the step ([`super::why`]).
    pub waiting: Vec<SetWaiting>,
}

/// A StatefulSet and what keeps it from being complete (`steps[].statefulsets[]`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SetWaiting {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// The reasons; empty when the set is complete.
    pub waiting: Vec<super::why::Waiting>,
}

/// Why each StatefulSet of the simulation is not complete, now.
pub fn set_waiting(sim: &Simulation) -> Vec<SetWaiting> {
    super::why::all(sim).into_iter().map(|(k, waiting)| SetWaiting { namespace: k.namespace, name: k.name, waiting }).collect()
}

impl Step {
    /// Brings the output of the step's background client up to date.
    pub fn refresh(&mut self, sim: &Simulation) {
        let Some(d) = self.client.and_then(|id| sim.drains().get(id)) else { return };
        self.output = (!d.stdout.is_empty()).then(|| d.stdout.clone());
        self.stderr = d.stderr.clone();
        self.error = d.error.clone();
        self.running = d.running;
    }

    /// The step as the JSON contract has it.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(StepOut::of(self)).unwrap_or(Value::Null)
    }
}

/// The JSON contract's shapes, with the contract's key order.
#[derive(serde::Serialize)]
struct StepOut<'a> {
    command: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    resolved: &'a Option<String>,
    actions: &'a [String],
    error: &'a Option<String>,
    output: &'a Option<String>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    stderr: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: &'a Option<String>,
    #[serde(skip_serializing_if = "is_false")]
    running: bool,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    remarks: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    statefulsets: &'a [SetWaiting],
}

impl<'a> StepOut<'a> {
    fn of(s: &'a Step) -> StepOut<'a> {
        StepOut { command: &s.command, resolved: &s.resolved, actions: &s.actions, error: &s.error, output: &s.output, stderr: &s.stderr, limit: &s.limit, running: s.running, remarks: &s.remarks, statefulsets: &s.waiting }
    }
}

/// Brings every step's background client output up to date (a drain prints on its own step
/// long after its line ran).
pub fn refresh_steps(sim: &Simulation, steps: &mut [Step]) {
    for s in steps.iter_mut().filter(|s| s.client.is_some()) {
        s.refresh(sim);
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(serde::Serialize)]
struct PodOut<'a> {
    name: &'a str,
    phase: &'a str,
    ready: bool,
    revision: &'a Option<String>,
    ip: &'a Option<String>,
    pvcs: &'a [String],
    restarts: u32,
    node: &'a Option<String>,
    #[serde(skip_serializing_if = "is_false")]
    terminating: bool,
}

#[derive(serde::Serialize)]
struct ClaimOut<'a> {
    name: &'a str,
    phase: &'a str,
    rows: Option<u64>,
    #[serde(skip_serializing_if = "is_false")]
    terminating: bool,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SetOut<'a> {
    name: &'a str,
    replicas: i32,
    ready_replicas: i32,
    current_revision: &'a str,
    update_revision: &'a str,
    waiting: &'a [super::why::Waiting],
}

#[derive(serde::Serialize)]
struct DnsOut<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    type_: &'a str,
    values: &'a [String],
}

#[derive(serde::Serialize)]
struct FinalOut<'a> {
    pods: Vec<PodOut<'a>>,
    pvcs: Vec<ClaimOut<'a>>,
    statefulsets: Vec<SetOut<'a>>,
    dns: Vec<DnsOut<'a>>,
    nodes: &'a [NodeSummary],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pdbs: &'a [PdbSummary],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    volumeattachments: &'a [AttachmentSummary],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    local_files: &'a [LocalFileSummary],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    workloads: &'a [WorkloadSummary],
}

impl<'a> FinalOut<'a> {
    fn of(s: &'a Summary) -> FinalOut<'a> {
        FinalOut {
            pods: s
                .pods
                .iter()
                .map(|p| PodOut { name: &p.name, phase: &p.phase, ready: p.ready, revision: &p.revision, ip: &p.ip, pvcs: &p.pvcs, restarts: p.restarts, node: &p.node, terminating: p.terminating })
                .collect(),
            pvcs: s.pvcs.iter().map(|c| ClaimOut { name: &c.name, phase: &c.phase, rows: c.rows, terminating: c.terminating }).collect(),
            statefulsets: s
                .statefulsets
                .iter()
                .map(|x| SetOut {
                    name: &x.name,
                    replicas: x.replicas,
                    ready_replicas: x.ready_replicas,
                    current_revision: &x.current_revision,
                    update_revision: &x.update_revision,
                    waiting: &x.waiting,
                })
                .collect(),
            dns: s.dns.iter().map(|r| DnsOut { name: &r.name, type_: r.type_.as_str(), values: &r.values }).collect(),
            nodes: &s.nodes,
            pdbs: &s.pdbs,
            volumeattachments: &s.volumeattachments,
            local_files: &s.local_files,
            workloads: &s.workloads,
        }
    }
}

#[derive(serde::Serialize)]
struct RunOut<'a> {
    steps: Vec<StepOut<'a>>,
    #[serde(rename = "final")]
    final_: FinalOut<'a>,
}

/// The state at the end, as the JSON contract has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Pods (all namespaces), by namespace then name.
    pub pods: Vec<PodSummary>,
    /// Claims.
    pub pvcs: Vec<ClaimSummary>,
    /// StatefulSets.
    pub statefulsets: Vec<SetSummary>,
    /// DNS records.
    pub dns: Vec<dns::DnsRecord>,
    /// Nodes.
    pub nodes: Vec<NodeSummary>,
    /// PodDisruptionBudgets with the disruption controller's status.
    pub pdbs: Vec<PdbSummary>,
    /// VolumeAttachments.
    pub volumeattachments: Vec<AttachmentSummary>,
    /// Files on the learner's side of the terminal (what `> FILE` wrote), by name.
    pub local_files: Vec<LocalFileSummary>,
    /// Deployments, ReplicaSets and DaemonSets, in that order, each by namespace then name.
    pub workloads: Vec<WorkloadSummary>,
}

/// A Deployment, ReplicaSet or DaemonSet in the summary (`final.workloads[]`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct WorkloadSummary {
    /// `Deployment`, `ReplicaSet`, `DaemonSet`.
    pub kind: &'static str,
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// The pods it wants (`spec.replicas`; a DaemonSet's `desiredNumberScheduled`).
    pub desired: i32,
    /// Its active pods (`status.replicas`; a DaemonSet's `currentNumberScheduled`).
    pub current: i32,
    /// Of those, Ready.
    pub ready: i32,
    /// With the current template (a Deployment's `updatedReplicas`, a DaemonSet's
    /// `updatedNumberScheduled`; a ReplicaSet's are all its own).
    pub updated: i32,
    /// Available (Ready for `minReadySeconds`).
    pub available: i32,
    /// `deployment.kubernetes.io/revision` of a Deployment or of a Deployment's ReplicaSet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<i64>,
    /// What `kubectl rollout status` would print now (Deployments and DaemonSets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rollout: Option<String>,
}

impl WorkloadSummary {
    fn all(s: &super::ClusterState) -> Vec<WorkloadSummary> {
        let rollout = |r: Result<(String, bool), String>| Some(r.map_or_else(|e| e, |(line, _)| line).trim_end().to_owned());
        let mut out: Vec<WorkloadSummary> = s
            .deployments
            .values()
            .map(|d| WorkloadSummary {
                kind: "Deployment",
                namespace: d.meta.namespace.clone(),
                name: d.meta.name.clone(),
                desired: d.replicas(),
                current: d.status.replicas,
                ready: d.status.ready_replicas,
                updated: d.status.updated_replicas,
                available: d.status.available_replicas,
                revision: d.revision(),
                rollout: rollout(d.rollout_status().map_err(|e| format!("error: {e}"))),
            })
            .collect();
        out.extend(s.replicasets.values().map(|r| WorkloadSummary {
            kind: "ReplicaSet",
            namespace: r.meta.namespace.clone(),
            name: r.meta.name.clone(),
            desired: r.replicas(),
            current: r.status.replicas,
            ready: r.status.ready_replicas,
            updated: r.status.replicas,
            available: r.status.available_replicas,
            revision: r.revision(),
            rollout: None,
        }));
        out.extend(s.daemonsets.values().map(|d| WorkloadSummary {
            kind: "DaemonSet",
            namespace: d.meta.namespace.clone(),
            name: d.meta.name.clone(),
            desired: d.status.desired,
            current: d.status.current,
            ready: d.status.ready,
            updated: d.status.updated,
            available: d.status.available,
            revision: None,
            rollout: rollout(d.rollout_status()),
        }));
        out
    }
}

/// A node in the summary (`final.nodes[]`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct NodeSummary {
    /// Name.
    pub name: String,
    /// The `Ready` condition: `True`, `False` or `Unknown`.
    pub ready: String,
    /// `spec.unschedulable`.
    pub unschedulable: bool,
    /// `spec.taints` as `key=value:Effect` (or `key:Effect`), in order.
    pub taints: Vec<String>,
}

/// A PodDisruptionBudget in the summary (`final.pdbs[]`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PdbSummary {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// `status.expectedPods`.
    pub expected_pods: i32,
    /// `status.desiredHealthy`.
    pub desired_healthy: i32,
    /// `status.currentHealthy`.
    pub current_healthy: i32,
    /// `status.disruptionsAllowed`.
    pub disruptions_allowed: i32,
}

/// A file on the learner's side of the terminal (`final.local_files[]`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LocalFileSummary {
    /// Its name, as the redirection wrote it.
    pub name: String,
    /// Its size.
    pub bytes: u64,
    /// For a dump pg_dump wrote, the rows of `readings` in it; `null` otherwise.
    pub rows: Option<u64>,
}

/// A VolumeAttachment in the summary (`final.volumeattachments[]`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AttachmentSummary {
    /// The PersistentVolume.
    pub pv: String,
    /// The node.
    pub node: String,
    /// `status.attached`.
    pub attached: bool,
}

/// A pod in the summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodSummary {
    /// Name.
    pub name: String,
    /// Namespace.
    pub namespace: String,
    /// Pending, Running, Succeeded or Failed.
    pub phase: String,
    /// Ready condition.
    pub ready: bool,
    /// `controller-revision-hash`.
    pub revision: Option<String>,
    /// Pod IP.
    pub ip: Option<String>,
    /// Claim names.
    pub pvcs: Vec<String>,
    /// RESTARTS as `kubectl get pods` counts it (the container's restartCount).
    pub restarts: u32,
    /// The node it is bound to.
    pub node: Option<String>,
    /// Being deleted.
    pub terminating: bool,
}

/// A claim in the summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimSummary {
    /// Name.
    pub name: String,
    /// Pending, Bound or Lost.
    pub phase: String,
    /// Rows the simulated database wrote on the claim's volume; `None` where no database
    /// ever wrote to it ([`super::postgres`]).
    pub rows: Option<u64>,
    /// Being deleted.
    pub terminating: bool,
}

/// A StatefulSet in the summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetSummary {
    /// Name.
    pub name: String,
    /// `spec.replicas`.
    pub replicas: i32,
    /// `status.readyReplicas`.
    pub ready_replicas: i32,
    /// `status.currentRevision`.
    pub current_revision: String,
    /// `status.updateRevision`.
    pub update_revision: String,
    /// Why it is not complete ([`super::why`]); empty when it is.
    pub waiting: Vec<super::why::Waiting>,
}

impl Summary {
    /// Summarises a cluster.
    pub fn of(sim: &Simulation) -> Summary {
        let s = sim.snapshot();
        Summary {
            pods: s
                .pods
                .values()
                .map(|p| PodSummary {
                    name: p.meta.name.clone(),
                    namespace: p.meta.namespace.clone(),
                    phase: p.status.phase.as_str().to_owned(),
                    ready: p.status.ready,
                    revision: p.meta.labels.get("controller-revision-hash").cloned(),
                    ip: p.status.ip.map(|ip| ip.to_string()),
                    pvcs: p.claim_names(),
                    restarts: p.status.restarts,
                    node: p.status.node.clone(),
                    terminating: p.meta.terminating(),
                })
                .collect(),
            pvcs: s
                .claims
                .values()
                .map(|c| ClaimSummary {
                    name: c.meta.name.clone(),
                    phase: c.phase.as_str().to_owned(),
                    rows: c.volume.as_ref().and_then(|v| sim.databases().data(v)).filter(|d| d.initialized).map(super::postgres::Data::rows),
                    terminating: c.meta.terminating(),
                })
                .collect(),
            statefulsets: s
                .statefulsets
                .values()
                .map(|set| SetSummary {
                    name: set.meta.name.clone(),
                    replicas: set.spec.replicas.unwrap_or(1),
                    ready_replicas: set.status.ready_replicas,
                    current_revision: set.status.current_revision.clone(),
                    update_revision: set.status.update_revision.clone(),
                    waiting: super::why::of(sim, &set.meta.key()),
                })
                .collect(),
            dns: sim.dns_records(),
            nodes: s
                .nodes
                .iter()
                .map(|n| NodeSummary {
                    name: n.name.clone(),
                    ready: n.ready().as_str().to_owned(),
                    unschedulable: n.unschedulable,
                    taints: n.taints.iter().map(Taint::to_text).collect(),
                })
                .collect(),
            pdbs: s
                .pdbs
                .values()
                .map(|p| PdbSummary {
                    namespace: p.meta.namespace.clone(),
                    name: p.meta.name.clone(),
                    expected_pods: p.status.expected_pods,
                    desired_healthy: p.status.desired_healthy,
                    current_healthy: p.status.current_healthy,
                    disruptions_allowed: p.status.disruptions_allowed,
                })
                .collect(),
            volumeattachments: s.volume_attachments.values().map(|v| AttachmentSummary { pv: v.pv.clone(), node: v.node.clone(), attached: v.attached }).collect(),
            local_files: sim.local_files().values().map(|f| LocalFileSummary { name: f.name.clone(), bytes: f.bytes, rows: f.rows }).collect(),
            workloads: WorkloadSummary::all(s),
        }
    }

    /// The `final` object of the JSON contract.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(FinalOut::of(self)).unwrap_or(Value::Null)
    }
}

/// A whole run: every step and the state at the end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// The steps, files first.
    pub steps: Vec<Step>,
    /// The state at the end.
    pub summary: Summary,
    /// Simulated time at the end.
    pub at: SimTime,
    /// Invariant violations met (empty unless the simulator has a bug).
    pub violations: Vec<String>,
}

impl Run {
    fn out(&self) -> RunOut<'_> {
        RunOut { steps: self.steps.iter().map(StepOut::of).collect(), final_: FinalOut::of(&self.summary) }
    }

    /// The `--format json` object: `{"steps": [...], "final": {...}}`.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self.out()).unwrap_or(Value::Null)
    }

    /// [`Run::to_json`] as pretty-printed text, keys in the contract's order.
    pub fn to_json_pretty(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.out()).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Whether any step failed.
    pub fn failed(&self) -> bool {
        self.steps.iter().any(|s| s.error.is_some())
    }

    /// The `--format text` transcript.
    pub fn to_text(&self, sim: &Simulation) -> String {
        let mut out = String::new();
        for s in &self.steps {
            out.push_str(&format!("$ {}\n", s.command));
            if let Some(o) = &s.output {
                out.push_str(o);
                if !o.ends_with('\n') {
                    out.push('\n');
                }
            }
            for e in &s.stderr {
                out.push_str(e);
                out.push('\n');
            }
            for a in &s.actions {
                out.push_str(&format!("  -> {a}\n"));
            }
            for r in &s.remarks {
                out.push_str(&format!("  (note: {r})\n"));
            }
            if let Some(l) = &s.limit {
                out.push_str(&format!("  (settling stopped: {l})\n"));
            }
        }
        out.push_str(&format!("\n== final state at {} ==\n", format_duration_ms(self.at.0)));
        let state = sim.snapshot();
        let clock = sim.clock();
        for resource in [Resource::StatefulSets, Resource::Pods, Resource::Claims] {
            let req = GetRequest {
                resource,
                namespace: None,
                names: Vec::new(),
                output: if resource == Resource::Pods { Output::Wide } else { Output::Table },
                selector: Vec::new(),
                field_selector: Vec::new(),
            };
            out.push_str(&get(state, &clock, &req).unwrap_or_else(|e| e));
            out.push('\n');
        }
        if self.summary.dns.is_empty() {
            out.push_str("DNS: no records\n");
        } else {
            let rows: Vec<Vec<String>> = self.summary.dns.iter().map(|r| vec![r.name.clone(), r.type_.as_str().to_owned(), r.values.join(" ")]).collect();
            out.push_str(&table::render(&["NAME", "TYPE", "VALUES"], &rows));
        }
        for v in &self.violations {
            out.push_str(&format!("INVARIANT VIOLATED: {v}\n"));
        }
        out
    }
}

/// Runs commands against a simulation, one step each.
pub struct Runner {
    sim: Simulation,
    /// Every watch line so far (for `kubectl get -w`).
    watch_log: Vec<(Kind, String, Vec<String>)>,
    /// Per resource, the watch `kubectl get -w` last started: the rows then (with their
    /// namespaces) and where in `watch_log` it started.
    watches: std::collections::HashMap<Kind, (Vec<(String, Vec<String>)>, usize)>,
}

impl Runner {
    /// A runner over a new simulation.
    pub fn new(config: SimConfig, seed: u64) -> Runner {
        Runner { sim: Simulation::new(config, seed), watch_log: Vec::new(), watches: std::collections::HashMap::new() }
    }

    /// The simulation.
    pub fn sim(&self) -> &Simulation {
        &self.sim
    }

    /// The simulation, to drive it directly.
    pub fn sim_mut(&mut self) -> &mut Simulation {
        &mut self.sim
    }

    /// `kubectl apply -f NAME` of a file given on the command line.
    pub fn apply_file(&mut self, name: &str, text: &str) -> Step {
        let command = format!("kubectl apply -f {name}");
        self.write(command, 0, Input::Apply { manifest: text.to_owned(), source: name.to_owned(), namespace: None, validate: Default::default() })
    }

    /// Runs one command. `load` reads a file named by `apply -f` (relative to the script).
    pub fn run(&mut self, cmd: &Command, load: &mut dyn FnMut(&str) -> Result<String, String>) -> Step {
        let (action, resolved) = match resolve_nodes(&self.sim, &cmd.action) {
            Ok((action, pairs)) => {
                let resolved = (!pairs.is_empty()).then(|| {
                    let mut text = cmd.text.clone();
                    for (written, node) in &pairs {
                        text = text.replace(written.as_str(), node);
                    }
                    text
                });
                (action, resolved)
            }
            Err(message) => {
                let mut step = self.finish(cmd.text.clone(), cmd.line, None);
                step.stderr.push(format!("error: {message}"));
                step.error = Some(message);
                return step;
            }
        };
        let resolved_cmd = Command { action, ..cmd.clone() };
        let mut step = self.run_resolved(&resolved_cmd, load);
        step.resolved = resolved;
        step
    }

    fn run_resolved(&mut self, cmd: &Command, load: &mut dyn FnMut(&str) -> Result<String, String>) -> Step {
        match &cmd.action {
            Action::Apply { file, namespace, validate } => match load(file) {
                Ok(text) => self.write(cmd.text.clone(), cmd.line, Input::Apply { manifest: text, source: file.clone(), namespace: namespace.clone(), validate: *validate }),
                Err(message) => {
                    let mut step = self.finish(cmd.text.clone(), cmd.line, None);
                    step.stderr.push(format!("error: {message}"));
                    step.error = Some(message);
                    step
                }
            },
            Action::Input(input) => self.write(cmd.text.clone(), cmd.line, input.clone()),
            Action::Advance(ms) => {
                let target = self.sim.now().plus_ms(*ms);
                self.sim.advance_to(target);
                self.finish(cmd.text.clone(), cmd.line, None)
            }
            Action::Read(Read::Get { request, watch: true }) if matches!(request.resource, Resource::Pods | Resource::Claims | Resource::StatefulSets) => self.watch(cmd, request),
            Action::Read(Read::RolloutStatus { resource, namespace, name }) => self.rollout_status(cmd, *resource, namespace, name),
            Action::Read(read) => {
                self.drain();
                let printed = self.read(read);
                // a command that printed only on standard error shows no empty output
                let output = (!printed.stdout.is_empty() || !printed.failed && printed.stderr.is_empty()).then_some(printed.stdout);
                let mut step = self.finish(cmd.text.clone(), cmd.line, output);
                step.stderr = printed.stderr.lines().map(str::to_owned).collect();
                if printed.failed {
                    let e = printed.stderr.trim_end_matches('\n');
                    step.error = Some(e.trim_start_matches("Error from server (NotFound): ").to_owned());
                }
                step
            }
        }
    }

    /// Runs files then script commands, and summarises.
    pub fn run_all(mut self, files: &[(String, String)], commands: &[Command], load: &mut dyn FnMut(&str) -> Result<String, String>) -> (Run, Simulation) {
        let mut steps = Vec::new();
        for (name, text) in files {
            steps.push(self.apply_file(name, text));
        }
        for c in commands {
            steps.push(self.run(c, load));
        }
        refresh_steps(&self.sim, &mut steps);
        let run = Run { steps, summary: Summary::of(&self.sim), at: self.sim.now(), violations: self.sim.violations() };
        (run, self.sim)
    }

    fn write(&mut self, command: String, line: usize, input: Input) -> Step {
        let response = self.sim.handle(input);
        let output = if response.stdout.is_empty() { None } else { Some(response.stdout) };
        let mut step = self.finish(command, line, output);
        if let Some(id) = response.drain {
            step.client = Some(id);
            step.refresh(&self.sim);
        }
        step.stderr.splice(0..0, response.warnings);
        step.remarks = response.remarks;
        if !response.errors.is_empty() {
            step.error = Some(response.errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join("\n"));
            step.stderr.extend(response.errors.into_iter().map(|e| e.kubectl));
        }
        step
    }

    /// Settles and collects what happened.
    fn finish(&mut self, command: String, line: usize, output: Option<String>) -> Step {
        let limit = match self.sim.settle() {
            Settle::Steady => None,
            Settle::Limit(l) => Some(l),
        };
        let actions = self.drain();
        let waiting = set_waiting(&self.sim);
        Step { command, line, actions, error: None, stderr: Vec::new(), output, limit, at: self.sim.now(), client: None, running: false, resolved: None, remarks: Vec::new(), waiting }
    }

    /// Drains the events: returns the controllers' writes, keeps the watch lines.
    fn drain(&mut self) -> Vec<String> {
        let mut actions = Vec::new();
        while let Some(e) = self.sim.poll_event() {
            match e {
                SimEvent::Write { actor, verb, kind, name, .. } if actor.is_controller() => {
                    actions.push(format!("{} {} {name}", verb.as_str(), kind.short()));
                }
                SimEvent::Watch { kind, namespace, row, .. } => self.watch_log.push((kind, namespace, row)),
                _ => {}
            }
        }
        actions
    }

    /// `kubectl rollout status`: each new line kubectl would print, the cluster moving on (as
    /// far as it settles) until the rollout completes or nothing more happens.
    fn rollout_status(&mut self, cmd: &Command, resource: Resource, namespace: &str, name: &str) -> Step {
        self.drain();
        let mut lines: Vec<String> = Vec::new();
        let mut failure = None;
        for _ in 0..2 {
            match rollout_status(self.sim.snapshot(), resource, namespace, name) {
                Ok((line, done)) => {
                    if lines.last() != Some(&line) {
                        lines.push(line);
                    }
                    if done {
                        break;
                    }
                }
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
            self.sim.settle();
        }
        let output = (!lines.is_empty()).then(|| lines.concat());
        let mut step = self.finish(cmd.text.clone(), cmd.line, output);
        if let Some(e) = failure {
            step.stderr = e.lines().map(str::to_owned).collect();
            step.error = Some(e.trim_start_matches("error: ").trim_start_matches("Error from server (NotFound): ").to_owned());
        }
        step
    }

    fn read(&mut self, read: &Read) -> Printed {
        print(&self.sim, read)
    }

    /// `kubectl get pods|pvc|sts -w` in a script is the watch started at the previous `-w` of
    /// that resource (or at the start of the script), as a second terminal would show it:
    /// kubectl's initial list as it was then (one batch), then every change since, each a line
    /// with the widths only growing. The watch then starts again from here.
    fn watch(&mut self, cmd: &Command, request: &GetRequest) -> Step {
        self.drain();
        let kind = match request.resource {
            Resource::Pods => Kind::Pod,
            Resource::Claims => Kind::Claim,
            _ => Kind::StatefulSet,
        };
        let all = GetRequest { namespace: None, names: Vec::new(), output: super::views::Output::Table, selector: Vec::new(), field_selector: Vec::new(), ..request.clone() };
        let now: Vec<(String, Vec<String>)> = {
            let state = self.sim.snapshot();
            let mut keyed: Vec<(String, String)> = match request.resource {
                Resource::Pods => state.pods.keys().map(|k| (k.namespace.clone(), k.name.clone())).collect(),
                Resource::Claims => state.claims.keys().map(|k| (k.namespace.clone(), k.name.clone())).collect(),
                _ => state.statefulsets.keys().map(|k| (k.namespace.clone(), k.name.clone())).collect(),
            };
            keyed.sort();
            let rows = super::views::get::rows(state, &self.sim.clock(), &all).unwrap_or_default();
            keyed.into_iter().map(|(ns, _)| ns).zip(rows).collect()
        };
        let (started, from) = self.watches.insert(kind, (now, self.watch_log.len())).unwrap_or_default();
        let wanted = |ns: &str, row: &[String]| request.namespace.as_ref().is_none_or(|n| n == ns) && (request.names.is_empty() || row.first().is_some_and(|n| request.names.contains(n)));
        let mut printer = WatchPrinter::new(request.resource.columns());
        let initial: Vec<Vec<String>> = started.into_iter().filter(|(ns, row)| wanted(ns, row)).map(|(_, row)| row).collect();
        let mut lines = printer.push_batch(&initial);
        for (k, ns, row) in &self.watch_log[from..] {
            if *k == kind && wanted(ns, row) {
                let (header, line) = printer.push(row);
                lines.extend(header);
                lines.push(line);
            }
        }
        if lines.is_empty() {
            lines.push(printer.header());
        }
        let mut step = self.finish(cmd.text.clone(), cmd.line, None);
        step.output = Some(lines.iter().map(|l| format!("{l}\n")).collect());
        step
    }
}

/// Replaces every `node-of:NS/POD` and `node-of-at-start:NS/POD` NODE argument of an action
/// by the node it names now; returns the action and, for the `resolved` line, each argument as
/// written (`node-of:POD`) with its node. A pod that is missing or not bound is an error.
pub fn resolve_nodes(sim: &Simulation, action: &Action) -> Result<(Action, Vec<(String, String)>), String> {
    let mut pairs = Vec::new();
    let mut one = |spec: &str| -> Result<String, String> {
        let node = resolve_node(sim, spec)?;
        if let Some((prefix, rest)) = node_of(spec) {
            let pod = rest.split_once('/').map_or(rest, |(_, pod)| pod);
            pairs.push((format!("{prefix}{pod}"), node.clone()));
        }
        Ok(node)
    };
    let action = match action {
        Action::Input(input) => Action::Input(match input {
            Input::NodeDown { node } => Input::NodeDown { node: one(node)? },
            Input::NodeUp { node } => Input::NodeUp { node: one(node)? },
            Input::Taint { node, taints, overwrite } => Input::Taint { node: one(node)?, taints: taints.clone(), overwrite: *overwrite },
            Input::Cordon { node, on } => Input::Cordon { node: one(node)?, on: *on },
            Input::Drain { node, options } => Input::Drain { node: one(node)?, options: options.clone() },
            Input::Delete { resource: Resource::Nodes, namespace, name, cascade, grace_period_s } => {
                Input::Delete { resource: Resource::Nodes, namespace: namespace.clone(), name: one(name)?, cascade: *cascade, grace_period_s: *grace_period_s }
            }
            other => other.clone(),
        }),
        Action::Read(Read::Get { request, watch }) if request.resource == Resource::Nodes => {
            let names = request.names.iter().map(|n| one(n)).collect::<Result<Vec<_>, _>>()?;
            Action::Read(Read::Get { request: GetRequest { names, ..request.clone() }, watch: *watch })
        }
        Action::Read(Read::Describe { resource: Resource::Nodes, namespace, name }) => {
            Action::Read(Read::Describe { resource: Resource::Nodes, namespace: namespace.clone(), name: one(name)? })
        }
        other => other.clone(),
    };
    Ok((action, pairs))
}

/// What `kubectl get -w` prints for these rows: the header, then one line per row, each
/// ending in a newline. The header is flushed together with the first row and the column
/// widths only grow (kubectl's `RememberWidths` tabwriter), so early lines stay narrower.
pub fn watch_lines(columns: &[&str], rows: &[&Vec<String>]) -> Vec<String> {
    let mut printer = WatchPrinter::new(columns);
    let mut out = Vec::with_capacity(rows.len() + 1);
    for row in rows {
        let (header, line) = printer.push(row);
        out.extend(header.map(|h| format!("{h}\n")));
        out.push(format!("{line}\n"));
    }
    if out.is_empty() {
        out.push(format!("{}\n", printer.header()));
    }
    out
}

/// What a read command printed: standard output, standard error (kubectl's warnings and
/// errors, each line ending in a newline), and whether it failed (a non-zero exit).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Printed {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// The command exited non-zero.
    pub failed: bool,
}

impl Printed {
    pub(crate) fn out(stdout: String) -> Printed {
        Printed { stdout, ..Printed::default() }
    }

    pub(crate) fn fail(stderr: impl Into<String>) -> Printed {
        let mut stderr = stderr.into();
        if !stderr.ends_with('\n') {
            stderr.push('\n');
        }
        Printed { stdout: String::new(), stderr, failed: true }
    }

    fn warn(mut self, line: &str) -> Printed {
        self.stderr.insert_str(0, &format!("{line}\n"));
        self
    }
}

/// The output of a read command at the simulation's current time: `kubectl get` (a `-w`
/// prints the current list, as the first batch of a watch does), `describe`, `nslookup` and
/// `dig`. Errors read as kubectl prints them. See [`print`] for the warnings too.
pub fn answer(sim: &Simulation, read: &Read) -> Result<String, String> {
    let p = print(sim, read);
    if p.failed {
        Err(p.stderr.trim_end_matches('\n').to_owned())
    } else {
        Ok(p.stdout)
    }
}

/// The line `kubectl rollout status` prints now for a Deployment, StatefulSet or DaemonSet
/// (`polymorphichelpers.*StatusViewer`), and whether the rollout is done; `Err` is kubectl's
/// error.
pub fn rollout_status(state: &super::ClusterState, resource: Resource, namespace: &str, name: &str) -> Result<(String, bool), String> {
    let key = ObjectKey::new(namespace, name);
    let not_found = || format!("Error from server (NotFound): {} \"{name}\" not found", resource.plural());
    match resource {
        Resource::Deployments => state.deployments.get(&key).ok_or_else(not_found)?.rollout_status().map_err(|e| format!("error: {e}")),
        Resource::DaemonSets => state.daemonsets.get(&key).ok_or_else(not_found)?.rollout_status(),
        _ => {
            let set = state.statefulsets.get(&key).ok_or_else(not_found)?;
            let facts = set.facts();
            let s = &set.status;
            if facts.on_delete {
                return Err("error: rollout status is only available for RollingUpdate strategy type".to_owned());
            }
            Ok(if set.meta.generation > s.observed_generation {
                ("Waiting for statefulset spec update to be observed...\n".to_owned(), false)
            } else if s.ready_replicas < facts.replicas {
                (format!("Waiting for {} pods to be ready...\n", facts.replicas - s.ready_replicas), false)
            } else if let Some(partition) = facts.partition.filter(|p| *p > 0) {
                if s.updated_replicas < facts.replicas - partition {
                    (format!("Waiting for partitioned roll out to finish: {} out of {} new pods have been updated...\n", s.updated_replicas, facts.replicas - partition), false)
                } else {
                    (format!("partitioned roll out complete: {} new pods have been updated...\n", s.updated_replicas), true)
                }
            } else if s.update_revision != s.current_revision {
                (format!("waiting for statefulset rolling update to complete {} pods at revision {}...\n", s.updated_replicas, s.update_revision), false)
            } else {
                (format!("statefulset rolling update complete {} pods at revision {}...\n", s.current_replicas, s.current_revision), true)
            })
        }
    }
}

/// What a read command prints on both streams at the simulation's current time.
pub fn print(sim: &Simulation, read: &Read) -> Printed {
    let state = sim.snapshot();
    let clock = sim.clock();
    let domain = &sim.config().cluster_domain;
    let done = |r: Result<String, String>| r.map_or_else(Printed::fail, Printed::out);
    match read {
        Read::RolloutStatus { resource, namespace, name } => match rollout_status(state, *resource, namespace, name) {
            Ok((line, _)) => Printed::out(line),
            Err(e) => Printed::fail(e),
        },
        Read::GetKinds { requests } => Printed::out(super::views::get::get_kinds(state, &clock, requests)),
        Read::RolloutHistory { namespace, name } => match state.deployments.get(&ObjectKey::new(namespace, name)) {
            Some(d) => Printed::out(super::deployment::history(state, d)),
            None => Printed::fail(format!("Error from server (NotFound): deployments.apps \"{name}\" not found")),
        },
        Read::Get { request, .. } => {
            let printed = done(get(state, &clock, request));
            match request.resource.deprecation() {
                Some(warning) => printed.warn(warning),
                None => printed,
            }
        }
        Read::Describe { resource, namespace, name } => {
            let key = ObjectKey::new(namespace, name);
            let not_found = || format!("Error from server (NotFound): {} \"{name}\" not found", resource.plural());
            done(match resource {
                Resource::Pods => state.pods.get(&key).map(|p| describe::pod(state, &clock, p)).ok_or_else(not_found),
                Resource::StatefulSets => state.statefulsets.get(&key).map(|s| describe::statefulset(state, &clock, s)).ok_or_else(not_found),
                Resource::Claims => state.claims.get(&key).map(|c| describe::claim(state, &clock, c)).ok_or_else(not_found),
                Resource::Services => state.services.get(&key).map(|s| describe::service(state, s)).ok_or_else(not_found),
                Resource::Secrets => state.others.get(&("Secret".to_owned(), key)).map(describe::secret).ok_or_else(not_found),
                Resource::PodDisruptionBudgets => state.pdbs.get(&key).map(|p| describe::pdb(state, p)).ok_or_else(not_found),
                Resource::Jobs => state.jobs.get(&key).map(|j| describe::job(state, &clock, j)).ok_or_else(not_found),
                Resource::CronJobs => state.cronjobs.get(&key).map(|c| describe::cronjob(state, &clock, c)).ok_or_else(not_found),
                Resource::VolumeSnapshots => state.snapshots.get(&key).map(|v| describe::volume_snapshot(state, &clock, v)).ok_or_else(not_found),
                Resource::Deployments => state.deployments.get(&key).map(|d| describe::deployment(state, &clock, d)).ok_or_else(not_found),
                Resource::ReplicaSets => state.replicasets.get(&key).map(|r| describe::replicaset(state, &clock, r)).ok_or_else(not_found),
                Resource::DaemonSets => state.daemonsets.get(&key).map(|d| describe::daemonset(state, &clock, d)).ok_or_else(not_found),
                Resource::Nodes => state.nodes.iter().find(|n| &n.name == name).map(|n| describe::node(state, &clock, n)).ok_or_else(not_found),
                _ => Err(not_found()),
            })
        }
        Read::GetAll { namespace } => Printed::out(super::views::get::get_all(state, &clock, namespace.as_deref())),
        Read::Nslookup { name, namespace } => Printed::out(dns::nslookup(state, domain, name, namespace)),
        Read::Dig { name, type_, short } => Printed::out(dns::dig(state, domain, &clock, state.now, name, *type_, *short)),
        Read::Run { pod, namespace, rm, inner } => {
            let mut printed = print(sim, inner);
            if *rm {
                // kubectl run --rm deletes the pod with DeleteOptions.PrintObj (v1.34+)
                printed.stdout.push_str(&format!("pod \"{pod}\" deleted from {namespace} namespace\n"));
            }
            printed
        }
        Read::Logs { namespace, pod, previous, tail, container, .. } => {
            // `job/NAME`: kubectl picks one of the Job's pods (`AttachablePodForObject`), the
            // newest, and says so when there are more
            let mut found = String::new();
            let pod = match pod.strip_prefix("job/").or_else(|| pod.strip_prefix("jobs/")).or_else(|| pod.strip_prefix("job.batch/")) {
                Some(job) => {
                    let Some(j) = state.jobs.get(&ObjectKey::new(namespace, job)) else { return Printed::fail(format!("Error from server (NotFound): jobs.batch \"{job}\" not found")) };
                    let mut pods = state.pods_controlled_by(namespace, &j.meta.uid);
                    pods.sort_by_key(|p| (p.meta.created, p.meta.name.clone()));
                    let Some(newest) = pods.last() else { return Printed::fail(format!("error: timed out waiting for the condition on jobs/{job}")) };
                    if pods.len() > 1 {
                        found = format!("Found {} pods, using pod/{}\n", pods.len(), newest.meta.name);
                    }
                    newest.meta.name.clone()
                }
                None => pod.clone(),
            };
            let pod = &pod;
            let Some(p) = state.pods.get(&ObjectKey::new(namespace, pod)) else { return Printed::fail(format!("Error from server (NotFound): pods \"{pod}\" not found")) };
            let tail = |text: String| match tail {
                Some(n) => {
                    let lines: Vec<&str> = text.lines().collect();
                    lines[lines.len().saturating_sub(*n)..].iter().map(|l| format!("{l}\n")).collect()
                }
                None => text,
            };
            let inits = p.spec.init_containers.as_deref().unwrap_or(&[]);
            // kubectl's `Defaulted container` notice when the pod has more than one container
            let mut defaulted = String::new();
            let name = match container {
                Some(c) => c.clone(),
                None => {
                    let first = p.spec.containers.first().map(|c| c.name.clone()).unwrap_or_default();
                    if p.spec.containers.len() + inits.len() > 1 {
                        let all: Vec<String> = p.spec.containers.iter().map(|c| c.name.clone()).chain(inits.iter().map(|c| format!("{} (init)", c.name))).collect();
                        defaulted = format!("Defaulted container \"{first}\" out of: {}\n", all.join(", "));
                    }
                    first
                }
            };
            let with_notice = |mut printed: Printed| {
                printed.stderr.insert_str(0, &defaulted);
                printed.stderr.insert_str(0, &found);
                printed
            };
            if let Some(i) = inits.iter().position(|c| c.name == name) {
                return with_notice(init_logs(p, i, *previous).map_or_else(Printed::fail, |t| Printed::out(tail(t))));
            }
            if !p.spec.containers.iter().any(|c| c.name == name) {
                return Printed::fail(format!("error: container {name} is not valid for pod {}", p.meta.name));
            }
            if p.status.initializing() && !*previous {
                return with_notice(Printed::fail(format!("Error from server (BadRequest): container \"{name}\" in pod \"{}\" is waiting to start: PodInitializing", p.meta.name)));
            }
            if !super::postgres::is_postgres(p) {
                // A container that runs a command to its end (a Job's) printed what the
                // command printed, once it started; others print nothing the simulator knows of.
                let started = matches!(p.status.container, Some(ContainerState::Running { .. } | ContainerState::Terminated { .. })) || p.status.last_termination.is_some();
                return with_notice(match sim.app_run(p) {
                    Some(super::init::Run::Exits { output, .. }) if started && p.spec.restart_policy.as_deref() != Some("Always") => Printed::out(tail(output.iter().map(|l| format!("{l}\n")).collect())),
                    _ => Printed::default(),
                });
            }
            with_notice(match sim.databases().logs(p, *previous, &clock, state.now) {
                Ok(text) => Printed::out(tail(text)),
                Err(e) => Printed::fail(e),
            })
        }
        Read::Exec { namespace, pod, command } => super::exec::exec(&sim.world, namespace, pod, command),
        Read::Why { namespace, name } => match super::why::text(sim, namespace.as_deref(), name.as_deref()) {
            Ok(text) => Printed::out(text),
            Err(e) => Printed::fail(e),
        },
    }
}

/// The words of a command line after kubectl's `--`, and the shell's redirections among them:
/// `> FILE`, `>> FILE`, `< FILE` (or written together, `>FILE`). A quoted `>` is text.
fn redirections(words: &[Token]) -> LineResult<(Vec<String>, super::exec::Redirect)> {
    let mut command = Vec::new();
    let mut redirect = super::exec::Redirect::default();
    let mut i = 0;
    while i < words.len() {
        let t = &words[i];
        let op = if t.bare { [">>", ">", "<"].into_iter().find(|op| t.text.starts_with(op)) } else { None };
        let Some(op) = op else {
            command.push(t.text.clone());
            i += 1;
            continue;
        };
        let file = if t.text.len() > op.len() {
            t.text[op.len()..].to_owned()
        } else {
            i += 1;
            match words.get(i) {
                Some(f) => f.text.clone(),
                None => return Err((t.column, "bash: syntax error near unexpected token `newline'".to_owned())),
            }
        };
        if op == "<" {
            redirect.input = Some(file);
        } else {
            redirect.output = Some((file, op == ">>"));
        }
        i += 1;
    }
    Ok((command, redirect))
}

/// The rows of `psql … -c "INSERT INTO readings SELECT generate_series(A, B)"` (B − A + 1),
/// the one write the simulated psql takes.
fn bulk_insert(command: &[String]) -> Option<u64> {
    if command.first().map(String::as_str) != Some("psql") {
        return None;
    }
    let i = command.iter().position(|a| a == "-c" || a == "--command")?;
    let sql: String = command.get(i + 1)?.trim().trim_end_matches(';').to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
    let rest = sql.strip_prefix(&format!("insert into {} select generate_series(", super::postgres::TABLE))?.strip_suffix(')')?;
    let (a, b) = rest.split_once(',')?;
    let (a, b): (u64, u64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    (b >= a).then(|| b - a + 1)
}

/// `kubectl logs POD -c INIT [--previous]`: what the init container printed in its current
/// (or previous) run ([`super::init::run`]).
fn init_logs(p: &Pod, i: usize, previous: bool) -> Result<String, String> {
    let c = &p.spec.init_containers.as_deref().unwrap_or(&[])[i];
    let status = p.status.init.get(i);
    let ran = |s: Option<&ContainerState>| matches!(s, Some(ContainerState::Running { .. } | ContainerState::Terminated { exit_code: 0..=127, .. }));
    let (state, last) = (status.map(|s| &s.state), status.and_then(|s| s.last_termination.as_ref()));
    let shown = if previous { ran(last) } else { ran(state) || matches!(state, Some(ContainerState::Waiting { .. })) && ran(last) };
    if !shown {
        let reason = match state {
            Some(ContainerState::Waiting { reason, .. }) => reason.clone(),
            _ => "PodInitializing".to_owned(),
        };
        return Err(if previous {
            format!("Error from server (BadRequest): previous terminated container \"{}\" in pod \"{}\" not found", c.name, p.meta.name)
        } else {
            format!("Error from server (BadRequest): container \"{}\" in pod \"{}\" is waiting to start: {reason}", c.name, p.meta.name)
        });
    }
    Ok(match super::init::run(&p.spec, c) {
        super::init::Run::Exits { output, .. } => output.iter().map(|l| format!("{l}\n")).collect(),
        super::init::Run::NotFound { .. } => String::new(),
    })
}

/// Splits a command line into words the way scripts are read (POSIX-shell quotes and
/// backslashes; a `#` that starts a word begins a comment). For shells that handle some
/// commands themselves before handing the rest to [`parse_command`].
pub fn split_words(line: &str) -> Result<Vec<String>, ParseError> {
    let joined = if line.contains('\n') { logical_lines(line).into_iter().map(|(l, _)| l).collect::<Vec<_>>().join("\n") } else { line.to_owned() };
    tokenize(&joined).map(|(tokens, _)| tokens.into_iter().map(|t| t.text).collect()).map_err(|(column, message)| ParseError { line: 1, column, message })
}

/// A patch with no list and no `$patch`-style directive: a strategic merge patch and a JSON
/// merge patch of it do the same.
fn plain_merge(patch: &Value) -> bool {
    match patch {
        Value::Array(_) => false,
        Value::Object(map) => map.iter().all(|(k, v)| !k.starts_with('$') && plain_merge(v)),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_takes_kubectls_validate_values() {
        let validate = |line: &str| match parse_command(line).map(|c| c.action) {
            Ok(Action::Apply { validate, .. }) => Ok(validate),
            Ok(other) => panic!("{other:?}"),
            Err(e) => Err(e.to_string()),
        };
        assert_eq!(validate("kubectl apply -f a.yaml"), Ok(FieldValidation::Strict));
        assert_eq!(validate("kubectl apply -f a.yaml --validate"), Ok(FieldValidation::Strict));
        for (flag, expected) in [("strict", FieldValidation::Strict), ("true", FieldValidation::Strict), ("warn", FieldValidation::Warn), ("ignore", FieldValidation::Ignore), ("false", FieldValidation::Ignore), ("0", FieldValidation::Ignore)] {
            assert_eq!(validate(&format!("kubectl apply --validate={flag} -f a.yaml")), Ok(expected), "{flag}");
        }
        let e = validate("kubectl apply -f a.yaml --validate=foo").unwrap_err();
        assert!(e.contains("invalid - validate option \"foo\"; must be one of: strict (or true), warn, ignore (or false)"), "{e}");
    }

    #[test]
    fn exec_takes_the_shells_redirections() {
        let redirect = |line: &str| match parse_command(line).map(|c| c.action) {
            Ok(Action::Input(Input::Exec { command, redirect, .. })) => Ok(Some((command, redirect))),
            Ok(_) => Ok(None),
            Err(e) => Err(e),
        };
        let (command, r) = redirect("kubectl exec db-0 -n scenarios -- pg_dump -U postgres > backup.sql").unwrap().unwrap();
        assert_eq!(command, ["pg_dump", "-U", "postgres"]);
        assert_eq!(r.output, Some(("backup.sql".to_owned(), false)));
        assert!(!r.stdin && r.input.is_none());
        let (_, r) = redirect("kubectl exec -i db-0 -- psql -U postgres <backup.sql").unwrap().unwrap();
        assert_eq!((r.stdin, r.tty, r.input.as_deref()), (true, false, Some("backup.sql")));
        let (_, r) = redirect("kubectl exec -it db-0 -- pg_dump -U postgres >>all.sql").unwrap().unwrap();
        assert_eq!((r.tty, r.output), (true, Some(("all.sql".to_owned(), true))));
        // a quoted `>` is the command's text, not the shell's
        assert_eq!(redirect(r#"kubectl exec db-0 -- psql -U postgres -c "SELECT 2 > 1""#).unwrap(), None);
        assert_eq!(redirect("kubectl exec db-0 -- echo '>' x").unwrap(), None);
        let e = redirect("kubectl exec db-0 -- pg_dump -U postgres >").unwrap_err();
        assert_eq!((e.column, e.message.as_str()), (42, "bash: syntax error near unexpected token `newline'"));
    }

    #[test]
    fn parses_the_command_set() {
        let script = r#"
# comment
kubectl apply -f web.yaml -n prod
kubectl delete pod web-0
kubectl delete statefulset web --cascade=orphan
kubectl scale statefulset web --replicas=1
kubectl set image statefulset/web nginx=nginx:1.26
kubectl patch statefulset web --type=merge -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":2}}}}'
kubectl get pods -w -n prod
kubectl get pvc -o wide
kubectl describe sts web
kubectl get events
nslookup web-0.nginx
dig SRV _web._tcp.nginx.default.svc.cluster.local
start web-0   # trailing comment
advance 1m30s
gc-hold
kubectl run -it --rm debug --image=busybox --restart=Never -- nslookup nginx
"#;
        let commands = parse(script).expect("parses");
        assert_eq!(commands.len(), 16);
        assert_eq!(commands[0].line, 3);
        assert_eq!(commands[0].action, Action::Apply { file: "web.yaml".into(), namespace: Some("prod".into()), validate: FieldValidation::Strict });
        assert!(matches!(&commands[2].action, Action::Input(Input::Delete { cascade: Cascade::Orphan, .. })));
        assert!(matches!(&commands[5].action, Action::Input(Input::Patch { patch, .. }) if patch["spec"]["updateStrategy"]["rollingUpdate"]["partition"] == 2));
        assert!(matches!(&commands[6].action, Action::Read(Read::Get { watch: true, .. })));
        assert_eq!(commands[12].text, "start web-0");
        assert_eq!(commands[13].action, Action::Advance(90_000));
        assert!(matches!(&commands[15].action, Action::Read(Read::Run { pod, rm: true, inner, .. }) if pod == "debug" && matches!(&**inner, Read::Nslookup { name, .. } if name == "nginx")));
    }

    #[test]
    fn reports_errors_with_line_and_column() {
        let errors = parse("kubectl apply -f a.yaml\nkubect get pods\nkubectl scale sts web\nadvance soon\nkubectl patch sts web --type=json -p '[]'\nstart\n").unwrap_err();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(text[0], format!("2:1: unknown command \"kubect\"; expected {TOP_LEVEL}"));
        assert_eq!(text[1], "3:9: kubectl scale needs --replicas=N");
        assert_eq!(text[2], "4:9: not a duration: \"soon\" (use e.g. 30s, 2m, 1m30s, 500ms)");
        assert_eq!(text[3], "5:23: only --type=merge and --type=strategic are simulated, not \"json\"");
        assert_eq!(text[4], "6:1: usage: start POD [-n NAMESPACE]");
        assert_eq!(parse("kubectl get pods 'x").unwrap_err()[0].to_string(), "1:18: unterminated single quote");
        assert_eq!(parse("kubectl delete pod web-0 --force --grace-period=5\n").unwrap_err()[0].to_string(), "1:9: error: --force and --grace-period greater than 0 cannot be specified together");
        let zero = parse("kubectl delete pod web-0 --grace-period=0\n").unwrap();
        assert!(matches!(zero[0].action, Action::Input(Input::Delete { grace_period_s: Some(1), .. })), "0 without --force is 1, as kubectl makes it");
    }

    #[test]
    fn a_command_continued_with_a_backslash_is_one_command() {
        // the guide's two-line patch, as pasted
        let text = "kubectl patch pvc data-web-0 \\\n  -p '{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"2Gi\"}}}}'\nkubectl get pvc\n";
        let commands = parse(text).expect("parses");
        assert_eq!(commands.len(), 2);
        assert_eq!(commands[0].line, 1);
        assert!(matches!(&commands[0].action, Action::Input(Input::Patch { name, patch, .. }) if name == "data-web-0" && patch["spec"]["resources"]["requests"]["storage"] == "2Gi"));
        assert_eq!(commands[1].line, 3);
        assert_eq!(pasted_command(text), "kubectl patch pvc data-web-0   -p '{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"2Gi\"}}}}'");
        assert!(matches!(parse_command("kubectl get \\\n pods").unwrap().action, Action::Read(Read::Get { .. })));
        // an error on the second line is reported there
        let errors = parse("kubectl scale sts web \\\n  --replicas=x\n").unwrap_err();
        assert_eq!(errors[0].to_string(), "2:3: invalid --replicas \"x\"");
        // a comment never continues
        assert_eq!(parse("# a \\\nkubectl get pods\n").unwrap().len(), 1);
    }

    #[test]
    fn splits_words_like_the_script_reader() {
        assert_eq!(split_words(r#"kubectl exec db-0 -- psql -U postgres -c "SELECT 1;" # why"#).unwrap(), ["kubectl", "exec", "db-0", "--", "psql", "-U", "postgres", "-c", "SELECT 1;"]);
        assert_eq!(split_words("echo 'a b' c\\ d").unwrap(), ["echo", "a b", "c d"]);
        assert_eq!(split_words("psql -c 'oops").unwrap_err().to_string(), "1:9: unterminated single quote");
    }

    #[test]
    fn watch_lines_flush_the_header_with_the_first_row_and_only_widen() {
        let a = vec!["web-0".to_owned(), "0/1".to_owned(), "Pending".to_owned()];
        let b = vec!["web-0".to_owned(), "0/1".to_owned(), "ContainerCreating".to_owned()];
        let lines = watch_lines(&["NAME", "READY", "STATUS"], &[&a, &b]);
        assert_eq!(lines, ["NAME    READY   STATUS\n", "web-0   0/1     Pending\n", "web-0   0/1     ContainerCreating\n"]);
        assert_eq!(watch_lines(&["NAME"], &[]), ["NAME\n"]);
    }

    #[test]
    fn answers_reads_and_rebuilds_a_statefulset_manifest() {
        let mut sim = Simulation::new(SimConfig::manual(), 1);
        let guide = crate::examples::GUIDE.replace("namespace: scenarios", "namespace: default");
        sim.handle(Input::Apply { manifest: guide, source: "guide.yaml".into(), namespace: None, validate: Default::default() });
        sim.settle();
        let Ok(Command { action: Action::Read(read), .. }) = parse_command("kubectl get sts") else { panic!("not a read") };
        assert!(answer(&sim, &read).unwrap().starts_with("NAME               READY   AGE\nrecovery-demo-db   0/3"));
        let Ok(Command { action: Action::Read(read), .. }) = parse_command("kubectl describe pod nope") else { panic!("not a read") };
        assert_eq!(answer(&sim, &read).unwrap_err(), "Error from server (NotFound): pods \"nope\" not found");

        let set = sim.snapshot().statefulsets.values().next().unwrap().clone();
        let manifest = super::super::api::statefulset_manifest(&set);
        assert!(!manifest.contains("last-applied-configuration"));
        let changed = manifest.replace("\"OrderedReady\"", "\"Parallel\"");
        assert_ne!(changed, manifest, "the manifest carries the defaulted podManagementPolicy");
        let mut other = Simulation::new(SimConfig::manual(), 1);
        let response = other.handle(Input::Apply { manifest: changed, source: "sts.json".into(), namespace: None, validate: Default::default() });
        assert!(response.errors.is_empty(), "{:?}", response.errors);
        let again = other.snapshot().statefulsets.values().next().unwrap();
        assert_eq!(again.spec.pod_management_policy.as_deref(), Some("Parallel"));
        assert_eq!(again.spec.template, set.spec.template);
    }
}
