//! Text arriving in one piece (a paste, a drop) that would make more than ordinal reads is
//! refused before the browser inserts it. Chromium alone takes seconds to insert and lay out
//! 10 MB or 200,000 lines in a textarea, and ordinal would read none or part of it anyway
//! (`ordinal_core::yaml::Limits`, docs/limits.md); refusing it keeps the page responsive and the
//! current text as it is, and says why at once.

use ordinal_core::yaml::{human_size as size, Limits};

/// Why text pasted over bytes `start..end` of `current` is refused, or `None` to let the
/// browser insert it.
pub fn refusal(current: &str, start: usize, end: usize, pasted: &str, limits: &Limits) -> Option<String> {
    let (start, end) = (start.min(current.len()), end.min(current.len()));
    let (before, after) = (current.get(..start).unwrap_or(""), current.get(end.max(start)..).unwrap_or(""));
    let bytes = before.len() + pasted.len() + after.len();
    if bytes > limits.max_bytes {
        return Some(format!(
            "Not pasted: the text would be {}, more than the {} ordinal reads. Your text is unchanged.",
            size(bytes),
            size(limits.max_bytes)
        ));
    }
    // A `---` line starts a document; a text that does not open with one starts with a document too.
    let markers = [before, pasted, after].iter().map(|part| document_markers(part)).sum::<usize>();
    let opens_with_marker = [before, pasted, after].iter().find(|p| !p.is_empty()).is_some_and(|p| is_marker(p.lines().next().unwrap_or("")));
    let documents = markers + usize::from(!opens_with_marker);
    if documents > limits.max_documents {
        return Some(format!(
            "Not pasted: the text would hold {} documents, more than the {} ordinal reads. Your text is unchanged.",
            thousands(documents),
            thousands(limits.max_documents)
        ));
    }
    None
}

fn is_marker(line: &str) -> bool {
    line.strip_prefix("---").is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r']))
}

fn document_markers(text: &str) -> usize {
    text.lines().filter(|l| is_marker(l)).count()
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::refusal;
    use ordinal_core::yaml::Limits;

    #[test]
    fn refuses_what_would_be_over_the_size_limit() {
        let ten_mb = "a: b\n".repeat(2 * 1024 * 1024);
        let message = refusal("kind: Service\n", 0, 14, &ten_mb, &Limits::DEFAULT).unwrap();
        assert_eq!(message, "Not pasted: the text would be 10 MiB, more than the 2 MiB ordinal reads. Your text is unchanged.");
        // the selection it replaces counts: replacing 1 MiB of a 1.5 MiB text by 1 MiB is fine
        let current = "x".repeat(1536 * 1024);
        assert_eq!(refusal(&current, 0, 1024 * 1024, &"y".repeat(1024 * 1024), &Limits::DEFAULT), None);
        assert!(refusal(&current, 0, 0, &"y".repeat(1024 * 1024), &Limits::DEFAULT).unwrap().contains("2.5 MiB"));
    }

    #[test]
    fn refuses_what_would_be_over_the_document_limit() {
        let many = "---\nx: 1\n".repeat(100_000);
        let message = refusal("", 0, 0, &many, &Limits::DEFAULT).unwrap();
        assert_eq!(message, "Not pasted: the text would hold 100,000 documents, more than the 10,000 ordinal reads. Your text is unchanged.");
        // exactly at the limit, with or without a first marker
        assert_eq!(refusal("", 0, 0, &"---\nx: 1\n".repeat(10_000), &Limits::DEFAULT), None);
        assert_eq!(refusal("x: 0\n", 5, 5, &"---\nx: 1\n".repeat(9_999), &Limits::DEFAULT), None);
        assert!(refusal("x: 0\n", 5, 5, &"---\nx: 1\n".repeat(10_000), &Limits::DEFAULT).is_some());
        // `----` and `--- #` are told apart
        assert_eq!(refusal("", 0, 0, &"----\n".repeat(20_000), &Limits::DEFAULT), None);
    }

    #[test]
    fn lets_ordinary_pastes_through() {
        let guide = ordinal_core::examples::GUIDE;
        assert_eq!(refusal(guide, 10, 20, guide, &Limits::DEFAULT), None);
        assert_eq!(refusal("", 0, 0, "", &Limits::DEFAULT), None);
        // offsets past the end (a stale selection) do not panic
        assert_eq!(refusal("abc", 7, 9, "d", &Limits::DEFAULT), None);
    }
}
