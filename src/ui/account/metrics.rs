//! The Metrics tab: the customer's metrics, and the selected one's XmR and
//! moving-range charts.

use super::*;

pub(super) fn metrics(frame: &mut Frame, cx: &Ctx, view: &AccountView, area: Rect) {
    let d = &view.detail;
    if d.metrics.is_empty() {
        return empty(
            frame,
            cx,
            area,
            "No success metrics yet: ask the customer how they define success, in their words.",
        );
    }
    let table_h = (d.metrics.len() as u16 + 1).min(area.height / 2).max(2);
    let [top, words, chart_area] = Layout::vertical([
        Constraint::Length(table_h),
        Constraint::Length(2),
        Constraint::Min(3),
    ])
    .areas(area);
    let rows: Vec<Vec<Line>> = d.metrics.iter().map(|s| metric_row(cx, s)).collect();
    let widths = vec![
        Constraint::Min(16),
        Constraint::Length(13),
        Constraint::Length(10),
        Constraint::Length(10),
        Constraint::Length(10),
        Constraint::Length(8),
        Constraint::Length(9),
        Constraint::Length(7),
    ];
    let sel = view.selected(Tab::Metrics);
    draw_list(
        frame,
        cx,
        vec![
            "Metric", "Kind", "Baseline", "Latest", "Target", "Progress", "Status", "Signals",
        ],
        widths,
        rows,
        sel,
        top,
    );
    let Some(s) = d.metrics.get(sel) else { return };
    let m = &s.metric;
    frame.render_widget(
        Paragraph::new(in_their_words(cx, d, m)).wrap(Wrap { trim: true }),
        words,
    );
    let notes = signal_notes(cx, d, m);
    let [chart_area, notes_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(notes.len() as u16)])
            .areas(chart_area);
    frame.render_widget(Paragraph::new(notes), notes_area);
    chart(frame, cx, view, sel, chart_area);
}

/// A metric's row in the table: baseline, latest, target, progress, status.
fn metric_row<'a>(cx: &Ctx, s: &crate::report::MetricStatus) -> Vec<Line<'a>> {
    let muted = cx.theme.style(Role::Muted);
    let m = &s.metric;
    let baseline = match &m.baseline {
        Some(b) => value(Some(b.value), &m.unit),
        None if !m.proxy.is_empty() => "proxy".into(),
        None => "—".into(),
    };
    let status = match s.track {
        Track::OnTrack => Span::styled("on track", cx.theme.style(Role::Ok)),
        Track::OffTrack => Span::styled("off track", cx.theme.style(Role::Bad)),
        Track::Unknown => Span::styled("—", muted),
    };
    vec![
        Line::from(m.name.clone()),
        Line::from(Span::styled(m.kind.to_string(), muted)),
        Line::from(baseline),
        Line::from(value(s.latest, &m.unit)),
        Line::from(value(m.target, &m.unit)),
        Line::from(share(s.progress)),
        Line::from(status),
        Line::from(if s.signals > 0 {
            Span::styled(format!("◆ {}", s.signals), cx.theme.style(Role::Signal))
        } else {
            Span::styled("", muted)
        }),
    ]
}

/// The selected metric in the customer's words, and what it serves.
fn in_their_words<'a>(
    cx: &Ctx,
    d: &crate::report::AccountDetail,
    m: &crate::domain::Metric,
) -> Line<'a> {
    let muted = cx.theme.style(Role::Muted);
    let mut w = vec![
        Span::styled("“", muted),
        Span::raw(if m.words.is_empty() {
            m.name.clone()
        } else {
            m.words.clone()
        }),
        Span::styled("”", muted),
    ];
    w.push(Span::styled(format!("  {} is better", m.direction), muted));
    match crate::domain::partners::serves_line(m, &d.partners) {
        Some(line) => w.push(Span::styled(format!(" · {line}"), muted)),
        None if !m.kpi.is_empty() => w.push(Span::styled(format!(" · our KPI: {}", m.kpi), muted)),
        None => {}
    }
    w.push(Span::styled(
        format!(" · {}", m.voice_line(cx.today)),
        if m.is_cpi() {
            cx.theme.style(Role::Ok)
        } else {
            cx.theme.style(Role::Warn)
        },
    ));
    if m.baseline.is_none() && !m.proxy.is_empty() {
        w.push(Span::styled(format!(" · proxy: {}", m.proxy), muted));
    }
    let how = m.definition.describe();
    if !how.is_empty() {
        w.push(Span::styled(format!(" · {how}"), muted));
    }
    Line::from(w)
}

/// Notes on this metric's signals, newest first, under its chart.
fn signal_notes<'a>(
    cx: &Ctx,
    d: &crate::report::AccountDetail,
    m: &crate::domain::Metric,
) -> Vec<Line<'a>> {
    let muted = cx.theme.style(Role::Muted);
    d.signal_notes
        .iter()
        .rev()
        .filter(|n| n.metric == m.num)
        .take(3)
        .map(|n| {
            Line::from(vec![
                Span::styled(
                    format!("  ◇ {} {}: ", shown(cx.today, n.on), n.rule.describe()),
                    muted,
                ),
                Span::raw(crate::domain::text::visible(&n.note).replace('\n', " ")),
            ])
        })
        .collect()
}

/// A line of a chart, in the colour of its role.
fn series<'d>(cx: &Ctx, role: Role, data: &'d [(f64, f64)]) -> Dataset<'d> {
    Dataset::default()
        .marker(Marker::Braille)
        .graph_type(GraphType::Line)
        .style(cx.theme.style(role))
        .data(data)
}

/// A chart in its titled border, without a legend: drawn inside, a
/// legend covers the latest points (the key is a line under the charts).
fn framed<'d>(cx: &Ctx, sets: Vec<Dataset<'d>>, title: String) -> Chart<'d> {
    Chart::new(sets).legend_position(None).block(
        Block::bordered()
            .title(Span::styled(title, cx.theme.style(Role::Header)))
            .border_style(cx.theme.style(Role::Border)),
    )
}

/// Points of a chart, each marked, in the colour of its role.
fn marks<'d>(cx: &Ctx, role: Role, data: &'d [(f64, f64)]) -> Dataset<'d> {
    Dataset::default()
        .marker(Marker::Dot)
        .graph_type(GraphType::Scatter)
        .style(cx.theme.style(role))
        .data(data)
}

pub(super) fn chart(frame: &mut Frame, cx: &Ctx, view: &AccountView, i: usize, area: Rect) {
    let d = &view.detail;
    let ms = &d.measurements[i];
    let metric = &d.metrics[i].metric;
    let Some(first) = ms.first() else {
        return empty(frame, cx, area, "No measurements yet.");
    };
    let last = ms.last().unwrap_or(first);
    let x = |on| days_between(first.on, on) as f64;
    let points: Vec<(f64, f64)> = ms.iter().map(|m| (x(m.on), m.value)).collect();
    let span = Days {
        x_max: x(last.on).max(1.0),
        from: first.on,
        to: last.on,
    };
    let chart_data = view.charts[i].as_ref();
    let lines = Lines::of(&span, points, chart_data, metric.target);
    // What the y axis must show: the readings first, then the lines.
    let mut ys: Vec<f64> = ms.iter().map(|m| m.value).collect();
    ys.extend(chart_data.map_or(vec![], |c| vec![c.limits.upper, c.limits.lower]));
    ys.extend(metric.target);
    let (lo, hi) = y_range(&ys);
    let sets = lines.sets(cx, chart_data.is_some());
    let muted = cx.theme.style(Role::Muted);
    // The moving ranges under the readings, where there is room for both.
    let ranges = chart_data.filter(|_| area.height >= 18);
    let mr_height = if ranges.is_some() {
        area.height * 2 / 5
    } else {
        0
    };
    let [x_area, mr_area, legend_area] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(mr_height),
        Constraint::Length(1),
    ])
    .areas(area);
    let title = chart_title(view, i, chart_data);
    let chart = framed(cx, sets, title).x_axis(span.axis(cx)).y_axis(
        Axis::default().bounds([lo, hi]).style(muted).labels(vec![
            Line::from(value(Some(lo), "")),
            Line::from(value(Some((lo + hi) / 2.0), "")),
            Line::from(value(Some(hi), "")),
        ]),
    );
    frame.render_widget(chart, x_area);
    let key = legend(
        cx,
        &metric.name,
        chart_data.is_some(),
        !lines.target.is_empty(),
        !lines.signals.is_empty(),
    );
    frame.render_widget(Paragraph::new(key), legend_area);
    if let Some(c) = ranges {
        let readings = &ys[..lines.points.len()];
        ranges_chart(frame, cx, &span, c, (&lines.points, readings), mr_area);
    }
}

/// The lines of the readings' chart: the readings, the central line and
/// the limits (when there are enough readings), the target, the signals.
struct Lines {
    points: Vec<(f64, f64)>,
    limits: [Vec<(f64, f64)>; 3],
    target: Vec<(f64, f64)>,
    signals: Vec<(f64, f64)>,
}

impl Lines {
    fn of(
        span: &Days,
        points: Vec<(f64, f64)>,
        chart: Option<&crate::domain::xmr::Chart>,
        target: Option<f64>,
    ) -> Lines {
        let limits = match chart {
            Some(c) => [
                span.flat(c.limits.central),
                span.flat(c.limits.upper),
                span.flat(c.limits.lower),
            ],
            None => [vec![], vec![], vec![]],
        };
        let signals: Vec<(f64, f64)> = match chart {
            Some(c) => points
                .iter()
                .enumerate()
                .filter(|(k, _)| c.flags(*k))
                .map(|(_, p)| *p)
                .collect(),
            None => vec![],
        };
        Lines {
            limits,
            target: target.map(|t| span.flat(t)).unwrap_or_default(),
            signals,
            points,
        }
    }

    fn sets(&self, cx: &Ctx, limits: bool) -> Vec<Dataset<'_>> {
        let mut sets = vec![series(cx, Role::ChartLine, &self.points)];
        if limits {
            let [centre, upper, lower] = &self.limits;
            sets.push(series(cx, Role::ChartCentre, centre));
            sets.push(series(cx, Role::ChartLimit, upper));
            sets.push(series(cx, Role::ChartLimit, lower));
        }
        if !self.target.is_empty() {
            sets.push(series(cx, Role::ChartTarget, &self.target));
        }
        // Every reading marked, a signal's in its own colour over it.
        sets.push(marks(cx, Role::ChartLine, &self.points));
        if !self.signals.is_empty() {
            sets.push(marks(cx, Role::Signal, &self.signals));
        }
        sets
    }
}

/// The values' range with a margin, so no point sits on the border.
fn y_range(ys: &[f64]) -> (f64, f64) {
    let lo = ys.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = ys.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let pad = ((hi - lo) * 0.08).max(0.5);
    (lo - pad, hi + pad)
}

/// The days a chart spans, from its first reading to its last.
struct Days {
    x_max: f64,
    from: crate::domain::Date,
    to: crate::domain::Date,
}

impl Days {
    /// A level line across the whole chart.
    fn flat(&self, y: f64) -> Vec<(f64, f64)> {
        vec![(0.0, y), (self.x_max, y)]
    }

    /// The time axis, labelled with the first and last month.
    fn axis(&self, cx: &Ctx) -> Axis<'static> {
        Axis::default()
            .bounds([0.0, self.x_max])
            .style(cx.theme.style(Role::Muted))
            .labels(vec![
                Line::from(self.from.strftime("%b %Y").to_string()),
                Line::from(self.to.strftime("%b %Y").to_string()),
            ])
    }
}

/// The readings chart's title: its limits and signals, or why it has none.
fn chart_title(
    view: &AccountView,
    i: usize,
    chart_data: Option<&crate::domain::xmr::Chart>,
) -> String {
    match chart_data {
        Some(c) => format!(
            " XmR · central {} · limits {} – {} · {} signal{} ",
            value(Some(c.limits.central), ""),
            value(Some(c.limits.lower), ""),
            value(Some(c.limits.upper), ""),
            c.signals.len(),
            if c.signals.len() == 1 { "" } else { "s" }
        ),
        None => format!(
            " {}: too few points for limits (they need {}) ",
            crate::domain::plural(
                view.detail.measurements.get(i).map_or(0, |m| m.len()),
                "measurement"
            ),
            crate::domain::xmr::MIN_POINTS
        ),
    }
}

/// The key under the charts: one entry for each line that is drawn.
fn legend<'a>(cx: &Ctx, name: &str, limits: bool, target: bool, signals: bool) -> Line<'a> {
    let muted = cx.theme.style(Role::Muted);
    let mut key = vec![
        Span::styled("── ", cx.theme.style(Role::ChartLine)),
        Span::styled(format!("{name} "), muted),
    ];
    if limits {
        key.push(Span::styled(" ── ", cx.theme.style(Role::ChartCentre)));
        key.push(Span::styled("central line ", muted));
        key.push(Span::styled(" ── ", cx.theme.style(Role::ChartLimit)));
        key.push(Span::styled("limits ", muted));
    }
    if target {
        key.push(Span::styled(" ── ", cx.theme.style(Role::ChartTarget)));
        key.push(Span::styled("target ", muted));
    }
    if signals {
        key.push(Span::styled(" • ", cx.theme.style(Role::Signal)));
        key.push(Span::styled("signal ", muted));
    }
    Line::from(key)
}

/// The moving-range chart: how far each reading moved from the one before,
/// against the upper range limit.
fn ranges_chart(
    frame: &mut Frame,
    cx: &Ctx,
    span: &Days,
    c: &crate::domain::xmr::Chart,
    (points, readings): (&[(f64, f64)], &[f64]),
    area: Rect,
) {
    let muted = cx.theme.style(Role::Muted);
    let xs: Vec<f64> = points.iter().skip(1).map(|p| p.0).collect();
    let mr: Vec<(f64, f64)> = xs
        .iter()
        .copied()
        .zip(crate::domain::xmr::moving_ranges(readings))
        .collect();
    let url = c.limits.upper_range();
    let mr_top = mr.iter().map(|p| p.1).fold(url, f64::max) * 1.1;
    let avg = span.flat(c.limits.avg_moving_range);
    let limit = span.flat(url);
    let jumps: Vec<(f64, f64)> = mr.iter().copied().filter(|p| p.1 > url).collect();
    let mut sets = vec![
        series(cx, Role::ChartLine, &mr),
        series(cx, Role::ChartCentre, &avg),
        series(cx, Role::ChartLimit, &limit),
        marks(cx, Role::ChartLine, &mr),
    ];
    if !jumps.is_empty() {
        sets.push(marks(cx, Role::Signal, &jumps));
    }
    let title = format!(
        " mR · average {} · upper range limit {} ",
        value(Some(c.limits.avg_moving_range), ""),
        value(Some(url), "")
    );
    let chart = framed(cx, sets, title).x_axis(span.axis(cx)).y_axis(
        Axis::default()
            .bounds([0.0, mr_top])
            .style(muted)
            .labels(vec![Line::from("0"), Line::from(value(Some(mr_top), ""))]),
    );
    frame.render_widget(chart, area);
}
