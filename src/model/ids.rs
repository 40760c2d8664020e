//! Identities of new rows. Copies of one file add rows each on their own, so the id of a new
//! row must not be one that another copy gives to another row: ids are drawn from the time
//! (milliseconds) and chance, far above the ids of the catalogue and the reference scenario,
//! or derived from a key that names the same thing in every copy (a LeiKa key, an office
//! number), so that two copies adding the same service add the same row.

use std::sync::atomic::{AtomicI64, Ordering};

/// Ids drawn from time and chance lie in `[FRESH_BASE, 2^53)`, exact as JSON numbers.
const FRESH_BASE: i64 = 1 << 52;
/// Ids derived from a key lie in `[KEYED_BASE, 2^51)`.
const KEYED_BASE: i64 = 1 << 50;
/// Milliseconds before the first fresh id (2025-01-01).
const EPOCH_MS: i64 = 1_735_689_600_000;
/// Random bits below the milliseconds.
const RANDOM_BITS: u32 = 12;

/// The last id this process handed out, so that ids made one after the other keep their order.
static LAST: AtomicI64 = AtomicI64::new(0);

/// A new id that `taken` does not know and no other copy is likely ever to give.
pub fn fresh(mut taken: impl FnMut(i64) -> bool) -> i64 {
    let ms = (chrono::Utc::now().timestamp_millis() - EPOCH_MS).clamp(0, (1 << 40) - 1);
    let random = (uuid::Uuid::new_v4().as_u128() & ((1 << RANDOM_BITS) - 1)) as i64;
    let candidate = FRESH_BASE + (ms << RANDOM_BITS) + random;
    let mut id = candidate.max(LAST.load(Ordering::Relaxed) + 1);
    while taken(id) {
        id += 1;
    }
    LAST.fetch_max(id, Ordering::Relaxed);
    id
}

/// The id of a new row that `key` names in every copy (`kind` tells what is named), or a
/// fresh one when that id is taken here.
pub fn keyed(kind: &str, key: &str, mut taken: impl FnMut(i64) -> bool) -> i64 {
    // FNV-1a: stable across versions and machines, unlike the standard library's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in kind.bytes().chain([0]).chain(key.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let id = KEYED_BASE + (hash % (1 << 50)) as i64;
    if taken(id) { fresh(taken) } else { id }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_ids_follow_each_other_and_avoid_the_taken() {
        let a = fresh(|_| false);
        let b = fresh(|id| id == a + 1);
        assert!(b > a && b != a + 1);
        assert!(a >= FRESH_BASE && b < 1 << 53);
    }

    #[test]
    fn a_key_gives_the_same_id_everywhere_unless_taken() {
        let a = keyed("service", "99123456789012", |_| false);
        assert_eq!(a, keyed("service", "99123456789012", |_| false));
        assert_ne!(a, keyed("office", "99123456789012", |_| false));
        assert!((KEYED_BASE..1 << 51).contains(&a));
        let other = keyed("service", "99123456789012", |id| id == a);
        assert!(other >= FRESH_BASE);
    }
}
