//! The page's logic, free of the browser: its state, the messages that change it and the effects it asks
//! for, and `update`, the one function that changes the state. It compiles natively, so `update` is unit-
//! tested without a browser (`tests/page.rs`); `web::runtime` runs it in the page.

pub mod conv_steps;
pub mod msg;
pub mod own;
pub mod see;
pub mod state;
pub mod update;

pub use msg::{ConvMsg, Effect, KeptModel, Msg, OwnMsg, Panel};
pub use state::State;
pub use update::update;
