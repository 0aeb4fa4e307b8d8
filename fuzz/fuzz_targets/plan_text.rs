//! Any text as the plan: parsed into sections and clauses or refused with an error, never a
//! panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = gba_atlas::plan::Plan::parse(text);
    }
});
