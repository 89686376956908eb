//! Rules of this area, one per file.
