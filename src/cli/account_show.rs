//! `account show`: everything about one account, as text or JSON.

use super::lists::commitment_table;
use super::records::window;
use super::table::Table;
use super::{print_json, Ctx, Outcome};
use crate::domain::dates::shown;
use crate::domain::figures::percent;
use crate::domain::Account;
use crate::report::{self, AccountDetail, AccountRow};

pub(super) fn show_account(ctx: &Ctx, typed: &str, json: bool) -> Outcome {
    let a = ctx.account(typed)?;
    let d = report::account_detail(&ctx.store, a.clone(), window(ctx), &ctx.config.stages)?;
    if json {
        return print_json(&d);
    }
    let r = &d.row;
    header(ctx, &a, r);
    standing(ctx, &a, r);
    stage_sections(ctx, &a, &d);
    people_and_metrics(&d);
    records(ctx, &d);
    Ok(())
}

/// Name, owner, stage, pace and renewals.
fn header(ctx: &Ctx, a: &Account, r: &AccountRow) {
    outln!(
        "{} (@{}){}",
        a.name,
        a.handle,
        if a.archived { " — archived" } else { "" }
    );
    outln!(
        "owner {} · region {} · tags {}",
        a.owner.as_deref().unwrap_or("—"),
        if a.region.is_empty() {
            "—"
        } else {
            &a.region
        },
        if a.tags.is_empty() {
            "—".to_string()
        } else {
            a.tags.join(", ")
        }
    );
    outln!(
        "stage {} for {}d (since {}) · renewal {}",
        a.stage,
        r.days_in_stage,
        shown(ctx.today, a.stage_since),
        a.renewal.map_or("—".into(), crate::domain::dates::long)
    );
    if let Some(p) = a.pace.describe(ctx.today) {
        outln!("their pace: {p}");
    }
    if !a.renewals.is_empty() {
        let list: Vec<String> = a
            .renewals
            .iter()
            .map(|x| format!("{} {}", x.outcome, shown(ctx.today, x.on)))
            .collect();
        outln!("renewals: {}", list.join(" · "));
    }
}

/// Where it stands: maturity, key dates, why they bought, the figures.
fn standing(ctx: &Ctx, a: &Account, r: &AccountRow) {
    let scale = &ctx.config.maturity;
    let levels: Vec<String> = scale
        .dimensions
        .iter()
        .filter_map(|d| {
            crate::domain::maturity::standing(&a.assessments, d).map(|s| {
                let was = s.was();
                format!(
                    "{d} {} (since {}{was})",
                    scale.level_name(s.latest.level),
                    shown(ctx.today, s.latest.on)
                )
            })
        })
        .collect();
    if !levels.is_empty() {
        outln!("maturity: {}", levels.join(" · "));
    }
    if !a.key_dates.is_empty() {
        outln!(
            "key dates: {}",
            crate::domain::key_dates::shown(&a.key_dates, ctx.today)
        );
    }
    if !a.why.is_empty() {
        outln!("why: “{}”", a.why);
    }
    outln!(
        "say/do {} · proactive {} of {} · {} open, {} overdue · last visit {}",
        r.say_do.describe(),
        percent(r.visits.share()),
        crate::domain::plural(r.visits.total as usize, "visit"),
        r.open,
        r.overdue,
        r.days_since_visit
            .map_or("never".into(), |d| format!("{d}d ago"))
    );
}

/// The stage's checklist and the stages it went through.
fn stage_sections(ctx: &Ctx, a: &Account, d: &AccountDetail) {
    if !d.stage_prompts.is_empty() {
        let list = crate::domain::checklist::checklist(&d.stage_prompts, &a.stage, &a.answers);
        outln!(
            "\nIn {}, check ({}; `saydo account answer @{} N \"…\"`):",
            a.stage,
            crate::domain::checklist::progress(&list),
            a.handle
        );
        for (i, (p, answer)) in list.iter().enumerate() {
            match answer {
                Some(x) => outln!(
                    "  {}. ✓ {p} — “{}” ({})",
                    i + 1,
                    x.answer.replace('\n', " "),
                    shown(ctx.today, x.on)
                ),
                None => outln!("  {}. · {p}", i + 1),
            }
        }
    }
    if d.stage_history.len() > 1 {
        outln!("\nStages:");
        for s in &d.stage_history {
            outln!(
                "  {:<14} {} → {}",
                s.stage,
                shown(ctx.today, s.entered),
                s.left.map_or("now".into(), |d| shown(ctx.today, d))
            );
        }
    }
}

/// Who is who, what they measure and the moments that matter.
fn people_and_metrics(d: &AccountDetail) {
    if !d.stakeholders.is_empty() {
        outln!("\nStakeholders:");
        let mut t = Table::new(&["layer", "name", "role", "contact"]);
        for s in &d.stakeholders {
            t.row(vec![
                s.layer.to_string(),
                s.name.clone(),
                s.role.clone(),
                s.contact.clone(),
            ]);
        }
        out!("{}", indent(&t.render()));
    }
    if !d.metrics.is_empty() {
        outln!("\nSuccess metrics:");
        out!(
            "{}",
            indent(&super::metrics::metric_table(&d.metrics).render())
        );
    }
    if !d.moments.is_empty() {
        outln!("\nMoments of truth:");
        for m in &d.moments {
            let watching: Vec<String> = d
                .metrics
                .iter()
                .filter(|s| s.metric.moment == Some(m.num))
                .map(|s| s.metric.name.clone())
                .collect();
            outln!(
                "  #{} [{}] {}{}",
                m.num,
                m.severity,
                m.what,
                if watching.is_empty() {
                    String::new()
                } else {
                    format!(" — watched by {}", watching.join(", "))
                }
            );
        }
    }
}

/// Its open commitments and latest visits.
fn records(ctx: &Ctx, d: &AccountDetail) {
    let open: Vec<&crate::domain::Commitment> =
        d.commitments.iter().filter(|c| c.is_open()).collect();
    if !open.is_empty() {
        outln!("\nOpen commitments:");
        out!("{}", indent(&commitment_table(ctx, &open).render()));
    }
    if !d.visits.is_empty() {
        outln!("\nLatest visits:");
        let mut t = Table::new(&["#", "date", "kind", "intent", "notes"]);
        for v in d.visits.iter().take(5) {
            t.row(vec![
                v.num.to_string(),
                shown(ctx.today, v.on),
                v.kind.to_string(),
                v.intent.to_string(),
                v.notes.clone(),
            ]);
        }
        out!("{}", indent(&t.render()));
    }
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("  {l}\n")).collect()
}
