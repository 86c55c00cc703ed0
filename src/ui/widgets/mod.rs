//! Widgets shared by the panes.

pub mod popup;
pub mod table;
