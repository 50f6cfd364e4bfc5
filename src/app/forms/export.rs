//! The export form: the format, what it covers, where it goes.

use super::*;

pub(super) fn fields(scope: &ExportScope) -> (String, Vec<Field>) {
    let covers = scope.covers();
    let first = covers.first().cloned().unwrap_or_default();
    (
        match &scope.account {
            Some(a) => format!("Export @{}", a.handle),
            None => "Export".to_string(),
        },
        vec![
            // The same default as `saydo export`: the file that reads back.
            Field::new(
                Id::Format,
                "Format",
                FieldKind::Choice(vec!["toml".into(), "csv".into(), "md".into(), "ics".into()]),
                "toml",
            ),
            Field::new(Id::Covers, "Covers", FieldKind::Choice(covers), first),
            Field::new(Id::Path, "To (file or folder)", FieldKind::Text, ""),
        ],
    )
}
