//! POD030: an `exec` probe whose `psql` query reads a table.

use crate::rules::edit::replace_entry;
use crate::rules::registry::{Check, RuleInfo, BASE};
use crate::rules::workspace::Workspace;
use crate::rules::{Fix, Severity, Sink, Tier};

use super::Probe;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "POD030",
    name: "probe-runs-table-query",
    tier: Tier::T3,
    default_severity: Severity::Warning,
    summary: "the `{probe}` of {container} runs a query that reads a table (`{sql}`): it slows down as the table grows, and fails once it outlives `timeoutSeconds` ({t} s)",
    checks_md_id: None,
    other_tools: &[],
    check: Check::Files(run),
    ..BASE
};

const PROBES: [&str; 3] = ["livenessProbe", "readinessProbe", "startupProbe"];

fn run(ws: &Workspace<'_>, sink: &mut Sink) {
    for t in ws.pod_templates() {
        let obj = &ws.objects[t.object];
        for c in t.app_containers() {
            for kind in PROBES {
                let Some(p) = Probe::of(&c, kind) else { continue };
                let Some(exec) = p.node.get("exec") else { continue };
                let Some(command) = exec.entry("command") else { continue };
                let words: Vec<&str> = command.value.items().into_iter().flatten().filter_map(|n| n.as_str()).collect();
                let Some(sql) = table_query(&words) else { continue };
                let message = format!(
                    "the `{kind}` of {} runs a query that reads a table (`{sql}`): it slows down as the table grows, and fails once it outlives `timeoutSeconds` ({} s)",
                    c.label(),
                    p.int("timeoutSeconds")
                );
                let d = sink.report(obj.file, command.value.range, p.path.key("exec").key("command"), message);
                let user = role(&words);
                d.help = Some(format!("probe with `pg_isready -U {user}`: it asks the server whether it accepts connections and reads no data"));
                let replacement = format!("command: [\"pg_isready\", \"-U\", \"{user}\"]");
                d.fix = Some(Fix {
                    title: format!("probe with `pg_isready -U {user}`"),
                    explanation: "pg_isready answers as soon as the server accepts connections, in the same time whatever the size of the data.".into(),
                    edits: vec![replace_entry(obj.file, ws.text(obj.file), &command.key, &command.value, &replacement)],
                });
            }
        }
    }
}

/// The SQL of a `psql` command that reads a table: its `-c` (or a `sh -c` script's) text with
/// a `FROM`.
fn table_query(words: &[&str]) -> Option<String> {
    if !words.iter().any(|w| w.split_whitespace().any(|p| p.rsplit('/').next() == Some("psql"))) {
        return None;
    }
    let sql = if words.first().is_some_and(|w| w.rsplit('/').next() == Some("psql")) {
        // `psql … -c SQL`
        let i = words.iter().position(|w| *w == "-c" || *w == "--command")?;
        words.get(i + 1)?.to_string()
    } else {
        // `sh -c "psql … -c '…'"`: the SQL inside the script
        let script = words.iter().find(|w| w.contains("psql"))?;
        let at = script.find(" -c ").map_or(0, |i| i + 4);
        script[at..].to_owned()
    };
    let lower = sql.to_lowercase();
    let from = lower.find(" from ")?;
    // `FROM pg_…` reads the catalogue, a few rows whatever the data
    let table = lower[from + 6..].trim_start().trim_start_matches('"');
    if table.starts_with("pg_") || table.starts_with("information_schema") {
        return None;
    }
    Some(sql.trim().trim_matches(|c| c == '\'' || c == '"').to_owned())
}

/// The role the probe's psql connects as (`-U`), else the image's superuser.
fn role(words: &[&str]) -> String {
    words.iter().position(|w| *w == "-U" || *w == "--username").and_then(|i| words.get(i + 1)).map_or_else(|| "postgres".to_owned(), |u| (*u).to_owned())
}

#[cfg(test)]
mod tests {
    use super::table_query;

    #[test]
    fn finds_the_queries_that_read_a_table() {
        assert_eq!(table_query(&["psql", "-U", "postgres", "-c", "SELECT count(*) FROM readings"]).as_deref(), Some("SELECT count(*) FROM readings"));
        assert_eq!(table_query(&["sh", "-c", "psql -U app -c 'select * from orders limit 1'"]).as_deref(), Some("select * from orders limit 1"));
        assert_eq!(table_query(&["psql", "-c", "SELECT 1"]), None);
        assert_eq!(table_query(&["psql", "-c", "SELECT count(*) FROM pg_stat_activity"]), None);
        assert_eq!(table_query(&["pg_isready", "-U", "postgres"]), None);
    }
}
