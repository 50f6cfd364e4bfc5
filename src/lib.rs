//! saydo: the field book of a customer experience director.

pub mod capture;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod report;
pub mod store;
