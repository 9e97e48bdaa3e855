//! Table-driven checks for modules with one export per operator: each
//! table row names the export, gives its generated method and the cases.

use super::check;
use std::fmt::Debug;
use wasmlite_rt::Trap;

/// A generated method for a binary operator export.
pub type BinOp<M, T, R> = fn(&mut M, T, T) -> Result<R, Trap>;
/// A generated method for a unary operator export.
pub type UnOp<M, T, R> = fn(&mut M, T) -> Result<R, Trap>;
/// Rows of (export, method, [((a, b), a op b)]).
pub type BinTable<M, T, R> = [(&'static str, BinOp<M, T, R>, &'static [((T, T), R)])];
/// Rows of (export, method, [(a, op a)]).
pub type UnTable<M, T, R> = [(&'static str, UnOp<M, T, R>, &'static [(T, R)])];

/// Checks every case of every binary operator in `table`.
pub fn run_binary<M, T, R>(m: &mut M, table: &BinTable<M, T, R>)
where
    T: Copy + Debug,
    R: PartialEq + Debug,
{
    for (name, op, cases) in table {
        check(name, cases, |(a, b)| op(m, a, b));
    }
}

/// Checks every case of every unary operator in `table`.
pub fn run_unary<M, T, R>(m: &mut M, table: &UnTable<M, T, R>)
where
    T: Copy + Debug,
    R: PartialEq + Debug,
{
    for (name, op, cases) in table {
        check(name, cases, |a| op(m, a));
    }
}

/// Checks N comparison operators (exports `<prefix>_<names[k]>`, methods
/// `ops[k]`) on rows of operands and their N expected results.
pub fn run_compare<M, T: Copy + Debug, const N: usize>(
    m: &mut M,
    prefix: &str,
    names: [&str; N],
    ops: [BinOp<M, T, i32>; N],
    rows: &[((T, T), [i32; N])],
) {
    for &((a, b), want) in rows {
        for ((name, op), want) in names.iter().zip(ops).zip(want) {
            check(&format!("{prefix}_{name}"), &[((a, b), want)], |(a, b)| {
                op(m, a, b)
            });
        }
    }
}
