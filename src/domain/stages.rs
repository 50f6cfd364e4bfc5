//! The lifecycle stages an account moves through, as configured, and
//! the default ones.

use serde::{Deserialize, Serialize};

/// A lifecycle stage as configured: its name and what to check in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    pub name: String,
    #[serde(default)]
    pub prompts: Vec<String>,
    /// How long an account is expected to stay here (days), if at all.
    #[serde(default)]
    pub expected_days: Option<u32>,
}

pub fn default_stages() -> Vec<Stage> {
    let s = |name: &str, days: Option<u32>, prompts: &[&str]| Stage {
        name: name.into(),
        prompts: prompts.iter().map(|p| p.to_string()).collect(),
        expected_days: days,
    };
    vec![
        s(
            "Implementation",
            Some(120),
            &[
                "Is the team up to speed, and caring for patients quickly and safely?",
                "Who on their side owns go-live, and what would make it a success in their words?",
                "Which moments of truth could derail the first weeks?",
            ],
        ),
        s(
            "Adoption",
            Some(365),
            &[
                "Is the equipment used as intended, by everyone who should use it?",
                "Do people know the software, the shortcuts and the special functions?",
                "Have new employees arrived who need a refresh?",
            ],
        ),
        s(
            "Optimisation",
            Some(730),
            &[
                "Is there a more efficient way to run it, measured by their metrics?",
                "Are they connected with other customers to share their experience?",
                "Which of their success metrics moved, and which are stuck?",
            ],
        ),
        s(
            "Renewal",
            Some(180),
            &[
                "Has their shared experience been one of WOW?",
                "What do they want from the next generation of technology?",
                "Is every open commitment closed before the renewal date?",
            ],
        ),
    ]
}

/// Finds a stage by name, ignoring case and accents; the error lists them.
pub fn find_stage<'a>(stages: &'a [Stage], name: &str) -> Result<&'a Stage, super::Invalid> {
    let want = super::text::fold(name.trim());
    stages
        .iter()
        .find(|s| super::text::fold(&s.name) == want)
        .ok_or_else(|| {
            let names: Vec<&str> = stages.iter().map(|s| s.name.as_str()).collect();
            format!("`{name}`: not a stage; one of {}", names.join(", ")).into()
        })
}
