//! Aligned plain-text tables for people (`--json` is for scripts).

use crate::domain::text::display_width;

pub struct Table {
    headers: Vec<String>,
    right: Vec<bool>,
    /// Every row, its cells tab-separated and each row ending in a line
    /// break, in one string: a listing of a big book holds one buffer, not
    /// an allocation a row, and prints it as it is when piped.
    rows: String,
}

/// A terminal table is printed this much at a time, not made whole first.
const CHUNK: usize = 64 * 1024;

impl Table {
    /// Headers; a leading `>` right-aligns that column (numbers).
    pub fn new(headers: &[&str]) -> Self {
        Table {
            headers: headers
                .iter()
                .map(|h| h.trim_start_matches('>').to_string())
                .collect(),
            right: headers.iter().map(|h| h.starts_with('>')).collect(),
            rows: String::new(),
        }
    }

    /// A tab or line break in a cell becomes a space.
    pub fn row(&mut self, cells: Vec<String>) {
        self.push_line(&Table::line(cells));
    }

    /// A row made ahead, to be added later with [`Table::push_line`] (a
    /// listing that sorts its rows first keeps them this small).
    pub fn line(cells: Vec<String>) -> Box<str> {
        let mut line = String::with_capacity(cells.iter().map(|c| c.len() + 1).sum());
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                line.push('\t');
            }
            if !c.bytes().any(|b| matches!(b, b'\t' | b'\n' | b'\r')) {
                line.push_str(c);
                continue;
            }
            for ch in c.chars() {
                line.push(if matches!(ch, '\t' | '\n' | '\r') {
                    ' '
                } else {
                    ch
                });
            }
        }
        line.into_boxed_str()
    }

    /// A row made with [`Table::line`] or [`Cells`].
    pub fn push_line(&mut self, line: &str) {
        self.rows.push_str(line);
        self.rows.push('\n');
    }

    /// Room for `bytes` more of rows, when a listing knows how much.
    pub fn reserve(&mut self, bytes: usize) {
        self.rows.reserve(bytes);
    }

    /// As [`Table::row`], the row written straight into its line (no
    /// string a cell): for listings of every account.
    pub fn push_cells(&mut self, line: Cells) {
        self.push_line(&line.0);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table for standard output: fitted to the terminal's width, or
    /// plain tab-separated rows when it is not a terminal (a pipe, a file),
    /// for `cut`, `awk` and spreadsheets.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, &mut |_| {});
        out
    }

    /// Prints the table as [`Table::render`] gives it, a piece at a time
    /// and without control characters (see [`super::emit`]): a listing of
    /// every account is never copied whole.
    pub fn print(&self) {
        use std::io::IsTerminal;
        if !std::io::stdout().is_terminal() {
            // As `tsv`, without copying the rows.
            super::emit(&(self.headers.join("\t") + "\n"));
            super::emit(&self.rows);
            return;
        }
        let mut out = String::with_capacity(CHUNK);
        self.write(&mut out, &mut |o| {
            super::emit(o);
            o.clear();
        });
        super::emit(&out);
    }

    /// Writes the table into `out`, handing it to `flush` whenever it
    /// holds a chunk: [`Table::tsv`] or [`Table::render_within`] the
    /// terminal's width.
    fn write(&self, out: &mut String, flush: &mut dyn FnMut(&mut String)) {
        use std::io::IsTerminal;
        if !std::io::stdout().is_terminal() {
            out.push_str(&self.tsv());
            return;
        }
        let width = crossterm::terminal::size().map_or(usize::MAX, |(w, _)| w as usize);
        self.render_into(width, out, flush);
    }

    /// Tab-separated: the headers, then each row; a tab or line break in a
    /// cell becomes a space.
    pub fn tsv(&self) -> String {
        // The rows are kept as they are printed.
        self.headers.join("\t") + "\n" + &self.rows
    }

    /// Aligned in `width` columns: the widest text columns give way first
    /// (never below 6), and a cell cut short ends with "…".
    pub fn render_within(&self, width: usize) -> String {
        let mut out = String::new();
        self.render_into(width, &mut out, &mut |_| {});
        out
    }

    fn render_into(&self, width: usize, out: &mut String, flush: &mut dyn FnMut(&mut String)) {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| display_width(h)).collect();
        for r in self.rows.lines() {
            for (i, c) in r.split('\t').enumerate().take(n) {
                widths[i] = widths[i].max(display_width(c));
            }
        }
        // Columns shown: the last ones give way first, when the text
        // columns are as narrow as they go (the first two always stay).
        let mut shown = n;
        let total = |w: &[usize], shown: usize| {
            w.iter().take(shown).sum::<usize>() + 2 * shown.saturating_sub(1)
        };
        while total(&widths, shown) > width {
            let narrowest = widths
                .iter()
                .enumerate()
                .take(shown)
                .filter(|(i, w)| !self.right[*i] && **w > 6)
                .max_by_key(|(_, w)| **w);
            match narrowest {
                // A text column much wider than the rest gives way first.
                Some((i, w)) if *w > 12 || shown <= 2 => widths[i] -= 1,
                _ if shown > 2 => shown -= 1,
                Some((i, _)) => widths[i] -= 1,
                None => break,
            }
        }
        let n = shown;
        // Straight into `out`, cell by cell: a listing can run to many
        // thousands of rows.
        let line = |cells: &mut dyn Iterator<Item = &str>, out: &mut String| {
            let start = out.len();
            for (i, c) in cells.take(n).enumerate() {
                if i > 0 {
                    out.push_str("  ");
                }
                let wide = display_width(c);
                let c: std::borrow::Cow<str> = if wide <= widths[i] {
                    c.into()
                } else {
                    crate::domain::text::fit(c, widths[i]).into()
                };
                let pad = widths[i].saturating_sub(if wide <= widths[i] {
                    wide
                } else {
                    display_width(&c)
                });
                if self.right[i] {
                    out.extend(std::iter::repeat_n(' ', pad));
                    out.push_str(&c);
                } else {
                    out.push_str(&c);
                    out.extend(std::iter::repeat_n(' ', pad));
                }
            }
            let end = out[start..].trim_end().len() + start;
            out.truncate(end);
            out.push('\n');
        };
        line(&mut self.headers.iter().map(|h| &**h), out);
        for r in self.rows.lines() {
            line(&mut r.split('\t'), out);
            if out.len() >= CHUNK {
                flush(out);
            }
        }
    }
}

/// A row being written cell by cell into one string; a tab or line break
/// in a cell becomes a space, as in [`Table::line`].
#[derive(Default)]
pub struct Cells(String);

impl Cells {
    pub fn with_capacity(n: usize) -> Cells {
        Cells(String::with_capacity(n))
    }

    /// The next cell, written as `format_args!` gives it.
    pub fn cell(&mut self, text: std::fmt::Arguments) -> &mut Cells {
        use std::fmt::Write;
        self.push(|s| {
            let _ = s.write_fmt(text);
        })
    }

    /// The next cell, written by `write` at the end of the row's text
    /// (dates and the like, with no string of their own).
    pub fn push(&mut self, write: impl FnOnce(&mut String)) -> &mut Cells {
        if !self.0.is_empty() {
            self.0.push('\t');
        }
        let from = self.0.len();
        write(&mut self.0);
        if self.0[from..]
            .bytes()
            .any(|b| matches!(b, b'\t' | b'\n' | b'\r'))
        {
            // ASCII bytes for ASCII bytes: the text stays valid UTF-8.
            let tail: String = self.0[from..]
                .chars()
                .map(|c| {
                    if matches!(c, '\t' | '\n' | '\r') {
                        ' '
                    } else {
                        c
                    }
                })
                .collect();
            self.0.truncate(from);
            self.0.push_str(&tail);
        }
        self
    }

    /// The next cell, `parts` one after another: text as it is, without
    /// the formatting machinery (a listing of thousands of rows spent a
    /// third of its time there).
    pub fn text(&mut self, parts: &[&str]) -> &mut Cells {
        if !self.0.is_empty() {
            self.0.push('\t');
        }
        for part in parts {
            if part.bytes().any(|b| matches!(b, b'\t' | b'\n' | b'\r')) {
                self.0.extend(part.chars().map(|c| {
                    if matches!(c, '\t' | '\n' | '\r') {
                        ' '
                    } else {
                        c
                    }
                }));
            } else {
                self.0.push_str(part);
            }
        }
        self
    }

    pub fn done(self) -> Box<str> {
        self.0.into_boxed_str()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Empty again, its room kept for the next row.
    pub fn clear(&mut self) {
        self.0.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cells_are_as_formatted_ones() {
        let mut a = Cells::default();
        a.cell(format_args!("{}", 7))
            .cell(format_args!("@{}", "mer\tcy"))
            .cell(format_args!("{}", "two\nlines"));
        let mut b = Cells::default();
        b.cell(format_args!("{}", 7))
            .text(&["@", "mer\tcy"])
            .text(&["two\nlines"]);
        assert_eq!(a.done(), b.done());
        assert_eq!(Cells::default().text(&["a", "b"]).text(&[]).0, "ab\t");
    }

    #[test]
    fn aligns_wide_characters() {
        let mut t = Table::new(&["name", ">n"]);
        t.row(vec!["東京".into(), "1".into()]);
        t.row(vec!["Mercy".into(), "12".into()]);
        assert_eq!(t.render_within(80), "name    n\n東京    1\nMercy  12\n");
    }

    #[test]
    fn columns_give_way_and_pipes_get_tabs() {
        let mut t = Table::new(&["handle", "name", ">n"]);
        t.row(vec![
            "linwood-1034".into(),
            "Linwood General Hospital".into(),
            "7".into(),
        ]);
        let narrow = t.render_within(30);
        assert!(narrow.lines().all(|l| display_width(l) <= 30), "{narrow}");
        assert!(narrow.contains('…'), "{narrow}");
        assert_eq!(
            t.tsv(),
            "handle\tname\tn\nlinwood-1034\tLinwood General Hospital\t7\n"
        );
    }
}
