//! The changes a person can make to the book, named by what they do.

use crate::domain::{
    Account, Commitment, Date, Introduction, Measurement, Metric, Moment, Partner, SignalNote,
    Stakeholder, Visit,
};

/// A user action that writes. Each one is applied in one transaction and
/// recorded in the history, so it can be undone and redone.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Someone on our side, added on purpose (a typo never adds one).
    AddPerson {
        name: String,
    },
    /// A new account; its `num` is assigned, its `id` too when nil. Its stage
    /// history starts with `stage` on `stage_since`.
    AddAccount(Account),
    /// New name, handle, owner, region, tags, renewal date and why; the
    /// stage moves only through `SetStage`.
    EditAccount(Account),
    Archive {
        account: i64,
        archived: bool,
    },
    SetStage {
        account: i64,
        stage: String,
        on: Date,
    },
    /// A business partner in the team's register; its owner is added to
    /// the people when first named, as an account's is.
    AddPartner(Partner),
    /// New name, function, owner and KPIs; a KPI a metric is aligned with
    /// stays while that metric names it.
    EditPartner(Partner),
    /// Connect: an introduction for one of the customer's metrics.
    AddIntroduction(Introduction),
    /// Its people, metric, why, status and follow-up.
    EditIntroduction(Introduction),
    AddStakeholder(Stakeholder),
    AddMoment(Moment),
    AddMetric(Metric),
    AddMeasurement(Measurement),
    AddVisit(Visit),
    AddCommitment(Commitment),
    /// Kept on `on`: on time or late is derived from the latest due date.
    Keep {
        commitment: i64,
        on: Date,
    },
    Break {
        commitment: i64,
        on: Date,
        reason: String,
    },
    Drop {
        commitment: i64,
        on: Date,
        reason: String,
    },
    Renegotiate {
        commitment: i64,
        new_due: Date,
        reason: String,
        agreed_on: Date,
    },
    /// New name, role, layer, contact and notes.
    EditStakeholder(Stakeholder),
    /// New description and severity.
    EditMoment(Moment),
    /// Every field but the account.
    EditMetric(Metric),
    /// New date, value, source and note.
    EditMeasurement(Measurement),
    /// Every field but the account.
    EditVisit(Visit),
    /// What, to whom, owner, made and due dates, visit; the status moves
    /// only through the outcomes.
    EditCommitment(Commitment),
    /// A note on an XmR signal, which acknowledges it.
    NoteSignal(SignalNote),
    /// A visit (a new one when its `num` is 0) saved with what the `>`
    /// lines of its notes say: commitments made during it (`made`, linked
    /// to it as they are written) and open ones its lines now word
    /// differently (`edited`), all in one transaction.
    LogVisit {
        visit: Visit,
        made: Vec<Commitment>,
        edited: Vec<Commitment>,
    },
    /// Removes a record and what hangs on it (a metric's measurements, a
    /// commitment's renegotiations); links to it from other records are
    /// cleared. Undoable like every change. Accounts are archived instead.
    Remove(Record),
}

impl Change {
    /// Saving `v` on its own: an edit when it has a number, else an add.
    pub fn save_visit(v: Visit) -> Change {
        if v.num == 0 {
            Change::AddVisit(v)
        } else {
            Change::EditVisit(v)
        }
    }
}

/// The kinds of record that can be removed, with the number people see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    Partner(i64),
    Introduction(i64),
    Stakeholder(i64),
    Moment(i64),
    Metric(i64),
    Measurement(i64),
    Visit(i64),
    Commitment(i64),
}

impl Record {
    /// "commitment", "moment of truth".
    pub fn kind_word(self) -> &'static str {
        match self {
            Record::Partner(_) => "partner",
            Record::Introduction(_) => "introduction",
            Record::Stakeholder(_) => "stakeholder",
            Record::Moment(_) => "moment of truth",
            Record::Metric(_) => "metric",
            Record::Measurement(_) => "measurement",
            Record::Visit(_) => "visit",
            Record::Commitment(_) => "commitment",
        }
    }

    /// The number people see.
    pub fn num(self) -> i64 {
        match self {
            Record::Partner(n)
            | Record::Introduction(n)
            | Record::Stakeholder(n)
            | Record::Moment(n)
            | Record::Metric(n)
            | Record::Measurement(n)
            | Record::Visit(n)
            | Record::Commitment(n) => n,
        }
    }

    /// "commitment #17".
    pub fn describe(self) -> String {
        format!("{} #{}", self.kind_word(), self.num())
    }
}
