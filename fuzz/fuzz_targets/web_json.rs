//! Fuzz target: every JSON body the web API accepts (sign-in, testimony, claim, password, reveal,
//! claim assessment, F/6 policy, review decision, invitation, acceptance, password change, reset),
//! read as its route's extractor reads it, and a claim's fields through the domain parsers. Never
//! panics; no empty or backwards span passes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u8, &[u8])| {
    attest_web::fuzzing::json_body(input.0, input.1);
});
