//! Exporting from the TUI: the export form and writing the file.

use super::fields::FieldId as Id;
use super::forms::{self, Target};
use super::{App, Overlay, Screen};

impl App {
    /// The export form, offering what is in view: the account, the
    /// director selected on Directors, the portfolio as filtered.
    pub fn export(&mut self) {
        let scope = forms::ExportScope {
            account: match self.screen {
                Screen::Account | Screen::Portfolio => self.account_in_view(),
                _ => None,
            },
            director: match self.screen {
                Screen::Directors => self.directors.selected().map(|d| d.name.clone()),
                _ => None,
            },
            filtered: match self.screen {
                Screen::Portfolio => self.portfolio.filtered_accounts(),
                _ => None,
            },
        };
        self.open_form(Target::Export(scope));
    }

    /// Writes the export the form describes; the form stays open with the
    /// reason when it cannot.
    pub(super) fn run_export(&mut self, scope: forms::ExportScope) {
        use crate::exchange::{export_to, Format, Setting};
        let Overlay::Form(form) = &self.overlay else {
            return;
        };
        let format = match Format::parse(&form.text(Id::Format)) {
            Ok(f) => f,
            Err(e) => {
                if let Overlay::Form(form) = &mut self.overlay {
                    form.fail_at(Id::Format, e.into());
                }
                return;
            }
        };
        let (q, stem) = self.export_query(&scope, &form.text(Id::Covers));
        let typed = form.text(Id::Path);
        let path = if typed.is_empty() {
            let ext = match format {
                Format::Toml => ".toml",
                Format::Csv => "-csv",
                Format::Md => ".md",
                Format::Ics => ".ics",
            };
            let name = format!("{stem}-{}{ext}", self.today);
            // Into the documented exports folder, never wherever saydo was
            // started from.
            match &self.exports {
                Some(dir) => {
                    if let Err(e) = crate::files::private_dir(dir) {
                        if let Overlay::Form(form) = &mut self.overlay {
                            form.fail_at(Id::Path, format!("not written: {}: {e}", dir.display()));
                        }
                        return;
                    }
                    dir.join(name)
                }
                None => std::path::PathBuf::from(name),
            }
        } else {
            crate::files::expand_home(&typed)
        };
        let setting = Setting::of(&self.config, self.today);
        match export_to(&*self.store, &q, format, &path, &setting) {
            Ok(said) => {
                self.overlay = Overlay::None;
                let full = std::fs::canonicalize(&path).unwrap_or(path);
                let _ = said;
                self.info(format!("exported to {}", full.display()));
            }
            Err(e) => {
                if let Overlay::Form(form) = &mut self.overlay {
                    form.fail_at(Id::Path, format!("not written: {e}"));
                }
            }
        }
    }

    /// What the export covers, as chosen in the form, and the stem of the
    /// file's name it suggests.
    fn export_query(
        &self,
        scope: &forms::ExportScope,
        covers: &str,
    ) -> (crate::store::ExportQuery, String) {
        let mut q = crate::store::ExportQuery::default();
        let mut stem = "saydo".to_string();
        let choices = scope.covers();
        let picked = choices.iter().position(|c| *c == covers);
        let director_at = usize::from(scope.account.is_some());
        let filtered_at = director_at + usize::from(scope.director.is_some());
        match picked {
            _ if covers == forms::COVER_ACCOUNT => {
                if let Some(a) = &scope.account {
                    q.account = Some(a.num);
                    stem = format!("saydo-{}", a.handle);
                }
            }
            _ if covers == forms::COVER_MINE => {
                q.owner = Some(self.me.clone());
                stem = format!("saydo-{}", crate::domain::text::slug(&self.me));
            }
            Some(i) if i == director_at && scope.director.is_some() => {
                let d = scope.director.clone().unwrap_or_default();
                stem = format!("saydo-{}", crate::domain::text::slug(&d));
                q.owner = Some(d);
            }
            Some(i) if i == filtered_at && scope.filtered.is_some() => {
                let (f, nums) = scope.filtered.clone().unwrap_or_default();
                stem = format!("saydo-{}", crate::domain::text::slug(&f));
                q.accounts = Some(nums);
            }
            _ => {}
        }
        (q, stem)
    }
}
