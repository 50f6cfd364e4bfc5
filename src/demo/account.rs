//! What an account of the demo holds beyond its drawn fields: answered
//! prompts, maturity assessments, an introduction, settled renewals and key
//! dates — each chosen by the account's place, not the generator, so every
//! other record stays as it was.

use super::data::{ACCOUNTS, PARTNERS, STAKEHOLDERS};
use super::day;
use crate::domain::{Account, Date, StageSpan};
use uuid::Uuid;

/// The first accounts have answered their stage's first questions, so the
/// checklist has something true to show.
pub(super) fn answer_prompts(a: &mut Account, prompts: &[String], i: usize, today: Date) {
    const ANSWERS: [&str; 4] = [
        "Yes — the charge nurses run it themselves now; two night-shift staff still need a refresher.",
        "Their head of radiology owns it; success is every scan read the same day.",
        "The PACS upgrade in March could derail the first weeks; IT has our contact.",
        "Mostly: the dosing module is used daily, the reporting one hardly at all.",
    ];
    if i >= 6 {
        return;
    }
    for (k, p) in prompts.iter().take(1 + i % 2).enumerate() {
        let stage = a.stage.clone();
        crate::domain::checklist::set(
            &mut a.answers,
            &stage,
            p,
            ANSWERS[(i + k) % ANSWERS.len()],
            day(today, -(3 + i as i64 + k as i64)),
        );
    }
}

/// Most accounts were assessed twice on the default maturity scale, some
/// moving up a level in between (chosen by place, not the generator). How
/// they measure success and their common behaviours move together, as the
/// seed's diagnostic found; customer insight lags a level.
pub(super) fn assess_maturity(a: &mut Account, i: usize, today: Date) {
    if i % 6 == 5 {
        return;
    }
    let dims = crate::domain::maturity::Scale::default().dimensions;
    let base = 1 + (i * 7 % 4) as u8;
    for (k, d) in dims.iter().enumerate() {
        let first = if k == 2 {
            base.saturating_sub(1).max(1)
        } else {
            base
        };
        let later = (first + u8::from((i + k).is_multiple_of(3))).min(5);
        for (level, on) in [
            (first, day(today, -(150 + (i as i64 * 13) % 60))),
            (later, day(today, -(10 + (i as i64 * 5) % 40))),
        ] {
            crate::domain::maturity::assess(
                &mut a.assessments,
                crate::domain::maturity::Assessment {
                    dimension: d.clone(),
                    level,
                    on,
                    note: String::new(),
                },
            );
        }
    }
}

/// Connect: some of the first accounts have an introduction for their
/// first metric — to the owner of the partner whose KPI it serves, or to
/// a peer at the next account — at every step of the way (chosen by
/// place, not the generator).
pub(super) fn introduction(
    i: usize,
    account: i64,
    metric: i64,
    m: &crate::domain::Metric,
    theirs: &[&str],
    accounts: usize,
    today: Date,
) -> Option<crate::domain::Introduction> {
    use crate::domain::IntroStatus as S;
    if i >= 12 || i % 3 == 2 {
        return None;
    }
    let from = theirs.first()?.to_string();
    let expert = PARTNERS
        .iter()
        .find(|p| p.3.contains(&m.kpi.as_str()))
        .map(|p| p.2);
    let (to_account, to) = match (i % 2, expert) {
        (0, Some(e)) => (None, e.to_string()),
        _ if i + 1 < accounts.min(ACCOUNTS.len()) => (
            Some(ACCOUNTS[i + 1].1.to_string()),
            STAKEHOLDERS[(i * 5) % STAKEHOLDERS.len()].0.to_string(),
        ),
        _ => return None,
    };
    let status = [S::Proposed, S::Made, S::Happened, S::Helped, S::DidNotHelp][i % 5];
    let on = day(today, -(40 + i as i64 * 3));
    let follow_up = match status {
        S::Helped => "they changed their reporting rota after the call",
        S::DidNotHelp => "different set-up; try a centre of their size",
        S::Happened => "ask how it went at the next visit",
        _ => "",
    };
    Some(crate::domain::Introduction {
        id: Uuid::new_v5(
            &Uuid::NAMESPACE_OID,
            format!("saydo demo intro {i}").as_bytes(),
        ),
        num: 0,
        account,
        from,
        to_account,
        to,
        metric: Some(metric),
        why: format!("{} is where they want to be", m.name),
        status,
        on,
        status_on: if status == S::Proposed {
            on
        } else {
            day(on, 14)
        },
        follow_up: follow_up.into(),
    })
}

/// Some renewals were settled in the last year (chosen by the account's
/// place, not the generator, so every other record stays as it was), and
/// one in every 29 accounts has a renewal passed without an outcome.
pub(super) fn settle_renewals(a: &mut Account, i: usize, today: Date) {
    use crate::domain::Outcome;
    if i % 9 == 2 {
        let outcome = match i % 5 {
            3 => Outcome::Expanded,
            4 => Outcome::Churned,
            _ => Outcome::Renewed,
        };
        let on = day(today, -(20 + (i as i64 * 37) % 300));
        let next = (outcome != Outcome::Churned).then(|| day(on, 365));
        a.renewal = Some(day(on, (i % 15) as i64));
        a.settle_renewal(outcome, on, next);
    } else if i % 29 == 12 {
        a.renewal = Some(day(today, -12));
    }
}

/// The contract signed two weeks before the kickoff (the first stage's
/// start), and the go-live: when the second stage began, or planned at the
/// end of the first stage's usual length.
pub(super) fn key_dates(spans: &[StageSpan]) -> Vec<crate::domain::key_dates::KeyDate> {
    use crate::domain::key_dates::KeyDate;
    let Some(first) = spans.last() else {
        return Vec::new();
    };
    let kickoff = first.entered;
    let golive = match spans.len() {
        1 => day(kickoff, 120),
        n => spans[n - 2].entered,
    };
    let k = |name: &str, on| KeyDate {
        name: name.into(),
        on,
    };
    vec![
        k("contract", day(kickoff, -14)),
        k("kickoff", kickoff),
        k("go-live", golive),
    ]
}
