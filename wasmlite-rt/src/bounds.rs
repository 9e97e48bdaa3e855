//! The one bounds check every bulk operation uses.

/// Whether the range `[start, start + len)` lies within `[0, size)`,
/// without overflowing.
pub(crate) fn in_bounds(start: u64, len: u64, size: u64) -> bool {
    start.checked_add(len).is_some_and(|end| end <= size)
}

#[cfg(test)]
mod tests {
    use super::in_bounds;

    #[test]
    fn empty_ranges_are_in_bounds_up_to_the_end() {
        assert!(in_bounds(10, 0, 10));
        assert!(!in_bounds(11, 0, 10));
        assert!(in_bounds(0, 0, 0));
    }

    #[test]
    fn ranges_must_end_by_size() {
        assert!(in_bounds(2, 8, 10));
        assert!(!in_bounds(3, 8, 10));
    }

    #[test]
    fn overflowing_ranges_are_out_of_bounds() {
        assert!(!in_bounds(u64::MAX, 2, u64::MAX));
        assert!(!in_bounds(1, u64::MAX, u64::MAX));
    }
}
