//! saydo: the field book of a customer experience director.

pub mod action;
pub mod app;
pub mod bench;
pub mod capture;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod exchange;
pub mod files;
pub mod key;
pub mod keymap;
pub mod report;
pub mod rules;
pub mod store;
pub mod team;
pub mod theme;
pub mod tui;
pub mod ui;
