//! Widgets shared by the panes.

pub mod popup;
pub mod scrolled;
pub mod table;
