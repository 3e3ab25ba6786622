//! The versioned JSON file format.
