//! The business partners screen: the register as a table, and below it the
//! selected partner's KPIs, each with the customer metrics it serves.

use super::Ctx;
use crate::app::list::window_start;
use crate::app::partners::PartnersView;
use crate::theme::Role;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, Wrap};
use ratatui::Frame;

const HEAD_ROWS: u16 = 2;

/// The table's height in `area`: every partner if they fit in half of it.
fn table_height(rows: usize, area: Rect) -> u16 {
    let half = area.height.saturating_sub(HEAD_ROWS) / 2;
    (rows as u16 + 1).clamp(2, half.max(2))
}

pub fn draw(frame: &mut Frame, cx: &Ctx, v: &PartnersView, area: Rect) {
    let rest = super::widgets::heading(
        frame,
        cx,
        area,
        "Business partners",
        format!(
            "· {} · the KPIs they answer for, and the customer metrics that serve them",
            crate::domain::plural(v.rows.len(), "partner")
        ),
        "a metric serves a KPI once aligned with it (the metric's form: Partner, Aligned KPI) · \
         n adds a partner, e edits, X removes"
            .into(),
    );
    if let Some(p) = &v.problem {
        super::widgets::note(frame, cx, rest, p.clone(), Role::Error);
        return;
    }
    if v.rows.is_empty() {
        super::widgets::note(
            frame,
            cx,
            rest,
            "No business partners yet: n adds one (a function inside the company, its owner, \
             the KPIs it answers for)."
                .into(),
            Role::Muted,
        );
        return;
    }
    let [table, gap, detail] = Layout::vertical([
        Constraint::Length(table_height(v.rows.len(), rest)),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(rest);
    let _ = gap;
    partners_table(frame, cx, v, table);

    selected_detail(frame, cx, v, detail);
}

/// The partners, one line each: their KPIs, how many are served, and
/// which serve no customer metric yet.
fn partners_table(frame: &mut Frame, cx: &Ctx, v: &PartnersView, table: Rect) {
    let widths = [
        Constraint::Length(20),
        Constraint::Length(28),
        Constraint::Length(14),
        Constraint::Length(7),
        Constraint::Length(7),
        Constraint::Min(10),
    ];
    let height = table.height.saturating_sub(1) as usize;
    let start = window_start(v.list.selected, v.rows.len(), height);
    let rows: Vec<Row> = v
        .rows
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, r)| {
            let p = &r.partner;
            let unserved = if r.unserved.is_empty() {
                Span::styled("—", cx.theme.style(Role::Muted))
            } else {
                Span::styled(r.unserved.join("; "), cx.theme.style(Role::Warn))
            };
            let row = Row::new(vec![
                Line::from(p.name.clone()),
                Line::from(p.function.clone()),
                Line::from(p.owner.clone().unwrap_or_else(|| "—".into())),
                Line::from(p.kpis.len().to_string()).right_aligned(),
                Line::from(r.served.to_string()).right_aligned(),
                Line::from(unserved),
            ]);
            if i == v.list.selected {
                row.style(cx.theme.style(Role::Selection))
            } else {
                row
            }
        })
        .collect();
    let header = Row::new(vec![
        Line::from("Partner"),
        Line::from("Function"),
        Line::from("Owner"),
        Line::from("KPIs").right_aligned(),
        Line::from("Served").right_aligned(),
        Line::from("No customer metric beside it"),
    ])
    .style(cx.theme.style(Role::Header));
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        table,
    );
    super::widgets::scrollbar(frame, cx, table, v.rows.len(), v.list.selected);
}

/// The selected partner: its owner, and each KPI with the customer
/// metrics that serve it (or none).
fn selected_detail(frame: &mut Frame, cx: &Ctx, v: &PartnersView, detail: Rect) {
    let Some(r) = v.selected() else {
        return;
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} ", r.partner.name), cx.theme.style(Role::Title)),
        Span::styled(
            format!(
                "· owner {}",
                r.partner.owner.as_deref().unwrap_or("nobody yet")
            ),
            cx.theme.style(Role::Muted),
        ),
    ])];
    if r.kpis.is_empty() {
        lines.push(Line::from(Span::styled(
            "No KPIs yet: e adds them.",
            cx.theme.style(Role::Muted),
        )));
    }
    for k in &r.kpis {
        lines.push(Line::from(Span::styled(
            format!("KPI {}", k.kpi),
            cx.theme.style(Role::Header),
        )));
        if k.served.is_empty() {
            lines.push(Line::from(Span::styled(
                "  no customer metric beside it",
                cx.theme.style(Role::Warn),
            )));
        }
        for s in &k.served {
            lines.push(Line::from(Span::styled(
                format!("  {s}"),
                cx.theme.style(Role::Text),
            )));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), detail);
}

pub fn row_at(v: &PartnersView, body: Rect, y: u16) -> Option<usize> {
    let rest = Rect {
        y: body.y + HEAD_ROWS,
        height: body.height.saturating_sub(HEAD_ROWS),
        ..body
    };
    let first = rest.y + 1;
    let height = table_height(v.rows.len(), rest).saturating_sub(1) as usize;
    if y < first || y >= first + height as u16 {
        return None;
    }
    let i = window_start(v.list.selected, v.rows.len(), height) + (y - first) as usize;
    (i < v.rows.len()).then_some(i)
}
