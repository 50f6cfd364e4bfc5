//! Where the field book is kept. One trait, [`Store`], so that the app and
//! the command line never know which database they talk to; SQLite is the
//! embedded default.

pub mod location;
pub mod migrations;
pub mod sqlite;
pub mod wire;

use crate::domain::digest::Digest;
use crate::domain::{
    Account, Commitment, Date, Measurement, Metric, Moment, Partner, Person, SignalNote, StageSpan,
    Stakeholder, Status, Visit,
};
pub use crate::rules::{Change, Record, Refusal};
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Something the person asked for that cannot be done as asked: the
    /// message says what was wrong and what would be right.
    #[error("{0}")]
    Input(#[from] Refusal),
    /// The database itself failed, with what saydo was doing.
    #[error("database: {0}")]
    Backend(String),
    /// SQLite failed; the error is kept as it came.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    /// What failed, without the "database: " its message starts with.
    pub fn cause(&self) -> String {
        match self {
            StoreError::Input(r) => r.message.clone(),
            StoreError::Backend(m) => m.clone(),
            StoreError::Sqlite(e) => e.to_string(),
        }
    }

    /// The disk holding the database is full.
    pub fn is_disk_full(&self) -> bool {
        match self {
            StoreError::Sqlite(e) => e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull),
            // A failure carried as text (from another layer) says so in words.
            StoreError::Backend(m) => m.contains("disk is full"),
            StoreError::Input(_) => false,
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A replica's standing with its team book.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncMark {
    pub waiting: usize,
    pub conflicts: usize,
    /// Since when the team book cannot be reached (an RFC 3339 time).
    pub offline_since: Option<String>,
    /// The last sync that worked.
    pub last_sync: Option<String>,
}

impl SyncMark {
    /// "synced", "3 waiting", "offline since 10:42 · 3 waiting", "1 conflict".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(t) = &self.offline_since {
            let hm = t.get(11..16).unwrap_or(t);
            parts.push(format!("offline since {hm}"));
        }
        if self.waiting > 0 {
            parts.push(format!("{} waiting", self.waiting));
        }
        if self.conflicts > 0 {
            parts.push(crate::domain::plural(self.conflicts, "conflict"));
        }
        if parts.is_empty() {
            parts.push(if self.last_sync.is_some() {
                "synced".into()
            } else {
                "not synced yet".into()
            });
        }
        parts.join(" · ")
    }
}

/// What a change did: the record it made or touched, and a line for people.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub num: i64,
    pub id: Uuid,
    pub label: String,
    /// Something the person should know about what was saved (a
    /// renegotiation too late to count), also in `label`.
    pub notice: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct AccountQuery {
    /// Accounts owned by this person (name, any case).
    pub owner: Option<String>,
    pub include_archived: bool,
    /// Only archived accounts (for restoring one).
    pub only_archived: bool,
    /// At most this many, the first by name.
    pub limit: Option<usize>,
    /// For figures only: the account's why and its lists (key dates,
    /// renewals, answers) are left empty, not read, in a whole-book scan.
    pub lean: bool,
    /// Digests without the promises' words and the metrics' names (left
    /// empty): for passes that only count.
    pub figures_only: bool,
    /// Of the account itself only its number, owner and terms (stage
    /// date, pace, renewal, archived); its id, name, handle, region, tags
    /// and stage left empty: for sums by owner (`stats`, Directors, Trends).
    pub terms_only: bool,
}

impl AccountQuery {
    /// Every live account, for figures only (see `lean`).
    pub fn lean() -> AccountQuery {
        AccountQuery {
            lean: true,
            ..Default::default()
        }
    }

    /// As [`AccountQuery::figures`], the accounts read as their owner and
    /// terms only (see `terms_only`).
    pub fn sums() -> AccountQuery {
        AccountQuery {
            terms_only: true,
            ..AccountQuery::figures()
        }
    }

    /// As [`AccountQuery::lean`], and the digests without words (see
    /// `figures_only`).
    pub fn figures() -> AccountQuery {
        AccountQuery {
            figures_only: true,
            ..AccountQuery::lean()
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct VisitQuery {
    pub account: Option<i64>,
    /// Visits to accounts owned by this person.
    pub owner: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct CommitmentQuery {
    pub account: Option<i64>,
    /// Commitments owned by this person.
    pub owner: Option<String>,
    pub status: Option<Status>,
}

/// What changed after a given change.
#[derive(Debug, Clone, PartialEq)]
pub struct Changed {
    /// The latest change's number: ask from here next time.
    pub upto: i64,
    /// The accounts touched; `None` when anything may have changed (a
    /// bulk load, a person renamed, changes forgotten since).
    pub accounts: Option<Vec<i64>>,
}

/// A metric of the same name at some account, with its latest value.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparable {
    pub account: i64,
    pub handle: String,
    pub latest: Option<f64>,
}

/// What a maturity roll-up needs of an account.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessed {
    pub account: i64,
    pub region: String,
    pub tags: Vec<String>,
    pub assessments: Vec<crate::domain::maturity::Assessment>,
}

/// One account with everything its figures need.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountRecords {
    pub account: Account,
    pub commitments: Vec<Commitment>,
    /// Newest first.
    pub visits: Vec<Visit>,
    /// Each metric with its measurements, oldest first.
    pub metrics: Vec<(Metric, Vec<Measurement>)>,
    /// The signals someone wrote a note on (metric, rule, date of the
    /// signal's last point): acknowledged, they count nowhere.
    pub noted: Vec<(i64, crate::domain::xmr::Rule, Date)>,
}

impl AccountRecords {
    /// What the account's figures need of these records.
    pub fn digest(&self) -> Digest {
        Digest::of(&self.commitments, &self.visits, &self.metrics, &self.noted)
    }
}

/// Which accounts an export covers: all, one, or one person's.
#[derive(Debug, Clone, Default)]
pub struct ExportQuery {
    pub account: Option<i64>,
    pub owner: Option<String>,
    /// Only these accounts (a filtered view).
    pub accounts: Option<Vec<i64>>,
}

/// One record as exchanged with other databases and files: it names the
/// records it belongs to by handle or id, never by a local number.
#[derive(Debug, Clone, PartialEq)]
pub enum Exported {
    Person(Person),
    /// A business partner (exported with every book: metrics name them).
    Partner(Partner),
    Account(Account),
    Span {
        account: String,
        span: StageSpan,
    },
    Stakeholder {
        account: String,
        record: Stakeholder,
    },
    Moment {
        account: String,
        record: Moment,
    },
    Metric {
        account: String,
        moment: Option<Uuid>,
        /// The partner whose KPI it is aligned with, by name.
        partner: Option<String>,
        record: Metric,
    },
    Measurement {
        metric: Uuid,
        record: Measurement,
    },
    Visit {
        account: String,
        record: Visit,
    },
    Commitment {
        account: String,
        visit: Option<Uuid>,
        record: Commitment,
    },
    SignalNote {
        metric: Uuid,
        visit: Option<Uuid>,
        commitment: Option<Uuid>,
        record: SignalNote,
    },
    Introduction {
        account: String,
        metric: Option<Uuid>,
        record: crate::domain::Introduction,
    },
}

/// The kinds of record with an id of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Person,
    Partner,
    Account,
    Stakeholder,
    Moment,
    Metric,
    Measurement,
    Visit,
    Commitment,
    SignalNote,
    Introduction,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::Person,
        Kind::Partner,
        Kind::Account,
        Kind::Stakeholder,
        Kind::Moment,
        Kind::Metric,
        Kind::Measurement,
        Kind::Visit,
        Kind::Commitment,
        Kind::SignalNote,
        Kind::Introduction,
    ];

    /// The word in the exchange file: `[[commitment]]`.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Partner => "partner",
            Kind::Account => "account",
            Kind::Stakeholder => "stakeholder",
            Kind::Moment => "moment",
            Kind::Metric => "metric",
            Kind::Measurement => "measurement",
            Kind::Visit => "visit",
            Kind::Commitment => "commitment",
            Kind::SignalNote => "signal_note",
            Kind::Introduction => "introduction",
        }
    }
}

/// A fast path for loading many records at once (the demo generator and
/// imports): one transaction, no history. Each call returns the record's
/// assigned `num`.
pub trait Sink {
    /// The number of the record of this kind with this id, if there is one
    /// (loaded before or earlier in the same load).
    fn find(&mut self, kind: Kind, id: Uuid) -> Result<Option<i64>>;
    /// The number of the account with this handle (any case).
    fn account_num(&mut self, handle: &str) -> Result<Option<i64>>;
    /// The number of the person with this name (any case).
    fn person_num(&mut self, name: &str) -> Result<Option<i64>>;
    /// The highest number of each kind so far, to tell records loaded
    /// before from those of this load.
    fn high_water(&mut self, kind: Kind) -> Result<i64>;

    /// A person on our side; accounts and commitments name their owner,
    /// and a name not loaded this way is added when first named.
    fn person(&mut self, p: &Person) -> Result<i64>;

    /// A business partner; its owner is added to the people when new.
    fn partner(&mut self, p: &Partner) -> Result<i64>;
    /// The partner with this name (any case), loaded before or earlier
    /// in the same load.
    fn partner_named(&mut self, name: &str) -> Result<Option<Partner>>;
    fn account(&mut self, a: &Account) -> Result<i64>;
    fn stage_span(&mut self, account: i64, span: &StageSpan) -> Result<()>;
    fn stakeholder(&mut self, s: &Stakeholder) -> Result<i64>;
    fn moment(&mut self, m: &Moment) -> Result<i64>;
    fn metric(&mut self, m: &Metric) -> Result<i64>;
    fn measurement(&mut self, m: &Measurement) -> Result<i64>;
    fn visit(&mut self, v: &Visit) -> Result<i64>;
    fn commitment(&mut self, c: &Commitment) -> Result<i64>;
    fn signal_note(&mut self, n: &SignalNote) -> Result<i64>;
    fn introduction(&mut self, x: &crate::domain::Introduction) -> Result<i64>;
}

pub trait Store {
    fn people(&self) -> Result<Vec<Person>>;
    fn accounts(&self, q: &AccountQuery) -> Result<Vec<Account>>;
    /// The account with this handle (any case), archived or not.
    fn account(&self, handle: &str) -> Result<Option<Account>>;
    fn account_by_num(&self, num: i64) -> Result<Option<Account>>;
    /// How many accounts the query selects.
    fn count_accounts(&self, q: &AccountQuery) -> Result<usize> {
        Ok(self.accounts(q)?.len())
    }
    /// Every account's handle (archived ones too), by number: what a
    /// listing of records needs to name their accounts.
    fn handles(&self) -> Result<std::collections::HashMap<i64, String>> {
        let every = AccountQuery {
            include_archived: true,
            ..Default::default()
        };
        Ok(self
            .accounts(&every)?
            .into_iter()
            .map(|a| (a.num, a.handle))
            .collect())
    }
    /// The handles of the accounts not archived, by number.
    fn live_handles(&self) -> Result<std::collections::HashMap<i64, String>> {
        Ok(self
            .accounts(&AccountQuery::default())?
            .into_iter()
            .map(|a| (a.num, a.handle))
            .collect())
    }
    /// Up to `limit` accounts not archived whose handle starts with
    /// `prefix` (any case), by handle: the quick way to a handle being typed.
    fn accounts_by_handle_prefix(&self, prefix: &str, limit: usize) -> Result<Vec<Account>> {
        let p = prefix.to_lowercase();
        let mut all: Vec<Account> = self
            .accounts(&AccountQuery::default())?
            .into_iter()
            .filter(|a| a.handle.to_lowercase().starts_with(&p))
            .collect();
        all.sort_by(|a, b| a.handle.cmp(&b.handle));
        all.truncate(limit);
        Ok(all)
    }
    /// Every account's owner and settled renewals, archived accounts too,
    /// for those that have any.
    fn settled_renewals(&self) -> Result<Vec<(Option<String>, Vec<crate::domain::Renewal>)>> {
        Ok(self
            .accounts(&AccountQuery {
                include_archived: true,
                ..Default::default()
            })?
            .into_iter()
            .filter(|a| !a.renewals.is_empty())
            .map(|a| (a.owner, a.renewals))
            .collect())
    }
    /// The metrics named `name` (any case) on live accounts, with each
    /// one's latest value: the peers Connect compares with.
    fn comparable_metrics(&self, name: &str) -> Result<Vec<Comparable>> {
        let handles = self.handles()?;
        let live: std::collections::HashSet<i64> = self
            .accounts(&AccountQuery::default())?
            .into_iter()
            .map(|a| a.num)
            .collect();
        let mut out = Vec::new();
        for m in self.metrics(None)? {
            if !m.name.eq_ignore_ascii_case(name.trim()) || !live.contains(&m.account) {
                continue;
            }
            let latest = self.measurements(m.num)?.last().map(|x| x.value);
            out.push(Comparable {
                account: m.account,
                handle: handles.get(&m.account).cloned().unwrap_or_default(),
                latest,
            });
        }
        Ok(out)
    }
    /// Connect: the introductions (of one account, or all), newest first.
    fn introductions(&self, account: Option<i64>) -> Result<Vec<crate::domain::Introduction>>;
    /// The register of business partners, by name.
    fn partners(&self) -> Result<Vec<Partner>>;
    /// Every live account assessed for engagement maturity: its region,
    /// tags and assessments (what the heat tables roll up).
    fn assessed(&self) -> Result<Vec<Assessed>> {
        Ok(self
            .accounts(&AccountQuery::default())?
            .into_iter()
            .filter(|a| !a.assessments.is_empty())
            .map(|a| Assessed {
                account: a.num,
                region: a.region,
                tags: a.tags,
                assessments: a.assessments,
            })
            .collect())
    }
    fn stage_history(&self, account: i64) -> Result<Vec<StageSpan>>;
    fn stakeholders(&self, account: Option<i64>) -> Result<Vec<Stakeholder>>;
    fn moments(&self, account: Option<i64>) -> Result<Vec<Moment>>;
    fn metrics(&self, account: Option<i64>) -> Result<Vec<Metric>>;
    fn metric(&self, num: i64) -> Result<Option<Metric>>;
    /// Every metric aligned with a business partner.
    fn aligned_metrics(&self) -> Result<Vec<Metric>> {
        Ok(self
            .metrics(None)?
            .into_iter()
            .filter(|m| m.partner.is_some())
            .collect())
    }
    /// A metric's measurements, oldest first.
    fn measurements(&self, metric: i64) -> Result<Vec<Measurement>>;
    /// Visits, newest first.
    fn visits(&self, q: &VisitQuery) -> Result<Vec<Visit>>;
    /// Commitments with their renegotiations, soonest due first.
    fn commitments(&self, q: &CommitmentQuery) -> Result<Vec<Commitment>>;
    fn commitment(&self, num: i64) -> Result<Option<Commitment>>;
    /// Notes on signals (of one metric, or all), oldest first.
    fn signal_notes(&self, metric: Option<i64>) -> Result<Vec<SignalNote>>;

    /// One account's records, for its figures.
    fn account_records(&self, account: Account) -> Result<AccountRecords>;
    /// Calls `f` with every account the query selects and its records, one
    /// account at a time, so a whole portfolio never sits in memory.
    /// Implementations may stream it in fewer, larger reads.
    fn each_account(
        &self,
        q: &AccountQuery,
        f: &mut dyn FnMut(AccountRecords) -> Result<()>,
    ) -> Result<()> {
        for a in self.accounts(q)? {
            f(self.account_records(a)?)?;
        }
        Ok(())
    }
    /// Calls `f` with every account the query selects and its digest (what
    /// its figures need), by number: what a start, `stats` and the listings
    /// read instead of every record. By default worked out from the records.
    fn each_digest(
        &self,
        q: &AccountQuery,
        f: &mut dyn FnMut(Account, Digest) -> Result<()>,
    ) -> Result<()> {
        self.each_account(q, &mut |rec| {
            let d = rec.digest();
            f(rec.account, d)
        })
    }
    /// One account's digest.
    fn digest(&self, account: Account) -> Result<Digest> {
        Ok(self.account_records(account)?.digest())
    }
    /// No account, person or record of any kind.
    fn is_empty(&self) -> Result<bool>;
    /// The accounts changed after change number `seq` (see
    /// [`Store::change_mark`]), so that a screen brings only those up to
    /// date. By default: anything may have changed.
    fn changed_since(&self, seq: i64) -> Result<Changed> {
        let _ = seq;
        Ok(Changed {
            upto: self.change_mark()?,
            accounts: None,
        })
    }
    /// The number of the latest change, for [`Store::changed_since`].
    fn change_mark(&self) -> Result<i64> {
        Ok(0)
    }
    /// A number that changes when another process commits a change, so an
    /// open screen can pick it up without a restart.
    fn version(&self) -> Result<i64>;
    /// Opened read-only: writes are refused with a message.
    fn read_only(&self) -> bool {
        false
    }
    /// How the book stands with its team book, for the status line; `None`
    /// when it is no replica.
    fn sync_mark(&self) -> Option<SyncMark> {
        None
    }
    /// Changes the team book refused, waiting for their author's pick.
    fn conflicts(&self) -> Result<Vec<wire::Conflict>> {
        Ok(Vec::new())
    }
    /// Settles a conflict: mine (re-applied as a new change) or theirs.
    fn resolve(&mut self, num: i64, mine: bool, at: &str) -> Result<String> {
        let _ = (mine, at);
        Err(StoreError::Input(Refusal::new(format!(
            "there is no conflict #{num}: this book is not a replica of a team book"
        ))))
    }
    /// The team book's changes to an account, newest first (a replica's copy).
    fn team_log(&self, account: i64, limit: usize) -> Result<Vec<wire::LoggedChange>> {
        let _ = (account, limit);
        Ok(Vec::new())
    }
    /// The team book's changes to one record, newest first.
    fn team_log_of(&self, record: Uuid, limit: usize) -> Result<Vec<wire::LoggedChange>> {
        let _ = (record, limit);
        Ok(Vec::new())
    }
    /// This book's own changes to an account, newest first.
    fn own_history(&self, account: i64, limit: usize) -> Result<Vec<wire::LocalEntry>> {
        let _ = (account, limit);
        Ok(Vec::new())
    }

    /// Judges the change by the rules without writing it: what a preview
    /// shows is what saving would say.
    fn check(&self, change: &Change, today: Date) -> Result<()> {
        let _ = (change, today);
        Ok(())
    }
    /// Judges the change by the rules ([`crate::rules::judge`]) on
    /// `today`, then writes it in one transaction.
    fn apply(&mut self, change: &Change, today: Date) -> Result<Applied>;
    /// Undoes the latest change not yet undone; its label, or `None`.
    fn undo(&mut self) -> Result<Option<String>>;
    /// Redoes the change undone last; its label, or `None`.
    fn redo(&mut self) -> Result<Option<String>>;

    /// Streams every record the query covers, kind by kind in the order of
    /// [`Exported`]'s variants, each kind by number; people only when the
    /// query covers every account.
    fn export(&self, q: &ExportQuery, f: &mut dyn FnMut(Exported) -> Result<()>) -> Result<()>;

    /// Loads records in bulk (see [`Sink`]). With `replace`, everything in
    /// the database is removed first, in the same transaction.
    fn bulk(
        &mut self,
        replace: bool,
        load: &mut dyn FnMut(&mut dyn Sink) -> Result<()>,
    ) -> Result<()>;
}
