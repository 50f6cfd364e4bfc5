//! The portfolio's columns (which fit, what each sorts by) and the
//! groupings of its rows.

use super::Row;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Column {
    Name,
    Handle,
    Owner,
    Stage,
    InStage,
    SayDo,
    Open,
    Overdue,
    LastVisit,
    Proactive,
    OnTrack,
    Signals,
}

impl Column {
    pub const ALL: [Column; 12] = [
        Column::Name,
        Column::Handle,
        Column::Owner,
        Column::Stage,
        Column::InStage,
        Column::SayDo,
        Column::Open,
        Column::Overdue,
        Column::LastVisit,
        Column::Proactive,
        Column::OnTrack,
        Column::Signals,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Column::Name => "Account",
            Column::Handle => "Handle",
            Column::Owner => "Owner",
            Column::Stage => "Stage",
            Column::InStage => "In stage",
            Column::SayDo => "Say/do",
            Column::Open => "Open",
            Column::Overdue => "Late",
            Column::LastVisit => "Visited",
            Column::Proactive => "Proact.",
            Column::OnTrack => "On track",
            Column::Signals => "Signals",
        }
    }

    /// Lower gives way later as the terminal narrows.
    pub fn priority(self) -> u8 {
        match self {
            Column::Name => 0,
            Column::SayDo => 1,
            Column::Overdue => 2,
            Column::LastVisit => 3,
            Column::Handle => 4,
            Column::Stage => 5,
            Column::Owner => 6,
            Column::Open => 7,
            Column::Proactive => 8,
            Column::OnTrack => 9,
            Column::Signals => 10,
            Column::InStage => 11,
        }
    }

    /// The width the column asks for (the name column takes what is left).
    pub fn width(self) -> u16 {
        match self {
            Column::Name => 18,
            Column::Handle => 12,
            Column::Owner => 13,
            Column::Stage => 14,
            Column::InStage => 8,
            Column::SayDo => 10,
            Column::Open => 4,
            Column::Overdue => 4,
            Column::LastVisit => 7,
            Column::Proactive => 7,
            Column::OnTrack => 8,
            Column::Signals => 7,
        }
    }

    pub fn numeric(self) -> bool {
        !matches!(
            self,
            Column::Name | Column::Handle | Column::Owner | Column::Stage
        )
    }

    /// Whether row `r` has nothing to judge in this column ("—"): such rows
    /// sort last whichever way the column is sorted.
    pub(super) fn is_blank(self, r: &Row) -> bool {
        match self {
            Column::SayDo => r.say_do.ratio().is_none(),
            Column::Proactive => r.visits.share().is_none(),
            _ => false,
        }
    }

    /// What the column sorts by: a number where it can be, so that sorting
    /// many rows compares numbers kept side by side, not rows far apart.
    pub(super) fn sort_key(self, r: &Row) -> SortKey<'_> {
        let fraction = |x: Option<f64>| SortKey::Number((x.unwrap_or(-1.0) * 1e9) as i64);
        match self {
            // The view ranks names once; see `PortfolioView::name_rank`.
            Column::Name => SortKey::Number(0),
            Column::Handle => SortKey::Text(r.account.handle()),
            Column::Owner => SortKey::Text(r.account.owner().unwrap_or("")),
            Column::Stage => SortKey::Text(r.account.stage()),
            Column::InStage => SortKey::Number(r.days_in_stage.into()),
            Column::SayDo => fraction(r.say_do.ratio()),
            Column::Open => SortKey::Number(r.open.into()),
            Column::Overdue => SortKey::Number(r.overdue.into()),
            Column::LastVisit => SortKey::Number(r.days_since_visit.map_or(i64::MAX, i64::from)),
            Column::Proactive => fraction(r.visits.share()),
            Column::OnTrack => SortKey::Number(r.metrics_on_track.into()),
            Column::Signals => SortKey::Number(r.signals.into()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum SortKey<'a> {
    Number(i64),
    Text(&'a str),
}

/// Which columns fit in `width`, in display order, by priority.
/// In "my accounts" the Owner column would say me on every row: it gives
/// its room to the others.
pub fn columns_for(width: u16, mine_only: bool) -> Vec<Column> {
    let mut by_priority: Vec<Column> = Column::ALL
        .iter()
        .copied()
        .filter(|c| !(mine_only && *c == Column::Owner))
        .collect();
    by_priority.sort_by_key(|c| c.priority());
    let mut chosen = Vec::new();
    let mut used: u16 = 0;
    for c in by_priority {
        let need = c.width() + 1;
        if used + need <= width || chosen.is_empty() {
            used += need;
            chosen.push(c);
        }
    }
    Column::ALL
        .iter()
        .copied()
        .filter(|c| chosen.contains(c))
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Grouping {
    None,
    Owner,
    Stage,
    Region,
    /// By the config's tag group of this place (a therapeutic area).
    TagGroup(u8),
}

/// The config's tag groups: each name and its tags.
pub type TagGroups = Vec<(String, Vec<String>)>;

impl Grouping {
    /// The next grouping: owner, stage, region, each tag group, none.
    pub fn next(self, groups: usize) -> Grouping {
        let first_tag = if groups > 0 {
            Grouping::TagGroup(0)
        } else {
            Grouping::None
        };
        match self {
            Grouping::None => Grouping::Owner,
            Grouping::Owner => Grouping::Stage,
            Grouping::Stage => Grouping::Region,
            Grouping::Region => first_tag,
            Grouping::TagGroup(i) if usize::from(i) + 1 < groups => Grouping::TagGroup(i + 1),
            Grouping::TagGroup(_) => Grouping::None,
        }
    }

    pub fn label(self, groups: &TagGroups) -> String {
        match self {
            Grouping::None => "not grouped".into(),
            Grouping::Owner => "by owner".into(),
            Grouping::Stage => "by stage".into(),
            Grouping::Region => "by region".into(),
            Grouping::TagGroup(i) => match groups.get(usize::from(i)) {
                Some((name, _)) => format!("by {}", name.to_lowercase()),
                None => "not grouped".into(),
            },
        }
    }

    /// A grouping the config still has (a tag group taken out of it is none).
    pub fn within(self, groups: &TagGroups) -> Grouping {
        match self {
            Grouping::TagGroup(i) if usize::from(i) >= groups.len() => Grouping::None,
            g => g,
        }
    }

    pub(super) fn key<'a>(
        self,
        r: &'a Row,
        stages: &[String],
        groups: &TagGroups,
    ) -> (usize, &'a str) {
        match self {
            Grouping::TagGroup(i) => {
                let Some((_, tags)) = groups.get(usize::from(i)) else {
                    return (0, "");
                };
                // The account's first tag of the group, in the group's order.
                r.account
                    .tags()
                    .split(", ")
                    .filter_map(|t| {
                        tags.iter()
                            .position(|g| g.eq_ignore_ascii_case(t.trim()))
                            .map(|p| (p, t))
                    })
                    .min()
                    .unwrap_or((usize::MAX, "(none)"))
            }
            Grouping::None => (0, ""),
            Grouping::Owner => (0, r.account.owner().unwrap_or("(no owner)")),
            Grouping::Stage => (
                stages
                    .iter()
                    .position(|s| **s == *r.account.stage())
                    .unwrap_or(usize::MAX),
                r.account.stage(),
            ),
            Grouping::Region => (
                0,
                if r.account.region().is_empty() {
                    "(no region)"
                } else {
                    r.account.region()
                },
            ),
        }
    }
}
