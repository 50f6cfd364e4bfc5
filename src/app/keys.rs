//! From a key to an action: the keymap's context for what is in view, and
//! the keys that are text in the field being typed into.

use super::{screen_context, App, Overlay, Screen};
use crate::key::{KeyCode, KeyEvent, KeyModifiers};
use crate::keymap::{Context, Key, Situation};

impl App {
    /// The keymap context for the current screen and overlay.
    pub fn context(&self) -> Context {
        match &self.overlay {
            Overlay::Help { .. } | Overlay::History { .. } => Context::Help,
            Overlay::Finder(_) => Context::Input,
            Overlay::QuickAdd(_) => Context::Bar,
            Overlay::Form(f) if f.confirm_discard => Context::Confirm,
            Overlay::Form(_) => Context::Form,
            Overlay::Confirm(_) => Context::Confirm,
            Overlay::Measurements { .. } => Context::Measurements,
            Overlay::None if self.screen == Screen::Portfolio && self.portfolio.filtering => {
                Context::Input
            }
            Overlay::None => screen_context(self.screen),
        }
    }

    pub fn on_key(&mut self, e: KeyEvent) {
        self.handle_key(e);
        self.keep_draft();
        self.keep_view();
    }

    /// The text the person's editor gave back, into the focused field.
    pub fn edited(&mut self, text: String) {
        if let Overlay::Form(f) = &mut self.overlay {
            if let Some(field) = f.fields.get_mut(f.focus) {
                // An editor ends a file with a line break; the field does not.
                field.input.set(text.trim_end_matches('\n').to_string());
            }
        }
        self.refresh_notes_preview();
        self.keep_draft();
    }

    pub(super) fn handle_key(&mut self, e: KeyEvent) {
        let context = self.context();
        let at = Situation {
            in_notes: self.in_notes(),
        };
        if let Some(action) = self.keymap.resolve_at(context, Key::from_event(&e), at) {
            self.update(action);
            return;
        }
        if matches!(context, Context::Bar | Context::Form)
            || matches!(&self.overlay, Overlay::Form(f) if f.confirm_discard)
        {
            self.type_key(&e);
            return;
        }
        if context == Context::Input {
            let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
            match e.code {
                KeyCode::Char(c) if !ctrl => self.edit_text(|t| t.push(c)),
                KeyCode::Backspace => self.edit_text(|t| {
                    t.pop();
                }),
                // As in a shell: Ctrl-U clears the line, Ctrl-W its last word.
                KeyCode::Char('u') if ctrl => self.edit_text(|t| t.clear()),
                KeyCode::Char('w') if ctrl => self.edit_text(|t| {
                    let kept = t.trim_end().rfind(' ').map_or(0, |i| i + 1);
                    t.truncate(kept);
                }),
                _ => {}
            }
        }
    }

    pub(super) fn edit_text(&mut self, f: impl FnOnce(&mut String)) {
        if let Overlay::Finder(finder) = &mut self.overlay {
            f(&mut finder.query);
            // `:` then a verb and a space is a quick-add line.
            let verb = finder
                .query
                .split_once(' ')
                .filter(|_| finder.verbs)
                .map(|(v, _)| v.to_string());
            if let Some(v) = verb.filter(|v| crate::capture::parse::verb_keys(v).is_some()) {
                let _ = v;
                let text = finder.query.clone();
                self.open_quick_add(&text);
                return;
            }
            if let Overlay::Finder(finder) = &mut self.overlay {
                finder.search(&self.portfolio);
            }
        } else if self.portfolio.filtering {
            f(&mut self.portfolio.filter);
            self.rebuild_portfolio();
            // The best match under the cursor, whatever was selected.
            self.portfolio.list.top();
            self.portfolio.skip_header(true);
            self.rank_if_near();
        }
    }

    /// The screen whose keys help describes.
    pub(super) fn help_context(&self) -> Context {
        screen_context(self.screen)
    }
}
