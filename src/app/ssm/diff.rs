//! A line diff between two parameter values (two versions, or a value and
//! its edit), by longest common subsequence.

use crate::aws::ssm::Sensitive;

/// Above this many line pairs (after trimming the common start and end) the
/// diff gives up on alignment and shows every old line removed and every new
/// line added. Values are at most 8 KB, so this is rarely reached.
const MAX_CELLS: usize = 4_000_000;

/// What happened to a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// In both.
    Same,
    /// Only in the old text.
    Removed,
    /// Only in the new text.
    Added,
}

/// One line of a diff. The text may be a secret, so it is [`Sensitive`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    /// What happened to it.
    pub op: Op,
    /// The line.
    pub text: Sensitive,
}

fn line(op: Op, text: &str) -> DiffLine {
    DiffLine { op, text: Sensitive::new(text) }
}

/// The lines of `old` and `new`, each marked same, removed or added.
#[must_use]
pub fn lines(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (mid_a, mid_b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);

    let mut out: Vec<DiffLine> = a[..prefix].iter().map(|l| line(Op::Same, l)).collect();
    if mid_a.len().saturating_mul(mid_b.len()) > MAX_CELLS {
        out.extend(mid_a.iter().map(|l| line(Op::Removed, l)));
        out.extend(mid_b.iter().map(|l| line(Op::Added, l)));
    } else {
        out.extend(align(mid_a, mid_b));
    }
    out.extend(a[a.len() - suffix..].iter().map(|l| line(Op::Same, l)));
    out
}

/// Whether any line differs.
#[must_use]
pub fn has_changes(diff: &[DiffLine]) -> bool {
    diff.iter().any(|l| l.op != Op::Same)
}

fn align(a: &[&str], b: &[&str]) -> Vec<DiffLine> {
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let width = m + 1;
    let mut lcs = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * width + j] = if a[i] == b[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(n + m);
    while i < n && j < m {
        if a[i] == b[j] {
            out.push(line(Op::Same, a[i]));
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
            out.push(line(Op::Removed, a[i]));
            i += 1;
        } else {
            out.push(line(Op::Added, b[j]));
            j += 1;
        }
    }
    out.extend(a[i..].iter().map(|l| line(Op::Removed, l)));
    out.extend(b[j..].iter().map(|l| line(Op::Added, l)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(diff: &[DiffLine]) -> Vec<String> {
        diff.iter()
            .map(|l| {
                let mark = match l.op {
                    Op::Same => ' ',
                    Op::Removed => '-',
                    Op::Added => '+',
                };
                format!("{mark}{}", l.text.expose())
            })
            .collect()
    }

    #[test]
    fn changed_lines_are_removed_then_added_between_common_ones() {
        let diff = lines("a\nb\nc\nd", "a\nB\nc\nd\ne");
        assert_eq!(render(&diff), [" a", "-b", "+B", " c", " d", "+e"]);
        assert!(has_changes(&diff));
    }

    #[test]
    fn equal_texts_have_no_changes() {
        assert!(!has_changes(&lines("x\ny", "x\ny")));
        assert_eq!(render(&lines("", "new")), ["+new"]);
    }

    #[test]
    fn moved_lines_keep_the_longest_common_run() {
        assert_eq!(render(&lines("1\n2\n3\n4", "2\n3\n4\n1")), ["-1", " 2", " 3", " 4", "+1"]);
    }
}
