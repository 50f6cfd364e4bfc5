//! The TOML exchange format, written one record at a time (see README.md,
//! "Export and import", for the format). Every value sits on one line, so
//! a reader can split the file into records by their `[[kind]]` headers.

use super::ExportError;
use crate::domain::{Choice, Date};
use crate::store::Exported;
use std::fmt::Write as _;
use std::io::Write;

/// A TOML basic string on one line.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML float that reads back as the same number.
pub fn float(v: f64) -> String {
    let s = format!("{v}");
    if s.contains(['.', 'e', 'E', 'n', 'i']) {
        s
    } else {
        format!("{s}.0")
    }
}

/// One record's lines.
struct Block(String);

impl Block {
    fn new(kind: &str) -> Block {
        Block(format!("[[{kind}]]\n"))
    }
    fn raw(&mut self, key: &str, value: &str) -> &mut Self {
        let _ = writeln!(self.0, "{key} = {value}");
        self
    }
    /// Always written.
    fn text(&mut self, key: &str, v: &str) -> &mut Self {
        self.raw(key, &string(v))
    }
    /// Left out when empty (reads back as empty).
    fn some_text(&mut self, key: &str, v: &str) -> &mut Self {
        if !v.is_empty() {
            self.text(key, v);
        }
        self
    }
    fn date(&mut self, key: &str, d: Date) -> &mut Self {
        self.raw(key, &d.to_string())
    }
    fn some_date(&mut self, key: &str, d: Option<Date>) -> &mut Self {
        if let Some(d) = d {
            self.date(key, d);
        }
        self
    }
    fn some_int(&mut self, key: &str, v: Option<i64>) -> &mut Self {
        if let Some(v) = v {
            self.raw(key, &v.to_string());
        }
        self
    }
    fn some_float(&mut self, key: &str, v: Option<f64>) -> &mut Self {
        if let Some(v) = v {
            self.raw(key, &float(v));
        }
        self
    }
    fn list(&mut self, key: &str, items: &[String]) -> &mut Self {
        if !items.is_empty() {
            let parts: Vec<String> = items.iter().map(|s| string(s)).collect();
            self.raw(key, &format!("[{}]", parts.join(", ")));
        }
        self
    }
}

/// The first lines of every file.
pub fn preamble() -> String {
    format!(
        "# saydo field book · format {} · see README.md, \"Export and import\"\nsaydo = {}\n",
        super::FORMAT,
        super::FORMAT
    )
}

/// One record in the exchange format, a blank line before it.
pub fn record(e: &Exported) -> String {
    let b = match e {
        Exported::Person(p) => {
            let mut b = Block::new("person");
            b.text("id", &p.id.to_string()).text("name", &p.name);
            b
        }
        Exported::Introduction {
            account,
            metric,
            record: x,
        } => introduction_block(account, metric, x),
        Exported::Partner(p) => {
            let mut b = Block::new("partner");
            b.text("id", &p.id.to_string())
                .text("name", &p.name)
                .some_text("function", &p.function)
                .some_text("owner", p.owner.as_deref().unwrap_or(""))
                .list("kpis", &p.kpis);
            b
        }
        Exported::Account(a) => account_block(a),
        Exported::Span { account, span } => {
            let mut b = Block::new("stage_span");
            b.text("account", account)
                .text("stage", &span.stage)
                .date("entered", span.entered)
                .some_date("left", span.left);
            b
        }
        Exported::Stakeholder { account, record: s } => stakeholder_block(account, s),
        Exported::Moment { account, record: m } => {
            let mut b = Block::new("moment");
            b.text("id", &m.id.to_string())
                .text("account", account)
                .text("what", &m.what)
                .text("severity", m.severity.word());
            b
        }
        Exported::Metric {
            account,
            moment,
            partner,
            record: m,
        } => metric_block(account, moment, partner, m),
        Exported::Measurement { metric, record: x } => {
            let mut b = Block::new("measurement");
            b.text("id", &x.id.to_string())
                .text("metric", &metric.to_string())
                .date("on", x.on)
                .raw("value", &float(x.value))
                .some_text("source", &x.source)
                .some_text("note", &x.note);
            b
        }
        Exported::Visit { account, record: v } => visit_block(account, v),
        Exported::Commitment {
            account,
            visit,
            record: c,
        } => commitment_block(account, visit, c),
        Exported::SignalNote {
            metric,
            visit,
            commitment,
            record: n,
        } => signal_note_block(metric, visit, commitment, n),
    };
    format!("\n{}", b.0)
}
/// An introduction, the peer named by handle and the metric by id.
fn introduction_block(
    account: &str,
    metric: &Option<uuid::Uuid>,
    x: &crate::domain::Introduction,
) -> Block {
    let mut b = Block::new("introduction");
    b.text("id", &x.id.to_string())
        .text("account", account)
        .text("from", &x.from)
        .some_text("to_account", x.to_account.as_deref().unwrap_or(""))
        .text("to", &x.to)
        .some_text("metric", &metric.map(|u| u.to_string()).unwrap_or_default())
        .some_text("why", &x.why)
        .text("status", x.status.word())
        .date("on", x.on)
        .date("status_on", x.status_on)
        .some_text("follow_up", &x.follow_up);
    b
}

/// A stakeholder; `peers` only when they would meet peers.
fn stakeholder_block(account: &str, s: &crate::domain::Stakeholder) -> Block {
    let mut b = Block::new("stakeholder");
    b.text("id", &s.id.to_string())
        .text("account", account)
        .text("name", &s.name)
        .some_text("role", &s.role)
        .text("layer", s.layer.word())
        .some_text("contact", &s.contact)
        .some_text("notes", &s.notes);
    if s.peers {
        b.raw("peers", "true");
    }
    b
}

/// A note on a metric's signal, with the visit and commitment it led to.
fn signal_note_block(
    metric: &uuid::Uuid,
    visit: &Option<uuid::Uuid>,
    commitment: &Option<uuid::Uuid>,
    n: &crate::domain::SignalNote,
) -> Block {
    let mut b = Block::new("signal_note");
    b.text("id", &n.id.to_string())
        .text("metric", &metric.to_string())
        .text("rule", n.rule.word())
        .date("on", n.on)
        .some_text("note", &n.note)
        .some_text("visit", &visit.map(|u| u.to_string()).unwrap_or_default())
        .some_text(
            "commitment",
            &commitment.map(|u| u.to_string()).unwrap_or_default(),
        )
        .date("acknowledged_on", n.acknowledged_on);
    b
}

fn account_block(a: &crate::domain::Account) -> Block {
    let mut b = Block::new("account");
    b.text("id", &a.id.to_string())
        .text("handle", &a.handle)
        .text("name", &a.name)
        .some_text("owner", a.owner.as_deref().unwrap_or(""))
        .some_text("region", &a.region)
        .list("tags", &a.tags)
        .text("stage", &a.stage)
        .date("stage_since", a.stage_since)
        .some_date("renewal", a.renewal)
        .some_text("why", &a.why)
        .some_int("visit_every_days", a.pace.visit_every_days.map(i64::from))
        .some_int("stage_days", a.pace.stage_days.map(i64::from))
        .some_date("paused_until", a.pace.paused_until);
    if !a.key_dates.is_empty() {
        b.raw("key_dates", &key_dates_table(&a.key_dates));
    }
    let renewals = a.renewals.iter().map(|x| {
        let due = x.due.map_or(String::new(), |d| format!(", due = {d}"));
        format!("{{ on = {}, outcome = \"{}\"{due} }}", x.on, x.outcome)
    });
    inline_array(&mut b, "renewals", renewals);
    let answers = a.answers.iter().map(|x| {
        format!(
            "{{ stage = {}, prompt = {}, answer = {}, on = {} }}",
            string(&x.stage),
            string(&x.prompt),
            string(&x.answer),
            x.on
        )
    });
    inline_array(&mut b, "answers", answers);
    let assessments = a.assessments.iter().map(|x| {
        let note = if x.note.is_empty() {
            String::new()
        } else {
            format!(", note = {}", string(&x.note))
        };
        format!(
            "{{ dimension = {}, level = {}, on = {}{note} }}",
            string(&x.dimension),
            x.level,
            x.on
        )
    });
    inline_array(&mut b, "assessments", assessments);
    if a.archived {
        b.raw("archived", "true");
    }
    b
}

/// Key dates as an inline table, `{ go-live = 2026-03-01, "board day" = … }`:
/// a name quoted only where TOML needs it.
fn key_dates_table(dates: &[crate::domain::key_dates::KeyDate]) -> String {
    let bare = |n: &str| {
        !n.is_empty()
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let items: Vec<String> = dates
        .iter()
        .map(|k| {
            let key = if bare(&k.name) {
                k.name.clone()
            } else {
                string(&k.name)
            };
            format!("{key} = {}", k.on)
        })
        .collect();
    format!("{{ {} }}", items.join(", "))
}

/// `key = [item, item]` on one line, left out when there are no items.
fn inline_array(b: &mut Block, key: &str, items: impl Iterator<Item = String>) {
    let items: Vec<String> = items.collect();
    if !items.is_empty() {
        b.raw(key, &format!("[{}]", items.join(", ")));
    }
}

fn metric_block(
    account: &str,
    moment: &Option<uuid::Uuid>,
    partner: &Option<String>,
    m: &crate::domain::Metric,
) -> Block {
    let mut b = Block::new("metric");
    b.text("id", &m.id.to_string())
        .text("account", account)
        .text("name", &m.name)
        .some_text("words", &m.words)
        .text("kind", m.kind.word())
        .some_text("unit", &m.unit)
        .text("direction", m.direction.word())
        .some_float("baseline", m.baseline.as_ref().map(|x| x.value))
        .some_date("baseline_on", m.baseline.as_ref().map(|x| x.on))
        .some_text("proxy", &m.proxy)
        .some_float("target", m.target)
        .some_date("target_on", m.target_on)
        .some_text("kpi", &m.kpi)
        .some_text("partner", partner.as_deref().unwrap_or(""))
        .some_text("moment", &moment.map(|u| u.to_string()).unwrap_or_default())
        .some_text("intended", &m.definition.intended)
        .some_text("calculation", &m.definition.calculation)
        .some_text("data_source", &m.definition.data_source)
        .some_int("every_days", m.definition.every_days.map(i64::from))
        .some_text("measured_by", &m.definition.measured_by)
        .some_text("said_by", &m.voice.by)
        .some_date("said_on", m.voice.on);
    if m.voice.valued {
        b.raw("valued", "true");
    }
    b
}

fn visit_block(account: &str, v: &crate::domain::Visit) -> Block {
    let mut b = Block::new("visit");
    b.text("id", &v.id.to_string())
        .text("account", account)
        .date("on", v.on)
        .text("kind", v.kind.word())
        .text("intent", v.intent.word())
        .list("ours", &v.ours)
        .list("theirs", &v.theirs)
        .some_text("notes", &v.notes)
        .some_int(
            "feedback_score",
            v.feedback.as_ref().map(|f| i64::from(f.score)),
        )
        .some_text(
            "feedback_words",
            v.feedback.as_ref().map_or("", |f| &f.words),
        )
        .some_date("feedback_on", v.feedback.as_ref().map(|f| f.on));
    b
}

fn commitment_block(
    account: &str,
    visit: &Option<uuid::Uuid>,
    c: &crate::domain::Commitment,
) -> Block {
    let mut b = Block::new("commitment");
    b.text("id", &c.id.to_string())
        .text("account", account)
        .text("what", &c.what)
        .some_text("to", &c.to_whom)
        .text("owner", &c.owner)
        .date("made", c.made_on)
        .date("due", c.due_on)
        .some_text("visit", &visit.map(|u| u.to_string()).unwrap_or_default())
        .text("status", c.status.word())
        .some_date("resolved_on", c.resolved_on)
        .some_text("reason", &c.reason);
    if !c.renegotiations.is_empty() {
        let items: Vec<String> = c
            .renegotiations
            .iter()
            .map(|r| {
                format!(
                    "{{ new_due = {}, reason = {}, agreed_on = {} }}",
                    r.new_due,
                    string(&r.reason),
                    r.agreed_on
                )
            })
            .collect();
        b.raw("renegotiations", &format!("[{}]", items.join(", ")));
    }
    b
}

/// Writes the whole export: the preamble, then each record `each` yields.
pub fn write_all(
    out: &mut dyn Write,
    each: impl FnOnce(&mut dyn FnMut(&Exported) -> Result<(), ExportError>) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    out.write_all(preamble().as_bytes())?;
    let mut count: u64 = 0;
    each(&mut |e| {
        count += 1;
        Ok(out.write_all(record(e).as_bytes())?)
    })?;
    // A reader can tell a whole file from one cut short.
    write!(out, "\n[[end]]\nrecords = {count}\n")?;
    Ok(out.flush()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_floats_read_back() {
        for s in [
            "plain",
            "quote \" and \\ back",
            "two\nlines\tand\u{7}bell",
            "Müller 病院",
        ] {
            let doc = format!("v = {}", string(s));
            let t: toml::Table = toml::from_str(&doc).unwrap();
            assert_eq!(t["v"].as_str(), Some(s), "{doc}");
            assert!(!string(s).contains('\n'));
        }
        for v in [42.0, 0.1, 1e20, -3.5, 1e-7, 123456.789] {
            let doc = format!("v = {}", float(v));
            let t: toml::Table = toml::from_str(&doc).unwrap();
            assert_eq!(t["v"].as_float(), Some(v), "{doc}");
        }
    }
}
