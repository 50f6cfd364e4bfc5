//! The config's `[keys]`, as it gives them.

use std::collections::BTreeMap;

/// One key or several, as the config gives them.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(untagged)]
pub enum KeySpec {
    One(String),
    Many(Vec<String>),
    /// A screen's own table: `[keys.portfolio]`.
    Table(BTreeMap<String, KeySpec>),
}

impl KeySpec {
    pub fn keys(&self) -> Vec<&str> {
        match self {
            KeySpec::One(k) => vec![k.as_str()],
            KeySpec::Many(ks) => ks.iter().map(String::as_str).collect(),
            KeySpec::Table(_) => Vec::new(),
        }
    }
}
