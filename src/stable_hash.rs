//! FNV-1a, 64 bits: a hash that is the same on every machine and in every version, for
//! what must not change from run to run (an imported item's id, a group's draws).

/// FNV-1a's state before any byte.
pub const START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over `text`'s bytes, from `state`: [`START`], or the state after the text
/// before it.
pub fn fnv1a(state: u64, text: &str) -> u64 {
    text.bytes().fold(state, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A text's hash.
pub fn stable_hash(text: &str) -> u64 {
    fnv1a(START, text)
}
