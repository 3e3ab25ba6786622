pub mod catalog;
pub mod check;
pub mod compare;
pub mod cost;
pub mod latency;
pub mod rules;
pub mod sample;
pub mod validate;
