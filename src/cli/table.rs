//! Aligned plain-text tables for people (`--json` is for scripts).

use crate::domain::text::display_width;

pub struct Table {
    headers: Vec<&'static str>,
    right: Vec<bool>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// Headers; a leading `>` right-aligns that column (numbers).
    pub fn new(headers: &[&'static str]) -> Self {
        Table {
            headers: headers.iter().map(|h| h.trim_start_matches('>')).collect(),
            right: headers.iter().map(|h| h.starts_with('>')).collect(),
            rows: vec![],
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn render(&self) -> String {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| display_width(h)).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate().take(n) {
                widths[i] = widths[i].max(display_width(c));
            }
        }
        let mut out = String::new();
        let line = |cells: Vec<&str>, out: &mut String| {
            let mut parts = Vec::with_capacity(n);
            for (i, c) in cells.iter().enumerate().take(n) {
                let pad = " ".repeat(widths[i].saturating_sub(display_width(c)));
                parts.push(if self.right[i] {
                    format!("{pad}{c}")
                } else {
                    format!("{c}{pad}")
                });
            }
            out.push_str(parts.join("  ").trim_end());
            out.push('\n');
        };
        line(self.headers.to_vec(), &mut out);
        for r in &self.rows {
            line(r.iter().map(|s| s.as_str()).collect(), &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_wide_characters() {
        let mut t = Table::new(&["name", ">n"]);
        t.row(vec!["東京".into(), "1".into()]);
        t.row(vec!["Mercy".into(), "12".into()]);
        assert_eq!(t.render(), "name    n\n東京    1\nMercy  12\n");
    }
}
