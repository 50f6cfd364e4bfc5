//! The commitment form: what, to whom, whose, when made and when due, in which visit.

use super::*;

pub(super) fn fields(target: &Target, l: &Lookups, me: &str, today: Date) -> (String, Vec<Field>) {
    let c = match &target {
        Target::EditCommitment(c) => c.clone(),
        _ => blank_commitment(0, me, today),
    };
    let new = c.num == 0;
    let title = if new {
        "New commitment".to_string()
    } else {
        format!("Edit commitment #{}", c.num)
    };
    (
        title,
        vec![
            t(F::What, "What", &c.what).required(),
            pick(
                F::ToWhom,
                "To whom",
                &l.stakeholders,
                false,
                c.to_whom.clone(),
            ),
            pick(F::Owner, "Owner", &l.people, false, c.owner.clone()).required(),
            past(
                F::Made,
                "Made on",
                if new {
                    "today".into()
                } else {
                    c.made_on.to_string()
                },
            )
            .required(),
            date(
                F::Due,
                "Due",
                if new {
                    String::new()
                } else {
                    c.due_on.to_string()
                },
            )
            .required(),
            ref_field(F::Visit, "Made in visit", &l.visits, c.visit),
        ],
    )
}

pub(super) fn change(form: &RecordForm, today: Date) -> Result<Change, Refused> {
    let mut c = match &form.target {
        Target::EditCommitment(c) => c.clone(),
        Target::NewCommitment { account } => blank_commitment(*account, "", today),
        _ => unreachable!("forms::change sends only these"),
    };
    c.what = form.text(F::What);
    c.to_whom = form.text(F::ToWhom);
    c.owner = form.text(F::Owner);
    c.made_on = need_date(form, F::Made, today)?;
    c.due_on = need_date(form, F::Due, today)?;
    c.visit = ref_num(&form.text(F::Visit));
    Ok(if c.num == 0 {
        Change::AddCommitment(c)
    } else {
        Change::EditCommitment(c)
    })
}

pub(super) fn blank_commitment(account: i64, me: &str, today: Date) -> Commitment {
    Commitment {
        id: Uuid::nil(),
        num: 0,
        account,
        what: String::new(),
        to_whom: String::new(),
        owner: me.to_string(),
        made_on: today,
        due_on: today,
        visit: None,
        status: Status::Open,
        resolved_on: None,
        reason: String::new(),
        renegotiations: vec![],
    }
}
