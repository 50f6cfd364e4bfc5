//! The layers of the customer's ecosystem a stakeholder belongs to:
//! physician, nursing, administration… by default, and whatever the
//! team's field calls for (payer, pharmacist, physician, patient…) in the
//! config's `layers`.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Layer(Cow<'static, str>);

/// The default layers' other words, as people type them.
const ALIASES: [(&str, &[&str]); 6] = [
    ("physician", &["physicians", "md", "clinical"]),
    ("nursing", &["nurse", "nurses"]),
    ("administration", &["admin"]),
    ("procurement", &["purchasing"]),
    ("patient", &["patients"]),
    ("it", &[]),
];

// The defaults keep their old spelling as values (`Layer::Physician`).
#[allow(non_upper_case_globals)]
impl Layer {
    pub const Physician: Layer = Layer(Cow::Borrowed("physician"));
    pub const Nursing: Layer = Layer(Cow::Borrowed("nursing"));
    pub const Administration: Layer = Layer(Cow::Borrowed("administration"));
    pub const It: Layer = Layer(Cow::Borrowed("it"));
    pub const Procurement: Layer = Layer(Cow::Borrowed("procurement"));
    pub const Patient: Layer = Layer(Cow::Borrowed("patient"));
    pub const Other: Layer = Layer(Cow::Borrowed("other"));

    pub const DEFAULTS: [Layer; 7] = [
        Layer::Physician,
        Layer::Nursing,
        Layer::Administration,
        Layer::It,
        Layer::Procurement,
        Layer::Patient,
        Layer::Other,
    ];

    /// The default layers' words, as the config holds them.
    pub fn defaults() -> Vec<String> {
        Layer::DEFAULTS
            .iter()
            .map(|l| l.word().to_string())
            .collect()
    }

    /// A layer as stored (trimmed, lower case).
    pub fn new(word: &str) -> Layer {
        Layer(Cow::Owned(word.trim().to_lowercase()))
    }

    pub fn word(&self) -> &str {
        &self.0
    }

    /// "IT", "Physician", "Payer": a heading.
    pub fn title(&self) -> String {
        if self.0.len() <= 2 {
            return self.0.to_uppercase();
        }
        let mut c = self.0.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    }

    /// `word` as one of `layers` (case folded; the defaults' other words,
    /// `md`, `nurse`, `admin`…, for those among them).
    pub fn parse_in(word: &str, layers: &[String]) -> Result<Layer, super::Invalid> {
        let w = word.trim().to_lowercase();
        let canonical = ALIASES
            .iter()
            .find(|(_, other)| other.contains(&w.as_str()))
            .map_or(w.as_str(), |(name, _)| name);
        layers
            .iter()
            .find(|l| l.trim().eq_ignore_ascii_case(canonical) || l.trim().eq_ignore_ascii_case(&w))
            .map(|l| Layer::new(l))
            .ok_or_else(|| format!("not a layer; one of {}", layers.join(", ")).into())
    }

    /// As [`Layer::parse_in`] among the default layers.
    pub fn parse(word: &str) -> Result<Layer, super::Invalid> {
        Layer::parse_in(word, &Layer::defaults())
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What is wrong with a config's `layers`, if anything.
pub fn check(layers: &[String]) -> Result<(), super::Invalid> {
    if layers.is_empty() {
        return Err("layers: at least one layer is needed".into());
    }
    for (i, l) in layers.iter().enumerate() {
        let w = l.trim();
        if w.is_empty() || w.len() > 30 || w.contains(',') {
            return Err(format!(
                "layers[{i}]: `{l}` is not a layer name; one or two words, up to 30 letters, no commas"
            ).into());
        }
        if layers[..i].iter().any(|o| o.trim().eq_ignore_ascii_case(w)) {
            return Err(format!("layers[{i}]: the layer {w} is listed twice").into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_come_from_the_config_and_keep_the_defaults_words() {
        let mine: Vec<String> = ["payer", "pharmacist", "physician", "patient"]
            .map(String::from)
            .to_vec();
        assert_eq!(Layer::parse_in("Payer", &mine), Ok(Layer::new("payer")));
        assert_eq!(Layer::parse_in("md", &mine), Ok(Layer::Physician));
        assert_eq!(
            Layer::parse_in("nurse", &mine),
            Err("not a layer; one of payer, pharmacist, physician, patient".into())
        );
        assert_eq!(Layer::new("it").title(), "IT");
        assert_eq!(Layer::new("payer").title(), "Payer");
        assert!(check(&mine).is_ok());
        assert!(check(&["payer".into(), "Payer".into()]).is_err());
        assert!(check(&[]).is_err());
    }
}
