//! The `--json` output: rows as JSON, cut to `--fields` when asked.

use super::*;

/// Keeps only `fields` of `v` (an object, or each object of an array);
/// a field no object has is an error that names the ones there are.
pub(super) fn only_fields(
    v: serde_json::Value,
    fields: &[String],
) -> Result<serde_json::Value, Failure> {
    use serde_json::Value;
    let pick = |o: serde_json::Map<String, Value>| -> Result<Value, Failure> {
        if let Some(missing) = fields.iter().find(|f| !o.contains_key(*f)) {
            let there: Vec<&String> = o.keys().collect();
            return Err(Failure::Input(format!(
                "--fields {missing}: not a field here; there are {}",
                there
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        Ok(Value::Object(
            fields
                .iter()
                .filter_map(|f| o.get(f).map(|x| (f.clone(), x.clone())))
                .collect(),
        ))
    };
    match v {
        Value::Array(items) => Ok(Value::Array(
            items
                .into_iter()
                .map(|i| match i {
                    Value::Object(o) => pick(o),
                    other => Ok(other),
                })
                .collect::<Result<_, _>>()?,
        )),
        Value::Object(o) => pick(o),
        other => Ok(other),
    }
}

/// `--json` output: pretty, stable field names (only `--fields` if given).
pub fn print_json<T: serde::Serialize>(v: &T) -> Outcome {
    let mut value = serde_json::to_value(v).map_err(|e| Failure::Other(e.to_string()))?;
    if let Some(fields) = FIELDS.get().filter(|f| !f.is_empty()) {
        value = only_fields(value, fields)?;
    }
    let s = serde_json::to_string_pretty(&value).map_err(|e| Failure::Other(e.to_string()))?;
    outln!("{s}");
    Ok(())
}

/// A `--json` array printed one element at a time, exactly as
/// [`print_json`] prints a whole one: a listing of a big book never holds
/// it all.
#[derive(Default)]
pub struct JsonRows {
    printed: usize,
    /// Rows not yet printed: written a chunk at a time, not one write a row
    /// (a quarter of the time of `account list --json` over 100,000 rows).
    text: String,
}

impl JsonRows {
    pub fn push<T: serde::Serialize>(&mut self, v: &T) -> Outcome {
        let fail = |e: serde_json::Error| Failure::Other(e.to_string());
        // Through a value, as `print_json` does: the keys in one order.
        let mut value = serde_json::to_value(v).map_err(fail)?;
        if let Some(fields) = FIELDS.get().filter(|f| !f.is_empty()) {
            value = only_fields(value, fields)?;
        }
        let s = serde_json::to_string_pretty(&value).map_err(fail)?;
        self.text
            .push_str(if self.printed == 0 { "[\n" } else { ",\n" });
        for (i, line) in s.lines().enumerate() {
            if i > 0 {
                self.text.push('\n');
            }
            self.text.push_str("  ");
            self.text.push_str(line);
        }
        self.printed += 1;
        if self.text.len() >= 64 * 1024 {
            super::emit(&self.text);
            self.text.clear();
        }
        Ok(())
    }

    pub fn finish(self) -> Outcome {
        super::emit(&self.text);
        if self.printed == 0 {
            outln!("[]");
        } else {
            outln!("\n]");
        }
        Ok(())
    }
}
