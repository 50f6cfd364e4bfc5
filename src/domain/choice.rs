//! The closed sets of words record fields take (kind, direction,
//! severity, visit kind, intent, status, …), each with the words people
//! may type for its values.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A closed set of words that a record field takes, with the words people
/// may type for each value. Parsing folds case; errors list the choices.
pub trait Choice: Sized + Copy + 'static {
    const WHAT: &'static str;
    const ALL: &'static [Self];
    /// The canonical word (stored, printed, accepted).
    fn word(self) -> &'static str;
    /// Other words accepted for the same value.
    fn aliases(self) -> &'static [&'static str] {
        &[]
    }
    fn parse(s: &str) -> Result<Self, super::Invalid> {
        let w = s.trim().to_ascii_lowercase();
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.word() == w || v.aliases().contains(&w.as_str()))
            .ok_or_else(|| format!("not a {}; one of {}", Self::WHAT, Self::choices()).into())
    }
    fn choices() -> String {
        Self::ALL
            .iter()
            .map(|v| v.word())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

macro_rules! choice {
    ($name:ident, $what:literal, { $($variant:ident => $word:literal $(| $alias:literal)*),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($variant),+ }
        impl Choice for $name {
            const WHAT: &'static str = $what;
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn word(self) -> &'static str { match self { $(Self::$variant => $word),+ } }
            fn aliases(self) -> &'static [&'static str] {
                match self { $(Self::$variant => &[$($alias),*]),+ }
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.word()) }
        }
    };
}

choice!(MetricKind, "metric kind", {
    Outcome => "outcome" | "customer-outcome",
    Operational => "operational" | "ops",
    BusinessCase => "business-case" | "business",
});

choice!(Direction, "direction", {
    Higher => "higher" | "up" | "higher-is-better",
    Lower => "lower" | "down" | "lower-is-better",
});

choice!(Severity, "severity", {
    Low => "low",
    Medium => "medium" | "med",
    High => "high",
    Critical => "critical" | "showstopper",
});

choice!(VisitKind, "visit kind", {
    OnSite => "on-site" | "onsite",
    Virtual => "virtual" | "video",
    Call => "call" | "phone",
    Review => "review" | "qbr" | "business-review",
    Training => "training",
    Event => "event",
});

choice!(Intent, "intent", {
    Proactive => "proactive" | "pro",
    Reactive => "reactive" | "re",
});

choice!(Status, "status", {
    Open => "open",
    Kept => "kept" | "done",
    KeptLate => "kept-late" | "late",
    Broken => "broken",
    Dropped => "dropped" | "drop",
});

choice!(IntroStatus, "status of an introduction", {
    Proposed => "proposed" | "propose",
    Made => "made" | "make",
    Happened => "happened" | "met",
    Helped => "helped" | "help",
    DidNotHelp => "did-not-help" | "unhelpful" | "no-help",
});

choice!(Outcome, "renewal outcome", {
    Renewed => "renewed" | "renew",
    Expanded => "expanded" | "expand" | "upsell",
    Churned => "churned" | "churn" | "lost",
});
