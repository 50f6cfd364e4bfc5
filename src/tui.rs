//! The terminal: setup and restore (on quit, panic and SIGTERM/SIGHUP/
//! SIGINT/SIGQUIT), Ctrl-Z, and the event loop. The loop is generic over
//! the backend and the event source, so tests drive it without a terminal.

use crate::app::App;
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::Terminal;
use std::io::{self, Stdout};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Where events come from: the real terminal, or a script in tests.
pub trait Events {
    /// The next event, or `None` when `timeout` passes without one.
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>>;
}

pub struct TerminalEvents;

impl Events for TerminalEvents {
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>> {
        if event::poll(timeout)? {
            Ok(Some(event::read()?))
        } else {
            Ok(None)
        }
    }
}

/// Scripted events for tests; when they run out the loop ends.
pub struct Script(pub std::collections::VecDeque<Event>);

impl Events for Script {
    fn next(&mut self, _timeout: Duration) -> io::Result<Option<Event>> {
        Ok(self.0.pop_front())
    }
}

/// How often the loop looks for changes by other processes and signals.
const TICK: Duration = Duration::from_millis(200);

/// Runs until the app quits, a signal arrives, or (scripted) events run out.
/// `signal` holds the number of a terminating signal once one arrived.
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    events: &mut dyn Events,
    signal: &AtomicUsize,
    scripted: bool,
    mut suspend: impl FnMut(&mut Terminal<B>) -> io::Result<()>,
    mut outside: impl FnMut(&mut Terminal<B>, &str) -> io::Result<Option<String>>,
) -> io::Result<()>
where
    B::Error: std::fmt::Display,
{
    let err = |e: B::Error| io::Error::other(e.to_string());
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|f| crate::ui::draw(f, app)).map_err(err)?;
            app.drawn();
            dirty = false;
        }
        if app.quit || signal.load(Ordering::Relaxed) != 0 {
            return Ok(());
        }
        if app.poll_loader() {
            dirty = true;
        }
        // While figures stream in, look for them more often.
        let wait = if app.load_progress().is_some() {
            Duration::from_millis(30)
        } else {
            TICK
        };
        match events.next(wait)? {
            Some(Event::Key(k)) => {
                if let Some(k) = key_of(k) {
                    app.message = None;
                    app.on_key(k);
                    dirty = true;
                }
            }
            Some(Event::Mouse(m)) => {
                mouse(app, m);
                dirty = true;
            }
            Some(Event::Resize(w, h)) => {
                app.width = w;
                app.height = h;
                terminal.autoresize().map_err(err)?;
                dirty = true;
            }
            Some(_) => {}
            None if scripted => {
                terminal.draw(|f| crate::ui::draw(f, app)).map_err(err)?;
                return Ok(());
            }
            None => dirty |= app.tick(),
        }
        if app.suspend {
            app.suspend = false;
            suspend(terminal)?;
            terminal.clear().map_err(err)?;
            dirty = true;
        }
        if let Some(text) = app.edit_outside.take() {
            match outside(terminal, &text) {
                Ok(Some(new)) => app.edited(new),
                Ok(None) => app.info("the editor ended without saving: the field is as it was"),
                Err(e) => app.fail(format!("the editor could not run: {e}")),
            }
            terminal.clear().map_err(err)?;
            dirty = true;
        }
    }
}

fn setup() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)?;
    Ok(())
}

/// Puts the terminal back as it was; safe to call more than once.
pub fn restore() {
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Runs the app in the real terminal. Returns the signal that ended it, if any.
pub fn run_terminal(app: &mut App) -> io::Result<Option<i32>> {
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGQUIT,
    ] {
        signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)?;
    }
    // When the terminal goes away (a closed window, a killed tmux) reading
    // it can spin without returning to the loop that watches the signal
    // flag: give the loop a moment to end cleanly, then end the process.
    // Every acknowledged write is already committed.
    {
        let signal = Arc::clone(&signal);
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(100));
            let s = signal.load(Ordering::Relaxed);
            if s != 0 {
                std::thread::sleep(Duration::from_secs(1));
                restore();
                std::process::exit(128 + s as i32);
            }
        });
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    setup()?;
    let result = (|| -> io::Result<()> {
        let mut terminal: Terminal<CrosstermBackend<Stdout>> =
            Terminal::new(CrosstermBackend::new(io::stdout()))?;
        terminal.clear()?;
        let size = terminal.size()?;
        app.width = size.width;
        app.height = size.height;
        run(
            &mut terminal,
            app,
            &mut TerminalEvents,
            &signal,
            false,
            |_t| {
                // Raw mode swallows ^Z, so stop ourselves the way the shell expects.
                restore();
                signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
                setup()
            },
            |_t, text| {
                restore();
                let edited = in_editor(text);
                setup()?;
                edited
            },
        )
    })();
    restore();
    result?;
    Ok(match signal.load(Ordering::Relaxed) {
        0 => None,
        s => Some(s as i32),
    })
}

/// `text` edited in `$VISUAL` or `$EDITOR` (else `vi`), through a private
/// temporary file removed after; `None` when the editor failed.
fn in_editor(text: &str) -> io::Result<Option<String>> {
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .ok()
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".into());
    let path = std::env::temp_dir().join(format!("saydo-notes-{}.txt", std::process::id()));
    {
        use std::io::Write;
        let mut f = crate::files::private_options()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)?;
        f.write_all(text.as_bytes())?;
    }
    // The editor may carry arguments ("code --wait"): run it as the shell would.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("saydo")
        .arg(&path)
        .status();
    let result = match status {
        Ok(s) if s.success() => Some(std::fs::read_to_string(&path)?),
        _ => None,
    };
    let _ = std::fs::remove_file(&path);
    Ok(result)
}

/// saydo's key for a crossterm key press; releases and repeats of
/// nothing (`None`) are dropped here, so the app sees presses only.
pub fn key_of(k: crossterm::event::KeyEvent) -> Option<crate::key::KeyEvent> {
    use crate::key::{KeyCode as K, KeyModifiers as M};
    use crossterm::event::{KeyCode as C, KeyEventKind, KeyModifiers as CM};
    if k.kind == KeyEventKind::Release {
        return None;
    }
    let code = match k.code {
        C::Char(c) => K::Char(c),
        C::Enter => K::Enter,
        C::Esc => K::Esc,
        C::Backspace => K::Backspace,
        C::Delete => K::Delete,
        C::Insert => K::Insert,
        C::Tab => K::Tab,
        C::BackTab => K::BackTab,
        C::Left => K::Left,
        C::Right => K::Right,
        C::Up => K::Up,
        C::Down => K::Down,
        C::Home => K::Home,
        C::End => K::End,
        C::PageUp => K::PageUp,
        C::PageDown => K::PageDown,
        C::F(n) => K::F(n),
        _ => K::Other,
    };
    let mut mods = M::NONE;
    for (c, m) in [
        (CM::SHIFT, M::SHIFT),
        (CM::CONTROL, M::CONTROL),
        (CM::ALT, M::ALT),
    ] {
        if k.modifiers.contains(c) {
            mods = mods | m;
        }
    }
    Some(crate::key::KeyEvent::new(code, mods))
}

/// A mouse event: the wheel scrolls the list, a click selects the row under
/// it (found here, where the layout is known) and a second click opens it.
pub fn mouse(app: &mut App, m: crossterm::event::MouseEvent) {
    use crate::action::Action;
    use crossterm::event::{MouseButton, MouseEventKind};
    match m.kind {
        MouseEventKind::ScrollDown => (0..3).for_each(|_| app.update(Action::Down)),
        MouseEventKind::ScrollUp => (0..3).for_each(|_| app.update(Action::Up)),
        MouseEventKind::Down(MouseButton::Left) => {
            let area = ratatui::layout::Rect::new(0, 0, app.width, app.height);
            if let Some(tab) = crate::ui::tab_at(app, area, m.column, m.row) {
                app.update(crate::app::account::Tab::action(tab));
                return;
            }
            if let Some(i) = crate::ui::row_at(app, area, m.column, m.row) {
                app.click_row(i);
            }
        }
        _ => {}
    }
}
