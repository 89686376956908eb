//! The small Markdown the content is written in (core's `content/` and the rules'
//! explanations), parsed into blocks and rendered as Yew HTML: headings, paragraphs, ordered
//! and unordered lists, fenced code, tables, and inline code, bold, italics and links. No raw
//! HTML is ever passed through.

use yew::prelude::*;

/// An inline run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// `code`.
    Code(String),
    /// **bold**.
    Strong(Vec<Inline>),
    /// *italics*.
    Em(Vec<Inline>),
    /// [text](url).
    Link(Vec<Inline>, String),
}

/// A block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// `## Heading` (level 1–6).
    Heading(u8, Vec<Inline>),
    /// A paragraph (its lines joined by spaces).
    Para(Vec<Inline>),
    /// A list: ordered or not, items of inlines.
    List(bool, Vec<Vec<Inline>>),
    /// A fenced code block: language and text.
    Code(String, String),
    /// A table: header cells and rows.
    Table(Vec<Vec<Inline>>, Vec<Vec<Vec<Inline>>>),
}

fn list_item(line: &str) -> Option<(bool, &str)> {
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
        return Some((false, rest));
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && t[digits..].starts_with(". ") {
        return Some((true, &t[digits + 2..]));
    }
    None
}

fn table_cells(line: &str) -> Vec<&str> {
    let t = line.trim().trim_start_matches('|').trim_end_matches('|');
    t.split('|').map(str::trim).collect()
}

fn is_table_rule(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.contains("---") && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Parses Markdown into blocks.
pub fn parse(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut i = 0;
    let flush = |para: &mut Vec<&str>, out: &mut Vec<Block>| {
        if !para.is_empty() {
            out.push(Block::Para(inlines(&para.join(" "))));
            para.clear();
        }
    };
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim();
        if t.is_empty() {
            flush(&mut para, &mut out);
            i += 1;
        } else if let Some(lang) = t.strip_prefix("```") {
            flush(&mut para, &mut out);
            let mut code = Vec::new();
            i += 1;
            while i < lines.len() && !lines[i].trim_start().starts_with("```") {
                code.push(lines[i]);
                i += 1;
            }
            i += 1;
            out.push(Block::Code(lang.trim().to_owned(), code.join("\n")));
        } else if t.starts_with('#') && t.trim_start_matches('#').starts_with(' ') {
            flush(&mut para, &mut out);
            let level = t.bytes().take_while(|b| *b == b'#').count().min(6) as u8;
            out.push(Block::Heading(level, inlines(t[level as usize..].trim())));
            i += 1;
        } else if t.starts_with('|') && lines.get(i + 1).is_some_and(|l| is_table_rule(l)) {
            flush(&mut para, &mut out);
            let head = table_cells(t).into_iter().map(inlines).collect();
            i += 2;
            let mut rows = Vec::new();
            while i < lines.len() && lines[i].trim().starts_with('|') {
                rows.push(table_cells(lines[i]).into_iter().map(inlines).collect());
                i += 1;
            }
            out.push(Block::Table(head, rows));
        } else if let Some((ordered, first)) = list_item(line) {
            flush(&mut para, &mut out);
            let mut items = vec![first.to_owned()];
            i += 1;
            while i < lines.len() {
                let l = lines[i];
                if l.trim().is_empty() {
                    // a blank line ends the list unless another item follows
                    if lines.get(i + 1).and_then(|n| list_item(n)).is_some_and(|(o, _)| o == ordered) {
                        i += 1;
                        continue;
                    }
                    break;
                }
                match list_item(l) {
                    Some((o, rest)) if o == ordered || l.starts_with(' ') => {
                        let nested = l.starts_with(' ');
                        items.push(if nested { format!("– {rest}") } else { rest.to_owned() });
                    }
                    Some(_) => break,
                    None if l.starts_with(' ') || !l.trim_start().starts_with(['#', '|', '`']) => {
                        let last = items.last_mut().expect("one item at least");
                        last.push(' ');
                        last.push_str(l.trim());
                    }
                    None => break,
                }
                i += 1;
            }
            out.push(Block::List(ordered, items.iter().map(|s| inlines(s)).collect()));
        } else {
            para.push(t);
            i += 1;
        }
    }
    flush(&mut para, &mut out);
    out
}

/// Parses inline Markdown.
pub fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let b = text.as_bytes();
    let mut i = 0;
    let push_plain = |plain: &mut String, out: &mut Vec<Inline>| {
        if !plain.is_empty() {
            out.push(Inline::Text(std::mem::take(plain)));
        }
    };
    while i < b.len() {
        let rest = &text[i..];
        if rest.starts_with('`') {
            let ticks = rest.bytes().take_while(|c| *c == b'`').count();
            let fence = &rest[..ticks];
            if let Some(end) = rest[ticks..].find(fence) {
                push_plain(&mut plain, &mut out);
                out.push(Inline::Code(rest[ticks..ticks + end].trim().to_owned()));
                i += ticks + end + ticks;
                continue;
            }
        } else if rest.starts_with("**") {
            if let Some(end) = rest[2..].find("**") {
                push_plain(&mut plain, &mut out);
                out.push(Inline::Strong(inlines(&rest[2..2 + end])));
                i += end + 4;
                continue;
            }
        } else if rest.starts_with('*') && !rest.starts_with("* ") {
            if let Some(end) = rest[1..].find('*') {
                if end > 0 {
                    push_plain(&mut plain, &mut out);
                    out.push(Inline::Em(inlines(&rest[1..1 + end])));
                    i += end + 2;
                    continue;
                }
            }
        } else if rest.starts_with('[') {
            if let Some(close) = rest.find("](") {
                if let Some(paren) = rest[close + 2..].find(')') {
                    let label = &rest[1..close];
                    let url = &rest[close + 2..close + 2 + paren];
                    if !label.contains(']') && !url.contains(' ') {
                        push_plain(&mut plain, &mut out);
                        out.push(Inline::Link(inlines(label), url.to_owned()));
                        i += close + 3 + paren;
                        continue;
                    }
                }
            }
        }
        let c = rest.chars().next().expect("not at the end");
        plain.push(c);
        i += c.len_utf8();
    }
    push_plain(&mut plain, &mut out);
    out
}

/// Text, with the content's check and cross marks (✅ ❌, which need an emoji font that
/// projectors and minimal systems lack) drawn as plain ✓ and ✗ in colour, named for screen
/// readers.
fn render_text(text: &str) -> Html {
    let mut out: Vec<Html> = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['✅', '❌', '✔', '✘']) {
        let c = rest[i..].chars().next().expect("found a mark");
        if i > 0 {
            out.push(html! { { rest[..i].to_owned() } });
        }
        let yes = matches!(c, '✅' | '✔');
        out.push(html! {
            <span class={if yes { "md-yes" } else { "md-no" }} role="img" aria-label={if yes { "yes" } else { "no" }}>
                { if yes { "✓" } else { "✗" } }
            </span>
        });
        rest = rest[i + c.len_utf8()..].trim_start_matches('\u{fe0f}');
    }
    if !rest.is_empty() {
        out.push(html! { { rest.to_owned() } });
    }
    out.into_iter().collect()
}

fn render_inlines(items: &[Inline]) -> Html {
    items
        .iter()
        .map(|i| match i {
            Inline::Text(t) => render_text(t),
            Inline::Code(c) => html! { <code>{ c.clone() }</code> },
            Inline::Strong(v) => html! { <strong>{ render_inlines(v) }</strong> },
            Inline::Em(v) => html! { <em>{ render_inlines(v) }</em> },
            Inline::Link(v, url) => {
                // only web links leave the page; anything else is shown as text
                if url.starts_with("https://") || url.starts_with("http://") {
                    html! { <a href={url.clone()} target="_blank" rel="noopener noreferrer">{ render_inlines(v) }</a> }
                } else {
                    render_inlines(v)
                }
            }
        })
        .collect()
}

/// Renders one line of inline Markdown (no blocks).
pub fn render_inline(text: &str) -> Html {
    render_inlines(&inlines(text))
}

/// Renders Markdown. Headings are shifted so that `#` becomes `h{base}`.
pub fn render(text: &str, base: u8) -> Html {
    parse(text)
        .into_iter()
        .map(|b| match b {
            Block::Heading(level, v) => {
                let tag = format!("h{}", (level + base - 1).min(6));
                html! { <@{tag}>{ render_inlines(&v) }</@> }
            }
            Block::Para(v) => html! { <p>{ render_inlines(&v) }</p> },
            Block::List(true, items) => html! { <ol>{ for items.iter().map(|i| html! { <li>{ render_inlines(i) }</li> }) }</ol> },
            Block::List(false, items) => html! { <ul>{ for items.iter().map(|i| html! { <li>{ render_inlines(i) }</li> }) }</ul> },
            Block::Code(lang, code) => html! {
                <pre class={classes!("md-code", (!lang.is_empty()).then(|| format!("lang-{lang}")))} tabindex="0"><code>{ code }</code></pre>
            },
            Block::Table(head, rows) => html! {
                <div class="md-table" tabindex="0">
                    <table>
                        <thead><tr>{ for head.iter().map(|c| html! { <th scope="col">{ render_inlines(c) }</th> }) }</tr></thead>
                        <tbody>{ for rows.iter().map(|r| html! { <tr>{ for r.iter().map(|c| html! { <td>{ render_inlines(c) }</td> }) }</tr> }) }</tbody>
                    </table>
                </div>
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn inline_markup() {
        assert_eq!(
            inlines("Use `ReadWriteOnce` for **one node**, *not* [many](https://k8s.io/x)."),
            [
                text("Use "),
                Inline::Code("ReadWriteOnce".into()),
                text(" for "),
                Inline::Strong(vec![text("one node")]),
                text(", "),
                Inline::Em(vec![text("not")]),
                text(" "),
                Inline::Link(vec![text("many")], "https://k8s.io/x".into()),
                text("."),
            ]
        );
        assert_eq!(inlines("a * b and `unclosed"), [text("a * b and `unclosed")]);
        assert_eq!(inlines("``a`b``"), [Inline::Code("a`b".into())]);
    }

    #[test]
    fn blocks() {
        let md = "## What it does\nThe desired number\nof pods.\n\n1. creates pod 0;\n2. then pod 1.\n\n- one\n  continued\n  - nested\n- two\n\n```yaml\nreplicas: 3\n```\n| a | b |\n|---|---|\n| `x` | y |\n";
        let blocks = parse(md);
        assert_eq!(blocks[0], Block::Heading(2, vec![text("What it does")]));
        assert_eq!(blocks[1], Block::Para(vec![text("The desired number of pods.")]));
        assert_eq!(blocks[2], Block::List(true, vec![vec![text("creates pod 0;")], vec![text("then pod 1.")]]));
        assert_eq!(blocks[3], Block::List(false, vec![vec![text("one continued")], vec![text("– nested")], vec![text("two")]]));
        assert_eq!(blocks[4], Block::Code("yaml".into(), "replicas: 3".into()));
        assert_eq!(blocks[5], Block::Table(vec![vec![text("a")], vec![text("b")]], vec![vec![vec![Inline::Code("x".into())], vec![text("y")]]]));
        assert_eq!(blocks.len(), 6);
    }

    #[test]
    fn every_rule_explanation_and_concept_parses_into_blocks() {
        for rule in ordinal_core::rules::registry() {
            let blocks = parse(rule.explanation());
            assert!(blocks.iter().any(|b| matches!(b, Block::Heading(2, _))), "{}", rule.code);
            assert!(blocks.iter().any(|b| matches!(b, Block::Code(..))), "{}: no example", rule.code);
        }
        for c in ordinal_core::catalog::concepts() {
            for (_, body) in &c.sections {
                assert!(!parse(body).is_empty(), "{}", c.id);
            }
        }
    }
}
