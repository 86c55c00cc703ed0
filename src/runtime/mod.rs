//! The impure edge of awscope: the event loop, the terminal, and the loader
//! that runs AWS calls on tokio tasks.
//!
//! Everything here turns the [`crate::app`] core's [`Command`](crate::app::Command)s
//! into effects and effects back into [`Action`](crate::app::Action)s. Nothing
//! in `app/` imports this module.

pub mod loader;
pub mod run;
pub mod terminal;
