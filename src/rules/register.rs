//! The team's register of business partners: the rules for a partner and
//! for a metric aligned with one of its KPIs.

use super::{records, Change, Facts, Fault, Field, Label, Record, Refusal, Verdict};
use crate::domain::partners::{kpi_of, kpi_problem};
use crate::domain::{plural, Metric, Partner};

type Judged<E> = Result<Verdict, Fault<E>>;

fn refuse<T, E>(field: Option<Field>, message: String) -> Result<T, Fault<E>> {
    Err(Fault::Refused(Refusal { field, message }))
}

fn verdict(label: String) -> Verdict {
    Verdict {
        label: Label::fixed(label),
        account: None,
        commitment: None,
        status: None,
        notice: None,
    }
}

fn need_partner<F: Facts>(f: &F, num: i64) -> Result<Partner, Fault<F::Error>> {
    match f.partner(num).map_err(Fault::Facts)? {
        Some(p) => Ok(p),
        None => refuse(
            None,
            format!("there is no partner #{num}; `saydo partner list` shows them"),
        ),
    }
}

/// Adding, editing and removing a partner.
pub(super) fn judge<F: Facts>(change: &Change, f: &F) -> Judged<F::Error> {
    match change {
        Change::AddPartner(p) | Change::EditPartner(p) => {
            let edit = matches!(change, Change::EditPartner(_));
            records::partner(p).map_err(Fault::Refused)?;
            if edit {
                need_partner(f, p.num)?;
            }
            if let Some(n) = f.partner_named(p.name.trim()).map_err(Fault::Facts)? {
                if n != p.num {
                    return refuse(
                        Some(Field::Name),
                        format!("{} is in the partners register already", p.name.trim()),
                    );
                }
            }
            if edit {
                kpis_kept(f, p)?;
            }
            let verb = if edit { "edit" } else { "add" };
            Ok(verdict(format!("{verb} partner {}", p.name.trim())))
        }
        Change::Remove(Record::Partner(n)) => {
            let p = need_partner(f, *n)?;
            let aligned = f.aligned_metrics(*n).map_err(Fault::Facts)?.len();
            let also = match aligned {
                0 => String::new(),
                k => format!(" (unaligning {})", plural(k, "metric")),
            };
            Ok(verdict(format!("remove partner {}{also}", p.name)))
        }
        _ => refuse(None, "a change judged by the wrong rules".into()),
    }
}

/// A KPI stays in the register while a metric is aligned with it: the
/// metric would otherwise serve a KPI nobody answers for.
fn kpis_kept<F: Facts>(f: &F, p: &Partner) -> Result<(), Fault<F::Error>> {
    for (num, name, kpi) in f.aligned_metrics(p.num).map_err(Fault::Facts)? {
        if kpi_of(p, &kpi).is_none() {
            return refuse(
                Some(Field::Kpis),
                format!(
                    "metric #{num} ({name}) is aligned with {}'s KPI `{}`; \
                     keep that KPI, or align the metric elsewhere first",
                    p.name.trim(),
                    kpi.trim()
                ),
            );
        }
    }
    Ok(())
}

/// A metric aligned with a partner names one of that partner's KPIs.
pub(super) fn alignment<F: Facts>(f: &F, m: &Metric) -> Result<(), Fault<F::Error>> {
    let Some(n) = m.partner else {
        return Ok(());
    };
    let Some(p) = f.partner(n).map_err(Fault::Facts)? else {
        return refuse(
            Some(Field::Partner),
            format!("there is no partner #{n}; `saydo partner list` shows them"),
        );
    };
    if let Some(why) = kpi_problem(&p, &m.kpi) {
        return refuse(Some(Field::Kpi), why);
    }
    Ok(())
}
