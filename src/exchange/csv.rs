//! CSV for spreadsheets: one file per kind of record in a folder, with the
//! same fields as the TOML format (a record names its account by handle).

use super::AtomicFile;
use super::ExportError;
use crate::domain::Choice;
use crate::store::Exported;
use std::path::Path;

/// Whether a spreadsheet would run the cell as a formula: it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return and is not a plain number
/// (`-15` stays a number).
fn formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && !s.parse::<f64>().is_ok_and(|v| v.is_finite())
}

/// One CSV field: a cell a spreadsheet would run as a formula gets a
/// leading apostrophe (shown by spreadsheets as text, never run); control
/// characters are shown, not kept; quoted when it holds a comma, a quote or
/// a line break.
pub fn field(s: &str) -> String {
    let s = if formula_like(s) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    };
    let s = crate::domain::text::visible(&s);
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn line(fields: &[String]) -> String {
    let mut l = fields
        .iter()
        .map(|f| field(f))
        .collect::<Vec<_>>()
        .join(",");
    l.push_str("\r\n");
    l
}

/// An empty cell for none, else the value as the file writes it.
fn date_cell(d: Option<crate::domain::Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn number_cell(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn id_cell(v: Option<uuid::Uuid>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The file, its header, and a record's fields.
fn shape(e: &Exported) -> (&'static str, &'static [&'static str], Vec<String>) {
    match e {
        Exported::Person(p) => (
            "people.csv",
            &["id", "name"],
            vec![p.id.to_string(), p.name.clone()],
        ),
        Exported::Introduction {
            account,
            metric,
            record: x,
        } => introduction_row(account, metric, x),
        Exported::Partner(p) => partner_row(p),
        Exported::Account(a) => account_row(a),
        Exported::Span { account, span } => (
            "stage_spans.csv",
            &["account", "stage", "entered", "left"],
            vec![
                account.clone(),
                span.stage.clone(),
                span.entered.to_string(),
                date_cell(span.left),
            ],
        ),
        Exported::Stakeholder { account, record: s } => stakeholder_row(account, s),
        Exported::Moment { account, record: m } => (
            "moments.csv",
            &["id", "account", "what", "severity"],
            vec![
                m.id.to_string(),
                account.clone(),
                m.what.clone(),
                m.severity.word().into(),
            ],
        ),
        Exported::Metric {
            account,
            moment,
            partner,
            record: m,
        } => metric_row(account, moment, partner, m),
        Exported::Measurement { metric, record: x } => (
            "measurements.csv",
            &["id", "metric", "on", "value", "source", "note"],
            vec![
                x.id.to_string(),
                metric.to_string(),
                x.on.to_string(),
                x.value.to_string(),
                x.source.clone(),
                x.note.clone(),
            ],
        ),
        Exported::Visit { account, record: v } => visit_row(account, v),
        Exported::Commitment {
            account,
            visit,
            record: c,
        } => commitment_row(account, visit, c),
        Exported::SignalNote {
            metric,
            visit,
            commitment,
            record: n,
        } => signal_note_row(metric, visit, commitment, n),
    }
}

fn partner_row(p: &crate::domain::Partner) -> (&'static str, &'static [&'static str], Vec<String>) {
    (
        "partners.csv",
        &["id", "name", "function", "owner", "kpis"],
        vec![
            p.id.to_string(),
            p.name.clone(),
            p.function.clone(),
            p.owner.clone().unwrap_or_default(),
            p.kpis.join("; "),
        ],
    )
}

fn stakeholder_row(
    account: &str,
    s: &crate::domain::Stakeholder,
) -> (&'static str, &'static [&'static str], Vec<String>) {
    (
        "stakeholders.csv",
        &[
            "id", "account", "name", "role", "layer", "contact", "notes", "peers",
        ],
        vec![
            s.id.to_string(),
            account.to_string(),
            s.name.clone(),
            s.role.clone(),
            s.layer.word().into(),
            s.contact.clone(),
            s.notes.clone(),
            s.peers.to_string(),
        ],
    )
}

fn introduction_row(
    account: &str,
    metric: &Option<uuid::Uuid>,
    x: &crate::domain::Introduction,
) -> (&'static str, &'static [&'static str], Vec<String>) {
    (
        "introductions.csv",
        &[
            "id",
            "account",
            "from",
            "to_account",
            "to",
            "metric",
            "why",
            "status",
            "on",
            "status_on",
            "follow_up",
        ],
        vec![
            x.id.to_string(),
            account.to_string(),
            x.from.clone(),
            x.to_account.clone().unwrap_or_default(),
            x.to.clone(),
            id_cell(*metric),
            x.why.clone(),
            x.status.word().into(),
            x.on.to_string(),
            x.status_on.to_string(),
            x.follow_up.clone(),
        ],
    )
}

fn account_row(a: &crate::domain::Account) -> (&'static str, &'static [&'static str], Vec<String>) {
    (
        "accounts.csv",
        &[
            "id",
            "handle",
            "name",
            "owner",
            "region",
            "tags",
            "stage",
            "stage_since",
            "renewal",
            "why",
            "archived",
            "visit_every_days",
            "stage_days",
            "paused_until",
            "key_dates",
            "renewals",
        ],
        vec![
            a.id.to_string(),
            a.handle.clone(),
            a.name.clone(),
            a.owner.clone().unwrap_or_default(),
            a.region.clone(),
            a.tags.join("; "),
            a.stage.clone(),
            a.stage_since.to_string(),
            date_cell(a.renewal),
            a.why.clone(),
            a.archived.to_string(),
            a.pace
                .visit_every_days
                .map_or(String::new(), |d| d.to_string()),
            a.pace.stage_days.map_or(String::new(), |d| d.to_string()),
            date_cell(a.pace.paused_until),
            crate::domain::key_dates::text(&a.key_dates),
            a.renewals
                .iter()
                .map(|x| format!("{} {}", x.on, x.outcome))
                .collect::<Vec<_>>()
                .join(", "),
        ],
    )
}

fn metric_row(
    account: &str,
    moment: &Option<uuid::Uuid>,
    partner: &Option<String>,
    m: &crate::domain::Metric,
) -> (&'static str, &'static [&'static str], Vec<String>) {
    (
        "metrics.csv",
        &[
            "id",
            "account",
            "name",
            "words",
            "kind",
            "unit",
            "direction",
            "baseline",
            "baseline_on",
            "proxy",
            "target",
            "target_on",
            "kpi",
            "moment",
            "intended",
            "calculation",
            "data_source",
            "every_days",
            "measured_by",
            "said_by",
            "said_on",
            "valued",
            "partner",
        ],
        vec![
            m.id.to_string(),
            account.to_string(),
            m.name.clone(),
            m.words.clone(),
            m.kind.word().into(),
            m.unit.clone(),
            m.direction.word().into(),
            number_cell(m.baseline.as_ref().map(|b| b.value)),
            date_cell(m.baseline.as_ref().map(|b| b.on)),
            m.proxy.clone(),
            number_cell(m.target),
            date_cell(m.target_on),
            m.kpi.clone(),
            id_cell(*moment),
            m.definition.intended.clone(),
            m.definition.calculation.clone(),
            m.definition.data_source.clone(),
            m.definition
                .every_days
                .map_or(String::new(), |d| d.to_string()),
            m.definition.measured_by.clone(),
            m.voice.by.clone(),
            date_cell(m.voice.on),
            m.voice.valued.to_string(),
            partner.clone().unwrap_or_default(),
        ],
    )
}

fn visit_row(
    account: &str,
    v: &crate::domain::Visit,
) -> (&'static str, &'static [&'static str], Vec<String>) {
    (
        "visits.csv",
        &[
            "id",
            "account",
            "on",
            "kind",
            "intent",
            "ours",
            "theirs",
            "notes",
            "feedback_score",
            "feedback_words",
            "feedback_on",
        ],
        vec![
            v.id.to_string(),
            account.to_string(),
            v.on.to_string(),
            v.kind.word().into(),
            v.intent.word().into(),
            v.ours.join("; "),
            v.theirs.join("; "),
            v.notes.clone(),
            v.feedback
                .as_ref()
                .map_or(String::new(), |f| f.score.to_string()),
            v.feedback
                .as_ref()
                .map_or(String::new(), |f| f.words.clone()),
            v.feedback
                .as_ref()
                .map_or(String::new(), |f| f.on.to_string()),
        ],
    )
}

fn commitment_row(
    account: &str,
    visit: &Option<uuid::Uuid>,
    c: &crate::domain::Commitment,
) -> (&'static str, &'static [&'static str], Vec<String>) {
    (
        "commitments.csv",
        &[
            "id",
            "account",
            "what",
            "to",
            "owner",
            "made",
            "due",
            "latest_due",
            "visit",
            "status",
            "resolved_on",
            "reason",
            "renegotiations",
        ],
        vec![
            c.id.to_string(),
            account.to_string(),
            c.what.clone(),
            c.to_whom.clone(),
            c.owner.clone(),
            c.made_on.to_string(),
            c.due_on.to_string(),
            c.due().to_string(),
            id_cell(*visit),
            c.status.word().into(),
            date_cell(c.resolved_on),
            c.reason.clone(),
            c.renegotiations.len().to_string(),
        ],
    )
}

fn signal_note_row(
    metric: &uuid::Uuid,
    visit: &Option<uuid::Uuid>,
    commitment: &Option<uuid::Uuid>,
    n: &crate::domain::SignalNote,
) -> (&'static str, &'static [&'static str], Vec<String>) {
    (
        "signal_notes.csv",
        &[
            "id",
            "metric",
            "rule",
            "on",
            "note",
            "visit",
            "commitment",
            "acknowledged_on",
        ],
        vec![
            n.id.to_string(),
            metric.to_string(),
            n.rule.word().into(),
            n.on.to_string(),
            n.note.clone(),
            id_cell(*visit),
            id_cell(*commitment),
            n.acknowledged_on.to_string(),
        ],
    )
}

/// Writes the records `each` yields into `dir`, one file per kind; every
/// file is renamed into place only once all of them are written.
pub fn write_dir(
    dir: &Path,
    each: impl FnOnce(&mut dyn FnMut(&Exported) -> Result<(), ExportError>) -> Result<(), ExportError>,
) -> Result<Vec<String>, ExportError> {
    crate::files::private_dir(dir).map_err(|source| ExportError::File {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<(&'static str, AtomicFile)> = Vec::new();
    each(&mut |e| {
        let (name, header, fields) = shape(e);
        if files.last().map(|(n, _)| *n) != Some(name) {
            let mut f = AtomicFile::create(&dir.join(name))?;
            let head: Vec<String> = header.iter().map(|h| h.to_string()).collect();
            f.writer().write_all(line(&head).as_bytes())?;
            files.push((name, f));
        }
        let (_, f) = files.last_mut().expect("just pushed");
        Ok(f.writer().write_all(line(&fields).as_bytes())?)
    })?;
    let mut names = Vec::new();
    for (name, f) in files {
        f.commit()?;
        names.push(name.to_string());
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_when_they_must_be() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn formulas_are_made_inert_and_numbers_stay_numbers() {
        assert_eq!(
            field("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(field("+1+cmd|' /C calc'!A0"), "'+1+cmd|' /C calc'!A0");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("-2+3"), "'-2+3");
        assert_eq!(field("\tx"), "'\tx");
        assert_eq!(field("\r=1"), "'^M=1");
        assert_eq!(field("-15"), "-15");
        assert_eq!(field("+3.5"), "+3.5");
        assert_eq!(field("a\x1b[2Jb"), "a^[[2Jb");
    }
}
