//! The demo's random numbers: the same sequence on every machine.

use uuid::Uuid;

/// SplitMix64: small, fast and the same on every machine; it also counts
/// the uuids it has made, to give them a rising timestamp.
pub(super) struct Rng(pub(super) u64, pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    pub(super) fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 * 1.0 < p
    }
    pub(super) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Roughly normal noise (sum of uniforms), mean 0, sd ≈ 1.
    pub(super) fn noise(&mut self) -> f64 {
        (0..4).map(|_| self.unit()).sum::<f64>() * 1.732 - 3.464
    }
    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    /// A uuid drawn from the generator, so the demo is the same every time.
    /// A version-7 uuid drawn from the generator, so the demo is the same
    /// every time. Its timestamp rises one millisecond per uuid, as real
    /// ones made one after another would, which keeps the id indexes
    /// appending instead of scattering (a large demo loads several times faster).
    pub(super) fn uuid(&mut self) -> Uuid {
        self.1 += 1;
        let mut bytes = [0u8; 10];
        bytes[..8].copy_from_slice(&self.next().to_be_bytes());
        bytes[8..].copy_from_slice(&self.next().to_be_bytes()[..2]);
        // 1 Jan 2026, 00:00 UTC, in milliseconds.
        uuid::Builder::from_unix_timestamp_millis(1_767_225_600_000 + self.1, &bytes).into_uuid()
    }
}
