//! One module per program, each a definition taken from its seed notice.

pub mod cq_municipal;
