//! The field book's types and rules: no I/O, no terminal, no clock.
//! Everything that depends on "now" takes `today` as a parameter.

pub mod checklist;
pub mod choice;
pub mod connect;
pub mod dates;
pub mod digest;
pub mod figures;
pub mod invalid;
pub mod key_dates;
pub mod layers;
pub mod maturity;
pub mod model;
pub mod partners;
pub mod renewals;
pub mod stages;
pub mod text;
pub mod xmr;

pub use dates::Date;
pub use invalid::Invalid;
pub use model::*;
pub use renewals::{retention, Renewal, Retention, RETENTION_DAYS};
