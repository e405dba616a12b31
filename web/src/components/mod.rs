pub mod article;
pub mod details;
pub mod help;
pub mod library;
pub mod panel;
