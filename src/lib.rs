//! awscope: a terminal UI for exploring AWS.
//!
//! The binary is a thin shell over this library so that tests can drive every
//! part of it: the AWS wrappers ([`aws`]), the state machine ([`app`]), the
//! views ([`ui`]) and the local-emulator test bed ([`testbed`]).

pub mod app;
pub mod aws;
pub mod cli;
pub mod config;
pub mod logging;
pub mod runtime;
pub mod testbed;
pub mod text;
pub mod ui;
pub mod whoami;
