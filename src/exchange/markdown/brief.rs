//! The account brief: who they are, their figures, stage, people, metrics,
//! commitments, connections, moments and visits — to prepare a visit.

use super::*;

/// The brief for one account.
pub fn account_brief(d: &AccountDetail, today: Date, window_days: u32) -> String {
    let mut o = String::new();
    brief_head(&mut o, d, today);
    brief_figures(&mut o, d, today, window_days);
    brief_stage(&mut o, d, today);
    brief_stakeholders(&mut o, d);
    brief_metrics(&mut o, d, today);
    brief_commitments(&mut o, d, today);
    brief_connect(&mut o, d);
    brief_moments(&mut o, d);
    brief_window(&mut o, d, today, window_days);
    brief_visits(&mut o, d);
    o
}

/// The title, the facts of the account and why they bought it.
fn brief_head(o: &mut String, d: &AccountDetail, today: Date) {
    let r = &d.row;
    let a = &r.account;
    let _ = writeln!(o, "# {} (@{})\n", a.name, a.handle);
    let mut facts = vec![];
    if let Some(owner) = &a.owner {
        facts.push(format!("Owner {owner}"));
    }
    if !a.region.is_empty() {
        facts.push(format!("region {}", a.region));
    }
    facts.push(format!(
        "stage **{}** for {} days (since {})",
        a.stage,
        r.days_in_stage,
        long(a.stage_since)
    ));
    if let Some(renewal) = a.renewal {
        facts.push(format!("renewal {}", long(renewal)));
    }
    if !a.tags.is_empty() {
        facts.push(format!("tags {}", a.tags.join(", ")));
    }
    if !a.renewals.is_empty() {
        let list: Vec<String> = a
            .renewals
            .iter()
            .map(|x| format!("{} {}", x.outcome, long(x.on)))
            .collect();
        facts.push(format!("renewals: {}", list.join(" · ")));
    }
    if !a.key_dates.is_empty() {
        facts.push(format!(
            "key dates: {}",
            crate::domain::key_dates::shown(&a.key_dates, today)
        ));
    }
    if let Some(p) = a.pace.describe(today) {
        facts.push(format!("their pace: {p}"));
    }
    let _ = writeln!(o, "{}\n", facts.join(" · "));
    if !a.why.trim().is_empty() {
        for l in a.why.lines() {
            let _ = writeln!(o, "> {l}");
        }
        o.push('\n');
    }
}

/// The figures of the window.
fn brief_figures(o: &mut String, d: &AccountDetail, today: Date, window_days: u32) {
    let r = &d.row;
    let _ = writeln!(
        o,
        "## Figures (last {window_days} days, as of {})\n",
        long(today)
    );
    let _ = writeln!(o, "- Say/do: {}", say_do(&r.say_do));
    let _ = writeln!(
        o,
        "- Proactive share of visits: {} of {}",
        percent(r.visits.share()),
        visits(r.visits.total)
    );
    let _ = writeln!(o, "- Open commitments: {} · overdue: {}", r.open, r.overdue);
    let _ = writeln!(
        o,
        "- Last visit: {}",
        r.days_since_visit
            .map_or("never".to_string(), |d| format!("{d} days ago"))
    );
    let _ = writeln!(
        o,
        "- Metrics on track: {} of {} · signals: {}\n",
        r.metrics_on_track, r.metrics, r.signals
    );
}

/// The current stage's questions and the stages so far.
fn brief_stage(o: &mut String, d: &AccountDetail, today: Date) {
    let r = &d.row;
    let a = &r.account;
    if !d.stage_prompts.is_empty() {
        let _ = writeln!(o, "## {} — questions for this stage\n", a.stage);
        for (p, answer) in
            crate::domain::checklist::checklist(&d.stage_prompts, &a.stage, &a.answers)
        {
            match answer {
                Some(x) => {
                    let _ = writeln!(o, "- [x] {p} — “{}” ({})", cell(&x.answer), long(x.on));
                }
                None => {
                    let _ = writeln!(o, "- [ ] {p}");
                }
            }
        }
        o.push('\n');
    }
    if d.stage_history.len() > 1 {
        let _ = writeln!(o, "## Stages\n");
        for (stage, entered, days, now) in
            crate::report::lifecycle::stage_path(&d.stage_history, today)
        {
            let _ = writeln!(
                o,
                "- {stage}: from {} · {days} days{}",
                long(entered),
                if now { " so far" } else { "" }
            );
        }
        o.push('\n');
    }
}

/// The stakeholders, layer by layer.
fn brief_stakeholders(o: &mut String, d: &AccountDetail) {
    let _ = writeln!(o, "## Stakeholders\n");
    if d.stakeholders.is_empty() {
        let _ = writeln!(o, "None recorded yet.\n");
    }
    // The default layers in their order, then the team's own as met.
    let mut layers: Vec<Layer> = Layer::DEFAULTS.to_vec();
    for s in &d.stakeholders {
        if !layers.contains(&s.layer) {
            layers.push(s.layer.clone());
        }
    }
    for layer in &layers {
        let here: Vec<_> = d
            .stakeholders
            .iter()
            .filter(|s| s.layer == *layer)
            .collect();
        if here.is_empty() {
            continue;
        }
        let title = layer.title();
        let _ = writeln!(o, "### {title}\n");
        for s in here {
            let mut line = format!("- **{}**", s.name);
            if !s.role.is_empty() {
                let _ = write!(line, " — {}", s.role);
            }
            if !s.contact.is_empty() {
                let _ = write!(line, " · {}", s.contact);
            }
            let _ = writeln!(o, "{line}");
        }
        o.push('\n');
    }
}

/// The success metrics, in the customer's words.
fn brief_metrics(o: &mut String, d: &AccountDetail, today: Date) {
    let _ = writeln!(o, "## Success metrics, in their words\n");
    if d.metrics.is_empty() {
        let _ = writeln!(o, "None defined yet.\n");
    } else {
        let _ = writeln!(
            o,
            "| Metric | Their words | Baseline | Latest | Target | Progress | Status | Signals | CPI |"
        );
        let _ = writeln!(o, "| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for m in &d.metrics {
            let x = &m.metric;
            let status = match m.track {
                Track::OnTrack => "on track",
                Track::OffTrack => "off track",
                Track::Unknown => "—",
            };
            let target = match (x.target, x.target_on) {
                (Some(t), Some(on)) => format!("{} by {}", number(Some(t), &x.unit), long(on)),
                (t, _) => number(t, &x.unit),
            };
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                cell(&x.name),
                cell(&x.words),
                number(x.baseline.as_ref().map(|b| b.value), &x.unit),
                number(m.latest, &x.unit),
                cell(&target),
                percent(m.progress),
                status,
                m.signals,
                cell(&x.voice_line(today))
            );
        }
        o.push('\n');
        let serving: Vec<String> = d
            .metrics
            .iter()
            .filter_map(|m| {
                crate::domain::partners::serves_line(&m.metric, &d.partners)
                    .map(|l| format!("{} {l}", m.metric.name))
            })
            .collect();
        if !serving.is_empty() {
            let _ = writeln!(
                o,
                "Aligned with our business partners' KPIs: {}.\n",
                cell(&serving.join("; "))
            );
        }
    }
}

/// The open commitments.
fn brief_commitments(o: &mut String, d: &AccountDetail, today: Date) {
    let open: Vec<_> = d
        .commitments
        .iter()
        .filter(|c| c.status == Status::Open)
        .collect();
    let _ = writeln!(o, "## Open commitments\n");
    if open.is_empty() {
        let _ = writeln!(o, "None open.\n");
    } else {
        let _ = writeln!(o, "| # | What | To | Owner | Due | |");
        let _ = writeln!(o, "| --- | --- | --- | --- | --- | --- |");
        for c in open {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {} | {} |",
                c.num,
                cell(&c.what),
                cell(&c.to_whom),
                cell(&c.owner),
                long(c.due()),
                relative_words(c.due(), today)
            );
        }
        o.push('\n');
    }
}

/// The introductions of Connect.
fn brief_connect(o: &mut String, d: &AccountDetail) {
    if !d.introductions.is_empty() {
        let _ = writeln!(o, "## Connect: introductions\n");
        for x in &d.introductions {
            let metric = x
                .metric
                .and_then(|n| d.metrics.iter().find(|m| m.metric.num == n))
                .map_or(String::new(), |m| format!(", for {}", m.metric.name));
            let follow = if x.follow_up.is_empty() {
                String::new()
            } else {
                format!(" — {}", x.follow_up)
            };
            let _ = writeln!(
                o,
                "- {}{metric}: {} since {}{follow}",
                x.line(),
                x.status,
                long(x.status_on)
            );
        }
        o.push('\n');
    }
}

/// The moments of truth.
fn brief_moments(o: &mut String, d: &AccountDetail) {
    if !d.moments.is_empty() {
        let _ = writeln!(o, "## Moments of truth\n");
        for m in &d.moments {
            let _ = writeln!(o, "- {} ({})", m.what, m.severity);
        }
        o.push('\n');
    }
}

/// What was kept and broken in the window, and the signals noted.
fn brief_window(o: &mut String, d: &AccountDetail, today: Date, window_days: u32) {
    let start = crate::domain::figures::Window::new(window_days, today).start();
    let resolved: Vec<_> = d
        .commitments
        .iter()
        .filter(|c| matches!(c.status, Status::Kept | Status::KeptLate | Status::Broken))
        .filter(|c| c.resolved_on.is_some_and(|r| r >= start && r <= today))
        .collect();
    if !resolved.is_empty() {
        let _ = writeln!(o, "## Kept and broken in the last {window_days} days\n");
        for c in resolved {
            let _ = writeln!(
                o,
                "- {} #{} {} — {}",
                c.status,
                c.num,
                c.what,
                c.resolved_on.map_or(String::new(), long)
            );
        }
        o.push('\n');
    }
    let notes: Vec<_> = d
        .signal_notes
        .iter()
        .filter(|n| n.on >= start && n.on <= today)
        .collect();
    if !notes.is_empty() {
        let _ = writeln!(o, "## Signals and what was said of them\n");
        for n in notes {
            let metric = d
                .metrics
                .iter()
                .find(|m| m.metric.num == n.metric)
                .map_or("a metric", |m| m.metric.name.as_str());
            let _ = writeln!(
                o,
                "- {metric}: {} ({}) — {}",
                n.rule.describe(),
                long(n.on),
                n.note.replace('\n', " ")
            );
        }
        o.push('\n');
    }
}

/// The last visits.
fn brief_visits(o: &mut String, d: &AccountDetail) {
    let _ = writeln!(o, "## Last visits\n");
    if d.visits.is_empty() {
        let _ = writeln!(o, "No visits yet.");
    }
    for v in d.visits.iter().take(5) {
        let mut line = format!("- {} · {} {}", long(v.on), v.intent, v.kind);
        if !v.theirs.is_empty() {
            let _ = write!(line, " · with {}", v.theirs.join(", "));
        }
        if !v.notes.trim().is_empty() {
            let _ = write!(line, " — {}", v.notes.replace('\n', " "));
        }
        if let Some(f) = &v.feedback {
            let _ = write!(line, " · their feedback {}/10: “{}”", f.score, f.words);
        }
        let _ = writeln!(o, "{line}");
    }
}
