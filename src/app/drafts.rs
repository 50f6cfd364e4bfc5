//! What is kept on disk while it is typed or arranged, so a kill or a
//! closed window loses nothing: the bar's line, a form's draft, the
//! portfolio's sort, grouping and scope.

use super::{forms, remember, App, Overlay};

impl App {
    /// The portfolio as it was last looked at: sort, grouping, scope.
    pub(super) fn recall_view(&mut self) {
        let Some(r) = self.view_file.as_deref().and_then(remember::load) else {
            return;
        };
        self.portfolio.sort = r.sort;
        self.portfolio.descending = r.descending;
        self.portfolio.group = r.group;
        self.portfolio.mine_only = r.mine_only;
        self.attention.mine_only = r.mine_only;
        self.signals.mine_only = r.mine_only;
        self.lifecycle.mine_only = r.mine_only;
        self.remembered = Some(r);
    }

    /// Keeps the portfolio's sort, grouping and scope when they change.
    pub(super) fn keep_view(&mut self) {
        let now = remember::Remembered::of(&self.portfolio);
        if self.remembered != Some(now) {
            if let Some(path) = &self.view_file {
                remember::save(path, &now);
            }
            self.remembered = Some(now);
        }
    }

    /// The bar's line is kept on disk as it is typed, so that a kill, a
    /// closed window or a stray key never loses it; saving clears it.
    pub(super) fn keep_draft(&mut self) {
        let now = match &self.overlay {
            Overlay::QuickAdd(q) if q.follow_up.is_none() => Some(q.input.text.clone()),
            _ => None,
        };
        if let Some(text) = now {
            if text != self.draft {
                self.recall.keep_draft(&text);
                self.draft = text;
            }
        }
        let form = match &self.overlay {
            Overlay::Form(f) if f.changed() => {
                serde_json::to_string(&forms::FormDraft::of(f)).unwrap_or_default()
            }
            _ => String::new(),
        };
        if form != self.form_draft {
            self.recall.keep_form_draft(&form);
            self.form_draft = form;
        }
    }

    /// Opens again the form a previous run was filling in, as it was.
    pub(super) fn offer_form_draft(&mut self, json: String) {
        let Ok(d) = serde_json::from_str::<forms::FormDraft>(&json) else {
            return;
        };
        self.open_form(d.target.clone());
        if let Overlay::Form(f) = &mut self.overlay {
            if d.fill(f) {
                self.form_draft = json;
                self.info(
                    "the form you were filling in was kept: Enter saves it, Esc then y discards it",
                );
                return;
            }
        }
        self.overlay = Overlay::None;
    }
}
