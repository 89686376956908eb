//! A port of Go's `text/tabwriter` layout (the part `kubectl describe` relies on): cells end
//! with a tab, consecutive lines that have a cell in the same column form a block, and a
//! block is as wide as its widest cell plus the padding.

/// Aligns tab-separated text. `min_width` and `padding` as in `tabwriter.NewWriter`.
pub fn align(text: &str, min_width: usize, padding: usize) -> String {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let lines: Vec<Vec<&str>> = body.split('\n').map(|l| l.split('\t').collect()).collect();
    let mut out = String::new();
    let mut widths = Vec::new();
    format(&lines, 0, lines.len(), &mut widths, min_width, padding, &mut out);
    if !text.ends_with('\n') {
        out.pop();
    }
    out
}

fn width(s: &str) -> usize {
    s.chars().count()
}

fn format(lines: &[Vec<&str>], mut line0: usize, line1: usize, widths: &mut Vec<usize>, min_width: usize, padding: usize, out: &mut String) {
    let column = widths.len();
    let mut this = line0;
    while this < line1 {
        if column + 1 >= lines[this].len() {
            this += 1;
            continue;
        }
        write_lines(lines, line0, this, widths, out);
        line0 = this;
        let mut w = min_width;
        while this < line1 && column + 1 < lines[this].len() {
            w = w.max(width(lines[this][column]) + padding);
            this += 1;
        }
        widths.push(w);
        format(lines, line0, this, widths, min_width, padding, out);
        widths.pop();
        line0 = this;
    }
    write_lines(lines, line0, line1, widths, out);
}

fn write_lines(lines: &[Vec<&str>], line0: usize, line1: usize, widths: &[usize], out: &mut String) {
    for line in &lines[line0..line1] {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if j + 1 < line.len() {
                if let Some(w) = widths.get(j) {
                    out.push_str(&" ".repeat(w.saturating_sub(width(cell))));
                }
            }
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::align;

    #[test]
    fn blocks_align_independently() {
        let text = "Name:\tweb-0\nService Account:\tdefault\nIPs:\n  IP:\t10.0.0.1\nControlled By:\tStatefulSet/web\n";
        assert_eq!(
            align(text, 0, 2),
            "Name:             web-0\nService Account:  default\nIPs:\n  IP:           10.0.0.1\nControlled By:  StatefulSet/web\n"
        );
    }
}
