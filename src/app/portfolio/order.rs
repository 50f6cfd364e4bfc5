//! The portfolio's rows in display order: (group, row index), sorted by a
//! text column or by one integer key per row.

use super::{Column, Row, Score, SortKey};

/// `picked` in display order by a text column: (group, index).
pub(super) fn by_text(
    picked: Vec<u32>,
    rows: &[Row],
    group_of: impl Fn(&Row) -> u32,
    sort: Column,
    desc: bool,
) -> impl Iterator<Item = (u32, usize)> + '_ {
    struct Keyed<'a> {
        group: u32,
        key: SortKey<'a>,
        index: usize,
    }
    let mut keyed: Vec<Keyed> = picked
        .into_iter()
        .map(|i| i as usize)
        .map(|i| Keyed {
            group: group_of(&rows[i]),
            key: sort.sort_key(&rows[i]),
            index: i,
        })
        .collect();
    keyed.sort_unstable_by(|a, b| {
        let o = a.key.cmp(&b.key);
        a.group
            .cmp(&b.group)
            .then(if desc { o.reverse() } else { o })
            // Rows are in account number order.
            .then(a.index.cmp(&b.index))
    });
    keyed.into_iter().map(|k| (k.group, k.index))
}

/// `picked` in display order by a number (or by the filter's score and
/// the name's rank): (group, index). `how` is the column, whether
/// descending, and whether the filter's score comes first.
pub(super) fn by_number(
    picked: Vec<u32>,
    scores: &[Score],
    rows: &[Row],
    name_rank: &[u32],
    group_of: impl Fn(&Row) -> u32,
    (sort, desc, by_score): (Column, bool, bool),
) -> impl Iterator<Item = (u32, usize)> {
    // Group, then one number, so sorting compares integers: the filter's
    // score (best first) and the name's rank, or the column; then the
    // account number (rows are in that order).
    const RANK_BITS: u32 = 24;
    const SCORE_MAX: i64 = (1 << (63 - RANK_BITS)) - 1;
    const RANK_MAX: u64 = (1 << RANK_BITS) - 1;
    let score_of = |n: usize| scores.get(n).map_or(0, |s| i64::from(*s));
    let mut keyed: Vec<(u32, u64, u32)> = picked
        .into_iter()
        .enumerate()
        .map(|(n, i)| {
            let i = i as usize;
            let r = &rows[i];
            let key = if by_score {
                let s = (SCORE_MAX - score_of(n).clamp(0, SCORE_MAX)) as u64;
                let rank = (name_rank[i] as u64).min(RANK_MAX);
                (s << RANK_BITS) | if desc { RANK_MAX - rank } else { rank }
            } else {
                let v = match sort {
                    Column::Name => name_rank[i] as i64,
                    _ => match sort.sort_key(r) {
                        SortKey::Number(n) => n,
                        SortKey::Text(_) => 0,
                    },
                };
                let col = (v as u64) ^ (1 << 63);
                if sort.is_blank(r) {
                    u64::MAX
                } else if desc {
                    // Below the blanks' u64::MAX.
                    (!col).min(u64::MAX - 1)
                } else {
                    col.min(u64::MAX - 1)
                }
            };
            (group_of(r), key, i as u32)
        })
        .collect();
    // Ungrouped rows that come in row order need only a stable sort by
    // key, which a radix sort does in a few passes over a big book.
    let in_row_order = keyed.windows(2).all(|w| w[0].2 < w[1].2);
    if in_row_order && keyed.iter().all(|k| k.0 == 0) {
        radix_sort_by_key(&mut keyed);
    } else {
        keyed.sort_unstable();
    }
    keyed.into_iter().map(|(g, _, i)| (g, i as usize))
}

/// Sorts `v` by its middle field, keeping equal keys in their order: a
/// least-significant-byte-first radix sort, one pass for each byte in
/// which the keys differ.
fn radix_sort_by_key(v: &mut Vec<(u32, u64, u32)>) {
    let n = v.len();
    let mut counts = vec![[0usize; 256]; 8];
    for x in v.iter() {
        for (d, c) in counts.iter_mut().enumerate() {
            c[(x.1 >> (8 * d)) as u8 as usize] += 1;
        }
    }
    let mut out = vec![(0, 0, 0); n];
    for (d, c) in counts.iter().enumerate() {
        if c.contains(&n) {
            // Every key has the same byte here.
            continue;
        }
        let mut at = [0usize; 256];
        let mut sum = 0;
        for (a, k) in at.iter_mut().zip(c) {
            *a = sum;
            sum += k;
        }
        for x in v.iter() {
            let b = (x.1 >> (8 * d)) as u8 as usize;
            out[at[b]] = *x;
            at[b] += 1;
        }
        std::mem::swap(v, &mut out);
    }
}

#[cfg(test)]
mod tests {
    use super::radix_sort_by_key;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_radix_sort_sorts_as_a_stable_sort_does(
            keys in proptest::collection::vec(prop_oneof![0u64..4, any::<u64>(), (0u64..300).prop_map(|k| k << 40)], 0..600),
        ) {
            let mut v: Vec<(u32, u64, u32)> =
                keys.iter().enumerate().map(|(i, k)| (0, *k, i as u32)).collect();
            let mut want = v.clone();
            want.sort_by_key(|x| x.1);
            radix_sort_by_key(&mut v);
            prop_assert_eq!(v, want);
        }
    }
}
