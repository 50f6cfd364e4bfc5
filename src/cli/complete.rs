//! Shell completions and the man page, made from the command line's own
//! definition. Completions are clap's dynamic engine: the shell asks saydo
//! (`COMPLETE=bash saydo -- …`), which answers from the book itself —
//! @handles, people, open commitment numbers.

use super::args::Cli;
use super::{Failure, Outcome};
use crate::store::sqlite::SqliteStore;
use crate::store::{CommitmentQuery, Store};
use clap::CommandFactory;
use clap_complete::engine::CompletionCandidate;
use clap_complete::env::EnvCompleter;

/// Answers the shell when it asks for completions (and exits); otherwise
/// returns at once. Called before anything else reads the arguments.
pub fn answer_the_shell() {
    clap_complete::CompleteEnv::with_factory(Cli::command).complete();
}

/// The book completions read: the one `SAYDO_DB` or the config names, or
/// the default; never one made for the asking.
fn book() -> Option<SqliteStore> {
    let places = crate::config::default_places();
    let config_path = std::env::var_os("SAYDO_CONFIG")
        .map(std::path::PathBuf::from)
        .or(places.config_file);
    let (config, _) = crate::config::load(config_path.as_deref());
    let path = std::env::var_os("SAYDO_DB")
        .map(std::path::PathBuf::from)
        .or(config.database)
        .or(places.data_file)?;
    if !path.exists() {
        return None;
    }
    SqliteStore::open(&path).ok()
}

/// Every account's @handle, with its name as the help.
pub fn handles() -> Vec<CompletionCandidate> {
    let Some(s) = book() else { return vec![] };
    s.accounts(&Default::default())
        .map(|all| {
            all.into_iter()
                .map(|a| {
                    CompletionCandidate::new(format!("@{}", a.handle)).help(Some(a.name.into()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The people on our side.
pub fn people() -> Vec<CompletionCandidate> {
    let Some(s) = book() else { return vec![] };
    s.people()
        .map(|all| {
            all.into_iter()
                .map(|p| CompletionCandidate::new(p.name))
                .collect()
        })
        .unwrap_or_default()
}

/// The partners' names, with their function as the help.
pub fn partners() -> Vec<CompletionCandidate> {
    let Some(s) = book() else { return vec![] };
    s.partners()
        .map(|all| {
            all.into_iter()
                .map(|p| CompletionCandidate::new(p.name).help(Some(p.function.into())))
                .collect()
        })
        .unwrap_or_default()
}

/// The open commitments' numbers, with what was promised as the help.
pub fn open_commitments() -> Vec<CompletionCandidate> {
    let Some(s) = book() else { return vec![] };
    s.commitments(&CommitmentQuery {
        status: Some(crate::domain::Status::Open),
        ..Default::default()
    })
    .map(|all| {
        all.into_iter()
            .map(|c| CompletionCandidate::new(c.num.to_string()).help(Some(c.what.into())))
            .collect()
    })
    .unwrap_or_default()
}

/// `saydo completions SHELL`: the script a shell sources to complete saydo.
pub fn completions(shell: &str) -> Outcome {
    let shells: [&dyn EnvCompleter; 3] = [
        &clap_complete::env::Bash,
        &clap_complete::env::Zsh,
        &clap_complete::env::Fish,
    ];
    let Some(sh) = shells.iter().find(|s| s.is(shell)) else {
        return Err(Failure::Input(format!(
            "`{shell}`: no completions for that shell; one of bash, zsh, fish"
        )));
    };
    let mut out = Vec::new();
    sh.write_registration("COMPLETE", "saydo", "saydo", "saydo", &mut out)
        .map_err(|e| Failure::Other(e.to_string()))?;
    use std::io::Write;
    std::io::stdout()
        .write_all(&out)
        .map_err(|e| Failure::Other(e.to_string()))
}

/// `saydo man`: the man page, in roff.
pub fn man() -> Outcome {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| Failure::Other(e.to_string()))?;
    use std::io::Write;
    std::io::stdout()
        .write_all(&out)
        .map_err(|e| Failure::Other(e.to_string()))
}
