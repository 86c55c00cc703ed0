//! Shared by the end-to-end tests: the binary in a pseudo-terminal.

#![allow(dead_code)]

pub mod pty;
