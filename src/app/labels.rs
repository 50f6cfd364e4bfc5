//! The words of the attention items and signals on screen: a commitment's
//! text and owner, a metric's name and unit. The lists hold only numbers
//! (a big book has hundreds of thousands of items); after each change the
//! app reads the words of those around the cursor from the store, so the
//! draw functions only read memory.

use crate::store::{Result, Store};
use std::collections::HashMap;

/// How many labels are kept before the cache starts again.
const KEPT: usize = 4_096;

#[derive(Debug, Default)]
pub struct Labels {
    /// "#12 Send the report · Dana Cole"
    commitments: HashMap<i64, Box<str>>,
    /// (name, unit)
    metrics: HashMap<i64, (Box<str>, Box<str>)>,
}

impl Labels {
    pub fn commitment(&self, num: i64) -> Option<&str> {
        self.commitments.get(&num).map(|s| &**s)
    }

    pub fn metric(&self, num: i64) -> Option<(&str, &str)> {
        self.metrics.get(&num).map(|(n, u)| (&**n, &**u))
    }

    /// Forgets every label (the data changed).
    pub fn clear(&mut self) {
        self.commitments.clear();
        self.metrics.clear();
    }

    /// Reads the labels of these commitments and metrics that are not
    /// kept yet.
    pub fn fetch(
        &mut self,
        store: &dyn Store,
        commitments: impl IntoIterator<Item = i64>,
        metrics: impl IntoIterator<Item = i64>,
    ) -> Result<()> {
        if self.commitments.len() + self.metrics.len() > KEPT {
            self.clear();
        }
        for num in commitments {
            if self.commitments.contains_key(&num) {
                continue;
            }
            if let Some(c) = store.commitment(num)? {
                let label = format!("#{} {} · {}", c.num, c.what, c.owner);
                self.commitments.insert(num, label.into_boxed_str());
            }
        }
        for num in metrics {
            if self.metrics.contains_key(&num) {
                continue;
            }
            if let Some(m) = store.metric(num)? {
                self.metrics
                    .insert(num, (m.name.into_boxed_str(), m.unit.into_boxed_str()));
            }
        }
        Ok(())
    }
}
