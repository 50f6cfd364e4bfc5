//! The current stage's prompts as a checklist per account: each answer is
//! kept with the stage, the prompt it answers and the day, so moving on
//! and back, or a prompt reworded in the config, loses nothing.

use super::dates::Date;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub stage: String,
    pub prompt: String,
    pub answer: String,
    pub on: Date,
}

/// The prompts of `stage` with the answers given to them.
pub fn checklist<'a>(
    prompts: &'a [String],
    stage: &str,
    answers: &'a [Answer],
) -> Vec<(&'a str, Option<&'a Answer>)> {
    prompts
        .iter()
        .map(|p| {
            let a = answers
                .iter()
                .find(|a| a.stage.eq_ignore_ascii_case(stage) && a.prompt == *p);
            (p.as_str(), a)
        })
        .collect()
}

/// "2 of 3 answered".
pub fn progress(list: &[(&str, Option<&Answer>)]) -> String {
    let done = list.iter().filter(|(_, a)| a.is_some()).count();
    format!("{done} of {} answered", list.len())
}

/// Sets the answer to `prompt` of `stage`: kept as it was when the words
/// are the same, dated `on` when they change, taken out when empty.
pub fn set(answers: &mut Vec<Answer>, stage: &str, prompt: &str, text: &str, on: Date) {
    let text = text.trim();
    let at = answers
        .iter()
        .position(|a| a.stage.eq_ignore_ascii_case(stage) && a.prompt == prompt);
    match (at, text.is_empty()) {
        (Some(i), true) => {
            answers.remove(i);
        }
        (Some(i), false) if answers[i].answer == text => {}
        (Some(i), false) => {
            answers[i].answer = text.to_string();
            answers[i].on = on;
        }
        (None, true) => {}
        (None, false) => answers.push(Answer {
            stage: stage.to_string(),
            prompt: prompt.to_string(),
            answer: text.to_string(),
            on,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn answers_are_kept_per_stage_and_prompt() {
        let prompts = vec![
            "Who owns go-live?".to_string(),
            "What could derail it?".to_string(),
        ];
        let mut answers = Vec::new();
        set(
            &mut answers,
            "Implementation",
            "Who owns go-live?",
            "Dr Lee",
            date(2026, 11, 2),
        );
        let list = checklist(&prompts, "implementation", &answers);
        assert_eq!(list[0].1.map(|a| a.answer.as_str()), Some("Dr Lee"));
        assert_eq!(list[1].1, None);
        assert_eq!(progress(&list), "1 of 2 answered");
        // The same words keep their day; new words take the new day.
        set(
            &mut answers,
            "Implementation",
            "Who owns go-live?",
            " Dr Lee ",
            date(2026, 11, 20),
        );
        assert_eq!(answers[0].on, date(2026, 11, 2));
        set(
            &mut answers,
            "Implementation",
            "Who owns go-live?",
            "Ana Ruiz",
            date(2026, 11, 20),
        );
        assert_eq!(answers[0].on, date(2026, 11, 20));
        // Another stage's checklist does not see it; empty takes it out.
        assert_eq!(checklist(&prompts, "Adoption", &answers)[0].1, None);
        set(
            &mut answers,
            "Implementation",
            "Who owns go-live?",
            "",
            date(2026, 11, 21),
        );
        assert!(answers.is_empty());
    }
}
