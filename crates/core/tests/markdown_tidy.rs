//! Every text the app renders as Markdown (the rules' explanations, the catalogue's entries,
//! value notes and concept pages, the lessons) has well-formed inline code: outside fenced
//! blocks, every code span is closed, and a span opened with one backtick neither is empty nor
//! starts or ends with a space. A span that needs a backtick inside (kubectl's
//! ``… `selector` does not match template `labels` ``) is opened with two. STS001's "Why?"
//! once nested single backticks, which rendered as broken code.

use ordinal_core::{catalog, lessons, rules};

/// The problems of one text: each with its 1-based line.
fn code_span_problems(text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut fenced = false;
    // a paragraph: consecutive non-blank lines outside fences (code spans may wrap lines)
    let mut paragraph: Vec<(usize, &str)> = Vec::new();
    let check = |paragraph: &mut Vec<(usize, &str)>, problems: &mut Vec<String>| {
        if paragraph.is_empty() {
            return;
        }
        let first = paragraph[0].0;
        let joined = paragraph.iter().map(|(_, l)| *l).collect::<Vec<_>>().join("\n");
        let mut rest = joined.as_str();
        while let Some(open) = rest.find('`') {
            let after = &rest[open..];
            let ticks = after.bytes().take_while(|b| *b == b'`').count();
            let fence = &after[..ticks];
            let body = &after[ticks..];
            // the closing run: exactly as many backticks
            let mut search = 0;
            let close = loop {
                match body[search..].find(fence) {
                    None => break None,
                    Some(at) => {
                        let at = search + at;
                        let run = body[at..].bytes().take_while(|b| *b == b'`').count();
                        if run == ticks {
                            break Some(at);
                        }
                        search = at + run;
                    }
                }
            };
            let line = first + joined[..joined.len() - rest.len() + open].matches('\n').count();
            match close {
                None => {
                    problems.push(format!("line {line}: a code span opened with {ticks} backtick(s) is never closed"));
                    break;
                }
                Some(at) => {
                    let code = &body[..at];
                    if ticks == 1 && (code.trim().is_empty() || code.starts_with(char::is_whitespace) || code.ends_with(char::is_whitespace)) {
                        problems.push(format!("line {line}: the code span `{code}` is empty or padded: nested backticks? (open it with two: ``a `b` c``)"));
                    }
                    rest = &body[at + ticks..];
                }
            }
        }
        paragraph.clear();
    };
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            check(&mut paragraph, &mut problems);
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        if line.trim().is_empty() {
            check(&mut paragraph, &mut problems);
        } else {
            paragraph.push((i + 1, line));
        }
    }
    check(&mut paragraph, &mut problems);
    problems
}

#[test]
fn the_checker_finds_nested_backticks() {
    assert!(!code_span_problems("`a: `b` c``").is_empty());
    assert!(code_span_problems("see `x").len() == 1);
    assert!(code_span_problems("``a `b` c`` and `d`\n\n```\n`odd\n```\n").is_empty());
    assert!(code_span_problems("`a\nb` wraps").is_empty());
}

#[test]
fn every_markdown_text_has_well_formed_code_spans() {
    let mut texts: Vec<(String, &'static str)> = Vec::new();
    for r in rules::registry() {
        texts.push((format!("rule {}", r.code), r.explanation()));
    }
    for e in catalog::entries() {
        texts.push((e.file.to_owned(), e.text));
    }
    for v in catalog::values() {
        texts.push((v.file.to_owned(), v.text));
    }
    for c in catalog::concepts() {
        texts.push((format!("concept {}", c.id), c.text));
    }
    for (file, text) in lessons::sources() {
        texts.push(((*file).to_owned(), text));
    }
    let problems: Vec<String> = texts.iter().flat_map(|(name, text)| code_span_problems(text).into_iter().map(move |p| format!("{name}: {p}"))).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
