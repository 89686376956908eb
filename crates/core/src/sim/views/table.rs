//! Column alignment as kubectl's tabwriter does it: cells padded to the widest cell of their
//! column plus 3 spaces (at least 6), the last column unpadded.

/// Padding after each cell.
const PADDING: usize = 3;
/// The narrowest a column gets.
const MIN_WIDTH: usize = 6;

/// Widths that only grow, as kubectl's `RememberWidths` tabwriter keeps them across the
/// flushes of a watch.
#[derive(Clone, Debug, Default)]
pub struct Widths(Vec<usize>);

impl Widths {
    /// Renders one line, widening the remembered columns as needed.
    pub fn line(&mut self, cells: &[String]) -> String {
        for (i, c) in cells.iter().enumerate() {
            let w = (c.chars().count() + PADDING).max(MIN_WIDTH);
            if i >= self.0.len() {
                self.0.push(w);
            } else if self.0[i] < w {
                self.0[i] = w;
            }
        }
        let mut out = String::new();
        for (i, c) in cells.iter().enumerate() {
            out.push_str(c);
            if i + 1 < cells.len() {
                let pad = self.0[i] - c.chars().count();
                out.push_str(&" ".repeat(pad));
            }
        }
        out.trim_end().to_owned()
    }
}

/// A `kubectl get -w` printer: the header goes out with the first row, and the widths only
/// grow, so every line can be printed as it arrives.
#[derive(Clone, Debug)]
pub struct WatchPrinter {
    header: Vec<String>,
    widths: Widths,
    started: bool,
}

impl WatchPrinter {
    /// A printer for these columns.
    pub fn new(columns: &[&str]) -> WatchPrinter {
        WatchPrinter { header: columns.iter().map(|c| (*c).to_owned()).collect(), widths: Widths::default(), started: false }
    }

    /// The line of one row, preceded by the header line when it is the first row.
    pub fn push(&mut self, row: &[String]) -> (Option<String>, String) {
        let header = if self.started {
            None
        } else {
            self.started = true;
            self.widths.line(row);
            Some(self.widths.line(&self.header.clone()))
        };
        (header, self.widths.line(row))
    }

    /// The first batch of a watch, kubectl's initial list: every row written, then one flush,
    /// so the header and the rows share the widths of the widest (which later lines keep).
    /// The lines, each without its newline; none for an empty list (the header then comes
    /// with the first change).
    pub fn push_batch(&mut self, rows: &[Vec<String>]) -> Vec<String> {
        if rows.is_empty() {
            return Vec::new();
        }
        for row in rows {
            self.widths.line(row);
        }
        let mut out = Vec::with_capacity(rows.len() + 1);
        if !self.started {
            out.push(self.widths.line(&self.header.clone()));
            self.started = true;
        }
        out.extend(rows.iter().map(|r| self.widths.line(r)));
        out
    }

    /// The header alone, as printed before any row arrived.
    pub fn header(&self) -> String {
        self.widths.clone().line(&self.header)
    }
}

/// Renders a header and rows as one aligned block, with a trailing newline.
pub fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths = Widths::default();
    let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    widths.line(&header);
    for r in rows {
        widths.line(r);
    }
    let mut out = widths.line(&header);
    out.push('\n');
    for r in rows {
        out.push_str(&widths.line(r));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_like_kubectl() {
        let rows = vec![vec!["web-0".to_owned(), "1/1".to_owned(), "Running".to_owned(), "0".to_owned(), "10s".to_owned()]];
        assert_eq!(
            render(&["NAME", "READY", "STATUS", "RESTARTS", "AGE"], &rows),
            "NAME    READY   STATUS    RESTARTS   AGE\nweb-0   1/1     Running   0          10s\n"
        );
    }
}
