//! The seeded generator behind every initialisation, shuffle and augmentation seed: the same seed gives the
//! same numbers on every platform (ChaCha8).

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

pub type Rng = ChaCha8Rng;

pub fn rng(seed: u64) -> Rng {
    ChaCha8Rng::seed_from_u64(seed)
}
