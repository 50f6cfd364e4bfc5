//! Everything a user can ask of the app. Keys map to these (see keymap.rs);
//! tests send them directly.

macro_rules! actions {
    ($($variant:ident => $name:literal, $desc:literal;)+) => {
        /// A bindable action: its kebab-case name is what `[keys]` in the
        /// config uses, its description what the help screen shows.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action { $($variant),+ }
        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant),+];
            pub fn name(self) -> &'static str { match self { $(Action::$variant => $name),+ } }
            pub fn description(self) -> &'static str { match self { $(Action::$variant => $desc),+ } }
            pub fn from_name(name: &str) -> Option<Action> {
                Self::ALL.iter().copied().find(|a| a.name() == name)
            }
        }
    };
}

actions! {
    Quit => "quit", "quit saydo";
    Back => "back", "back out (close, clear, or go up a screen); at the top, quit";
    Escape => "escape", "back out (close, clear, or go up a screen); never quits";
    Interrupt => "interrupt", "clear what is typed (a changed form asks); with nothing typed, quit";
    Help => "help", "show the keys of this screen";
    Finder => "finder", "find an account or a screen";
    Command => "command", "find an account or a screen, or type a verb (commit, visit…) to quick-add";
    Portfolio => "portfolio", "go to the portfolio";
    Attention => "attention", "go to what needs attention";
    Directors => "directors", "go to the directors: each one's accounts and figures";
    Signals => "signals", "go to the signals inbox: XmR signals on customer metrics";
    NoteSignal => "note-signal", "write a note on the signal, which acknowledges it";
    Acknowledged => "acknowledged", "switch between signals waiting for a note and those acknowledged, with their notes";
    Trends => "trends", "go to the trends: say/do, proactive share and visits per month";
    Lifecycle => "lifecycle", "go to the lifecycle: accounts per stage, time in stage, overstays";
    Up => "up", "move up";
    Down => "down", "move down";
    PageUp => "page-up", "move up a page";
    PageDown => "page-down", "move down a page";
    Top => "top", "go to the first";
    Bottom => "bottom", "go to the last";
    Open => "open", "open the selected item";
    NextTab => "next-tab", "next tab";
    PrevTab => "prev-tab", "previous tab";
    TabOverview => "tab-overview", "the overview tab";
    TabMetrics => "tab-metrics", "the metrics tab, with the XmR chart";
    TabVisits => "tab-visits", "the visits tab";
    TabCommitments => "tab-commitments", "the commitments tab";
    TabStakeholders => "tab-stakeholders", "the stakeholders tab";
    TabMoments => "tab-moments", "the moments-of-truth tab";
    Filter => "filter", "filter the list (fuzzy)";
    Scope => "scope", "switch between my accounts and all";
    SortNext => "sort", "sort by the next column";
    SortReverse => "sort-reverse", "reverse the sort order";
    EditOutside => "edit-outside", "edit the field in your own editor ($VISUAL or $EDITOR)";
    EarlierMonth => "earlier-month", "the month before: its figures after the bars";
    LaterMonth => "later-month", "the month after: its figures after the bars";
    SortBy1 => "sort-first", "sort by the 1st column shown (again: the other way)";
    SortBy2 => "sort-second", "sort by the 2nd column shown";
    SortBy3 => "sort-third", "sort by the 3rd column shown";
    SortBy4 => "sort-fourth", "sort by the 4th column shown";
    SortBy5 => "sort-fifth", "sort by the 5th column shown";
    SortBy6 => "sort-sixth", "sort by the 6th column shown";
    SortBy7 => "sort-seventh", "sort by the 7th column shown";
    SortBy8 => "sort-eighth", "sort by the 8th column shown";
    SortBy9 => "sort-ninth", "sort by the 9th column shown";
    Group => "group", "group by owner, stage, region, or not";
    Refresh => "refresh", "reload from the database and redraw";
    Suspend => "suspend", "suspend to the shell (fg to resume)";
    LoadDemo => "load-demo", "load the demo portfolio (into an empty database)";
    QuickAdd => "quick-add", "type a quick-add line: commit, visit, measure, done…";
    Undo => "undo", "undo the last change";
    Redo => "redo", "redo the change undone last";
    New => "new", "add a record of the kind in view";
    Edit => "edit", "edit the selected record";
    EditAccount => "edit-account", "edit the account";
    Remove => "remove", "remove the selected record (asks; undoable)";
    Archive => "archive", "archive or restore the account (asks; undoable)";
    MoveStage => "move-stage", "move the account to another stage";
    Checklist => "checklist", "answer the current stage's questions for the account";
    SettleRenewal => "settle-renewal", "record how the renewal went: renewed, expanded or churned";
    LogVisit => "log-visit", "log a visit, then the commitments made in it";
    NewCommitment => "new-commitment", "add a commitment (form)";
    Measure => "measure", "add a measurement to the selected metric";
    Measurements => "measurements", "list the selected metric's measurements";
    Kept => "kept", "mark the commitment kept today";
    KeptOn => "kept-on", "mark the commitment kept on a date";
    Broken => "broken", "mark the commitment broken (asks the reason)";
    Renegotiate => "renegotiate", "agree a new due date (asks date and reason)";
    DropCommitment => "drop", "the customer dropped the commitment";
    Save => "save", "save";
    Complete => "complete", "complete the word (again: the next choice)";
    CompleteBack => "complete-back", "the previous completion";
    Older => "older", "the line typed before";
    Newer => "newer", "the line typed after";
    NextField => "next-field", "next field (completes a name first)";
    PrevField => "prev-field", "previous field";
    Yes => "yes", "yes, do it";
    Export => "export", "export the account or portfolio: TOML, CSV or a Markdown brief";
    Team => "team", "go to the team book: sync, what waits, conflicts";
    TabConnect => "tab-connect", "the account's Connect tab: introductions, and whom they could meet";
    Assess => "assess", "assess the account's engagement maturity, dimension by dimension";
    Maturity => "maturity", "go to engagement maturity: levels by market and by tag group, as a heat table";
    Partners => "partners", "go to the business partners: their KPIs and the customer metrics that serve them";
    KeepMine => "keep-mine", "settle the conflict with my change (it syncs again)";
    KeepTheirs => "keep-theirs", "settle the conflict with the team book's value";
    History => "history", "who changed what on this account, and when";
}

impl Action {
    /// The word the status line shows beside its key; the name where
    /// there is no shorter one.
    pub fn hint(self) -> &'static str {
        use Action::*;
        match self {
            Open => "open",
            Filter => "filter",
            Scope => "mine/all",
            SortNext => "sort",
            Group => "group",
            Attention => "attention",
            Directors => "directors",
            Lifecycle => "lifecycle",
            Signals => "signals",
            Trends => "trends",
            NoteSignal => "note",
            Finder => "find",
            Help => "help",
            Quit => "quit",
            NextTab => "tab",
            Back => "back",
            LoadDemo => "demo",
            QuickAdd => "add",
            New => "new",
            Kept => "kept",
            Broken => "broken",
            Renegotiate => "reneg.",
            DropCommitment => "drop",
            MoveStage => "stage",
            LogVisit => "visit",
            NewCommitment => "commit",
            Measurements => "values",
            Save => "save",
            Complete => "complete",
            Older => "history",
            NextField => "next",
            Yes => "yes",
            other => other.name(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(*a));
            assert!(seen.insert(a.name()), "{} twice", a.name());
            assert!(!a.description().is_empty());
            assert!(a.name().chars().all(|c| c.is_ascii_lowercase() || c == '-'));
        }
    }
}
