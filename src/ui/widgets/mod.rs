//! Widgets shared by the panes.

pub mod columns;
pub mod popup;
pub mod scrolled;
pub mod table;
